/*
 * Search that ignores Vietnamese diacritics: "giam ngheo" finds "giảm nghèo",
 * "dong" finds "đồng" and "đồng" finds "dong".
 *
 * A wrapper around Material's search worker (hooks/plan_reader.py points each page's
 * search at "plan-search.js?material=search.<hash>.min.js"). Two things change:
 *   - every word indexed goes through one more lunr pipeline step that folds it
 *     (tones and marks removed, đ → d); positions still point at the accented text,
 *     so results show and highlight the original words;
 *   - every query is folded the same way before Material's handler sees it (Material
 *     turns each word into a prefix query, and lunr skips its pipeline for those);
 *     every word but the last must then match a whole word: Vietnamese words are short
 *     syllables, and "ma*" would also match "màn", "mang", "mạnh"… The last word stays
 *     a prefix, since the reader may still be typing it.
 * The index itself is NFC-normalised at build time (hooks/plan_search.py).
 */
"use strict";

(function () {
  var MARKS = /[\u0300-\u036f]/g;

  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }

  function foldToken(token) {
    return token.update(fold);
  }

  /*
   * "ma tuy" → "ma^1 tuy": Material appends "*" to every word except those ending in
   * a boost ("^1"), so earlier words match whole words only. Queries that use lunr's
   * own syntax (quotes, +, -, field:, ~, ^, *) are only folded.
   */
  function prepare(query) {
    var folded = fold(query).trim();
    if (/(^|\s)[+\-]|["~^*:]/.test(folded)) return folded;
    var words = folded.split(/\s+/);
    for (var i = 0; i < words.length - 1; i++) words[i] += "^1";
    return words.join(" ");
  }

  var patched = false;

  /* Add the folding step to every index Material builds (it calls builder.add per page). */
  function patchLunr() {
    var lunr = self.lunr;
    if (patched || !lunr) return;
    patched = true;
    lunr.Pipeline.registerFunction(foldToken, "planFold");

    /* lunr-languages forgets to register the Vietnamese stop-word filter: register it,
       or lunr warns in the console each time an index is built. */
    var use = lunr.Builder.prototype.use;
    lunr.Builder.prototype.use = function () {
      var filter = lunr.vi && lunr.vi.stopWordFilter;
      if (filter && !filter.label) lunr.Pipeline.registerFunction(filter, "stopWordFilter-vi");
      return use.apply(this, arguments);
    };

    /* Index: fold after Material's own steps. Search: fold only; the words are not
       stemmed in the index, so whole-word queries must not be either (Material leaves
       lunr's English stemmer in the search pipeline of a Vietnamese index). */
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.planFolded) {
        this.pipeline.add(foldToken);
        this.searchPipeline.reset();
        this.searchPipeline.add(foldToken);
        this.planFolded = true;
      }
      return add.call(this, doc, attributes);
    };
  }

  /* Registered before Material's listener, so it runs first on every message. */
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && typeof message.data === "string") {
      message.data = prepare(message.data); /* a query */
    } else {
      patchLunr(); /* the setup message: Material is loaded, its index not yet built */
    }
  });

  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("plan-search.js: expected ?material=search.<hash>.min.js, got " + material);
  }
  importScripts(material);
})();
