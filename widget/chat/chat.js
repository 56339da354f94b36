/* Chat page shown inside the widget's iframe. Talks to Rasa's REST channel.
 *
 * Safety rules for this file: bot and patient text only ever reach the page through
 * textContent or DOM nodes built here (never innerHTML); links are made only for https URLs.
 * The session id and transcript live in sessionStorage (gone when the tab closes), never
 * localStorage. All wording shown to patients comes from the bot; this file holds only
 * interface labels.
 */
(function () {
  "use strict";

  var WEBHOOK = "/webhooks/rest/webhook";
  var TIMEOUT_MS = 15000;
  var MAX_LENGTH = 500;
  var KEY_SENDER = "bpchat.sender";
  var KEY_TRANSCRIPT = "bpchat.transcript";
  var KEY_PENDING = "bpchat.pending";
  var START_MESSAGE = "/session_start";
  var URL_PATTERN = /\*\*([^*\n]+)\*\*|(https:\/\/[^\s<>"]+)/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

  var els = {};
  var transcript = [];
  var pending = null;
  var busy = false;
  var generation = 0; /* bumped by "Start over" so a late reply to the old conversation is dropped */
  var clinicId = "default";
  var embedded = window.parent !== window;

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

  function link(href, label) {
    var a = el("a", null, label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* One line: **bold** and https URLs become elements, everything else stays text. */
  function appendInline(parent, text) {
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
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* Paragraphs split on blank lines; lines starting with "- " form a list. */
  function renderText(parent, text) {
    String(text || "").split(/\n\s*\n/).forEach(function (block) {
      var list = null;
      var para = null;
      block.split("\n").forEach(function (line) {
        if (/^\s*- /.test(line)) {
          para = null;
          if (!list) list = parent.appendChild(el("ul", "md-list"));
          appendInline(list.appendChild(el("li")), line.replace(/^\s*- /, ""));
          return;
        }
        if (!line.trim()) return;
        list = null;
        if (para) para.appendChild(el("br"));
        else para = parent.appendChild(el("p"));
        appendInline(para, line);
      });
    });
  }

  /* ---------- messages ---------- */

  function citationList(citations) {
    var list = el("ul", "citations");
    citations.forEach(function (c) {
      if (!c || typeof c !== "object") return;
      var item = list.appendChild(el("li"));
      var label = c.title || c.short || c.url || "";
      var href = httpsUrl(c.url);
      if (href) item.appendChild(link(href, label));
      else item.textContent = label;
      var meta = [c.short, c.year && String(c.short || "").indexOf(String(c.year)) < 0 ? c.year : null]
        .filter(Boolean).join(", ");
      if (meta && meta !== label) item.appendChild(el("span", "citation-meta", " (" + meta + ")"));
    });
    return list;
  }

  function buttonRow(buttons) {
    var row = el("div", "quick-replies");
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", "Suggested replies");
    buttons.forEach(function (b) {
      if (!b || typeof b.title !== "string" || typeof b.payload !== "string") return;
      var button = row.appendChild(el("button", "quick-reply", b.title));
      button.type = "button";
      button.addEventListener("click", function () {
        send(b.payload, b.title);
      });
    });
    return row;
  }

  /* The visit summary can be saved as a text file or opened on its own to print. */
  function summaryActions(text) {
    var row = el("div", "summary-actions");
    var file = function () { return URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" })); };
    var download = row.appendChild(el("button", "summary-download", "Download summary"));
    download.type = "button";
    download.addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = file();
      link.download = "back-pain-chat-summary.txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    var printable = row.appendChild(el("button", "summary-print", "Open printable page"));
    printable.type = "button";
    printable.addEventListener("click", function () {
      window.open(file(), "_blank", "noopener");
    });
    return row;
  }

  function renderCustom(bubble, custom) {
    var caveat = custom.caveat && typeof custom.caveat.text === "string" ? custom.caveat : null;
    // "body" is the answer without the sources line and the caveat, which are shown below it.
    var text = String(typeof custom.body === "string" ? custom.body : custom.text || "");
    if (caveat) {
      text = text.split(/\n\s*\n/).filter(function (p) { return p.trim() !== caveat.text.trim(); }).join("\n\n");
    }
    if (custom.type === "safety") {
      bubble.setAttribute("role", "alert");
      bubble.appendChild(el("p", "alert-heading", "Important"));
    }
    renderText(bubble, text);
    if (caveat) {
      var box = bubble.appendChild(el("section", "caveat"));
      box.setAttribute("aria-label", "Please note");
      box.appendChild(el("h2", "caveat-heading", "Please note"));
      renderText(box, caveat.text);
    }
    var small = [];
    if (custom.evidence && custom.evidence.note) small.push("Evidence: " + custom.evidence.note);
    if (custom.last_reviewed) small.push("Last reviewed: " + custom.last_reviewed);
    if (small.length) {
      var print = bubble.appendChild(el("p", "small-print"));
      small.forEach(function (line, i) {
        if (i) print.appendChild(el("br"));
        print.appendChild(document.createTextNode(line));
      });
    }
    var citations = (Array.isArray(custom.citations) ? custom.citations : []).slice();
    if (caveat && Array.isArray(caveat.citations)) {
      caveat.citations.forEach(function (c) {
        if (c && !citations.some(function (x) { return x && x.url === c.url; })) citations.push(c);
      });
    }
    if (custom.type === "summary") bubble.appendChild(summaryActions(String(custom.text || "")));
    if (citations.length && custom.type !== "sources") {
      var details = bubble.appendChild(el("details", "sources"));
      details.appendChild(el("summary", null, "Sources (" + citations.length + ")"));
      details.appendChild(citationList(citations));
    } else if (citations.length) {
      bubble.appendChild(citationList(citations));
    }
  }

  /* A REST reply is a list: text (+buttons) followed by the same answer as `custom`. Show each once. */
  function unitsFromReply(messages) {
    var units = [];
    (Array.isArray(messages) ? messages : []).forEach(function (m, i) {
      if (!m || typeof m !== "object") return;
      var next = messages[i + 1];
      var custom = m.custom && typeof m.custom === "object" && typeof m.custom.text === "string" ? m.custom : null;
      if (custom) {
        var previous = messages[i - 1];
        var buttons = Array.isArray(custom.buttons) && custom.buttons.length ? custom.buttons
          : (previous && Array.isArray(previous.buttons) ? previous.buttons : []);
        units.push({ custom: custom, buttons: buttons });
      } else if (typeof m.text === "string") {
        var covered = next && next.custom && next.custom.text === m.text;
        if (!covered) units.push({ text: m.text, buttons: Array.isArray(m.buttons) ? m.buttons : [] });
      }
    });
    /* A brand-new conversation opened with the start message welcomes twice: keep one. */
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
      bubble.classList.add("bubble-bot");
      var unit = entry.unit || {};
      if (unit.custom) {
        bubble.classList.add("type-" + String(unit.custom.type || "notice").replace(/[^a-z]/g, ""));
        renderCustom(bubble, unit.custom);
      } else {
        renderText(bubble, unit.text);
      }
      if (unit.buttons && unit.buttons.length) row.appendChild(buttonRow(unit.buttons));
    }
    els.log.appendChild(row);
    return row;
  }

  function addEntry(entry) {
    transcript.push(entry);
    saveState();
    var row = renderEntry(entry);
    els.log.scrollTop = els.log.scrollHeight;
    return row;
  }

  /* ---------- sending ---------- */

  function setBusy(value) {
    busy = value;
    els.send.disabled = value;
    els.typing.hidden = !value;
    els.log.setAttribute("aria-busy", value ? "true" : "false");
    Array.prototype.forEach.call(els.log.querySelectorAll(".quick-reply"), function (b) { b.disabled = value; });
  }

  function showError(message) {
    els.errorText.textContent = message;
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

  function deliver() {
    if (!pending || busy) return;
    var current = pending;
    var started = generation;
    els.error.hidden = true;
    setBusy(true);
    post(current.message).then(function (messages) {
      if (started !== generation) return;
      pending = null;
      saveState();
      setBusy(false);
      var first = null;
      unitsFromReply(messages).forEach(function (unit) {
        var row = addEntry({ role: "bot", unit: unit });
        first = first || row;
      });
      /* show the start of the new answer, not its end */
      if (first) els.log.scrollTop = Math.max(0, first.offsetTop - 8);
    }, function (error) {
      if (started !== generation) return;
      setBusy(false);
      var slow = error && error.name === "AbortError";
      var text = slow ? "The chat service is taking too long to answer." : "The chat service could not be reached.";
      showError((error && error.serverMessage) || text);
      els.retry.focus();
    });
  }

  function send(message, shown) {
    if (busy || pending) return;
    var text = String(message || "").slice(0, MAX_LENGTH);
    if (!text.trim()) return;
    if (shown !== null) addEntry({ role: "patient", text: shown === undefined ? text : shown });
    pending = { message: text };
    saveState();
    deliver();
  }

  function submitInput() {
    var text = els.input.value;
    if (!text.trim() || busy || pending) return;
    els.input.value = "";
    updateCounter();
    send(text);
  }

  function updateCounter() {
    els.counter.textContent = els.input.value.length + " / " + MAX_LENGTH;
  }

  function startOver() {
    generation += 1;
    pending = null;
    transcript = [];
    storageSet(KEY_SENDER, null);
    saveState();
    els.log.textContent = "";
    els.error.hidden = true;
    els.input.value = "";
    updateCounter();
    setBusy(false);
    begin();
    els.input.focus();
  }

  function begin() {
    if (!transcript.length && !pending) {
      pending = { message: START_MESSAGE };
      saveState();
    }
    deliver();
  }

  /* ---------- clinic settings ---------- */

  function applyClinic(settings) {
    if (!settings || typeof settings !== "object") return;
    if (settings.name) {
      els.title.textContent = settings.name;
      document.title = settings.name;
    }
    var colors = settings.colors || {};
    if (/^#[0-9A-Fa-f]{6}$/.test(colors.primary || "") && /^#[0-9A-Fa-f]{6}$/.test(colors.on_primary || "")) {
      document.documentElement.style.setProperty("--primary", colors.primary);
      document.documentElement.style.setProperty("--on-primary", colors.on_primary);
    }
    var logo = httpsUrl(settings.logo_url || "");
    if (logo) {
      els.logo.src = logo;
      els.logo.hidden = false;
    }
    var links = [];
    if (settings.phone) {
      var tel = String(settings.phone).replace(/[^0-9+]/g, "");
      var call = el("a", null, "Call " + settings.phone);
      call.href = "tel:" + tel;
      links.push(call);
    }
    var booking = httpsUrl(settings.booking_url || "");
    if (booking) links.push(link(booking, "Book an appointment"));
    var contact = httpsUrl(settings.contact_url || "");
    if (contact) links.push(link(contact, "Contact"));
    if (links.length) {
      links.forEach(function (a) { els.contact.appendChild(a); });
      els.contact.hidden = false;
    }
  }

  function loadClinic() {
    return fetch("/clinics/" + encodeURIComponent(clinicId) + ".json", { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(applyClinic, function () { /* keep the neutral look */ });
  }

  /* ---------- wiring ---------- */

  function notifyParent(type) {
    /* Only a type, no data: safe to post to whichever page embeds us. */
    if (embedded) window.parent.postMessage({ source: "bpchat", type: type }, "*");
  }

  function init() {
    ["log", "input", "send", "counter", "typing", "error", "retry", "restart", "close", "contact", "logo"]
      .forEach(function (id) { els[id] = document.getElementById(id); });
    els.errorText = document.getElementById("error-text");
    els.title = document.getElementById("chat-title");
    els.form = document.getElementById("composer");
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
    els.input.addEventListener("input", updateCounter);
    els.retry.addEventListener("click", deliver);
    els.restart.addEventListener("click", startOver);
    els.close.hidden = !embedded;
    els.close.addEventListener("click", function () { notifyParent("close"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") notifyParent("close");
    });
    window.addEventListener("message", function (event) {
      if (event.source === window.parent && event.data && event.data.type === "bpchat:focus") els.input.focus();
    });

    loadState();
    transcript.forEach(renderEntry);
    els.log.scrollTop = els.log.scrollHeight;
    updateCounter();
    loadClinic();
    begin();
    notifyParent("ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
