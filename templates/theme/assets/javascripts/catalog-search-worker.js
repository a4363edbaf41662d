/* Catalog search worker.
 *
 * Answers Material for MkDocs' search dialog from the prebuilt, sharded index that
 * generator/search_index.py writes below search/catalog/, fetching only the few
 * files a query needs instead of the whole index. It speaks Material's worker
 * protocol (SETUP -> READY, QUERY -> RESULT), so the dialog and the result list
 * are Material's own, and it reads a query and ranks the pages as Material's lunr
 * set-up does:
 *
 * - the query is rewritten as Material rewrites it (a trailing wildcard on every
 *   word without +, -, ~n or ^n; quoted words required), then read as lunr reads
 *   a query: +word required, -word prohibited, word~n within n edits (as lunr
 *   counts them: a swap of two neighbours is one), word^n boosted, "*" a
 *   wildcard; stop words are dropped unless the word carries a wildcard;
 * - a page scores the sum, over the index terms the query matched, of the term's
 *   weight (lunr's BM25 with b = 0, per field, times the field's boost; computed
 *   at build time), times the number of query words that matched the term,
 *   divided by the query vector's length; Material then multiplies by
 *   1 + (1 + share of query words found)^2.
 *
 * Differences, all at the edges: "title:word" searches every field; a leading
 * wildcard ("*ing") matches nothing; a wildcard inside a word after a short
 * prefix ("s*ing") matches as the prefix alone; a one-letter word~n matches only
 * itself; word~n finds only corrections that keep the word's first two letters
 * (the candidates are the terms under those two letters, so "hte~1" does not
 * find "the"); at most manifest.cap pages are returned (Material returns every
 * match); the text shown is the page text's start, not all of it; pages with
 * equal scores may come in another order when a short prefix is combined with
 * other words; Chinese segmentation is not done; the title suggestion is taken
 * from the returned pages only; while the reader types fast, not every
 * keystroke gets an answer (see "protocol" below), the last one always does.
 *
 * The index lives at ../../search/catalog/ from this script (the site root's
 * search/catalog/), or where the script URL's ?index= points. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var OPTIONAL = 1, REQUIRED = 2, PROHIBITED = 3;
  var FIELD_NAMES = ["title", "text", "tags"]; // the "field:" prefixes Material keeps
  var LEXER_SEPARATOR = /[\s\-]/; // lunr's query lexer splits words here, whatever the index separator
  var ELLIPSIS = "\u2026";
  var EOS = null;

  var params = new URLSearchParams(self.location.search);
  var root = new URL(params.get("index") || "../../search/catalog/", self.location.href);
  var options = { suggest: false };
  var latest = 0; // number of the newest query
  var manifest = null; // promise of the prepared manifest
  var files = new Map(); // URL -> promise of parsed JSON

  /* -- fetching -------------------------------------------------------------- */

  function fetchJson(url, init) {
    return fetch(url, init).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function loadManifest() {
    if (!manifest) {
      manifest = fetchJson(new URL("manifest.json", root).href, { cache: "no-cache" }).then(prepare);
      manifest.catch(function () { manifest = null; }); // a later query tries again
    }
    return manifest;
  }

  function load(index, path) {
    var url = new URL(path + "?v=" + encodeURIComponent(index.hash), root).href;
    var promise = files.get(url);
    if (!promise) {
      promise = fetchJson(url);
      files.set(url, promise);
      promise.catch(function () { files.delete(url); });
    }
    return promise;
  }

  function hex(key) {
    var bytes = new TextEncoder().encode(key), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function prepare(data) {
    if (data.version !== 1) throw new Error("unknown search index version " + data.version);
    return {
      hash: data.hash,
      count: data.docs,
      separator: new RegExp(data.separator, "g"),
      stop: new Set(data.stopWords),
      chunk: data.chunk,
      cap: data.cap,
      shards: new Set(data.shards),
      shardList: data.shards,
      aggregates: new Set(data.aggregates),
      lexicons: new Set(data.lexicons),
      parents: pairs(data.parents || [])
    };
  }

  function pairs(flat) {
    var map = new Map();
    for (var i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
    return map;
  }

  /* A term shard, with each term's postings decoded on first use. */
  function shardOf(index, key) {
    return load(index, "t/" + hex(key) + ".json").then(function (data) {
      if (!data.lookup) {
        data.lookup = new Map();
        for (var i = 0; i < data.t.length; i++) data.lookup.set(data.t[i], i);
        data.decoded = [];
      }
      return data;
    });
  }

  /* A term's postings: pages (ascending), weights, and the first field (in the
   * config's order) holding the term. Each posting is the gap to the previous page
   * times the table's length plus an index into the term's table of
   * weight * 4 + field. */
  function postings(shard, i) {
    if (shard.decoded[i]) return shard.decoded[i];
    var table = shard.w[i], size = table.length, docs = [], weights = [], fields = [], doc = 0;
    for (var j = shard.o[i]; j < shard.o[i + 1]; j++) {
      var value = shard.p[j], slot = value % size, code = table[slot];
      doc += (value - slot) / size;
      docs.push(doc);
      weights.push(Math.floor(code / 4));
      fields.push(code % 4);
    }
    return (shard.decoded[i] = { docs: docs, weights: weights, fields: fields });
  }

  /* The shard holding a term: the longest key that starts the term. */
  function leafFor(index, term) {
    for (var n = term.length; n > 0; n--) {
      if (index.shards.has(term.slice(0, n))) return term.slice(0, n);
    }
    return null;
  }

  /* Every shard that may hold terms starting with the prefix. */
  function shardsFor(index, prefix) {
    var keys = [], leaf = leafFor(index, prefix);
    if (leaf) keys.push(leaf);
    index.shardList.forEach(function (key) {
      if (key.length > prefix.length && key.lastIndexOf(prefix, 0) === 0) keys.push(key);
    });
    return keys;
  }

  /* -- reading the query as Material and lunr do ------------------------------ */

  /* Material's split: calls fn(start, end) for every non-empty run between separators. */
  function split(separator, input, fn) {
    separator.lastIndex = 0;
    var at = 0, match;
    do {
      match = separator.exec(input);
      var until = match ? match.index : input.length;
      if (at < until) fn(at, until);
      if (match) {
        at = match.index + match[0].length;
        if (match[0].length === 0) separator.lastIndex = match.index + 1;
      }
    } while (match);
  }

  /* lunr's query lexer: a list of {type, str, start, end}. */
  function lex(str) {
    var lexemes = [], pos = 0, start = 0, escapes = [];
    function next() { return pos >= str.length ? EOS : str.charAt(pos++); }
    function width() { return pos - start; }
    function backup() { pos -= 1; }
    function ignore() { if (start === pos) pos += 1; start = pos; }
    function emit(type) {
      var text = "", from = start;
      escapes.forEach(function (at) { text += str.slice(from, at); from = at + 1; });
      escapes = [];
      lexemes.push({ type: type, str: text + str.slice(from, pos), start: start, end: pos });
      start = pos;
    }
    function digits() {
      var char;
      do { char = next(); } while (char !== EOS && char >= "0" && char <= "9");
      if (char !== EOS) backup();
    }
    function text() {
      for (;;) {
        var char = next();
        if (char === EOS) { if (width() > 0) emit("TERM"); return null; }
        if (char === "\\") { escapes.push(pos - 1); pos += 1; continue; }
        if (char === ":") { backup(); emit("FIELD"); ignore(); return text; }
        if (char === "~" || char === "^") {
          backup();
          if (width() > 0) emit("TERM");
          ignore();
          digits();
          emit(char === "~" ? "EDIT_DISTANCE" : "BOOST");
          return text;
        }
        if ((char === "+" || char === "-") && width() === 1) { emit("PRESENCE"); return text; }
        if (LEXER_SEPARATOR.test(char)) {
          if (width() > 1) { backup(); emit("TERM"); }
          ignore();
          return pos < str.length ? text : null;
        }
      }
    }
    for (var state = text; state;) state = state();
    return lexemes;
  }

  /* Material's query transform (quotes -> required words, a trailing wildcard on
   * every plain word, words split at the index separator). */
  function transform(index, query) {
    query = query.trim()
      .split(/"([^"]+)"/g)
      .map(function (part, i) { return i & 1 ? part.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : part; })
      .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "");
    var terms = [];
    query.split(/\s+/g).forEach(function (part) {
      lex(part).forEach(function (lexeme) {
        if (lexeme.type === "FIELD" && FIELD_NAMES.indexOf(lexeme.str) === -1) {
          part = part.slice(0, lexeme.end) + " " + part.slice(lexeme.end + 1);
        } else if (lexeme.type === "TERM") {
          split(index.separator, lexeme.str, function (from, to) {
            terms.push(part.slice(0, lexeme.start) + lexeme.str.slice(from, to) + part.slice(lexeme.end));
          });
        }
      });
    });
    return terms
      .map(function (term) { return /[~^]$/.test(term) ? term + "1" : term; })
      .map(function (term) { return /^[+-]|[~^]\d+$/.test(term) ? term : term + "*"; })
      .join(" ");
  }

  /* lunr's query parser: clauses {term, presence, editDistance, boost, usePipeline}. */
  function parse(query) {
    var lexemes = lex(query), at = 0, clauses = [], clause = {};
    function fail(message) { throw new Error("invalid query: " + message); }
    function finish() {
      clauses.push({
        term: clause.term,
        presence: clause.presence || OPTIONAL,
        editDistance: clause.editDistance,
        boost: clause.boost === undefined ? 1 : clause.boost,
        usePipeline: clause.usePipeline !== false
      });
      clause = {};
    }
    var state = "clause";
    while (state) {
      var lexeme = lexemes[at];
      if (state === "clause") {
        if (!lexeme) break;
        state = { PRESENCE: "presence", FIELD: "field", TERM: "term" }[lexeme.type] || fail("expected a field or a term");
        continue;
      }
      at += 1;
      if (state === "presence") {
        clause.presence = lexeme.str === "-" ? PROHIBITED : REQUIRED;
        var after = lexemes[at];
        if (!after || (after.type !== "FIELD" && after.type !== "TERM")) fail("expected a term after " + lexeme.str);
        state = after.type === "FIELD" ? "field" : "term";
        continue;
      }
      if (state === "field") {
        if (FIELD_NAMES.indexOf(lexeme.str) === -1) fail("unknown field " + lexeme.str);
        if (!lexemes[at] || lexemes[at].type !== "TERM") fail("expected a term after " + lexeme.str + ":");
        state = "term";
        continue;
      }
      if (state === "term") clause.term = lexeme.str.toLowerCase();
      if (state === "term" && lexeme.str.indexOf("*") !== -1) clause.usePipeline = false;
      if (state === "edit" || state === "boost") {
        var n = parseInt(lexeme.str, 10);
        if (isNaN(n)) fail(state === "edit" ? "edit distance must be numeric" : "boost must be numeric");
        clause[state === "edit" ? "editDistance" : "boost"] = n;
      }
      var following = lexemes[at];
      if (!following) { finish(); break; }
      if (following.type === "EDIT_DISTANCE") state = "edit";
      else if (following.type === "BOOST") state = "boost";
      else { finish(); state = "clause"; }
    }
    return clauses;
  }

  /* Whether lunr's fuzzy match of query~edits accepts word: lunr builds an
   * automaton from the query where each edit is an insertion, a deletion (not of
   * the last letter followed by insertions), a substitution or a swap of the next
   * two letters, the swapped letter still open to edits; this walks the same
   * choices. (For one edit it is the optimal string alignment distance.) */
  function fuzzyMatch(query, word, edits) {
    if (Math.abs(query.length - word.length) > edits) return false;
    var memo = new Map();
    function go(rest, at, left) {
      var key = rest + "\u0000" + at + "\u0000" + left;
      if (memo.has(key)) return memo.get(key);
      var tail = word.length - at, ok;
      if (!rest.length) {
        ok = tail <= left;
      } else {
        ok = tail > 0 && word.charAt(at) === rest.charAt(0) && go(rest.slice(1), at + 1, left);
        if (!ok && left > 0) {
          ok = (tail > 0 && go(rest, at + 1, left - 1)) || // insertion
            (rest.length > 1 && go(rest.slice(1), at, left - 1)) || // deletion
            (rest.length === 1 && tail === 0) || // deletion of the last letter
            (tail > 0 && go(rest.slice(1), at + 1, left - 1)) || // substitution
            (rest.length > 1 && tail > 0 && word.charAt(at) === rest.charAt(1) &&
              go(rest.charAt(0) + rest.slice(2), at + 1, left - 1)); // swap
        }
      }
      memo.set(key, ok);
      return ok;
    }
    return go(query, 0, edits);
  }

  /* -- matching ----------------------------------------------------------------- */

  function isStop(index, term) { return index.stop.has(term); }

  /* Finds what a clause matches, as clause.aggregate (every term under a prefix,
   * as summed weights per page) or clause.terms (index terms with their postings);
   * clause.dropped for a stop word lunr's pipeline removes. */
  function resolve(index, clause, single) {
    var term = clause.term;
    if (clause.usePipeline && isStop(index, term)) {
      clause.dropped = true;
      return Promise.resolve(clause);
    }
    var star = term.indexOf("*");
    if (star !== -1) {
      clause.prefix = term.slice(0, star);
      var rest = term.slice(star).replace(/\*+$/, "");
      if (rest) clause.pattern = new RegExp("^" + term.split("*").map(escapeRegExp).join("[^]*") + "$");
      if (!clause.prefix) return Promise.resolve(withTerms(clause, []));
      if (index.aggregates.has(clause.prefix)) {
        var name = "a/" + hex(clause.prefix) + (single ? "-top" : "") + ".json";
        return load(index, name).then(function (data) {
          clause.aggregate = decodeAggregate(data, single);
          return clause;
        });
      }
      return termsUnder(index, clause.prefix).then(function (found) {
        return withTerms(clause, found.filter(function (entry) {
          return !clause.pattern || clause.pattern.test(entry.term);
        }));
      });
    }
    if (clause.editDistance > 0 && term.length > 1) {
      var region = term.slice(0, 2), limit = clause.editDistance;
      var candidates = index.lexicons.has(region)
        ? load(index, "l/" + hex(region) + ".json")
        : termsUnder(index, region).then(function (found) { return found.map(function (entry) { return entry.term; }); });
      return candidates.then(function (list) {
        var near = list.filter(function (word) { return fuzzyMatch(term, word, limit); });
        return Promise.all(near.map(function (word) { return exactTerm(index, word); }));
      }).then(function (found) {
        return withTerms(clause, found.filter(Boolean));
      });
    }
    return exactTerm(index, term).then(function (entry) { return withTerms(clause, entry ? [entry] : []); });
  }

  /* The order lunr lists a clause's terms in (its token set walked depth first,
   * last edge first; digits come first among an object's keys), which decides the
   * order of pages with equal scores. */
  function lunrOrder(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return edgeRank(y) - edgeRank(x);
    }
    return a.length - b.length;
  }

  function edgeRank(code) { return code >= 48 && code <= 57 ? code - 48 : code + 10; }

  function withTerms(clause, entries) {
    entries.sort(function (a, b) { return lunrOrder(a.term, b.term); });
    clause.terms = entries;
    clause.termSet = new Set(entries.map(function (entry) { return entry.term; }));
    return clause;
  }

  function termsUnder(index, prefix) {
    return Promise.all(shardsFor(index, prefix).map(function (key) { return shardOf(index, key); }))
      .then(function (shards) {
        var found = [];
        shards.forEach(function (shard) {
          shard.t.forEach(function (word, i) {
            if (word.lastIndexOf(prefix, 0) === 0) found.push({ term: word, shard: shard, i: i });
          });
        });
        return found;
      });
  }

  function exactTerm(index, term) {
    var key = leafFor(index, term);
    if (!key) return Promise.resolve(null);
    return shardOf(index, key).then(function (shard) {
      var i = shard.lookup.get(term);
      return i === undefined ? null : { term: term, shard: shard, i: i };
    });
  }

  function decodeAggregate(data, single) {
    var docs = [], weights = [], doc = 0;
    for (var j = 0; j < data.p.length; j += 2) {
      doc = single ? data.p[j] : doc + data.p[j];
      docs.push(doc);
      weights.push(data.p[j + 1]);
    }
    return { count: data.n, docs: docs, weights: weights, ordered: single };
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"); }

  /* Calls fn(doc, weight, order) for every page the clause matched; order ranks
   * where lunr first meets the page within the clause (term, then field). The
   * best pages of an aggregate come in lunr's order already; for all of them the
   * order is unknown. */
  function eachMatch(clause, fn) {
    if (clause.aggregate) {
      var a = clause.aggregate;
      for (var i = 0; i < a.docs.length; i++) fn(a.docs[i], a.weights[i], a.ordered ? i : 0);
      return;
    }
    clause.terms.forEach(function (entry, step) {
      var list = postings(entry.shard, entry.i);
      for (var j = 0; j < list.docs.length; j++) fn(list.docs[j], list.weights[j], step * 4 + list.fields[j]);
    });
  }

  function steps(clause) {
    if (clause.aggregate) return clause.aggregate.ordered ? clause.aggregate.docs.length : 1;
    return clause.terms.length * 4;
  }

  /* Whether an index term (from a page) is one the clause matched. */
  function clauseMatchesTerm(clause, term) {
    if (clause.aggregate) return term.lastIndexOf(clause.prefix, 0) === 0 && (!clause.pattern || clause.pattern.test(term));
    return clause.termSet.has(term);
  }

  /* lunr's query vector length: sqrt of the sum over matched terms of (the summed
   * boosts of the clauses that matched the term)^2. Only scales the scores. */
  function queryLength(clauses) {
    function overlap(a, b) {
      if (a.aggregate && b.aggregate) {
        if (a.prefix.lastIndexOf(b.prefix, 0) === 0) return a.aggregate.count;
        return b.prefix.lastIndexOf(a.prefix, 0) === 0 ? b.aggregate.count : 0;
      }
      if (a.aggregate) return overlap(b, a);
      if (b.aggregate) return a.terms.filter(function (e) { return clauseMatchesTerm(b, e.term); }).length;
      return a.terms.filter(function (e) { return b.termSet.has(e.term); }).length;
    }
    var sum = 0;
    clauses.forEach(function (a) {
      clauses.forEach(function (b) { sum += a.boost * b.boost * overlap(a, b); });
    });
    return Math.sqrt(sum);
  }

  function search(index, query) {
    query = transform(index, query);
    if (!query) return null;
    var clauses = parse(query);
    if (!clauses.length) return null;
    // The query words Material reports as found or missing ("terms"): every clause
    // but prohibited ones, without a leading and a trailing wildcard.
    var keys = [];
    clauses.forEach(function (clause) {
      if (clause.presence === PROHIBITED) return;
      var key = clause.term.replace(/^\*/, "").replace(/\*$/, "");
      if (keys.indexOf(key) === -1) keys.push(key);
    });
    // A single word under a short prefix needs only the best pages of that prefix.
    var single = clauses.length === 1 && clauses[0].presence !== PROHIBITED;
    return Promise.all(clauses.map(function (clause) { return resolve(index, clause, single); }))
      .then(function () { return rank(index, clauses, keys); });
  }

  function rank(index, clauses, keys) {
    var count = index.count;
    var total = new Float64Array(count), matched = new Uint8Array(count), banned = new Uint8Array(count);
    // lunr lists pages in the order it first meets them (clause by clause, term by
    // term); equal scores keep that order.
    var first = new Float64Array(count), seen = 0;
    var required = [], positive = [];
    var negated = clauses.every(function (clause) { return clause.presence === PROHIBITED; });
    for (var c = 0; c < clauses.length; c++) {
      var clause = clauses[c];
      if (clause.dropped) {
        if (clause.presence === REQUIRED) return { groups: [], clauses: positive, keys: keys }; // lunr fails: no results
        continue;
      }
      if (clause.presence === PROHIBITED) {
        eachMatch(clause, function (doc) { banned[doc] = 1; });
        continue;
      }
      var empty = clause.aggregate ? !clause.aggregate.docs.length : !clause.terms.length;
      if (clause.presence === REQUIRED && empty) return { groups: [], clauses: positive, keys: keys };
      var hits = clause.presence === REQUIRED ? new Uint8Array(count) : null;
      var boost = clause.boost;
      eachMatch(clause, function (doc, weight, order) {
        total[doc] += boost * weight;
        if (!matched[doc]) first[doc] = seen + order;
        matched[doc] = 1;
        if (hits) hits[doc] = 1;
      });
      seen += steps(clause);
      if (hits) required.push(hits);
      positive.push(clause);
    }
    var docs = [];
    for (var d = 0; d < count; d++) {
      if (banned[d] || !(matched[d] || negated)) continue;
      if (required.every(function (hits) { return hits[d]; })) docs.push(d);
    }
    if (negated) {
      var all = docs.map(function (doc) { return { doc: doc, score: 0, terms: Object.create(null) }; });
      return { groups: groups(index, all), clauses: [], keys: [] };
    }

    // Material's boost: 1 + (p + found / counted)^2, where p is 1 for a page and 0
    // for a section of one, and a query word counts when found or when it is not a
    // stop word.
    var found = keys.map(function (key) {
      var hit = new Uint8Array(count);
      positive.forEach(function (clause) {
        if (clause.aggregate) {
          if (clause.prefix.lastIndexOf(key, 0) === 0) eachMatch(clause, function (doc) { hit[doc] = 1; });
          return;
        }
        clause.terms.forEach(function (entry) {
          if (entry.term.lastIndexOf(key, 0) !== 0) return;
          var list = postings(entry.shard, entry.i);
          for (var j = 0; j < list.docs.length; j++) hit[list.docs[j]] = 1;
        });
      });
      return hit;
    });
    var stopKeys = keys.map(function (key) { return isStop(index, key); });
    var plainKeys = stopKeys.filter(function (stop) { return !stop; }).length;
    var length = queryLength(positive) || 1;
    var ranked = docs.map(function (doc) {
      var yes = 0, counted = plainKeys;
      for (var k = 0; k < keys.length; k++) {
        if (found[k][doc]) { yes += 1; if (stopKeys[k]) counted += 1; }
      }
      var boost = (index.parents.has(doc) ? 0 : 1) + (counted ? yes / counted : 0);
      return { doc: doc, score: total[doc] / 1000 / length * (1 + boost * boost) };
    });
    ranked.sort(function (a, b) { return b.score - a.score || first[a.doc] - first[b.doc] || a.doc - b.doc; });
    var grouped = groups(index, ranked);
    grouped.forEach(function (entries) {
      entries.forEach(function (entry) {
        if (entry.terms) return;
        entry.terms = Object.create(null);
        keys.forEach(function (key, k) { if (found[k][entry.doc]) entry.terms[key] = true; });
        keys.forEach(function (key, k) { if (!found[k][entry.doc] && !stopKeys[k]) entry.terms[key] = false; });
      });
    });
    return { groups: grouped, clauses: positive, keys: keys };
  }

  /* -- results ------------------------------------------------------------------ */

  /* Material inserts title, text and tags as HTML, in element content: escaping
   * &, < and > keeps any page text from becoming markup (as Material's own index
   * escapes it). */
  function escapeHtml(text) {
    return text.replace(/[&<>]/g, function (char) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[char];
    });
  }

  /* The text escaped, with the tokens the query matched in <mark>, as Material
   * highlights; trim: keep only first to last token, as Material does for text
   * with a match. */
  function highlight(index, text, isMatch, trim) {
    var pieces = [], at = 0, first = -1, last = -1, marked = false;
    split(index.separator, text, function (from, to) {
      if (first < 0) first = from;
      last = to;
      var token = text.slice(from, to);
      if (!isMatch(token.toLowerCase())) return;
      pieces.push(escapeHtml(text.slice(at, from)), "<mark>", escapeHtml(token), "</mark>");
      at = to;
      marked = true;
    });
    if (!marked) return escapeHtml(text);
    pieces.push(escapeHtml(text.slice(at, trim ? last : text.length)));
    var html = pieces.join("");
    if (trim && first > 0) html = html.slice(escapeHtml(text.slice(0, first)).length);
    return html;
  }

  /* Material's grouping: a page's sections follow the page, in score order; a
   * group whose page did not match gets the page, unmarked, with score 0. The
   * first manifest.cap groups, each with all its matched sections. */
  function groups(index, ranked) {
    var byPage = new Map();
    ranked.forEach(function (entry) {
      var page = index.parents.has(entry.doc) ? index.parents.get(entry.doc) : entry.doc;
      var group = byPage.get(page);
      if (!group) {
        if (byPage.size >= index.cap) return;
        byPage.set(page, (group = []));
      }
      group.push(entry);
    });
    var out = [];
    byPage.forEach(function (entries, page) {
      if (!entries.some(function (entry) { return entry.doc === page; })) {
        entries.push({ doc: page, score: 0, terms: Object.create(null), plain: true });
      }
      out.push(entries);
    });
    return out;
  }

  function items(index, outcome) {
    var grouped = outcome.groups;
    var chunks = [];
    grouped.forEach(function (entries) {
      entries.forEach(function (entry) {
        var n = Math.floor(entry.doc / index.chunk);
        if (chunks.indexOf(n) === -1) chunks.push(n);
      });
    });
    return Promise.all(chunks.map(function (n) { return load(index, "d/" + n + ".json"); })).then(function (loaded) {
      var isMatch = function (term) {
        if (isStop(index, term)) return false;
        return outcome.clauses.some(function (clause) { return clauseMatchesTerm(clause, term); });
      };
      var titles = [];
      var result = {
        items: grouped.map(function (entries) {
          return entries.map(function (entry) {
            var data = loaded[chunks.indexOf(Math.floor(entry.doc / index.chunk))][entry.doc % index.chunk];
            var marks = entry.plain ? function () { return false; } : isMatch;
            var text = data[2], tail = "";
            if (text.slice(-1) === ELLIPSIS) { text = text.slice(0, -1); tail = ELLIPSIS; }
            var item = {
              location: data[0],
              title: highlight(index, data[1], marks, false),
              text: highlight(index, text, marks, true) + tail
            };
            if (data[3] && data[3].length) {
              item.tags = data[3].map(function (tag) { return highlight(index, tag, marks, false); });
            }
            item.score = entry.score;
            item.terms = entry.terms || Object.create(null);
            if (!entry.plain) titles.push(data[1]);
            return item;
          });
        })
      };
      if (options.suggest) result.suggest = suggest(index, outcome, titles);
      return result;
    });
  }

  /* Material suggests the matched title terms of the page whose title matches
   * every query word as a prefix; here, of the first such page among the results. */
  function suggest(index, outcome, titles) {
    var words = outcome.keys.map(function (key) {
      return new RegExp("^" + key.split("*").map(escapeRegExp).join("[^]*"));
    });
    if (!words.length) return [];
    for (var r = 0; r < titles.length; r++) {
      var title = titles[r], terms = [];
      split(index.separator, title, function (from, to) {
        var term = title.slice(from, to).toLowerCase();
        if (!isStop(index, term) && terms.indexOf(term) === -1) terms.push(term);
      });
      var picked = [], complete = true;
      for (var w = 0; w < words.length && complete; w++) {
        var hit = terms.filter(function (term) { return words[w].test(term); }).sort(lunrOrder);
        complete = hit.length > 0;
        hit.forEach(function (term) { if (picked.indexOf(term) === -1) picked.push(term); });
      }
      if (complete) {
        // Material lists them as an object's keys: numbers first.
        var keys = Object.create(null);
        picked.forEach(function (term) { keys[term] = true; });
        return Object.keys(keys);
      }
    }
    return [];
  }

  /* -- protocol ------------------------------------------------------------------- */

  /* Queries come on every keystroke. The newest is always answered. An older one
   * is answered only to show something while the reader types: when nothing was
   * shown for PROGRESS_MS, the query the newest superseded may finish (one at a
   * time); any other superseded query stops at its next step, before fetching
   * more. An answer never replaces a newer one's. */
  var PROGRESS_MS = 250;
  // A query that came within TYPING_MS of the previous one is likely followed by
  // another keystroke: it waits that long before fetching anything, and gives way.
  var TYPING_MS = 80;
  var progress = 0; // the superseded query allowed to finish
  var arrivals = new Map(); // query number -> [time it came, time since the previous one came]
  var lastArrival = -Infinity;
  var shown = 0, shownAt = -Infinity; // the newest query answered, and when
  var running = new Set();

  function alive(number) { return number === latest || number === progress; }

  function answer(number, data) {
    if (!alive(number) || number < shown) return;
    self.postMessage({ type: RESULT, data: data });
    shown = number;
    shownAt = Date.now();
  }

  function run(number, query) {
    running.add(number);
    return Promise.all([loadManifest(), settle(number)]).then(function (ready) {
      var index = ready[0];
      if (!alive(number)) return null;
      var pending = typeof query === "string" ? search(index, query) : null;
      if (!pending) return answer(number, { items: [] }); // nothing to search for
      return pending.then(function (outcome) {
        if (!alive(number)) return null;
        if (!outcome.groups.length) return answer(number, emptyResult());
        return items(index, outcome).then(function (result) { answer(number, result); });
      });
    }).catch(function (error) {
      console.warn("Search failed for " + JSON.stringify(query) + ":", error);
      answer(number, emptyResult());
    }).then(function () {
      running.delete(number);
      arrivals.delete(number);
      if (progress === number) progress = 0;
    });
  }

  function settle(number) {
    var arrival = arrivals.get(number);
    var wait = number === progress || arrival[1] >= TYPING_MS ? 0 : arrival[0] + TYPING_MS - Date.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise(function (resolve) { setTimeout(resolve, wait); });
  }

  function emptyResult() {
    return options.suggest ? { items: [], suggest: [] } : { items: [] };
  }

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      options = (message.data && message.data.options) || options;
      loadManifest().catch(function () {});
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var previous = latest, now = Date.now();
      latest += 1;
      arrivals.set(latest, [now, now - lastArrival]);
      lastArrival = now;
      if (!progress && running.has(previous) && previous > shown && now - shownAt >= PROGRESS_MS) {
        progress = previous;
      }
      run(latest, message.data);
    }
  });

  loadManifest().catch(function (error) { console.warn("Search index not loaded:", error); });
})();
