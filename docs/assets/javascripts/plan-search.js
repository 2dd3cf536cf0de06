/*
 * The header's search (overrides/partials/search.html), with Pagefind's index.
 *
 * Nothing of the index loads until the reader opens search: then pagefind.js is
 * imported from site/pagefind/<lang>/ (written after the build by
 * plan179/publish/search.py, one bundle per language: Vietnamese pages search
 * Vietnamese pages only) and fetches only the index chunks of the words typed.
 *
 * Pagefind finds pages holding every word, folding tones ("giam ngheo" finds
 * "giảm nghèo"; "dong thap" finds "Đồng Tháp" through the spellings below), a word
 * also as the start of a longer one. On top of its
 * score, results are ranked by what a reader means:
 *   1. the words as a phrase, with the diacritics typed ("môi trường" in that order);
 *   2. every word with the diacritics typed (a toned "đường" above "dương");
 *   3. the words as a phrase, whatever the diacritics;
 *   4. every word as a whole word ("y tế" above "yêu cầu … tên");
 *   5. then Pagefind's score.
 * Diacritics count only when the query has some. Each result links to the section
 * holding the words (Pagefind's sub-results) and shows an excerpt with them marked.
 * No inline script or style (the page's CSP forbids them); nothing from another host.
 */
"use strict";

