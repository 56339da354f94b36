/* Builds the printable visit summary (or clinic checklist) as a document of its own.
 *
 * Used by the chat page (to download the summary as an HTML file) and by print.html (to show
 * it and open the print dialog). Input is a summary payload (bot/payloads.py, type "summary").
 * Every piece of text goes in through textContent and links only ever point to https, so
 * nothing in a payload can become markup. Interface labels only; wording comes from the bot.
 */
(function () {
  "use strict";

  var STYLE = [
    "body { font: 12pt/1.45 Georgia, 'Times New Roman', serif; color: #111; margin: 2rem auto; max-width: 42rem; padding: 0 1rem; }",
    "header { border-bottom: 2px solid #111; margin-bottom: 1rem; }",
    ".clinic { font: 700 1.1rem/1.2 system-ui, Arial, sans-serif; margin: 0 0 0.25rem; }",
    "h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }",
    "h2 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }",
    "h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }",
    ".date, .asked, .sources, footer { font-size: 0.9rem; color: #333; }",
    ".warning { border: 2px solid #b3261e; padding: 0.5rem 0.75rem; }",
    ".caveat { border: 1px solid #8a6d00; padding: 0.5rem 0.75rem; }",
    "a { color: #0a4a8a; }",
    "footer { border-top: 1px solid #999; margin-top: 1.5rem; padding-top: 0.5rem; }",
    "@media print { body { margin: 0; max-width: none; } a { color: #111; } }"
  ].join("\n");

  function httpsUrl(candidate) {
    try {
      var url = new URL(String(candidate || ""));
      return url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /* "doi.org/10.1002/stem.1845" rather than a long address; just the host when the path is long. */
  function shortUrl(href) {
    var url = new URL(href);
    var host = url.hostname.replace(/^www\./, "");
    var rest = (url.pathname + url.search).replace(/\/$/, "");
    return (host + rest).length <= 40 ? host + rest : host;
  }

  function formatDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    if (!parts) return "";
    var date = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    try {
      return date.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
    } catch (e) {
      return String(iso);
    }
  }

  function texts(list) {
    return (Array.isArray(list) ? list : []).filter(function (x) { return typeof x === "string" && x; });
  }

  function objects(list) {
    return (Array.isArray(list) ? list : []).filter(function (x) { return x && typeof x === "object"; });
  }

  function build(doc, summary) {
    summary = summary && typeof summary === "object" ? summary : {};
    function el(tag, className, text) {
      var node = doc.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined && text !== null) node.textContent = String(text);
      return node;
    }
    function sources(parent, citations) {
      var list = objects(citations).filter(function (c) { return httpsUrl(c.url); });
      if (!list.length) return;
      var line = parent.appendChild(el("p", "sources", "Sources: "));
      list.forEach(function (c, i) {
        if (i) line.appendChild(doc.createTextNode("; "));
        var href = httpsUrl(c.url);
        var a = line.appendChild(el("a", null, c.short || c.title || shortUrl(href)));
        a.href = href;
        line.appendChild(doc.createTextNode(" (" + shortUrl(href) + ")"));
      });
    }

    var title = String(summary.heading || "");
    doc.title = [summary.clinic, title].filter(Boolean).join(": ");
    var head = doc.head || doc.documentElement.insertBefore(doc.createElement("head"), doc.body);
    if (!head.querySelector("meta[charset]")) {
      var meta = doc.createElement("meta");
      meta.setAttribute("charset", "utf-8");
      head.insertBefore(meta, head.firstChild);
    }
    var body = doc.body;
    body.textContent = "";
    var header = body.appendChild(el("header"));
    if (summary.clinic) header.appendChild(el("p", "clinic", summary.clinic));
    header.appendChild(el("h1", null, title));
    var date = formatDate(summary.date);
    if (date) header.appendChild(el("p", "date", "Date: " + date));
    var main = body.appendChild(el("main"));

    if (summary.kind === "checklist") {
      var questions = texts(summary.questions);
      if (questions.length) {
        var list = main.appendChild(el("ol"));
        questions.forEach(function (q) { list.appendChild(el("li", null, q)); });
      }
      sources(main, summary.citations);
      return doc;
    }

    var flags = objects(summary.red_flags);
    if (flags.length) {
      var warnings = main.appendChild(el("section", "warning"));
      warnings.appendChild(el("h2", null, summary.red_flags_heading));
      var ul = warnings.appendChild(el("ul"));
      flags.forEach(function (note) {
        var li = ul.appendChild(el("li"));
        li.appendChild(el("strong", null, note.headline));
        li.appendChild(el("br"));
        li.appendChild(doc.createTextNode(String(note.advice || "")));
        if (note.question) li.appendChild(el("span", "asked", " (you wrote: \u201c" + note.question + "\u201d)"));
      });
    }
    var items = objects(summary.items);
    var asked = main.appendChild(el("section"));
    asked.appendChild(el("h2", null, summary.questions_heading));
    if (!items.length && summary.empty) asked.appendChild(el("p", null, summary.empty));
    items.forEach(function (item) {
      asked.appendChild(el("h3", null, item.title));
      if (item.question) asked.appendChild(el("p", "asked", "You asked: \u201c" + item.question + "\u201d"));
      asked.appendChild(el("p", null, item.answer));
      sources(asked, item.citations);
    });
    if (summary.caveat && typeof summary.caveat.text === "string") {
      var caveat = main.appendChild(el("section", "caveat"));
      caveat.appendChild(el("p", null, summary.caveat.text));
      sources(caveat, summary.caveat.citations);
    }
    var checklist = texts(summary.checklist);
    if (checklist.length) {
      var section = main.appendChild(el("section"));
      section.appendChild(el("h2", null, summary.checklist_heading));
      var ol = section.appendChild(el("ol"));
      checklist.forEach(function (q) { ol.appendChild(el("li", null, q)); });
    }
    if (summary.footer) body.appendChild(el("footer")).appendChild(el("p", null, summary.footer));
    return doc;
  }

  /* A complete HTML file (for download): the same document with its styles inline. */
  function html(summary) {
    var doc = document.implementation.createHTMLDocument("");
    doc.documentElement.setAttribute("lang", document.documentElement.getAttribute("lang") || "en");
    build(doc, summary);
    var style = doc.createElement("style");
    style.textContent = STYLE;
    doc.head.appendChild(style);
    return "<!doctype html>\n" + doc.documentElement.outerHTML;
  }

  window.BpSummaryDoc = { build: build, html: html, formatDate: formatDate, style: STYLE };
})();
