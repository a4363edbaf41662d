"""Search indexes for the site, in two forms for Material's search dialog.

- ``material_index``: the ``search/search_index.json`` Material's own plugin writes.
  Material's worker builds a lunr index from it in the browser: right for small
  catalogs, slow and heavy for large ones (the whole index is fetched and indexed
  on every page load).
- ``sharded_index``: the same index prebuilt and cut into small files that
  ``catalog-search-worker.js`` fetches piecemeal, a few per query. The worker
  speaks Material's worker protocol, so the dialog and the result list are
  Material's own; it ranks as Material's lunr set-up does (BM25 with b = 0 and
  k1 = 1.2, field boosts, trailing wildcards, Material's post-query boost).

Files of the sharded index (below ``base``):

- ``manifest.json``: document count, separator, field boosts, stop words, the
  keys of the term shards, aggregates and lexicons, which documents are sections
  of which page, sizes and a content hash.
- ``t/<key>.json``: term shards. Every index term lives in the shard whose key is
  the longest key that is a prefix of the term. Keys start as the terms' first two
  characters; a shard over ``shard_bytes`` is split into one shard per next
  character (plus one for the exact term equal to the key), recursively.
  ``{"t": [terms], "w": [[weight * 4 + field, ...] per term], "o": [offsets into
  p], "p": [gap to the previous document * len(w[term]) + index into w[term]]}``:
  a term has few distinct weights (most documents hold it once, in the text), so
  each posting is one small number.
- ``a/<prefix>.json``: for a prefix whose terms span several shards (every split
  key and every first character), the summed weight of all its terms per document,
  so a short prefix such as ``s*`` costs one file instead of every ``s`` shard
  (``{"n": terms, "p": [document gap, weight, ...]}``); ``a/<prefix>-top.json``:
  only what a one-word query shows (the best ``result_cap`` pages, with their
  sections), in Material's order (``"p": [document, weight, ...]``).
- ``l/<prefix>.json``: for a split two-character prefix, its terms without
  postings, where the worker looks for a typo's corrections (``word~1``).
- ``d/<n>.json``: display data of documents ``n * chunk_size`` onwards: location,
  title, the start of the text, tags (plain text: the worker escapes it).

Weights are lunr's, precomputed: for each field, ``idf * (k1 + 1) * tf / (k1 + tf)
* boost`` rounded to 3 decimals as lunr rounds it, where idf counts a document once
per field that holds the term; a document's weight for a term is the sum over its
fields, stored in thousandths as an integer. File names are the hex of the key's
UTF-8 bytes, safe whatever the characters.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS

FORMAT_VERSION = 1
# Material's defaults (its plugin fills these in when mkdocs.yml leaves them out).
DEFAULT_SEPARATOR = r"[\s\-]+"
DEFAULT_FIELDS = {"title": 1000.0, "text": 1.0, "tags": 1_000_000.0}
# lunr's BM25 parameters as Material sets them up (b = 0: no length normalisation).
K1 = 1.2
B = 0.0

SHARD_BYTES = 48_000
# One document a file: a query's 50 results are scattered over the catalog, so any
# bigger chunk mostly carries documents nobody asked for (measured: 2 a file costs
# about 40% more bytes a query, 4 about 2.3 times).
CHUNK_SIZE = 1
RESULT_CAP = 50
TEASER_CHARS = 2000
# Keys become file names (hex, two characters a byte): no splitting past 100 bytes,
# so names stay well below a file system's 255-byte limit whatever the terms.
MAX_KEY_BYTES = 100
ELLIPSIS = "\u2026"
FIELD_CODES = 4  # a weight table entry is weight * 4 + field number

# JavaScript's \s: the separator is a JavaScript regex, Python's \s differs a little.
_JS_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One page as search sees it; all fields plain text (escaped on output)."""

    location: str  # relative to the site root, e.g. "papers/2405.12130/"
    title: str
    text: str
    tags: tuple[str, ...] = ()  # shown with the result, as Material shows a page's tags
    terms: str = ""  # searched (the `terms` field, if the config has one), never shown
    boost: float = 1.0  # lunr's document boost: scales every field's score for this page


