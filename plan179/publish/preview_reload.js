/* The preview's reload script (make serve / make preview only; never published).
 *
 * - Reloads the page when MkDocs has a newer build to show, by polling its
 *   /livereload/<epoch>/<request id> endpoint as MkDocs' own (inline, so blocked by
 *   the site's Content-Security-Policy) script does.
 * - Shows the build's error over the page when a save breaks the build: MkDocs'
 *   server then serves nothing until the build is fixed, so the message comes from
 *   the preview's status server (its port is on this script's tag).
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var port = me && me.getAttribute("data-status-port");
  var requestId = Date.now();
  var epoch = null;
  var panel = null;

  function later(fn, ms) { window.setTimeout(fn, ms); }

  function pollReload() {
    // Epoch 0 answers at once with the build being served; later polls wait for a newer one.
    fetch("/livereload/" + (epoch === null ? 0 : epoch) + "/" + requestId, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var seen = parseFloat(text);
        if (epoch === null) {
          epoch = seen;
          document.documentElement.setAttribute("data-preview-reload", "on");
        } else if (seen > epoch) {
          window.location.reload();
          return;
        }
        pollReload();
      })
      .catch(function () { later(pollReload, 3000); });
  }

  function showError(message) {
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "plan-preview-error";
      panel.setAttribute("role", "alert");
      panel.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:10000;max-height:80vh;overflow:auto;" +
        "background:#fff4f4;color:#5c0000;border-bottom:4px solid #b00020;padding:1rem;" +
        "font:14px/1.5 system-ui,sans-serif";
      var title = document.createElement("strong");
      title.textContent = document.documentElement.lang === "en"
        ? "The preview could not be rebuilt: fix this and save again"
        : "Không dựng lại được bản xem trước: sửa lỗi dưới đây rồi lưu lại";
      var text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;word-break:break-word;margin:.5rem 0 0;font:13px/1.5 monospace";
      panel.appendChild(title);
      panel.appendChild(text);
      document.body.appendChild(panel);
    }
    panel.querySelector("pre").textContent = message;
  }

  function hideError() {
    if (panel) { panel.remove(); panel = null; }
  }

  function pollStatus(seen) {
    if (!port) { return; }
    var url = window.location.protocol + "//" + window.location.hostname + ":" + port + "/status?seen=" + seen;
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state === "error") { showError(status.message); } else { hideError(); }
        pollStatus(status.version);
      })
      .catch(function () { later(function () { pollStatus(-1); }, 3000); });
  }

  pollReload();
  pollStatus(-1);
}());