(function () {
  var root = document.getElementById("plan-search");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var status = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".plan-search__list");
  var more = root.querySelector(".plan-search__more");
  var opener = document.querySelector(".plan-search-open");
  var text = root.dataset;
  var PAGE = 6; // results drawn at a time: what a phone screen shows, and each one fetches its page fragment
  var MAX_TERMS = 10; // words looked at one by one for the phrase and diacritic ranking

  root.hidden = false;
  if (opener) opener.hidden = false;

  /* --- Pagefind, loaded once, on first use ------------------------------------ */

  var engine = null;
  function load() {
    if (!engine) {
      var bundle = new URL(text.bundle, location.href).href;
      var base = new URL("../../", bundle).pathname; // the site's root (bundle: pagefind/<lang>/): result URLs start there
      engine = (async function () {
        var pagefind = await import(bundle + "pagefind.js");
        await pagefind.options({ baseUrl: base, excerptLength: 24 });
        await pagefind.init();
        return pagefind;
      })();
      engine.catch(function () {
        engine = null; // try again on the next query
      });
    }
    return engine;
  }

  // Searches change Pagefind's exactDiacritics option: one ranking runs at a time.
  var queue = Promise.resolve();
  function exclusive(task) {
    var run = queue.then(task);
    queue = run.catch(function () {});
    return run;
  }

  /* --- Ranking ------------------------------------------------------------------ */

  function fold(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d");
  }

  function termsOf(query) {
    var seen = [];
    query.toLocaleLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).forEach(function (word) {
      if (word && seen.indexOf(word) < 0 && seen.length < MAX_TERMS) seen.push(word);
    });
    return seen;
  }

  // Pagefind folds tones but keeps "đ" apart from "d"; a reader typing without tones
  // writes "d" for both, and "đ" only ever starts a Vietnamese syllable. So in a query
  // typed without any diacritic, a word starting with "d" is searched as "đ" too (the
  // first three such words: at most eight spellings of the query). A query with
  // diacritics is taken as typed: its "đ" is meant, and each spelling costs an index
  // chunk more to download.
  function spellings(term, untoned) {
    return untoned && term.charAt(0) === "d" && term.length > 1 ? [term, "đ" + term.slice(1)] : [term];
  }

  function queryVariants(query, untoned) {
    var out = [""];
    var expanded = 0;
    query.toLocaleLowerCase().split(/(\s+)/).forEach(function (token) {
      var forms = expanded < 3 ? spellings(token, untoned) : [token];
      if (forms.length > 1) expanded++;
      out = out.flatMap((head) => forms.map((form) => head + form));
    });
    return out;
  }

  // For each word (in each of its spellings): page id → its word positions on that page.
  async function positions(pagefind, termForms) {
    return Promise.all(
      termForms.map(async function (forms) {
        var found = await Promise.all(forms.map((form) => pagefind.search(form)));
        var map = new Map();
        found.forEach((f) =>
          f.results.forEach(function (r) {
            var set = map.get(r.id) || new Set();
            r.words.forEach((w) => set.add(w));
            map.set(r.id, set);
          })
        );
        return map;
      })
    );
  }

  // For each word: the pages holding it as a whole word (Pagefind's quoted search).
  async function wholeWords(pagefind, termForms) {
    return Promise.all(
      termForms.map(async function (forms) {
        var found = await Promise.all(forms.map((form) => pagefind.search('"' + form + '"')));
        return new Set(found.flatMap((f) => f.results.map((r) => r.id)));
      })
    );
  }

  function hasAll(maps, id) {
    return maps.every((map) => map.has(id));
  }

  // The first position where the words follow each other in order, or -1.
  function phraseAt(maps, id) {
    if (maps.length < 2 || !hasAll(maps, id)) return -1;
    var starts = Array.from(maps[0].get(id)).sort((a, b) => a - b);
    for (var start of starts) {
      if (maps.every((map, k) => map.get(id).has(start + k))) return start;
    }
    return -1;
  }

  async function searchAs(pagefind, exactDiacritics, query, terms) {
    await pagefind.options({ exactDiacritics: exactDiacritics });
    var untoned = fold(query) === query;
    var termForms = terms.map((term) => spellings(term, untoned));
    var [founds, at, whole] = await Promise.all([
      Promise.all(queryVariants(query, untoned).map((variant) => pagefind.search(variant))),
      positions(pagefind, termForms),
      exactDiacritics ? null : wholeWords(pagefind, termForms),
    ]);
    var byId = new Map(); // the best-scored spelling's result of each page
    var spelled = new Map(); // every spelling's result of each page
    founds.forEach((f) =>
      f.results.forEach(function (r) {
        var seen = byId.get(r.id);
        if (!seen || r.score > seen.score) byId.set(r.id, r);
        spelled.set(r.id, (spelled.get(r.id) || []).concat([r]));
      })
    );
    var results = Array.from(byId.values()).sort((a, b) => b.score - a.score);
    return { results: results, byId: byId, spelled: spelled, at: at, whole: whole };
  }

  // The result to show: the spelling that found the phrase where it was found, so
  // that its excerpt marks those words ("nhân dân", not "nhân … đánh").
  function shown(search, result, at, length) {
    if (at < 0) return result;
    var all = search.spelled.get(result.id) || [result];
    return (
      all.find(function (r) {
        for (var k = 0; k < length; k++) if (r.words.indexOf(at + k) < 0) return false;
        return true;
      }) || result
    );
  }

  async function rank(pagefind, query) {
    var terms = termsOf(query);
    var toned = fold(query) !== query;
    var folded = await searchAs(pagefind, false, query, terms);
    if (!folded.results.length || !terms.length) return folded.results.map((r) => ({ result: r, at: -1 }));
    var exact = null;
    if (toned) {
      try {
        exact = await searchAs(pagefind, true, query, terms);
      } finally {
        await pagefind.options({ exactDiacritics: false });
      }
    }
    var items = folded.results.map(function (r, order) {
      var e = exact && exact.byId.get(r.id);
      var allExact = !!e && hasAll(exact.at, r.id);
      var exactAt = allExact ? phraseAt(exact.at, r.id) : -1;
      var foldedAt = phraseAt(folded.at, r.id);
      return {
        // With every word as typed, Pagefind's exact-diacritic result marks only those.
        result: allExact ? shown(exact, e, exactAt, terms.length) : shown(folded, r, foldedAt, terms.length),
        key: [exactAt >= 0, allExact, foldedAt >= 0, hasAll(folded.whole, r.id)].map(Number),
        score: allExact ? e.score : r.score,
        order: order,
        at: exactAt >= 0 ? exactAt : foldedAt,
      };
    });
    items.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i] - a.key[i];
      return b.score - a.score || a.order - b.order;
    });
    return items;
  }

  /* --- Drawing ------------------------------------------------------------------ */

  // Pagefind's excerpt is text with <mark> around the words found: rebuilt as nodes,
  // never inserted as HTML.
  function excerptNodes(excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html").body;
    var out = [];
    parsed.querySelectorAll("p").forEach(function (p) {
      p.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          out.push(mark);
        } else {
          out.push(document.createTextNode(node.textContent));
        }
      });
    });
    return out;
  }

  // The section holding the phrase, else the one with most of the words found.
  function bestSection(data, at) {
    var subs = data.sub_results || [];
    var best = null;
    subs.forEach(function (sub) {
      var locs = sub.locations || [];
      var has = at >= 0 && locs.indexOf(at) >= 0;
      var score = (has ? 1e6 : 0) + locs.length;
      if (!best || score > best.score) best = { sub: sub, score: score };
    });
    return best && best.sub;
  }

  function drawItem(item, data) {
    var sub = bestSection(data, item.at);
    var title = (data.meta && data.meta.title) || data.url;
    var li = document.createElement("li");
    li.className = "md-search-result__item plan-search__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link plan-search__link";
    var top = !sub || !sub.anchor || sub.anchor.element === "h1";
    a.href = top ? data.url : sub.url;
    var strong = document.createElement("span");
    strong.className = "plan-search__title";
    strong.textContent = title;
    a.appendChild(strong);
    if (!top && sub.title && sub.title !== title) {
      var section = document.createElement("span");
      section.className = "plan-search__section";
      section.textContent = sub.title;
      a.appendChild(section);
    }
    var excerpt = document.createElement("span");
    excerpt.className = "plan-search__excerpt";
    var source = sub && /<mark>/.test(sub.excerpt || "") ? sub.excerpt : data.excerpt;
    excerptNodes(source || "").forEach(function (node) {
      excerpt.appendChild(node);
    });
    a.appendChild(excerpt);
    li.appendChild(a);
    return li;
  }

  var current = { query: "", items: [], shown: 0 };
  var generation = 0;

  function say(message) {
    if (status.textContent !== message) status.textContent = message;
  }

  function countText(n) {
    return n === 1 ? text.textOne : text.textOther.replace("{count}", String(n));
  }

  function showMore(mine) {
    var slice = current.items.slice(current.shown, current.shown + PAGE);
    current.shown += slice.length;
    list.setAttribute("aria-busy", "true");
    return Promise.all(
      slice.map(function (item) {
        return item.result.data();
      })
    ).then(function (datas) {
      if (mine !== generation) return;
      datas.forEach(function (data, i) {
        list.appendChild(drawItem(slice[i], data));
      });
      list.removeAttribute("aria-busy");
      more.hidden = current.shown >= current.items.length;
    });
  }

  var requested = null;
  function run() {
    var query = input.value.normalize("NFC").trim();
    if (query === requested) return; // the same words again (a key that changed nothing)
    requested = query;
    var mine = ++generation;
    root.removeAttribute("data-searched");
    if (!query) {
      current = { query: "", items: [], shown: 0 };
      list.replaceChildren();
      more.hidden = true;
      say(text.textPrompt);
      return;
    }
    var slow = setTimeout(function () {
      if (mine === generation) say(text.textLoading);
    }, 300);
    load()
      .then(function (pagefind) {
        return exclusive(function () {
          return mine === generation ? rank(pagefind, query) : null;
        });
      })
      .then(function (items) {
        if (mine !== generation || !items) return;
        current = { query: query, items: items, shown: 0 };
        list.replaceChildren();
        more.hidden = true;
        if (!items.length) {
          say(text.textNone.replace("{query}", query));
          root.setAttribute("data-searched", query);
          return;
        }
        return showMore(mine).then(function () {
          if (mine !== generation) return;
          say(countText(items.length));
          root.setAttribute("data-searched", query); // done: what tests and scripts can wait for
        });
      })
      .catch(function () {
        if (mine === generation) {
          requested = null; // let the same words be tried again
          say(text.textError);
        }
      })
      .finally(function () {
        clearTimeout(slow);
      });
  }

  var timer = 0;
  function schedule(event) {
    if (event && event.isComposing) return; // a Vietnamese keyboard is still composing the word
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  /* --- Opening, closing, keyboard ----------------------------------------------- */

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) opener.setAttribute("aria-expanded", String(open));
  }

  function open() {
    setOpen(true);
    load().catch(function () {
      say(text.textError);
    });
    input.focus();
  }

  function close() {
    var inside = root.contains(document.activeElement);
    setOpen(false);
    if (inside) {
      if (opener && opener.offsetParent !== null) opener.focus();
      else input.blur();
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  if (opener) opener.addEventListener("click", open);
  input.addEventListener("focus", function () {
    if (!toggle.checked) open();
  });
  input.addEventListener("input", schedule);
  input.addEventListener("compositionend", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      schedule();
      input.focus();
    });
  });
  more.addEventListener("click", function () {
    var before = links().length;
    showMore(generation)
      .then(function () {
        var next = links()[before];
        if (next) next.focus();
      })
      .catch(function () {
        say(text.textError);
      });
  });
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) setOpen(false);
  });
  toggle.addEventListener("change", function () {
    if (opener) opener.setAttribute("aria-expanded", String(toggle.checked));
  });
  root.addEventListener("focusout", function (event) {
    if (toggle.checked && event.relatedTarget && !root.contains(event.relatedTarget)) setOpen(false);
  });

  root.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    }
  });

  // "/" opens search from anywhere but a field being typed in.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });
})();
