/* Chat page shown inside the widget's iframe. Talks to Rasa's REST channel.
 *
 * Safety rules for this file: bot and patient text only ever reach the page through
 * textContent or DOM nodes built here (never innerHTML); links are made only for https URLs,
 * and tel: links only for the phone numbers a payload lists. The session id and transcript
 * live in sessionStorage (gone when the tab closes), never localStorage. All wording shown to
 * patients comes from the bot; this file holds only interface labels.
 *
 * Each reply is rendered once, from its structured payload (bot/payloads.py, docs/payloads.md):
 * see unitsFromReply for the rule.
 */
(function () {
  "use strict";

  var WEBHOOK = "/webhooks/rest/webhook";
  var TIMEOUT_MS = 15000;
  var DEFAULT_MAX_LENGTH = 1000; /* the REST channel's default; /clinics/<id>.json gives the real one */
  var MIN_TYPING_MS = 400; /* a reply never flashes in: the typing indicator shows at least this long */
  var PAYLOAD_VERSION = 1; /* the newest payload contract this file renders */
  var KEY_SENDER = "bpchat.sender";
  var KEY_TRANSCRIPT = "bpchat.transcript";
  var KEY_PENDING = "bpchat.pending";
  var KEY_DRAFT = "bpchat.draft";
  var KEY_SETTINGS = "bpchat.settings";
  var START_MESSAGE = "/session_start";
  var URL_PATTERN = /\*\*([^*\n]+)\*\*|(https:\/\/[^\s<>"]+)/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
  var SOURCES_SHOWN = 4;
  var TYPES = [
    "answer", "sources", "notice", "safety", "clarify", "screening", "contact", "summary", "checklist_question",
    "claims", "trials",
  ];

  var els = {};
  var transcript = [];
  var pending = null;
  var busy = false;
  var generation = 0; /* bumped by "Start over" so a late reply to the old conversation is dropped */
  var clinicId = "default";
  var settings = {};
  var maxLength = DEFAULT_MAX_LENGTH;
  var embedded = window.parent !== window;
  var caveatShown = false; /* the FDA caveat is shown in full once per conversation, then as a reminder */
  var focusAnswer = false; /* a quick reply was pressed: move focus to the start of its answer */
  var pendingPrint = null;

  /* ---------- storage ---------- */

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (e) {
      /* private mode or full storage: the chat still works for this page view */
    }
  }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function senderId() {
    var id = storageGet(KEY_SENDER);
    if (!id) {
      id = newId();
      storageSet(KEY_SENDER, id);
    }
    return id;
  }

  function loadState() {
    try {
      var saved = JSON.parse(storageGet(KEY_TRANSCRIPT) || "[]");
      transcript = Array.isArray(saved) ? saved : [];
      pending = JSON.parse(storageGet(KEY_PENDING) || "null");
    } catch (e) {
      transcript = [];
      pending = null;
    }
  }

  function saveState() {
    storageSet(KEY_TRANSCRIPT, JSON.stringify(transcript));
    storageSet(KEY_PENDING, pending ? JSON.stringify(pending) : null);
  }

  /* ---------- safe text rendering ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function httpsUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function telUrl(candidate) {
    return /^tel:\+?[0-9]{2,20}$/.test(String(candidate || "")) ? String(candidate) : null;
  }

  function link(href, label) {
    var a = el("a", null, label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function telLink(href, label) {
    var a = el("a", "tel", label);
    a.href = href;
    return a;
  }

  /* Phone numbers a payload lists, longest first so "116 123" wins over a shorter number inside it. */
  function phoneList(phones) {
    return (Array.isArray(phones) ? phones : []).filter(function (p) {
      return p && typeof p.number === "string" && p.number && telUrl(p.tel);
    }).sort(function (a, b) { return b.number.length - a.number.length; });
  }

  /* Text with the listed phone numbers as tel: links; the rest goes to `rest` (bold and https links). */
  function appendWithPhones(parent, text, phones, rest) {
    var list = phoneList(phones);
    var remaining = String(text);
    while (remaining) {
      var best = null;
      list.forEach(function (p) {
        var at = remaining.indexOf(p.number);
        /* a number only counts on its own: not inside a longer run of digits */
        while (at >= 0 && (/[0-9]/.test(remaining.charAt(at - 1)) || /[0-9]/.test(remaining.charAt(at + p.number.length)))) {
          at = remaining.indexOf(p.number, at + 1);
        }
        if (at >= 0 && (!best || at < best.at)) best = { at: at, phone: p };
      });
      if (!best) break;
      rest(parent, remaining.slice(0, best.at));
      parent.appendChild(telLink(best.phone.tel, best.phone.number));
      remaining = remaining.slice(best.at + best.phone.number.length);
    }
    rest(parent, remaining);
  }

  /* One line: **bold** and https URLs become elements, everything else stays text. */
  function appendMarkup(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = match[0];
      var end = match.index + raw.length;
      if (match[1] !== undefined) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
        parent.appendChild(el("strong", null, match[1]));
        last = end;
        continue;
      }
      var trailing = (raw.match(TRAILING_PUNCTUATION) || [""])[0];
      var candidate = raw.slice(0, raw.length - trailing.length);
      var href = httpsUrl(candidate);
      if (!href) continue;
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(link(href, candidate));
      last = match.index + candidate.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function appendInline(parent, text, phones) {
    appendWithPhones(parent, String(text || ""), phones, appendMarkup);
  }

  /* Paragraphs split on blank lines; lines starting with "- " form a list. */
  function renderText(parent, text, phones) {
    String(text || "").split(/\n\s*\n/).forEach(function (block) {
      var list = null;
      var para = null;
      block.split("\n").forEach(function (line) {
        if (/^\s*- /.test(line)) {
          para = null;
          if (!list) list = parent.appendChild(el("ul", "md-list"));
          appendInline(list.appendChild(el("li")), line.replace(/^\s*- /, ""), phones);
          return;
        }
        if (!line.trim()) return;
        list = null;
        if (para) para.appendChild(el("br"));
        else para = parent.appendChild(el("p"));
        appendInline(para, line, phones);
      });
    });
  }

  function str(value) {
    return typeof value === "string" ? value : "";
  }

  function objects(list) {
    return (Array.isArray(list) ? list : []).filter(function (x) { return x && typeof x === "object"; });
  }

  /* ---------- pieces of a reply ---------- */

  function citationList(citations) {
    var list = el("ul", "citations");
    objects(citations).forEach(function (c) {
      var item = list.appendChild(el("li"));
      var label = c.short || c.title || c.url || "";
      var href = httpsUrl(c.url);
      if (href) item.appendChild(link(href, label));
      else item.textContent = label;
      if (c.title && c.title !== label) item.appendChild(el("span", "citation-title", c.title));
    });
    return list;
  }

  function disclosure(parent, className, label) {
    var details = parent.appendChild(el("details", className));
    details.appendChild(el("summary", null, label));
    return details;
  }

  /* Sources behind an answer, with how strong the evidence is and when it was last reviewed. */
  function sourcesDisclosure(parent, custom) {
    var citations = objects(custom.citations).slice();
    if (custom.caveat && Array.isArray(custom.caveat.citations)) {
      objects(custom.caveat.citations).forEach(function (c) {
        if (!citations.some(function (x) { return x.url === c.url; })) citations.push(c);
      });
    }
    if (!citations.length) return;
    var details = disclosure(parent, "sources", "Sources (" + citations.length + ")");
    if (custom.evidence && custom.evidence.note && custom.part !== "more") {
      details.appendChild(el("p", "small-print", "Evidence: " + custom.evidence.note));
    }
    details.appendChild(citationList(citations));
    if (custom.last_reviewed) details.appendChild(el("p", "small-print", "Last reviewed: " + custom.last_reviewed));
  }

  /* The FDA caveat: in full the first time in a conversation, then a one-line reminder that opens to it. */
  function renderCaveat(parent, caveat) {
    if (!caveat || typeof caveat.text !== "string") return;
    if (!caveatShown || !caveat.reminder) {
      caveatShown = true;
      var box = parent.appendChild(el("div", "caveat"));
      renderText(box, caveat.text);
      return;
    }
    var details = disclosure(parent, "caveat-reminder", caveat.reminder);
    renderText(details, caveat.text);
  }

  function buttonRow(buttons, className, label) {
    var row = el("div", className || "quick-replies");
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", label || "Suggested replies");
    objects(buttons).forEach(function (b) {
      if (typeof b.title !== "string" || typeof b.payload !== "string") return;
      var button = row.appendChild(el("button", "quick-reply", b.title));
      button.type = "button";
      button.addEventListener("click", function () {
        send(b.payload, b.title, true);
      });
    });
    return row;
  }

  /* Links offered as buttons: tel: to call, https to book or get in touch. */
  function linkButtons(links) {
    var row = el("div", "link-buttons");
    objects(links).forEach(function (l) {
      var tel = telUrl(l.url);
      var href = tel || httpsUrl(l.url);
      if (!href || !l.title) return;
      var a = tel ? telLink(tel, l.title) : link(href, l.title);
      a.className = "link-button link-" + String(l.kind || "").replace(/[^a-z]/g, "");
      row.appendChild(a);
    });
    return row;
  }

  /* ---------- the reply types ---------- */

  function renderAnswer(bubble, custom) {
    renderText(bubble, custom.body || custom.text);
    if (custom.clinician_prompt) renderText(bubble, custom.clinician_prompt);
    var balance = objects(custom.balance);
    if (balance.length) {
      var details = disclosure(bubble, "balance", "Benefits, risks and other options");
      var list = details.appendChild(el("dl", "balance-list"));
      balance.forEach(function (item) {
        list.appendChild(el("dt", null, item.label));
        list.appendChild(el("dd", null, item.text));
      });
    }
    if (custom.evidence_line) bubble.appendChild(el("p", "small-print", custom.evidence_line));
    renderCaveat(bubble, custom.caveat);
    sourcesDisclosure(bubble, custom);
  }

  /* Full references: the first few in view, the rest one tap away. */
  function renderSources(bubble, custom) {
    var citations = objects(custom.citations);
    bubble.appendChild(el("p", null, custom.intro || custom.title || ""));
    bubble.appendChild(citationList(citations.slice(0, SOURCES_SHOWN)));
    var rest = citations.slice(SOURCES_SHOWN);
    if (rest.length) disclosure(bubble, "sources more-sources", "Show " + rest.length + " more").appendChild(citationList(rest));
  }

  /* An emergency, urgent or crisis reply: one red panel, the action first, every number callable.
   * A crisis check-in (level "check_in") is shown as a crisis panel: it always gives the crisis line. */
  function renderSafety(bubble, custom) {
    var phones = custom.phones;
    var level = custom.level === "check_in" ? "crisis" : String(custom.level || "");
    bubble.setAttribute("role", "alert");
    bubble.classList.add("level-" + level.replace(/[^a-z]/g, ""));
    if (custom.level === "check_in") bubble.classList.add("check-in");
    var headline = bubble.appendChild(el("h2", "alert-headline"));
    appendInline(headline, custom.headline || "", phones);
    if (custom.advice) renderText(bubble, custom.advice, phones);
    var citations = objects(custom.citations);
    if (custom.reason || citations.length) {
      var details = disclosure(bubble, "alert-details", "Why, and where this advice comes from");
      if (custom.reason) renderText(details, custom.reason, phones);
      if (citations.length) details.appendChild(citationList(citations));
    }
    if (custom.question_later) renderText(bubble, custom.question_later);
  }

  /* "Did you mean…?": the question in the bubble; the likely topics and "Something else" are its buttons. */
  function renderClarify(bubble, custom) {
    renderText(bubble, custom.text);
  }

  /* A safety screening question: the signs asked about, where the list comes from, then Yes / No buttons. */
  function renderScreening(bubble, custom) {
    var citations = objects(custom.citations);
    renderText(bubble, custom.question || custom.text);
    if (citations.length) disclosure(bubble, "sources", "Where this list comes from").appendChild(citationList(citations));
  }

  function renderContact(bubble, custom) {
    renderText(bubble, custom.intro, custom.phones);
    var links = linkButtons(custom.links);
    if (links.childNodes.length) bubble.appendChild(links);
    if (custom.crisis_note) renderText(bubble, custom.crisis_note, custom.phones);
    if (custom.emergency_note) renderText(bubble, custom.emergency_note, custom.phones);
  }

  function downloadSummary(summary) {
    var url = URL.createObjectURL(new Blob([window.BpSummaryDoc.html(summary)], { type: "text/html;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = summary.kind === "checklist" ? "clinic-questions.html" : "back-pain-chat-summary.html";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* The print page asks for the summary when it has loaded, then opens the print dialog itself. */
  function printSummary(summary) {
    var win = window.open("/chat/print.html", "_blank");
    if (!win) {
      downloadSummary(summary);
      return;
    }
    pendingPrint = { win: win, summary: summary };
  }

  function summaryActions(summary) {
    var row = el("div", "summary-actions");
    var download = row.appendChild(el("button", "summary-download", "Download"));
    download.type = "button";
    download.addEventListener("click", function () { downloadSummary(summary); });
    var print = row.appendChild(el("button", "summary-print", "Print"));
    print.type = "button";
    print.addEventListener("click", function () { printSummary(summary); });
    return row;
  }

  /* The summary as a short card: Download and Print first, the short answers behind a disclosure. */
  function renderSummary(bubble, custom) {
    bubble.appendChild(el("h2", "summary-heading", custom.heading || ""));
    var date = window.BpSummaryDoc.formatDate(custom.date);
    var meta = [custom.clinic, date].filter(Boolean).join(" \u00b7 ");
    if (meta) bubble.appendChild(el("p", "small-print summary-meta", meta));
    bubble.appendChild(summaryActions(custom));
    if (custom.kind === "checklist") {
      var questions = (Array.isArray(custom.questions) ? custom.questions : []).filter(Boolean);
      if (questions.length) {
        var ol = bubble.appendChild(el("ol", "md-list"));
        questions.forEach(function (q) { ol.appendChild(el("li", null, q)); });
      }
      sourcesDisclosure(bubble, custom);
      return;
    }
    var flags = objects(custom.red_flags);
    if (flags.length) {
      var warnings = bubble.appendChild(el("div", "summary-warnings"));
      warnings.appendChild(el("h3", "summary-subheading", custom.red_flags_heading));
      var ul = warnings.appendChild(el("ul", "md-list"));
      flags.forEach(function (note) { ul.appendChild(el("li", null, note.headline)); });
    }
    var items = objects(custom.items);
    if (items.length) {
      bubble.appendChild(el("h3", "summary-subheading", custom.questions_heading));
      var list = bubble.appendChild(el("ul", "md-list"));
      items.forEach(function (item) { list.appendChild(el("li", null, item.title)); });
      var details = disclosure(bubble, "summary-answers", "Show the short answers");
      items.forEach(function (item) {
        details.appendChild(el("p", "summary-item-title", item.title));
        details.appendChild(el("p", null, item.answer));
      });
    } else if (custom.empty) {
      bubble.appendChild(el("p", null, custom.empty));
    }
    var checklist = (Array.isArray(custom.checklist) ? custom.checklist : []).filter(Boolean);
    if (checklist.length) {
      bubble.appendChild(el("h3", "summary-subheading", custom.checklist_heading));
      var cl = bubble.appendChild(el("ul", "md-list"));
      checklist.forEach(function (q) { cl.appendChild(el("li", null, q)); });
    }
    if (custom.footer) bubble.appendChild(el("p", "small-print", custom.footer));
  }

  function renderWithCaveat(bubble, custom) {
    renderText(bubble, custom.body || custom.text);
    if (custom.clinician_prompt) renderText(bubble, custom.clinician_prompt);
    renderCaveat(bubble, custom.caveat);
    sourcesDisclosure(bubble, custom);
  }

  function renderCustom(bubble, custom) {
    switch (custom.type) {
      case "answer": return renderAnswer(bubble, custom);
      case "sources": return renderSources(bubble, custom);
      case "safety": return renderSafety(bubble, custom);
      case "clarify": return renderClarify(bubble, custom);
      case "screening": return renderScreening(bubble, custom);
      case "contact": return renderContact(bubble, custom);
      case "summary": return renderSummary(bubble, custom);
      case "claims":
      case "trials": return renderWithCaveat(bubble, custom);
      default: return renderText(bubble, custom.text, custom.phones);
    }
  }

  /* ---------- one reply, shown once ---------- */

  function structured(m) {
    var c = m && m.custom;
    return c && typeof c === "object" && typeof c.version === "number" && c.version >= 1 &&
      c.version <= PAYLOAD_VERSION && TYPES.indexOf(c.type) >= 0 && typeof c.text === "string" ? c : null;
  }

  function squash(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  /* The rule that shows each reply once.
   *
   * A REST reply is a list of messages. The bot sends each reply as its plain text (which Rasa
   * splits into one message per paragraph when there are no buttons) followed by the same reply
   * as a structured payload (`custom`) whose `text` is that whole plain text. So:
   *  1. a message with a payload of a version and type this file knows is rendered from the payload;
   *  2. the text messages just before it (back to the previous payload) whose text is part of the
   *     payload's `text` are its plain copy, and are not shown;
   *  3. any other text message is shown as it is, with its buttons (a payload of an unknown
   *     version or type is ignored, so its plain copy shows instead);
   *  4. a safety reply goes first, so an emergency is never below something else;
   *  5. a unit identical to the one before it is dropped (a new session can welcome twice).
   */
  function unitsFromReply(messages) {
    var units = [];
    var plain = [];
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var custom = structured(m);
      if (custom) {
        var whole = squash(custom.text);
        plain = plain.filter(function (u) { return whole.indexOf(squash(u.text)) < 0; });
        units = units.concat(plain);
        plain = [];
        units.push({ custom: custom, buttons: objects(custom.buttons), feedback: objects(custom.feedback) });
      } else if (typeof m.text === "string" && m.text.trim()) {
        plain.push({ text: m.text, buttons: objects(m.buttons) });
      }
    });
    units = units.concat(plain);
    var safety = units.filter(function (u) { return u.custom && u.custom.type === "safety"; });
    units = safety.concat(units.filter(function (u) { return safety.indexOf(u) < 0; }));
    return units.filter(function (u, i) {
      return i === 0 || JSON.stringify(u) !== JSON.stringify(units[i - 1]);
    });
  }

  function renderEntry(entry) {
    var row = el("div", "row " + (entry.role === "patient" ? "row-patient" : "row-bot"));
    var bubble = row.appendChild(el("div", "bubble"));
    if (entry.role === "patient") {
      bubble.classList.add("bubble-patient");
      bubble.appendChild(el("span", "visually-hidden", "You said: "));
      bubble.appendChild(el("span", null, entry.text));
    } else {
      row.setAttribute("data-turn", String(entry.turn || 0));
      bubble.classList.add("bubble-bot");
      bubble.tabIndex = -1; /* focus moves here when a quick reply's answer arrives */
      var unit = entry.unit || {};
      if (unit.custom) {
        bubble.classList.add("type-" + String(unit.custom.type || "notice").replace(/[^a-z_]/g, ""));
        renderCustom(bubble, unit.custom);
      } else {
        /* a plain message (the channel's "having trouble answering") may give the emergency number */
        renderText(bubble, unit.text, emergencyPhones());
      }
      if (unit.buttons && unit.buttons.length) row.appendChild(buttonRow(unit.buttons));
      if (unit.feedback && unit.feedback.length) {
        var feedback = row.appendChild(el("div", "feedback"));
        feedback.appendChild(el("span", "feedback-label", "Was this helpful?"));
        feedback.appendChild(buttonRow(unit.feedback, "feedback-buttons", "Was this helpful?"));
      }
    }
    els.log.appendChild(row);
    return row;
  }

  function latestTurn() {
    return transcript.reduce(function (max, e) { return Math.max(max, e.turn || 0); }, 0);
  }

  /* Only the latest reply's buttons work: an older "Tell me more" or "Add" belongs to another moment. */
  function refreshButtons() {
    var latest = String(latestTurn());
    Array.prototype.forEach.call(els.log.querySelectorAll(".row-bot"), function (row) {
      var current = row.getAttribute("data-turn") === latest;
      row.classList.toggle("stale", !current);
      Array.prototype.forEach.call(row.querySelectorAll(".quick-reply"), function (b) {
        b.disabled = busy || !current;
      });
      var feedback = row.querySelector(".feedback");
      if (feedback) feedback.hidden = !current;
    });
  }

  function addEntry(entry) {
    transcript.push(entry);
    saveState();
    return renderEntry(entry);
  }

  /* ---------- sending ---------- */

  function setBusy(value) {
    busy = value;
    els.typing.hidden = !value;
    els.log.setAttribute("aria-busy", value ? "true" : "false");
    updateCounter();
    refreshButtons();
  }

  function showError(message, phones) {
    els.errorText.textContent = "";
    appendInline(els.errorText, message, phones);
    els.error.hidden = false;
  }

  function post(message) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    return fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(), message: message, metadata: { clinic: clinicId } }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
    }).then(function (response) {
      if (response.ok) return response.json();
      /* A refusal ("slow down", "too long") carries a sentence for the patient. */
      return response.json().catch(function () { return {}; }).then(function (body) {
        var error = new Error("HTTP " + response.status);
        error.serverMessage = body && typeof body.message === "string" ? body.message : "";
        throw error;
      });
    }).finally(function () {
      clearTimeout(timer);
    });
  }

  function afterTyping(shownAt, fn) {
    setTimeout(fn, Math.max(0, MIN_TYPING_MS - (Date.now() - shownAt)));
  }

  function scrollLogTo(top) {
    if (typeof els.log.scrollTo === "function") els.log.scrollTo({ top: top, behavior: "instant" });
    else els.log.scrollTop = top;
  }

  /* Room below an emergency panel so it can sit at the top of the conversation, alone in view. */
  function makeRoomBelow(row) {
    var spacer = els.log.appendChild(el("div", "log-spacer"));
    spacer.setAttribute("aria-hidden", "true");
    var used = spacer.offsetTop - row.offsetTop;
    spacer.style.height = Math.max(0, els.log.clientHeight - used - 16) + "px";
  }

  function removeSpacers() {
    Array.prototype.forEach.call(els.log.querySelectorAll(".log-spacer"), function (s) { s.remove(); });
  }

  function showReply(messages) {
    removeSpacers();
    var turn = latestTurn() + 1;
    var rows = unitsFromReply(messages).map(function (unit) {
      return addEntry({ role: "bot", unit: unit, turn: turn });
    });
    refreshButtons();
    var first = rows[0];
    if (!first) return;
    if (first.querySelector(".type-safety")) makeRoomBelow(first);
    /* show the start of the new answer (an emergency panel comes first), not its end */
    scrollLogTo(Math.max(0, first.offsetTop - 8));
    if (focusAnswer) {
      focusAnswer = false;
      first.querySelector(".bubble").focus({ preventScroll: true });
    }
  }

  function deliver() {
    if (!pending || busy) return;
    var current = pending;
    var started = generation;
    els.error.hidden = true;
    setBusy(true);
    var shownAt = Date.now();
    post(current.message).then(function (messages) {
      afterTyping(shownAt, function () {
        if (started !== generation) return;
        pending = null;
        saveState();
        setBusy(false);
        showReply(messages);
      });
    }, function (error) {
      afterTyping(shownAt, function () {
        if (started !== generation) return;
        setBusy(false);
        focusAnswer = false;
        if (error && error.serverMessage) showError(error.serverMessage);
        else showError(settings.offline || "The chat service could not be reached.", emergencyPhones());
        els.retry.focus();
      });
    });
  }

  function send(message, shown, fromButton) {
    if (busy || pending) return;
    var text = String(message || "");
    if (!text.trim() || text.length > maxLength) return;
    removeSpacers();
    if (shown !== null) addEntry({ role: "patient", text: shown === undefined ? text : shown });
    pending = { message: text };
    saveState();
    if (fromButton) {
      /* the pressed button is about to be disabled: keep focus in the conversation until the answer comes */
      focusAnswer = true;
      els.log.focus({ preventScroll: true });
    }
    scrollLogTo(els.log.scrollHeight);
    deliver();
  }

  function submitInput() {
    var text = els.input.value;
    if (!text.trim() || busy || pending || text.length > maxLength) return;
    els.input.value = "";
    storageSet(KEY_DRAFT, null);
    fitInput();
    updateCounter();
    send(text);
  }

  /* The counter, a warning as the limit nears, and no sending while over it; nothing typed is cut. */
  function updateCounter() {
    var length = els.input.value.length;
    var left = maxLength - length;
    var near = left <= Math.max(50, Math.round(maxLength * 0.15));
    els.counter.textContent = length.toLocaleString("en") + " / " + maxLength.toLocaleString("en");
    els.counter.classList.toggle("counter-near", near && left >= 0);
    els.counter.classList.toggle("counter-over", left < 0);
    var note = "";
    if (left < 0) note = "Your message is " + (-left).toLocaleString("en") + " characters too long. Shorten it, or send it in two parts.";
    else if (near) note = left.toLocaleString("en") + (left === 1 ? " character" : " characters") + " left.";
    if (els.limitNote.textContent !== note) els.limitNote.textContent = note;
    els.limitNote.hidden = !note;
    els.input.setAttribute("aria-invalid", left < 0 ? "true" : "false");
    els.send.disabled = busy || left < 0;
  }

  /* The box grows with a long message (up to its CSS max-height), so the patient can see what they wrote. */
  function fitInput() {
    els.input.style.height = "auto";
    if (els.input.value) els.input.style.height = els.input.scrollHeight + 2 + "px";
    else els.input.style.height = "";
  }

  /* A touch screen, or a small one: the panel is an iframe, so its own width says nothing about the device. */
  function isPhone() {
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    return Boolean(coarse) || (window.screen && window.screen.width > 0 && window.screen.width < 520);
  }

  /* On a phone, focusing the box would open the keyboard over the conversation: focus the title instead. */
  function focusStart() {
    if (isPhone()) els.title.focus({ preventScroll: true });
    else els.input.focus();
  }

  function askStartOver() {
    els.confirm.hidden = false;
    els.confirmNo.focus();
  }

  function cancelStartOver() {
    els.confirm.hidden = true;
    els.restart.focus();
  }

  function startOver() {
    els.confirm.hidden = true;
    generation += 1;
    pending = null;
    transcript = [];
    caveatShown = false;
    focusAnswer = false;
    storageSet(KEY_SENDER, null);
    storageSet(KEY_DRAFT, null);
    saveState();
    els.log.textContent = "";
    els.error.hidden = true;
    els.input.value = "";
    setBusy(false);
    begin();
    focusStart();
  }

  function begin() {
    if (!transcript.length && !pending) {
      pending = { message: START_MESSAGE };
      saveState();
    }
    deliver();
  }

  /* ---------- clinic settings ---------- */

  function emergencyPhones() {
    var e = settings.emergency;
    return e && e.phone ? [e.phone] : [];
  }

  function applySettings(value) {
    if (!value || typeof value !== "object") return;
    settings = value;
    storageSet(KEY_SETTINGS, JSON.stringify(value));
    if (typeof value.max_message_chars === "number" && value.max_message_chars > 0) {
      maxLength = Math.floor(value.max_message_chars);
      updateCounter();
    }
    if (value.name) {
      els.title.textContent = value.name;
      document.title = value.name;
    }
    var colors = value.colors || {};
    if (/^#[0-9A-Fa-f]{6}$/.test(colors.primary || "") && /^#[0-9A-Fa-f]{6}$/.test(colors.on_primary || "")) {
      document.documentElement.style.setProperty("--primary", colors.primary);
      document.documentElement.style.setProperty("--on-primary", colors.on_primary);
    }
    var logo = httpsUrl(value.logo_url || "");
    if (logo) {
      els.logo.src = logo;
      els.logo.hidden = false;
    }
    if (value.emergency && typeof value.emergency.text === "string") {
      els.emergency.textContent = "";
      appendInline(els.emergency, value.emergency.text, emergencyPhones());
      els.emergency.hidden = false;
    }
    els.contact.textContent = "";
    var links = [];
    if (value.phone) {
      var tel = "tel:" + String(value.phone).replace(/[^0-9+]/g, "");
      if (telUrl(tel)) links.push(telLink(tel, "Call " + value.phone));
    }
    var booking = httpsUrl(value.booking_url || "");
    if (booking) links.push(link(booking, "Book an appointment"));
    var contact = httpsUrl(value.contact_url || "");
    if (contact) links.push(link(contact, "Contact"));
    links.forEach(function (a) { els.contact.appendChild(a); });
    els.contact.hidden = !links.length;
  }

  /* Settings saved earlier in this tab: the emergency number is there even if the service is down. */
  function applySavedSettings() {
    try {
      var saved = JSON.parse(storageGet(KEY_SETTINGS) || "null");
      if (saved && saved.id === clinicId) applySettings(saved);
    } catch (e) {
      /* fetched again by loadClinic */
    }
  }

  function loadClinic() {
    return fetch("/clinics/" + encodeURIComponent(clinicId) + ".json", { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(applySettings, function () { /* keep the neutral look, or the settings saved earlier */ });
  }

  /* ---------- wiring ---------- */

  function notifyParent(type) {
    /* Only a type, no data: safe to post to whichever page embeds us. */
    if (embedded) window.parent.postMessage({ source: "bpchat", type: type }, "*");
  }

  function init() {
    ["log", "input", "send", "counter", "typing", "error", "retry", "restart", "close", "contact", "logo", "emergency",
      "confirm"].forEach(function (id) { els[id] = document.getElementById(id); });
    els.errorText = document.getElementById("error-text");
    els.title = document.getElementById("chat-title");
    els.form = document.getElementById("composer");
    els.limitNote = document.getElementById("limit-note");
    els.confirmYes = document.getElementById("confirm-yes");
    els.confirmNo = document.getElementById("confirm-no");
    var param = new URLSearchParams(window.location.search).get("clinic") || "default";
    clinicId = /^[a-z0-9_]{1,40}$/.test(param) ? param : "default";

    els.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    els.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitInput();
      }
    });
    els.input.addEventListener("input", function () {
      fitInput();
      updateCounter();
      storageSet(KEY_DRAFT, els.input.value || null);
    });
    els.retry.addEventListener("click", deliver);
    els.restart.addEventListener("click", askStartOver);
    els.confirmYes.addEventListener("click", startOver);
    els.confirmNo.addEventListener("click", cancelStartOver);
    els.close.hidden = !embedded;
    els.close.addEventListener("click", function () { notifyParent("close"); });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (!els.confirm.hidden) cancelStartOver();
      else notifyParent("close");
    });
    window.addEventListener("message", function (event) {
      if (embedded && event.source === window.parent && event.data && event.data.type === "bpchat:focus") {
        focusStart();
        return;
      }
      if (pendingPrint && event.source === pendingPrint.win && event.origin === window.location.origin &&
          event.data && event.data.type === "bpchat:print-ready") {
        pendingPrint.win.postMessage({ type: "bpchat:print", summary: pendingPrint.summary }, window.location.origin);
        pendingPrint = null;
      }
    });

    applySavedSettings();
    loadState();
    transcript.forEach(renderEntry);
    refreshButtons();
    els.log.scrollTop = els.log.scrollHeight;
    els.input.value = storageGet(KEY_DRAFT) || "";
    updateCounter();
    loadClinic();
    begin();
    notifyParent("ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
