/*
 * Small page behaviours on top of Material (loaded after Material's bundle, before
 * DOMContentLoaded). No inline script, nothing from another host.
 */
"use strict";

(function () {
  /*
   * 1. The language menu keeps the #anchor. static-i18n already links each language
   * to the same page; generated pages use the same anchors in both languages.
   */
  function keepAnchor() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.hash = location.hash;
      links[i].href = url.href;
    }
  }
  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);

  /*
   * 2. No request for sitemaps that do not exist. At DOMContentLoaded Material fetches
   * "<href>/sitemap.xml" for every <link rel="alternate"> (language versions, and news
   * feeds too) to keep readers on the same page when they switch language;
   * static-i18n's links already do that, and those files do not exist (404s on every
   * page). The links are taken out of the document for that one moment and put back
   * right after Material's handler has run (ours is registered later, so it runs
   * later); crawlers and the HTML keep them.
   */
  if (document.readyState === "loading") {
    var alternates = document.querySelectorAll("link[rel=alternate]");
    var marks = [];
    for (var j = 0; j < alternates.length; j++) {
      var mark = document.createComment("hreflang");
      alternates[j].replaceWith(mark);
      marks.push([mark, alternates[j]]);
    }
    document.addEventListener(
      "DOMContentLoaded",
      function () {
        for (var k = 0; k < marks.length; k++) marks[k][0].replaceWith(marks[k][1]);
      },
      { once: true }
    );
  }

  /*
   * 3. Every navigation section has a name. With navigation.indexes, Material labels
   * a section's <nav> by a <label> that holds only an icon, so screen readers announce
   * several unnamed, indistinguishable navigation landmarks (axe: landmark-unique).
   */
  var sections = document.querySelectorAll("nav.md-nav[aria-labelledby]");
  for (var s = 0; s < sections.length; s++) {
    var label = document.getElementById(sections[s].getAttribute("aria-labelledby"));
    if (!label || label.textContent.trim()) continue;
    var container = label.closest(".md-nav__container");
    var title = container && container.querySelector("a.md-nav__link");
    if (!title || !title.textContent.trim()) continue;
    sections[s].removeAttribute("aria-labelledby");
    sections[s].setAttribute("aria-label", title.textContent.trim());
  }

  /*
   * 4. Printed pages show where links go: the full address of every link in the
   * content that leads elsewhere (see @media print in plan.css).
   */
  var anchors = document.querySelectorAll(".md-content a[href]");
  for (var n = 0; n < anchors.length; n++) {
    var a = anchors[n];
    var href = a.getAttribute("href") || "";
    if (href.charAt(0) === "#" || a.classList.contains("headerlink")) continue;
    if (!/^https?:$/.test(a.protocol)) continue;
    if (a.textContent.trim() === a.href) continue;
    a.setAttribute("data-print-url", a.href);
  }
})();
