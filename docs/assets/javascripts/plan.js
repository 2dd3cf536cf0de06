/*
 * Small page behaviours on top of Material (loaded after Material's bundle, before
 * DOMContentLoaded). No inline script, nothing from another host.
 */
"use strict";

(function () {
  /*
   * 1. Search starts on paste and on input-method composition, not only on key release.
   * Material listens for "keyup"; a pasted query or a word composed by a Vietnamese
   * keyboard (Telex/VNI, phone keyboards) may fire none. Forward "input" as "keyup".
   */
  var query = document.querySelector("[data-md-component=search-query]");
  if (query) {
    var forward = function () {
      query.dispatchEvent(new KeyboardEvent("keyup"));
    };
    query.addEventListener("input", forward);
    query.addEventListener("compositionend", forward);
  }

  /*
   * 2. The language menu keeps the #anchor. static-i18n already links each language
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
   * 3. No request for sitemaps that do not exist. At DOMContentLoaded Material fetches
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
   * 4. Every navigation section has a name. With navigation.indexes, Material labels
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
   * 5. The page opened from a search result highlights the searched words, whatever
   * their diacritics. The result link carries the folded words ("?h=giam+ngheo", see
   * workers/plan-search.js), which Material's own highlighting compares with the
   * accented text and so never finds. Words equal to a searched word are marked; the
   * last word (the one the reader was typing) also marks words that start with it.
   */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var searched = new URL(location.href).searchParams.get("h");
  var article = document.querySelector(".md-content article");
  if (searched && article) {
    var terms = fold(searched).split(/\s+/).filter(Boolean);
    var prefix = terms[terms.length - 1];
    var matches = function (word) {
      var folded = fold(word);
      return terms.indexOf(folded) >= 0 || (prefix !== undefined && folded.indexOf(prefix) === 0);
    };
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var texts = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
    texts.forEach(function (text) {
      if (!text.parentElement || text.parentElement.closest("mark, script, style, .headerlink")) return;
      var value = text.nodeValue;
      var words = /[\p{L}\p{M}\p{N}]+/gu;
      var parts = [];
      var last = 0;
      for (var m = words.exec(value); m; m = words.exec(value)) {
        if (!matches(m[0])) continue;
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = m[0];
        parts.push(value.slice(last, m.index), mark);
        last = m.index + m[0].length;
      }
      if (parts.length) {
        parts.push(value.slice(last));
        text.replaceWith.apply(text, parts);
      }
    });
  }

  /*
   * 6. Printed pages show where links go: the full address of every link in the
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