@dataclass(frozen=True)
class SearchConfig:
    """The search plugin's settings that shape the index."""

    separator: str = DEFAULT_SEPARATOR
    fields: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FIELDS))  # name -> boost
    lang: tuple[str, ...] = ("en",)
    pipeline: tuple[str, ...] = ("stopWordFilter",)

    @classmethod
    def from_plugin(cls, options: Mapping[str, Any]) -> SearchConfig:
        """From the search plugin's options as in mkdocs.yml (``separator``, ``fields:
        {name: {boost: n}}``, ``lang``, ``pipeline``), with Material's defaults."""
        fields = {name: float((spec or {}).get("boost", 1.0)) for name, spec in (options.get("fields") or {}).items()}
        for name, boost in DEFAULT_FIELDS.items():
            fields.setdefault(name, boost)
        lang = options.get("lang") or ["en"]
        pipeline = options.get("pipeline")
        return cls(
            separator=options.get("separator") or DEFAULT_SEPARATOR,
            fields=fields,
            lang=tuple([lang] if isinstance(lang, str) else lang),
            pipeline=("stopWordFilter",) if pipeline is None else tuple(pipeline),
        )

    def material_config(self) -> dict[str, Any]:
        """The ``config`` object of search_index.json, as Material's plugin writes it."""
        return {
            "lang": list(self.lang),
            "separator": self.separator,
            "pipeline": list(self.pipeline),
            "fields": {name: {"boost": _number(boost)} for name, boost in self.fields.items()},
        }


def material_index(docs: Iterable[SearchDoc], config: SearchConfig) -> dict[str, Any]:
    """search/search_index.json for Material's own worker. Material inserts title, text
    and tags as HTML, so they are escaped here (as its plugin escapes page text)."""
    entries = []
    for doc in docs:
        entry: dict[str, Any] = {"location": doc.location, "title": _escape(doc.title), "text": _escape(doc.text)}
        if doc.tags:  # Material's plugin leaves the key out for pages without tags
            entry["tags"] = [_escape(tag) for tag in doc.tags]
        if doc.terms and "terms" in config.fields:
            entry["terms"] = _escape(doc.terms)
        if doc.boost != 1.0:  # as Material's plugin writes a page's `search.boost`
            entry["boost"] = _number(doc.boost)
        entries.append(entry)
    return {"config": config.material_config(), "docs": entries}


def search_index_stub(config: SearchConfig) -> dict[str, Any]:
    """search/search_index.json for the sharded engine: Material's page script still
    fetches it (for the config); the documents come from the shards."""
    return {"config": config.material_config(), "docs": []}


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_json_string = json.encoder.encode_basestring  # a str as JSON, as _ENCODER writes it


def to_json(value: Any) -> bytes:
    """Compact, deterministic JSON as written for the browser."""
    return _ENCODER.encode(value).encode("utf-8")


def sharded_index(
    docs: Sequence[SearchDoc],
    config: SearchConfig,
    *,
    base: str = "search/catalog",
    shard_bytes: int = SHARD_BYTES,
    chunk_size: int = CHUNK_SIZE,
    result_cap: int = RESULT_CAP,
    teaser_chars: int = TEASER_CHARS,
) -> dict[str, bytes]:
    """The files of the sharded index, path below the site root -> content."""
    if chunk_size < 1 or result_cap < 1 or shard_bytes < 1:
        raise ValueError("chunk_size, result_cap and shard_bytes must be positive")
    if len(config.fields) > FIELD_CODES:
        raise ValueError(f"the sharded search index supports at most {FIELD_CODES} fields")
    if any(lang != "en" for lang in config.lang):
        raise ValueError(f"the sharded search index supports English only, not {list(config.lang)}")
    if set(config.pipeline) - {"stopWordFilter"}:
        raise ValueError("the sharded search index supports no stemmer or trimmer (Material's default for English)")
    docs = list(docs)
    stop_words = LUNR_STOP_WORDS if "stopWordFilter" in config.pipeline else frozenset()
    postings = _postings(docs, config, stop_words)
    tree = _shard_tree(postings.terms, postings.term_bytes, shard_bytes)

    # Material groups a page's sections (location "page/#part") under the page: the
    # first document with the same path. Section -> page, as pairs.
    pages: dict[str, int] = {}
    parents: list[int] = []
    page_of = np.arange(len(docs), dtype=np.int64)
    for number, doc in enumerate(docs):
        path = doc.location.split("#", 1)[0]
        if path in pages:
            parents += [number, pages[path]]
            page_of[number] = pages[path]
        else:
            pages[path] = number

    files: dict[str, bytes] = {}
    for key, (lo, hi) in tree.shards.items():
        files[f"t/{_hex(key)}.json"] = _shard_file(postings, lo, hi)
    for prefix, (lo, hi) in tree.aggregates.items():
        full, top = _aggregate_files(postings, lo, hi, result_cap, page_of)
        files[f"a/{_hex(prefix)}.json"] = full
        files[f"a/{_hex(prefix)}-top.json"] = top
    for prefix in tree.lexicons:
        lo, hi = tree.aggregates[prefix]
        files[f"l/{_hex(prefix)}.json"] = to_json(postings.terms[lo:hi])
    for start in range(0, len(docs), chunk_size):
        chunk = ",".join(_display(doc, teaser_chars) for doc in docs[start : start + chunk_size])
        files[f"d/{start // chunk_size}.json"] = f"[{chunk}]".encode()

    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    manifest = {
        "version": FORMAT_VERSION,
        "hash": digest.hexdigest()[:16],
        "docs": len(docs),
        "separator": config.separator,
        "fields": {name: _number(boost) for name, boost in config.fields.items()},
        "stopWords": sorted(stop_words),
        "chunk": chunk_size,
        "cap": result_cap,
        "shards": _utf16_sorted(tree.shards),
        "aggregates": _utf16_sorted(tree.aggregates),
        "lexicons": _utf16_sorted(tree.lexicons),
        "parents": parents,
    }
    files["manifest.json"] = to_json(manifest)
    prefix = base.strip("/")
    return {f"{prefix}/{path}" if prefix else path: content for path, content in files.items()}


