/* The printable summary page: opened by the chat page, which sends it the summary payload.
 *
 * Accepts one message, from the window that opened it and from this origin only; builds the
 * page with summary-doc.js (text only, https links only), then opens the print dialog.
 */
(function () {
  "use strict";

  var opener = window.opener;
  var done = false;

  function adoptStyle() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(window.BpSummaryDoc.style);
      document.adoptedStyleSheets = [sheet];
    } catch (e) {
      /* unstyled is still readable */
    }
  }

  window.addEventListener("message", function (event) {
    if (done || event.origin !== window.location.origin || !opener || event.source !== opener) return;
    var data = event.data || {};
    if (data.type !== "bpchat:print" || !data.summary || typeof data.summary !== "object") return;
    done = true;
    adoptStyle();
    window.BpSummaryDoc.build(document, data.summary);
    document.documentElement.setAttribute("data-print-requested", "true");
    window.focus();
    window.print();
  });

  if (opener) opener.postMessage({ type: "bpchat:print-ready" }, window.location.origin);
})();
