/*
 * "Copy link" buttons beside the visible permalinks of tasks and duties (issue 6).
 * Progressive enhancement: without script, or where the browser cannot write to the
 * clipboard (no secure context), the permalink itself is there to open or copy.
 * Labels come from data attributes written by the page generator, in the page's
 * language; the result is announced in a polite live region.
 */
"use strict";

(function () {
  if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
    return;
  }

  function enhance(link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "plan-copy-link";
    button.textContent = link.getAttribute("data-copy-label");
    button.setAttribute("aria-label", link.getAttribute("data-copy-name") || button.textContent);

    var status = document.createElement("span");
    status.className = "plan-copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    button.addEventListener("click", function () {
      var url = new URL(link.getAttribute("href"), location.href).href;
      status.textContent = "";
      navigator.clipboard.writeText(url).then(
        function () {
          status.textContent = link.getAttribute("data-copied-label") || "";
        },
        function () {
          status.textContent = link.getAttribute("data-failed-label") || "";
        }
      );
    });

    link.after(button, status);
  }

  function run() {
    var links = document.querySelectorAll("a.plan-permalink[data-copy-label]");
    for (var i = 0; i < links.length; i++) {
      enhance(links[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