# -- tokenising ------------------------------------------------------------------------

# Marks the end of a document in a field's token stream (NUL never reaches a token:
# it is replaced in the input).
_END = "\x00"
# Python's str.split() splits on these, JavaScript's \s does not.
_PYTHON_ONLY_SPACE = frozenset("\x1c\x1d\x1e\x1f\x85")
# One literal character (escaped or not) followed by negative look-arounds, e.g. \.(?!\d).
_ONE_CHARACTER = re.compile(r"(?:\\[^A-Za-z0-9]|\\[tnrfv]|[^\\\[\](){}|*+?.^$])((?:\(\?<?!(?:\\.|[^()\\])*\))*)")
_LOOK_AROUND = re.compile(r"\(\?(<?)!((?:\\.|[^()\\])*)\)")
# Documents are joined with this between them for the fast path.
_JOINT = f"\n{_END}\n"
_CLASS = re.compile(r"(\[(?:\\.|[^\]\\])*\])\+?")


def js_separator(pattern: str) -> re.Pattern[str]:
    """The separator (a JavaScript regex) compiled to split as the browser splits:
    \\s as JavaScript's white space, \\d, \\w, \\b ASCII-only."""
    try:
        return re.compile(_translate_js(pattern), re.ASCII)
    except re.error as error:
        raise ValueError(f"search separator {pattern!r} is not a regex Python can run: {error}") from error


def _translate_js(pattern: str) -> str:
    out = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped == "s":
                out.append(_JS_SPACE if in_class else f"[{_JS_SPACE}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{_JS_SPACE}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level ``|``."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True, slots=True)
