/* Embed loader for clinic web sites:
 *   <script src="https://BOT-HOST/widget.js" data-clinic="CLINIC_ID" async></script>
 * Adds a launcher button; the chat itself runs in an iframe served by the bot's own origin
 * (/chat/?clinic=ID), so the clinic's page and the chat cannot read or restyle each other.
 * Everything lives in a shadow root; styles are set through CSSOM, so no inline <style> is
 * needed on the clinic's page.
 */
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector('script[src$="/widget.js"][data-clinic]') ||
    document.querySelector('script[src$="/widget.js"]');
  if (!script || window.__bpchatLoaded) return;
  window.__bpchatLoaded = true;

  var botOrigin = new URL(script.src, window.location.href).origin;
  var rawClinic = script.getAttribute("data-clinic") || "default";
  var clinic = /^[a-z0-9_]{1,40}$/.test(rawClinic) ? rawClinic : "default";

  var CSS = [
    ":host { all: initial; }",
    ".launcher { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483646;",
    "  font: 600 1rem/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;",
    "  color: var(--on-primary, #fff); background: var(--primary, #1f4e79);",
    "  border: 2px solid var(--on-primary, #fff); border-radius: 2rem; padding: 0.75rem 1.1rem;",
    "  min-height: 2.75rem; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.3); }",
    ".launcher:focus-visible { outline: 3px solid #0b57d0; outline-offset: 3px; }",
    ".panel { position: fixed; right: 1rem; bottom: 4.75rem; z-index: 2147483647;",
    "  width: min(26rem, calc(100vw - 2rem)); height: min(40rem, calc(100vh - 6rem));",
    "  border: 1px solid #c4c9cf; border-radius: 0.75rem; overflow: hidden; background: #fff;",
    "  box-shadow: 0 6px 24px rgba(0,0,0,.3); }",
    ".panel[hidden] { display: none; }",
    "iframe { width: 100%; height: 100%; border: 0; display: block; }",
    "@media (max-width: 480px), (max-height: 480px) {",
    "  .panel { right: 0; bottom: 0; width: 100vw; height: 100%; border-radius: 0; border: 0; } }"
  ].join("\n");

  var host = document.createElement("div");
  host.setAttribute("data-bpchat", "");
  var root = host.attachShadow({ mode: "open" });
  applyStyles(root, CSS);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.textContent = "Chat";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "bpchat-panel");

  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "bpchat-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Chat");

  var frame = null;
  var ready = false;

  root.appendChild(launcher);
  root.appendChild(panel);

  function applyStyles(target, css) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      target.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = document.createElement("style");
      style.textContent = css;
      target.appendChild(style);
    }
  }

  function focusChat() {
    if (!frame) return;
    frame.focus();
    if (ready) frame.contentWindow.postMessage({ type: "bpchat:focus" }, botOrigin);
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = "Chat";
      frame.src = botOrigin + "/chat/?clinic=" + encodeURIComponent(clinic);
      frame.setAttribute("allow", "");
      frame.setAttribute("referrerpolicy", "no-referrer");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", "Close chat");
    focusChat();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", "Open chat");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open();
    else close();
  });

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });

  window.addEventListener("message", function (event) {
    if (!frame || event.origin !== botOrigin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.source !== "bpchat") return;
    if (data.type === "close") close();
    if (data.type === "ready") {
      ready = true;
      if (!panel.hidden) focusChat();
    }
  });

  function applyClinic(settings) {
    var colors = (settings && settings.colors) || {};
    var colour = /^#[0-9A-Fa-f]{6}$/;
    if (colour.test(colors.primary || "") && colour.test(colors.on_primary || "")) {
      host.style.setProperty("--primary", colors.primary);
      host.style.setProperty("--on-primary", colors.on_primary);
    }
  }

  fetch(botOrigin + "/clinics/" + encodeURIComponent(clinic) + ".json", { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(applyClinic, function () { /* neutral colours */ });

  function mount() { document.body.appendChild(host); }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
