/* Catalog behaviour, served by the site itself:
 * - renders TeX math (elements with class "math") with the site's own KaTeX,
 *   loaded only on pages that have math;
 * - "Copy link" copies the paper's permanent address;
 * - on the "not found" page, sends versioned or short paper links
 *   (/abs/2311.08526v2/, /papers/hep-th/9901001v3) to the paper's page;
 * - on the all-papers page, filters and sorting over the whole catalog, kept in the
 *   address (?tag=&year=&category=&author=&q=&sort=), from papers/list.json, which is
 *   loaded only once a reader filters or sorts;
 * - on the map page, loads catalog-map.js (the map's own script). Every value from the data or the
 *   address reaches the page as text (textContent, option values), never as markup. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);

  function loadKatex(callback) {
    if (window.katex) { callback(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("assets/katex/katex.min.css", root).href;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("assets/katex/katex.min.js", root).href;
    js.onload = callback;
    document.head.appendChild(js);
  }

  function renderMath() {
    var spans = document.querySelectorAll("span.math:not([data-rendered])");
    if (!spans.length) return;
    loadKatex(function () {
      spans.forEach(function (span) {
        var tex = span.textContent;
        try {
          window.katex.render(tex, span, {
            displayMode: span.classList.contains("display"),
            throwOnError: false,
            trust: false,
            strict: "ignore"
          });
          span.setAttribute("data-rendered", "");
          span.setAttribute("data-tex", tex);
        } catch (error) {
          span.textContent = tex;
        }
      });
    });
  }

  function permalink() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : location.href.split("#")[0].split("?")[0];
  }

  function setUpCopyLink() {
    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(permalink()).then(function () {
          button.textContent = "Link copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        });
      });
    });
  }

  var NEW_STYLE = /^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$/i;
  var OLD_STYLE = /^(?:arxiv:)?([a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?\/(\d{7})(?:v\d+)?$/i;

  /* The paper an address names ({id, path}), in any of arXiv's spellings; null if none. */
  function paperOf(rest) {
    var id;
    try { id = decodeURIComponent(rest); } catch (error) { return null; }
    id = id.replace(/\/+$/, "").replace(/\.pdf$/, "");
    var match = NEW_STYLE.exec(id);
    if (match) return { id: match[1], path: "papers/" + match[1] + "/" };
    match = OLD_STYLE.exec(id);
    if (match) {
      var archive = match[1].toLowerCase();
      return { id: archive + "/" + match[2], path: "papers/" + archive + "/" + match[2] + "/" };
    }
    return null;
  }

  function notInCatalog(paper) {
    var note = document.getElementById("catalog-not-in-catalog");
    if (!note) return;
    var arxiv = document.createElement("a");
    arxiv.href = "https://arxiv.org/abs/" + paper.id;
    arxiv.textContent = "arXiv:" + paper.id + " on arXiv";
    var search = document.createElement("a");
    var query = new URL(root.href);
    query.searchParams.set("q", paper.id);
    search.href = query.href;
    search.textContent = "search this catalog for it";
    note.textContent = "This catalog has no page for arXiv:" + paper.id + ". Read ";
    note.appendChild(arxiv);
    note.appendChild(document.createTextNode(", or "));
    note.appendChild(search);
    note.appendChild(document.createTextNode("."));
    note.hidden = false;
  }

  function redirectNotFound() {
    if (!document.getElementById("catalog-not-found")) return;
    var path = location.pathname;
    if (path.indexOf(root.pathname) !== 0) return;
    var match = /^(?:abs|papers|pdf)\/(.+)$/.exec(path.slice(root.pathname.length));
    var paper = match && paperOf(match[1]);
    if (!paper) return;
    var target = new URL(paper.path, root).href;
    if (paper.path === path.slice(root.pathname.length)) { notInCatalog(paper); return; }
    // Only to a page that is there: an ID the catalog lacks gets arXiv's page instead.
    fetch(target, { method: "HEAD" }).then(function (response) {
      if (response.ok) location.replace(target); else notInCatalog(paper);
    }, function () { notInCatalog(paper); });
  }

  /* Search: Material's worker runs lunr; queries are tuned on their way to it so
   * that a pasted arXiv ID in any form (arXiv:2405.12130, 2405.12130v2, an
   * arxiv.org URL) finds the paper, and a word with a one-letter typo still
   * matches (lunr's edit-distance search). */
  var QUERY = 2; // Material's message type for a search query
  var ID_IN_QUERY = /(?:https?:\/\/(?:www\.)?(?:export\.)?arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/gi;
  var OLD_ID_IN_QUERY = /(?:https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*)?([a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?\/(\d{7})(?:v\d+)?/gi;

  function tuneQuery(query) {
    var tuned = query
      .replace(ID_IN_QUERY, "$1")
      .replace(OLD_ID_IN_QUERY, "$1 $2")
      .replace(/\barxiv:/gi, "");
    var fuzzy = tuned.split(/\s+/).filter(function (word) {
      return /^[A-Za-z]{5,}$/.test(word);
    }).map(function (word) { return word + "~1"; });
    return fuzzy.length ? tuned + " " + fuzzy.join(" ") : tuned;
  }

  if (window.Worker && !Worker.prototype.__catalogTuned) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: tuneQuery(message.data) };
      }
      return post.apply(this, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    Worker.prototype.__catalogTuned = true;
  }

  function labelSearchDialog() {
    // Material's search overlay is a dialog without a name; screen readers need one.
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
  }


  /* Search results a reader can scan. Material shows a page's whole search text; for
   * a paper that is the byline (first authors, ID, date; generator/search/documents.py
   * ends it with BYLINE_END) and the whole abstract. Each result is reshaped once,
   * from its DOM (Material's marks kept as <mark> elements, everything else as
   * text): the byline on its own line, then SNIPPET characters of the abstract
   * around the first match, or its start. */
  var BYLINE_END = " \u2014 ";
  var SNIPPET = 220, BEFORE = 60;
  var PAPER_LINK = /\/papers\/(?:[a-z-]+\/)?\d+(?:\.\d+)?\/(?:\?|#|$)/;

  /* The text runs between the result's heading and its tags or missing terms:
   * [{text, marked}]. */
  function resultRuns(article) {
    var heading = article.querySelector("h1, h2");
    var runs = [], nodes = [];
    for (var node = heading ? heading.nextSibling : null; node; node = node.nextSibling) {
      if (node.nodeType === 1 && node.matches("nav, .md-search-result__terms")) break;
      nodes.push(node);
    }
    nodes.forEach(function (node) {
      if (node.nodeType === 3) {
        if (node.nodeValue) runs.push({ text: node.nodeValue, marked: false });
        return;
      }
      if (node.nodeType !== 1) return;
      var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (var text = walker.nextNode(); text; text = walker.nextNode()) {
        var mark = text.parentElement.closest("mark");
        runs.push({ text: text.nodeValue, marked: !!mark && node.contains(mark) });
      }
      if (node.tagName !== "MARK") runs.push({ text: " ", marked: false }); // between paragraphs
    });
    return { runs: runs, nodes: nodes };
  }

  /* The runs between character offsets from and to, as nodes appended to parent. */
  function appendRuns(parent, runs, from, to) {
    var at = 0;
    runs.forEach(function (run) {
      var start = Math.max(from, at), end = Math.min(to, at + run.text.length);
      if (start < end) {
        var piece = run.text.slice(start - at, end - at);
        if (run.marked) {
          var mark = document.createElement("mark");
          mark.textContent = piece;
          parent.appendChild(mark);
        } else {
          parent.appendChild(document.createTextNode(piece));
        }
      }
      at += run.text.length;
    });
  }

  function snippetBounds(runs, from, to) {
    var at = 0, first = -1;
    runs.forEach(function (run) {
      if (first < 0 && run.marked && at + run.text.length > from) first = Math.max(at, from);
      at += run.text.length;
    });
    var text = runs.map(function (run) { return run.text; }).join("");
    var start = from;
    if (first > from + BEFORE) {
      start = text.lastIndexOf(" ", first - BEFORE);
      start = start < from ? from : start + 1;
    }
    var end = to;
    if (end - start > SNIPPET) {
      end = text.lastIndexOf(" ", start + SNIPPET);
      if (end <= start) end = start + SNIPPET;
    }
    return [start, end, start > from, end < to];
  }

  function shapeResult(link) {
    var article = link.querySelector(".md-search-result__article");
    if (!article || article.hasAttribute("data-catalog-shaped")) return;
    article.setAttribute("data-catalog-shaped", "");
    link.removeAttribute("tabindex"); // reachable with Tab (Material sets -1)
    var found = resultRuns(article);
    if (!found.runs.length) return;
    var text = found.runs.map(function (run) { return run.text; }).join("");
    var start = 0;
    var fragment = document.createDocumentFragment();
    var cut = PAPER_LINK.test(link.getAttribute("href") || "") ? text.indexOf(BYLINE_END) : -1;
    if (cut > 0) {
      var byline = document.createElement("p");
      byline.className = "catalog-result__byline";
      appendRuns(byline, found.runs, 0, cut);
      fragment.appendChild(byline);
      start = cut + BYLINE_END.length;
    }
    var bounds = snippetBounds(found.runs, start, text.length);
    var snippet = document.createElement("p");
    snippet.className = "catalog-result__snippet";
    if (bounds[2]) snippet.appendChild(document.createTextNode("\u2026 "));
    appendRuns(snippet, found.runs, bounds[0], bounds[1]);
    if (bounds[3]) snippet.appendChild(document.createTextNode(" \u2026"));
    fragment.appendChild(snippet);
    found.nodes.forEach(function (node) { node.parentNode.removeChild(node); });
    var heading = article.querySelector("h1, h2");
    heading.parentNode.insertBefore(fragment, heading.nextSibling);
  }

  function setUpSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    function shapeAll() { list.querySelectorAll(".md-search-result__link").forEach(shapeResult); }
    new MutationObserver(shapeAll).observe(list, { childList: true, subtree: true });
    shapeAll();
  }

  /* Tab and Shift+Tab move through the results (Material closes the search on Tab;
   * its arrow keys already move through them). Past either end, Material's own
   * handling takes over (it closes the search). */
  function setUpSearchKeys() {
    window.addEventListener("keydown", function (event) {
      var toggle = document.getElementById("__search");
      var query = document.querySelector("input.md-search__input");
      var list = document.querySelector(".md-search-result__list");
      if (!toggle || !toggle.checked || !query || !list) return;
      // Material sends any other key's focus back to the query: not Shift (of
      // Shift+Tab) while a result has the focus.
      if (event.key === "Shift" && list.contains(document.activeElement)) { event.stopPropagation(); return; }
      if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
      var stops = [query].concat(Array.prototype.slice.call(
        list.querySelectorAll(":not(details) > [href], summary, details[open] [href]")));
      var at = stops.indexOf(document.activeElement);
      var next = at + (event.shiftKey ? -1 : 1);
      if (at < 0 || stops.length < 2 || next < 0 || next >= stops.length) return;
      event.preventDefault();
      event.stopPropagation();
      stops[next].focus();
    }, true);
  }

  /* All papers: filters and sorting. */
  var FILTERS = ["q", "tag", "year", "category", "author", "sort"];
  var SHOWN = 100;
  var listData = null;

  function loadList(callback) {
    if (listData) { callback(listData); return; }
    fetch(new URL("papers/list.json", root).href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      listData = data;
      callback(data);
    }).catch(function () {
      var results = document.querySelector("[data-catalog-results]");
      if (results) { results.hidden = false; results.textContent = "The list of papers could not be loaded."; }
    });
  }

  function choices(form) {
    var chosen = {};
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      chosen[name] = field ? String(field.value || "").trim() : "";
    });
    if (chosen.sort === "newest") chosen.sort = "";
    return chosen;
  }

  function words(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean);
  }

  function selected(data, chosen) {
    var tagIndex = -1, authorIndex = -1;
    data.tags.forEach(function (tag, i) { if (tag[0] === chosen.tag) tagIndex = i; });
    data.authors.forEach(function (author, i) { if (author[0] === chosen.author) authorIndex = i; });
    var wanted = words(chosen.q);
    var rows = data.papers.filter(function (row) {
      if (chosen.tag && row[4].indexOf(tagIndex) < 0) return false;
      if (chosen.author && row[5].indexOf(authorIndex) < 0) return false;
      if (chosen.year && row[2].slice(0, 4) !== chosen.year) return false;
      if (chosen.category && row[6].indexOf(chosen.category) < 0) return false;
      if (wanted.length) {
        var text = words(row[1] + " " + row[0] + " " + row[5].map(function (i) { return data.authors[i][1]; }).join(" "));
        for (var w = 0; w < wanted.length; w++) {
          var found = false;
          for (var t = 0; t < text.length && !found; t++) found = text[t].indexOf(wanted[w]) === 0;
          if (!found) return false;
        }
      }
      return true;
    });
    if (chosen.sort === "oldest") rows.reverse();
    if (chosen.sort === "title") {
      rows.sort(function (a, b) { return a[1].localeCompare(b[1], undefined, { sensitivity: "base" }); });
    }
    return rows;
  }

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) a.className = className;
    return a;
  }

  function rowElement(data, row) {
    var li = document.createElement("li");
    li.className = "paper-row";
    li.appendChild(link(new URL("papers/" + row[0] + "/", root).href, row[1], "paper-row__title"));
    if (row[3]) {
      var derived = document.createElement("span");
      derived.className = "title-derived";
      derived.textContent = "(title from the abstract)";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(derived);
    }
    var meta = document.createElement("div");
    meta.className = "paper-row__meta";
    if (row[5].length) {
      var names = document.createElement("span");
      names.className = "paper-row__authors";
      row[5].slice(0, 3).forEach(function (i, k) {
        if (k) names.appendChild(document.createTextNode(", "));
        names.appendChild(link(new URL("authors/" + data.authors[i][0] + "/", root).href, data.authors[i][1]));
      });
      if (row[5].length > 3) names.appendChild(document.createTextNode(" et al."));
      meta.appendChild(names);
      meta.appendChild(document.createTextNode(" · "));
    }
    var time = document.createElement("time");
    time.dateTime = row[2];
    time.textContent = row[2];
    meta.appendChild(time);
    row[4].forEach(function (i, k) {
      meta.appendChild(document.createTextNode(k ? ", " : " · "));
      meta.appendChild(link(new URL("tags/" + data.tags[i][0] + "/", root).href, data.tags[i][1], "paper-row__tag"));
    });
    li.appendChild(meta);
    return li;
  }

  function describe(data, chosen, count) {
    var parts = [];
    data.tags.forEach(function (tag) { if (tag[0] === chosen.tag) parts.push("tagged " + tag[1]); });
    data.authors.forEach(function (author) { if (author[0] === chosen.author) parts.push("by " + author[1]); });
    if (chosen.year) parts.push("from " + chosen.year);
    if (chosen.category) parts.push("in " + chosen.category);
    if (chosen.q) parts.push("matching \u201c" + chosen.q + "\u201d");
    var order = chosen.sort === "oldest" ? "oldest first" : chosen.sort === "title" ? "by title" : "newest first";
    return count + (count === 1 ? " paper" : " papers") + (parts.length ? " " + parts.join(", ") : "") + ", " + order + ".";
  }

  function showList(form, data) {
    var chosen = choices(form);
    var active = FILTERS.some(function (name) { return chosen[name]; });
    var results = document.querySelector("[data-catalog-results]");
    var statics = document.querySelector("[data-catalog-static]");
    var count = document.querySelector("[data-catalog-count]");
    var authorButton = form.querySelector("[data-catalog-author]");
    var author = null;
    data.authors.forEach(function (a) { if (a[0] === chosen.author) author = a; });
    authorButton.hidden = !author;
    authorButton.textContent = author ? "Author: " + author[1] + " \u00d7" : "";
    authorButton.setAttribute("aria-label", author ? "Remove the author filter (" + author[1] + ")" : "");
    if (!active) {
      results.hidden = true;
      statics.hidden = false;
      count.textContent = count.getAttribute("data-static-text") || count.textContent;
      return;
    }
    var rows = selected(data, chosen);
    results.textContent = "";
    var list = document.createElement("ol");
    list.className = "paper-rows";
    results.appendChild(list);
    var shown = 0;
    function more() {
      rows.slice(shown, shown + SHOWN).forEach(function (row) { list.appendChild(rowElement(data, row)); });
      shown = Math.min(rows.length, shown + SHOWN);
      button.hidden = shown >= rows.length;
      button.textContent = "Show " + Math.min(SHOWN, rows.length - shown) + " more of " + (rows.length - shown);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button catalog-more";
    button.addEventListener("click", more);
    results.appendChild(button);
    more();
    count.textContent = describe(data, chosen, rows.length);
    statics.hidden = true;
    results.hidden = false;
  }

  function setUpListing() {
    var form = document.querySelector("[data-catalog-filter]");
    if (!form || !window.fetch || !window.URLSearchParams) return;
    var count = document.querySelector("[data-catalog-count]");
    count.setAttribute("data-static-text", count.textContent);
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || value === null) return;
      if (field.tagName === "SELECT") {
        // Only a value the list offers: anything else from the address is ignored.
        for (var i = 0; i < field.options.length; i++) {
          if (field.options[i].value === value) { field.value = value; break; }
        }
      } else {
        field.value = value.slice(0, 200);
      }
    });
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var timer = null;
    function changed() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var chosen = choices(form);
        var query = new URLSearchParams();
        FILTERS.forEach(function (name) { if (chosen[name]) query.set(name, chosen[name]); });
        var search = query.toString();
        history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
        loadList(function (data) { showList(form, data); });
      }, 150);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.querySelector("[data-catalog-author]").addEventListener("click", function () {
      form.elements.author.value = "";
      changed();
    });
    if (FILTERS.some(function (name) { return choices(form)[name]; })) {
      loadList(function (data) { showList(form, data); });
    }
  }

  /* The tags index: sorted by count as built, by name on request (?sort=name, kept
   * in the address). Rows are moved, never rebuilt. */
  function setUpTableSort() {
    var control = document.querySelector("[data-catalog-sort]");
    var table = control && control.parentNode.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var byCount = rows.slice();
    var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
    var byName = rows.slice().sort(function (a, b) {
      return collator.compare(a.cells[0].textContent.trim(), b.cells[0].textContent.trim());
    });
    var buttons = control.querySelectorAll("[data-sort]");
    function apply(key, remember) {
      (key === "name" ? byName : byCount).forEach(function (row) { body.appendChild(row); });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-sort") === key));
        button.classList.toggle("md-button--primary", button.getAttribute("data-sort") === key);
      });
      if (remember && window.URLSearchParams) {
        var params = new URLSearchParams(location.search);
        if (key === "name") params.set("sort", "name"); else params.delete("sort");
        var search = params.toString();
        history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      }
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { apply(button.getAttribute("data-sort"), true); });
    });
    var wanted = window.URLSearchParams ? new URLSearchParams(location.search).get("sort") : null;
    apply(wanted === "name" ? "name" : "count", false);
    control.hidden = false;
  }

  function setUpMap() {
    if (!document.querySelector("[data-catalog-map]")) return;
    var js = document.createElement("script");
    js.src = new URL("assets/javascripts/catalog-map.js", root).href;
    document.head.appendChild(js);
  }

  function ready() {
    labelSearchDialog();
    setUpSearchResults();
    setUpSearchKeys();
    redirectNotFound();
    renderMath();
    setUpCopyLink();
    setUpListing();
    setUpTableSort();
    setUpMap();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