class _Splitter:
    """Splits text into lower-cased tokens as Material's tokenizer does.

    The regex engine is the slow part of indexing, so separators of the usual shape
    (character classes, and single characters with look-arounds such as ``\\.(?!\\d)``)
    take a fast path over a whole field at once: one regex pass replaces the single
    characters by a space, a byte translation the ASCII class characters (and
    lower-cases ASCII), and ``str.split()`` splits at white space. Both paths give
    the same tokens."""

    regex: re.Pattern[str]
    fast: bool
    singles: re.Pattern[str] | None = None  # the single-character alternatives
    table: bytes = b""  # ASCII class characters to spaces, A-Z to a-z
    others: tuple[str, ...] = ()  # non-ASCII class characters that are not white space
    keep: str = ""  # white space to Python, not a separator: no fast path where they occur

    def stream(self, values: Sequence[str]) -> list[str]:
        """Tokens of all values, each value's followed by the end mark."""
        values = [value.replace(_END, "\ufffd") if _END in value else value for value in values]
        if self.fast and values:
            joined = _JOINT.join(values) + _JOINT[:2]
            if not any(char in joined for char in self.keep):
                if self.singles is not None:
                    joined = self.singles.sub(" ", joined)
                ascii_only = joined.isascii()
                joined = joined.encode("utf-8", "surrogatepass").translate(self.table).decode("utf-8", "surrogatepass")
                if not ascii_only:
                    for char in self.others:
                        if char in joined:
                            joined = joined.replace(char, " ")
                    joined = _lower_rest(joined)
                return joined.split()
        tokens: list[str] = []
        for value in values:
            at = 0
            for match in self.regex.finditer(value):
                if at < match.start():
                    tokens.append(value[at : match.start()].lower())
                at = match.end()
            if at < len(value):
                tokens.append(value[at:].lower())
            tokens.append(_END)
        return tokens


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _lower_rest(text: str) -> str:
    """Lower-cases the non-ASCII letters of text whose ASCII is lower-cased already:
    usually none or a few, so replacing them beats lower() over the whole text."""
    changed = [char for char in set(_NON_ASCII.findall(text)) if char.lower() != char]
    if any(char == "\u03a3" or len(char.lower()) != 1 for char in changed):
        return text.lower()  # final sigma depends on context; some letters lower to two
    for char in changed:
        text = text.replace(char, char.lower())
    return text


@functools.lru_cache(maxsize=8)
def _splitter(pattern: str) -> _Splitter:
    regex = js_separator(pattern)
    slow = _Splitter(regex, fast=False)
    characters: set[str] = set()
    singles = []
    bmp = "".join(chr(c) for c in range(0x10000))
    for part in _alternatives(pattern):
        whole = _CLASS.fullmatch(part)
        single = _ONE_CHARACTER.fullmatch(part)
        if whole:
            characters.update(re.findall(_translate_js(whole.group(1)), bmp, re.ASCII))
        elif single and not _sees_joint(single.group(1)):
            singles.append(part)
        else:
            return slow
    python_space = {char for char in bmp if char.isspace()}
    if not python_space - _PYTHON_ONLY_SPACE <= characters:
        return slow
    if _END in characters or len(characters) > 512 or any(0xD800 <= ord(char) <= 0xDFFF for char in characters):
        return slow
    replaced = sorted(characters - python_space)
    ascii_replaced = "".join(char for char in replaced if char.isascii())
    keep = "".join(sorted(_PYTHON_ONLY_SPACE - characters))
    upper = "".join(char for char in string.ascii_uppercase if char not in ascii_replaced)
    return _Splitter(
        regex,
        fast=True,
        singles=re.compile(_translate_js("|".join(singles)), re.ASCII) if singles else None,
        table=bytes.maketrans((ascii_replaced + upper).encode(), (" " * len(ascii_replaced) + upper.lower()).encode()),
        others=tuple(char for char in replaced if not char.isascii()),
        keep=keep,
    )


def _sees_joint(look_arounds: str) -> bool:
    """Whether a look-around could tell the joint between documents from the start
    or end of a text (where a negative look-around always succeeds)."""
    for behind, inner in _LOOK_AROUND.findall(look_arounds):
        compiled = re.compile(_translate_js(inner), re.ASCII)
        if compiled.match(_JOINT) if not behind else compiled.search(_JOINT):
            return True
    return False


def tokens(text: str, separator: str) -> list[str]:
    """The index terms of one text, stop words included, as the browser splits it."""
    return [token for token in _splitter(separator).stream([text]) if token != _END]


@dataclass(frozen=True, slots=True)
class _Postings:
    """Every (term, document) pair with its weight, sorted by term then document."""

    terms: list[str]  # sorted by code point
    offsets: np.ndarray  # terms[i]'s postings are rows offsets[i]:offsets[i + 1]
    docs: np.ndarray  # int64 document numbers
    weights: np.ndarray  # int64 weights in thousandths
    fields: np.ndarray  # the first field (config order) holding the term
    tables: list[list[int]]  # each term's distinct weight * 4 + first field, ascending
    packed: np.ndarray  # per row: gap to the previous document * len(table) + index in the table
    term_bytes: np.ndarray  # estimated JSON bytes of each term in a shard


