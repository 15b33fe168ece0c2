/* Oxytocin, Stress and Trust: the search page (search.html?q=...).
 *
 * Offline full-text search over every section of the site.  `make site` writes
 * the sections to search-index.js (window.OXY_SEARCH_DOCS: url, page, title,
 * text, kind); this script indexes them with MiniSearch (assets/minisearch,
 * a pinned npm package), runs the query from the address bar and lists each
 * hit as a link to its section, with a snippet where the words occur.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var SNIPPET_BEFORE = 70;
  var SNIPPET_AFTER = 150;
  var KIND_WEIGHT = { changelog: 0.5 };

  function words(query) {
    return MiniSearch.getDefault("tokenize")(query)
      .map(function (w) { return w.toLowerCase(); })
      .filter(function (w) { return w.length > 0; });
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // The snippet: the text around the phrase (or the first matched word), matches marked.
  function snippet(text, query, terms) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(query.toLowerCase());
    if (at < 0) {
      at = terms.reduce(function (best, term) {
        var i = lower.indexOf(term);
        return i >= 0 && (best < 0 || i < best) ? i : best;
      }, -1);
    }
    at = Math.max(at, 0);
    var start = Math.max(0, at - SNIPPET_BEFORE);
    var stop = Math.min(text.length, at + SNIPPET_AFTER);
    if (start > 0) { start = text.indexOf(" ", start) + 1 || start; }
    if (stop < text.length) { stop = text.lastIndexOf(" ", stop) > at ? text.lastIndexOf(" ", stop) : stop; }
    var piece = text.slice(start, stop);
    var p = document.createElement("p");
    p.className = "oxy-snippet";
    if (start > 0) { p.appendChild(document.createTextNode("… ")); }
    var pattern = terms.length ? new RegExp("(" + terms.map(escapeRegExp).join("|") + ")", "gi") : null;
    var last = 0;
    if (pattern) {
      piece.replace(pattern, function (match, _g, offset) {
        p.appendChild(document.createTextNode(piece.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.textContent = match;
        p.appendChild(mark);
        last = offset + match.length;
        return match;
      });
    }
    p.appendChild(document.createTextNode(piece.slice(last)));
    if (stop < text.length) { p.appendChild(document.createTextNode(" …")); }
    return p;
  }

  function run() {
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    var box = document.getElementById("oxy-search-box");
    var status = document.getElementById("oxy-search-status");
    var results = document.getElementById("oxy-results");
    if (box) { box.value = query; }
    if (!query) { status.textContent = "Type a word in the search box above and press Enter."; return; }
    document.title = "Search: " + query + " · " + document.title.replace(/^Search · /, "");
    var docs = window.OXY_SEARCH_DOCS || [];
    var byId = {};
    docs.forEach(function (d) { byId[d.id] = d; });
    var search = new MiniSearch({
      fields: ["title", "text"],
      storeFields: ["kind"],
      searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
    });
    search.addAll(docs);
    var phrase = query.toLowerCase();
    // A glossary entry named by the query: shown first, and the sections of the
    // notebooks that use the term rank higher (the glossary is the course's index).
    var definitions = docs.filter(function (d) { return names(d).indexOf(phrase) >= 0; });
    var teaching = {};
    definitions.forEach(function (d) { (d.notebooks || []).forEach(function (p) { teaching[p] = true; }); });
    var hits = search.search(query).map(function (hit) {
      var doc = byId[hit.id];
      var score = hit.score;
      // Sections that hold the words as typed, in their heading or text, come first;
      // the changelog's sections count for less.
      if (doc.title.toLowerCase().indexOf(phrase) >= 0) { score *= 2; }
      if (doc.text.toLowerCase().indexOf(phrase) >= 0) { score *= 2; }
      score *= KIND_WEIGHT[doc.kind] || 1;
      if (doc.kind === "lesson" && teaching[doc.url.split("#")[0]]) { score *= 2; }
      return { doc: doc, score: score, terms: hit.terms };
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    status.textContent = hits.length === 0
      ? "No section mentions “" + query + "”. Try fewer or shorter words."
      : hits.length + (hits.length === 1 ? " section mentions" : " sections mention") + " “" + query + "”.";
    var queryTerms = words(query);
    definitions.forEach(function (d) { results.appendChild(definition(d, query, queryTerms)); });
    // The lessons first (what a learner usually wants), then everything else.
    var groups = [
      { title: "In the lessons", hits: hits.filter(function (h) { return h.doc.kind === "lesson"; }) },
      { title: "In the guide, run sheets, primer, glossary, references, register and changelog",
        hits: hits.filter(function (h) { return h.doc.kind !== "lesson"; }) }
    ];
    groups.forEach(function (group) {
      if (!group.hits.length) { return; }
      var heading = document.createElement("h2");
      heading.textContent = group.title + " (" + group.hits.length + ")";
      var list = document.createElement("ol");
      list.className = "oxy-results";
      group.hits.slice(0, MAX_RESULTS).forEach(function (hit) {
        list.appendChild(result(hit, query, queryTerms));
      });
      results.appendChild(heading);
      results.appendChild(list);
      if (group.hits.length > MAX_RESULTS) {
        var more = document.createElement("p");
        more.textContent = "The first " + MAX_RESULTS + " of " + group.hits.length
          + " are listed; add a word to narrow the search.";
        results.appendChild(more);
      }
    });
  }

  // The names a glossary entry answers to: "ACTH (adrenocorticotropic hormone)" is
  // found by either, and by the whole.
  function names(doc) {
    if (!doc.url || doc.url.indexOf("#term-") < 0) { return []; }
    var title = doc.title.toLowerCase();
    var found = [title];
    var m = title.match(/^(.*?)\s*\((.*)\)\s*$/);
    if (m) { found.push(m[1], m[2]); }
    return found;
  }

  function definition(doc, query, queryTerms) {
    var box = document.createElement("section");
    box.className = "oxy-definition";
    box.setAttribute("aria-label", "Glossary: " + doc.title);
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = "Glossary: ";
    p.appendChild(strong);
    var a = document.createElement("a");
    a.href = doc.url;
    a.textContent = doc.title;
    p.appendChild(a);
    box.appendChild(p);
    box.appendChild(snippet(doc.text, query, queryTerms));
    return box;
  }

  function result(hit, query, queryTerms) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = hit.doc.url;
    a.className = "oxy-result-title";
    a.textContent = hit.doc.title;
    li.appendChild(a);
    if (hit.doc.title !== hit.doc.page) {
      var where = document.createElement("span");
      where.className = "oxy-result-page";
      where.textContent = " · " + hit.doc.page;
      li.appendChild(where);
    }
    var terms = queryTerms.concat(hit.terms || []).filter(function (t, i, all) { return all.indexOf(t) === i; });
    li.appendChild(snippet(hit.doc.text, query, terms));
    return li;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}());