def _postings(docs: Sequence[SearchDoc], config: SearchConfig, stop_words: Iterable[str]) -> _Postings:
    splitter = _splitter(config.separator)
    names = list(config.fields)
    streams = []
    for name in names:
        if name == "tags":
            values = ["\n".join(doc.tags) for doc in docs]  # \n separates, as tags are split one by one
        else:
            values = [str(getattr(doc, name, "") or "") for doc in docs]
        streams.append(splitter.stream(values))

    vocabulary = dict.fromkeys(itertools.chain.from_iterable(streams))
    vocabulary.pop(_END, None)
    stop = set(stop_words) & vocabulary.keys()
    terms = sorted(vocabulary.keys() - stop)
    rank = {term: i for i, term in enumerate(terms)}
    rank[_END] = -1
    rank.update(dict.fromkeys(stop, -2))

    # One row per (field, term, document): term frequency and lunr's score.
    count = len(docs)
    width = max(count, 1)  # (term, document) pairs are coded as term * width + document
    span = max(len(terms), 1)
    row_terms, row_docs, row_tfs, row_fields = [], [], [], []
    for number, stream in enumerate(streams):
        ids = np.fromiter(map(rank.__getitem__, stream), dtype=np.int64, count=len(stream))
        ends = ids == -1
        doc_ids = np.cumsum(ends) - ends
        keep = ids >= 0
        keys, tfs = np.unique(ids[keep] * width + doc_ids[keep], return_counts=True)
        row_terms.append(keys // width)
        row_docs.append(keys % width)
        row_tfs.append(tfs)
        row_fields.append(np.full(len(keys), number, dtype=np.int64))
    term_ids = np.concatenate(row_terms) if row_terms else np.zeros(0, dtype=np.int64)
    doc_ids = np.concatenate(row_docs) if row_docs else np.zeros(0, dtype=np.int64)
    tfs = (np.concatenate(row_tfs) if row_tfs else np.zeros(0)).astype(np.float64)
    field_ids = np.concatenate(row_fields) if row_fields else np.zeros(0, dtype=np.int64)

    # lunr: idf counts a document once for every field holding the term.
    frequency = np.bincount(term_ids, minlength=span).astype(np.float64)
    idf = np.log(1 + np.abs((count - frequency + 0.5) / (frequency + 0.5)))
    boosts = np.asarray([config.fields[name] or 1.0 for name in names], dtype=np.float64)
    # The same operations in the same order as lunr's Builder, so the doubles agree.
    score = idf[term_ids] * ((K1 + 1) * tfs) / (K1 * (1 - B) + tfs)
    doc_boosts = np.asarray([doc.boost for doc in docs], dtype=np.float64)
    score = score * boosts[field_ids] * doc_boosts[doc_ids] * 1000
    milli = np.floor(score)
    milli += (score - milli) >= 0.5  # Math.round: halves up
    milli = milli.astype(np.int64)

    # Sum over fields: one row per (term, document), sorted.
    # Rows come field by field, so a pair's first row is in its first field: lunr
    # meets a page in its first field holding the term, which orders equal scores.
    pair_keys, first_row, inverse = np.unique(term_ids * width + doc_ids, return_index=True, return_inverse=True)
    weights = np.bincount(inverse, weights=milli, minlength=len(pair_keys)).astype(np.int64)
    pair_terms = pair_keys // width
    pair_docs = pair_keys % width
    codes = weights * FIELD_CODES + field_ids[first_row]
    offsets = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_terms, minlength=len(terms)), out=offsets[1:])

    # Few distinct weights per term (most documents hold it once, in the text): a
    # table per term of weight * 4 + first field, and each posting an index into it
    # packed with the gap.
    scale = int(codes.max()) + 1 if len(codes) else 1
    table_keys, slot = np.unique(pair_terms * scale + codes, return_inverse=True)
    table_terms = table_keys // scale
    table_values = table_keys % scale
    table_starts = np.searchsorted(table_terms, np.arange(len(terms)))
    table_sizes = np.bincount(table_terms, minlength=len(terms))
    index = slot - table_starts[pair_terms]
    packed = _deltas(pair_docs, offsets) * table_sizes[pair_terms] + index
    bounds = np.append(table_starts, len(table_keys)).tolist()
    values = table_values.tolist()
    tables = [values[bounds[i] : bounds[i + 1]] for i in range(len(terms))]

    # Shard sizes decide the splits: estimate each term's JSON bytes without writing it.
    digits = _digits(packed) + 1
    per_term = np.add.reduceat(digits, offsets[:-1]) if len(digits) else np.zeros(0, dtype=np.int64)
    per_term = np.where(offsets[1:] > offsets[:-1], per_term, 0)
    table_bytes = np.add.reduceat(_digits(table_values) + 1, table_starts) if len(terms) else per_term
    name_bytes = np.asarray([len(term.encode()) + 8 for term in terms], dtype=np.int64)
    sizes = per_term + table_bytes + name_bytes
    return _Postings(terms, offsets, pair_docs, weights, field_ids[first_row], tables, packed, sizes)


def _deltas(docs: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Document numbers as gaps from the previous posting of the same term."""
    deltas = docs.copy()
    if len(docs) > 1:
        deltas[1:] -= docs[:-1]
        starts = offsets[:-1][offsets[:-1] < offsets[1:]]
        deltas[starts] = docs[starts]
    return deltas


def _digits(values: np.ndarray) -> np.ndarray:
    digits = np.ones(len(values), dtype=np.int64)
    power = 10
    while len(values) and power <= values.max():
        digits += values >= power
        power *= 10
    return digits


# -- shards ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tree:
    shards: dict[str, tuple[int, int]]  # key -> range of sorted terms
    aggregates: dict[str, tuple[int, int]]  # prefix spanning several shards -> its terms
    lexicons: list[str]  # split two-character prefixes


def _shard_tree(terms: list[str], term_bytes: np.ndarray, limit: int) -> _Tree:
    cumulative = np.concatenate([[0], np.cumsum(term_bytes)]) if len(term_bytes) else np.zeros(1, dtype=np.int64)
    shards: dict[str, tuple[int, int]] = {}
    aggregates: dict[str, tuple[int, int]] = {}

    def place(key: str, lo: int, hi: int) -> None:
        size = int(cumulative[hi] - cumulative[lo])
        if size <= limit or hi - lo == 1 or len(key.encode()) >= MAX_KEY_BYTES:
            shards[key] = (lo, hi)
            return
        aggregates[key] = (lo, hi)
        if terms[lo] == key:  # the exact term sorts first and keeps the key's own shard
            shards[key] = (lo, lo + 1)
            lo += 1
        for child, start, end in _groups(terms, lo, hi, len(key) + 1):
            place(child, start, end)

    for key, lo, hi in _groups(terms, 0, len(terms), 2):
        place(key, lo, hi)
    # A first character whose terms fill several shards gets an aggregate too.
    for first, lo, hi in _groups(terms, 0, len(terms), 1):
        if first not in aggregates and sum(1 for key in shards if key.startswith(first)) > 1:
            aggregates[first] = (lo, hi)
    lexicons = [prefix for prefix in aggregates if len(prefix) == 2]
    return _Tree(shards, aggregates, lexicons)


def _groups(terms: list[str], lo: int, hi: int, length: int) -> Iterable[tuple[str, int, int]]:
    """Runs of sorted terms sharing their first ``length`` characters."""
    start = lo
    while start < hi:
        key = terms[start][:length]
        end = start + 1
        while end < hi and terms[end][:length] == key:
            end += 1
        yield key, start, end
        start = end


def _shard_file(postings: _Postings, lo: int, hi: int) -> bytes:
    first, last = int(postings.offsets[lo]), int(postings.offsets[hi])
    return to_json(
        {
            "t": postings.terms[lo:hi],
            "w": postings.tables[lo:hi],
            "o": (postings.offsets[lo : hi + 1] - first).tolist(),
            "p": postings.packed[first:last].tolist(),
        }
    )


def _aggregate_files(postings: _Postings, lo: int, hi: int, cap: int, page_of: np.ndarray) -> tuple[bytes, bytes]:
    """Per document, the summed weight of all terms in the range: every document
    (gap-coded, in document order), and the ones a one-word query shows (the best
    ``cap`` pages with their sections) in the order Material lists them."""
    first, last = int(postings.offsets[lo]), int(postings.offsets[hi])
    docs = postings.docs[first:last]
    totals = np.bincount(docs, weights=postings.weights[first:last]).astype(np.int64)
    matched = np.flatnonzero(np.bincount(docs))
    sums = totals[matched]
    flat = np.empty(2 * len(matched), dtype=np.int64)
    flat[0::2] = np.diff(matched, prepend=0)
    flat[1::2] = sums
    best = _best(postings, lo, hi, matched, sums, cap, page_of)
    top = np.empty(2 * len(best), dtype=np.int64)
    top[0::2] = matched[best]
    top[1::2] = sums[best]
    terms = hi - lo
    return to_json({"n": terms, "p": flat.tolist()}), to_json({"n": terms, "p": top.tolist()})


def _best(
    postings: _Postings, lo: int, hi: int, matched: np.ndarray, sums: np.ndarray, cap: int, page_of: np.ndarray
) -> np.ndarray:
    """Indexes (into ``matched``) of what a one-word query shows, in Material's order:
    by score (Material multiplies a page's by 5, a section's by 2: 1 + (1 + 1)^2 and
    1 + (0 + 1)^2), equal scores as lunr meets the documents (the first of their terms
    in lunr's order, then field, then document); the first ``cap`` pages, each with
    all its matched sections."""
    pages = page_of[matched]
    scores = sums * np.where(pages == matched, 5, 2)
    order = np.lexsort((matched, -scores))
    # Enough of the order to hold cap pages, and everything tied with its end.
    seen, end = set(), len(order)
    for position, page in enumerate(pages[order].tolist()):
        seen.add(page)
        if len(seen) > cap:
            end = position
            break
    head = order[: max(end, 1)]
    head = order[scores[order] >= scores[head[-1]]] if len(head) else head
    tied = np.flatnonzero(np.diff(scores[head]) == 0)
    if len(tied):
        suspects = np.zeros(len(page_of), dtype=bool)
        suspects[matched[head[np.union1d(tied, tied + 1)]]] = True
        first_seen: dict[int, tuple] = {}
        start, stop = int(postings.offsets[lo]), int(postings.offsets[hi])
        rows = np.flatnonzero(suspects[postings.docs[start:stop]]) + start
        term_of_row = np.searchsorted(postings.offsets, rows, side="right") - 1
        for row, term in zip(rows.tolist(), term_of_row.tolist(), strict=True):
            key = (_lunr_order(postings.terms[term]), int(postings.fields[row]))
            doc = int(postings.docs[row])
            if doc not in first_seen or key < first_seen[doc]:
                first_seen[doc] = key
        head = np.asarray(
            sorted(
                head.tolist(), key=lambda i: (-int(scores[i]), first_seen.get(int(matched[i]), ()), int(matched[i]))
            ),
            dtype=np.int64,
        )
    chosen = np.zeros(len(page_of), dtype=bool)
    chosen[list(dict.fromkeys(pages[head].tolist()))[:cap]] = True
    shown = head[chosen[pages[head]]]
    taken = np.zeros(len(matched), dtype=bool)
    taken[shown] = True
    rest = order[chosen[pages[order]] & ~taken[order]]  # sections further down
    return np.concatenate([shown, rest]).astype(np.int64)


@functools.lru_cache(maxsize=65536)
def _lunr_order(term: str) -> tuple[int, ...]:
    """Sort key of lunr's order of expanded terms: its token set walked depth first
    from the last edge, where an object's digit keys come first (so last)."""
    units = term.encode("utf-16-be")
    codes = [units[i] << 8 | units[i + 1] for i in range(0, len(units), 2)]
    return tuple(-(code - 48) if 48 <= code <= 57 else -(code + 10) for code in codes)


# -- display -----------------------------------------------------------------------------


def _display(doc: SearchDoc, teaser_chars: int) -> str:
    """What a result shows, as JSON ``[location, title, text start, tags?]``: plain
    text, escaped by the worker as it marks matches. Written by hand: ten thousand
    small lists through json.dumps cost a tenth of the index's build time."""
    fields = [doc.location, doc.title, teaser(doc.text, teaser_chars)]
    entry = ",".join(map(_json_string, fields))
    if doc.tags:
        entry += ",[" + ",".join(map(_json_string, doc.tags)) + "]"
    return f"[{entry}]"


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    """The start of the text, cut at a space before ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip() + ELLIPSIS


# -- helpers -----------------------------------------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _hex(key: str) -> str:
    return key.encode("utf-8").hex()


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _utf16_sorted(keys: Iterable[str]) -> list[str]:
    """In JavaScript's string order (UTF-16 code units)."""
    return sorted(keys, key=lambda key: key.encode("utf-16-be"))
