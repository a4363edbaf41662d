"""The search indexes: Material's JSON and the sharded index the catalog's worker reads."""

from __future__ import annotations

import json
import math
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.stop_word_filter import WORDS

from generator.search.index import (
    ELLIPSIS,
    SearchConfig,
    SearchDoc,
    _splitter,
    js_separator,
    material_index,
    search_index_stub,
    sharded_index,
    teaser,
    to_json,
    tokens,
)

SEPARATOR = r'[\s\-,:!=\[\](){}^$\\"/]+|\.(?!\d)'
CONFIG = SearchConfig.from_plugin(
    {"separator": SEPARATOR, "fields": {"title": {"boost": 1000}, "tags": {"boost": 100}, "text": {"boost": 1}}}
)
BASE = "search/catalog"
SAFE_PATH = re.compile(r"^search/catalog/(manifest\.json|[tal]/[0-9a-f]+(-top)?\.json|d/[0-9]+\.json)$")

DOCS = [
    SearchDoc(
        "papers/2311.08526/",
        "GLiNER: Generalist Model for Named Entity Recognition using Bidirectional Transformer",
        "Named Entity Recognition (NER) is essential in various Natural Language Processing (NLP) applications. "
        "Traditional NER models are effective but limited to a set of predefined entity types.",
        ("2311.08526", "Urchade Zaratiana", "Nadi Tomeh"),
    ),
    SearchDoc(
        "papers/2404.03592/",
        "ReFT: Representation Finetuning for Language Models",
        "Parameter-efficient finetuning (PEFT) methods seek to adapt large neural models via updates to a small "
        "number of weights. We release a generic ReFT training library publicly at pyreft.",
        ("2404.03592", "Zhengxuan Wu", "Christopher Potts"),
    ),
    SearchDoc(
        "papers/2406.04093/",
        "Scaling and evaluating sparse autoencoders",
        "Sparse autoencoders provide a promising unsupervised approach for extracting interpretable features "
        "from a language model by reconstructing activations from a sparse bottleneck layer. Models, models.",
        ("2406.04093", "Leo Gao"),
    ),
    SearchDoc("tags/", "Tags", "Every tag of the catalog, with its papers.", ()),
]
HOSTILE = [
    SearchDoc(
        "papers/0001.00001/",
        '<img src=x onerror=alert(1)> & "quotes" \u2014 \u03a3\u039f\u03a6\u0399\u0391 \u6f22\u5b57 \U0001f600',
        "<script>alert('x')</script> AT&T said \"hi\". " + "w" * 600 + " ..\\..\\etc con nul .. \u0000 \ufeffend",
        ("<b>bold</b>", "O'Brien & Co"),
    ),
    SearchDoc("papers/0001.00002/", "\u0131\u0130 \u00df \u1e9e", "\U0001d465\U0001d466 emoji\U0001f600x", ()),
]


def files(docs=DOCS, **options) -> dict[str, bytes]:
    return sharded_index(docs, CONFIG, **options)


def load(built: dict[str, bytes], path: str):
    return json.loads(built[f"{BASE}/{path}"])


def hexname(key: str) -> str:
    return key.encode().hex()


def all_terms(docs) -> set[str]:
    found = set()
    for doc in docs:
        for text in (doc.title, doc.text, *doc.tags):
            found.update(tokens(text, SEPARATOR))
    return found - WORDS


def shards(built) -> dict[str, dict]:
    manifest = load(built, "manifest.json")
    return {key: load(built, f"t/{hexname(key)}.json") for key in manifest["shards"]}


def decoded(shard: dict, term: str) -> list[tuple[int, int, int]]:
    """(document, weight, first field) of a term's postings."""
    i = shard["t"].index(term)
    table = shard["w"][i]
    doc, out = 0, []
    for value in shard["p"][shard["o"][i] : shard["o"][i + 1]]:
        slot = value % len(table)
        doc += value // len(table)
        out.append((doc, table[slot] // 4, table[slot] % 4))
    return out


def posting_of(built, term):
    manifest = load(built, "manifest.json")
    key = max((k for k in manifest["shards"] if term.startswith(k)), key=len)
    return decoded(load(built, f"t/{hexname(key)}.json"), term)


# -- Material's index -------------------------------------------------------------------


def test_material_index_is_what_materials_plugin_writes_with_text_escaped():
    index = material_index(HOSTILE[:1] + DOCS[-1:], CONFIG)
    assert index["config"] == {
        "lang": ["en"],
        "separator": SEPARATOR,
        "pipeline": ["stopWordFilter"],
        "fields": {"title": {"boost": 1000}, "tags": {"boost": 100}, "text": {"boost": 1}},
    }
    first, tags_page = index["docs"]
    assert first["location"] == "papers/0001.00001/"
    assert first["title"].startswith('&lt;img src=x onerror=alert(1)&gt; &amp; "quotes"')
    assert "<" not in first["text"] and "&lt;script&gt;alert('x')&lt;/script&gt; AT&amp;T" in first["text"]
    assert first["tags"] == ["&lt;b&gt;bold&lt;/b&gt;", "O'Brien &amp; Co"]
    assert "tags" not in tags_page  # as Material's plugin: no key for a page without tags
    json.loads(to_json(index))


def test_stub_has_the_config_and_no_documents():
    stub = search_index_stub(CONFIG)
    assert stub == {"config": material_index([], CONFIG)["config"], "docs": []}
    assert len(to_json(stub)) < 300


def test_config_from_plugin_fills_in_materials_defaults():
    config = SearchConfig.from_plugin({})
    assert config.separator == r"[\s\-]+"
    assert config.fields == {"title": 1000.0, "text": 1.0, "tags": 1_000_000.0}
    assert config.lang == ("en",) and config.pipeline == ("stopWordFilter",)
    assert SearchConfig.from_plugin({"lang": "en", "pipeline": []}).pipeline == ()
    assert CONFIG.fields == {"title": 1000.0, "tags": 100.0, "text": 1.0}


# -- tokenising -------------------------------------------------------------------------


def test_tokens_split_as_the_browser_splits():
    assert tokens("arXiv:2405.12130v2, see github.com/a/b (v1.5). Done.", SEPARATOR) == [
        "arxiv",
        "2405.12130v2",
        "see",
        "github",
        "com",
        "a",
        "b",
        "v1.5",
        "done",
    ]
    # JavaScript's \s: no-break space and BOM separate, U+001C does not.
    assert tokens("a\u00a0b\ufeffc\u001cd", SEPARATOR) == ["a", "b", "c\u001cd"]
    assert js_separator(r"\d+").pattern == r"\d+"
    with pytest.raises(ValueError, match="not a regex"):
        js_separator("[")


TEXT = st.text(
    alphabet=st.sampled_from(
        list('ab.1 -,:"/\\()[]{}^$!=\t\n\u00a0\u2003\ufeff\u001c\u0085\u03a3\u0130\u00e9A\U0001f600')
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=4))
def test_fast_tokenizer_agrees_with_the_regex(values):
    fast = _splitter(SEPARATOR)
    assert fast.fast
    slow = type(fast)(fast.regex, fast=False)
    assert fast.stream(values) == slow.stream(values)


@pytest.mark.parametrize("separator", [r"[\s\-]+", r"[\s]+|\.(?!\s)", r"\s+|(?<=\d)x", r"[^a-z]+", r"[\sX]+|W(?!\d)"])
def test_other_separators_split_alike_on_either_path(separator):
    splitter = _splitter(separator)
    # Look-arounds that could see past a text's end, or other shapes, take the regex.
    assert splitter.fast == (separator in (r"[\s\-]+", r"[\sX]+|W(?!\d)"))
    slow = type(splitter)(splitter.regex, fast=False)
    values = ["Hello-World. 3x4 a.b\u00a0c", "", "x.\ny", "aXbWc W1 XW"]
    assert splitter.stream(values) == slow.stream(values)


def test_teaser_cuts_at_a_space():
    assert teaser("short text", 320) == "short text"
    cut = teaser("word " * 100, 32)
    assert cut == "word word word word word word" + ELLIPSIS
    assert teaser("x" * 50, 10) == "x" * 10 + ELLIPSIS


# -- the sharded index ------------------------------------------------------------------


def test_manifest_lists_what_the_worker_needs():
    built = files()
    manifest = load(built, "manifest.json")
    assert manifest["version"] == 1
    assert manifest["docs"] == len(DOCS)
    assert manifest["separator"] == SEPARATOR
    assert manifest["fields"] == {"title": 1000, "tags": 100, "text": 1}
    assert set(manifest["stopWords"]) == WORDS  # the worker hard-codes no list
    assert manifest["chunk"] == 1 and manifest["cap"] == 50
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["hash"])
    assert all(SAFE_PATH.match(path) for path in built), [p for p in built if not SAFE_PATH.match(p)]
    assert all(json.loads(content) is not None for content in built.values())
    # Compact: written as to_json writes it.
    assert all(to_json(json.loads(content)) == content for content in built.values())


def test_every_term_lives_in_exactly_one_shard_the_longest_key_that_starts_it():
    for docs, limit in ((DOCS, 48_000), (DOCS + HOSTILE, 48_000), (DOCS + HOSTILE, 60)):
        built = files(docs, shard_bytes=limit)
        found = Counter()
        keys = load(built, "manifest.json")["shards"]
        for key, shard in shards(built).items():
            assert shard["o"][0] == 0 and shard["o"][-1] == len(shard["p"])
            assert len(shard["w"]) == len(shard["t"]) == len(shard["o"]) - 1
            for term in shard["t"]:
                found[term] += 1
                assert max((k for k in keys if term.startswith(k)), key=len) == key
        assert set(found) == all_terms(docs)
        assert set(found.values()) == {1}


def test_big_shards_split_into_longer_keys_with_aggregates_and_lexicons():
    built = files(DOCS + HOSTILE, shard_bytes=60)
    manifest = load(built, "manifest.json")
    keys = manifest["shards"]
    assert len({len(key) for key in keys}) >= 3  # variable-length keys
    for key, shard in shards(built).items():
        size = len(built[f"{BASE}/t/{hexname(key)}.json"])
        assert size <= 200 or len(shard["t"]) == 1 or len(key.encode()) >= 100
    # Every prefix spanning several shards has an aggregate: a short prefix costs one file.
    for prefix in manifest["aggregates"]:
        assert sum(1 for key in keys if key.startswith(prefix)) > 1 or prefix in keys
        full = load(built, f"a/{hexname(prefix)}.json")
        top = load(built, f"a/{hexname(prefix)}-top.json")
        terms = [t for t in all_terms(DOCS + HOSTILE) if t.startswith(prefix)]
        assert full["n"] == top["n"] == len(terms)
        # the summed weights of all its terms, per document
        expected = Counter()
        for term in terms:
            for doc, weight, _ in posting_of(built, term):
                expected[doc] += weight
        docs, doc = [], 0
        for gap, weight in zip(full["p"][0::2], full["p"][1::2], strict=True):
            doc += gap
            docs.append((doc, weight))
        assert docs == sorted(expected.items())
        best = sorted(expected.items(), key=lambda item: -item[1])[: manifest["cap"]]
        assert [w for _, w in zip(top["p"][0::2], top["p"][1::2], strict=True)] == [w for _, w in best]
    for prefix in manifest["lexicons"]:
        assert len(prefix) == 2 and prefix in manifest["aggregates"]
        lexicon = load(built, f"l/{hexname(prefix)}.json")
        assert lexicon == sorted(t for t in all_terms(DOCS + HOSTILE) if t.startswith(prefix))
    assert manifest["lexicons"], "a two-letter prefix should have been split"


def test_weights_are_lunrs_bm25_with_b_0_summed_over_fields():
    built = files()
    n = len(DOCS)
    fields = {"title": 1000, "tags": 100, "text": 1}

    def field_tokens(doc, name):
        values = doc.tags if name == "tags" else (getattr(doc, name),)
        return [t for value in values for t in tokens(value, SEPARATOR) if t not in WORDS]

    for term in ("models", "sparse", "ner", "2404.03592", "potts"):
        frequency = sum(1 for doc in DOCS for name in fields if term in field_tokens(doc, name))
        idf = math.log(1 + abs((n - frequency + 0.5) / (frequency + 0.5)))
        expected = []
        for number, doc in enumerate(DOCS):
            weight, first = 0, None
            for field_number, (name, boost) in enumerate(fields.items()):
                tf = field_tokens(doc, name).count(term)
                if tf:
                    score = idf * ((1.2 + 1) * tf) / (1.2 * (1 - 0 + 0) + tf) * boost
                    weight += math.floor(score * 1000 + 0.5)  # lunr rounds to 3 decimals
                    first = field_number if first is None else first
            if weight:
                expected.append((number, weight, first))
        assert posting_of(built, term) == expected, term


def test_stop_words_are_not_indexed():
    built = files()
    indexed = {term for shard in shards(built).values() for term in shard["t"]}
    assert not indexed & WORDS
    assert "the" not in indexed and "for" not in indexed


def test_same_input_same_bytes():
    assert files(DOCS + HOSTILE) == files(DOCS + HOSTILE)
    assert load(files(DOCS), "manifest.json")["hash"] != load(files(DOCS[:2]), "manifest.json")["hash"]


def test_documents_for_display_are_plain_text_in_chunks():
    built = files(DOCS + HOSTILE, chunk_size=2, teaser_chars=40)
    chunks = sorted(path for path in built if "/d/" in path)
    assert chunks == [f"{BASE}/d/{n}.json" for n in range(3)]
    first = load(built, "d/0.json")[0]
    assert first[0] == "papers/2311.08526/"
    assert first[1] == DOCS[0].title
    assert first[2] == "Named Entity Recognition (NER) is" + ELLIPSIS
    assert first[3] == list(DOCS[0].tags)
    assert len(load(built, "d/1.json")[1]) == 3  # no tags: no tags entry
    hostile = load(built, "d/2.json")[0]
    assert hostile[1] == HOSTILE[0].title  # escaped by the worker as it marks matches


def test_hostile_text_makes_safe_files():
    built = files(DOCS + HOSTILE, shard_bytes=60)
    assert all(SAFE_PATH.match(path) for path in built)
    assert all(len(path.rsplit("/", 1)[1]) < 255 for path in built)
    terms = {term for shard in shards(built).values() for term in shard["t"]}
    assert "w" * 600 in terms
    assert {"<script>alert", "at&t", "σοφια", "漢字", "\U0001f600", "con", "nul", "\u0131i\u0307"} <= terms
    assert "\x00" not in "".join(terms)


def test_empty_catalog():
    built = files([])
    assert load(built, "manifest.json")["docs"] == 0
    assert load(built, "manifest.json")["shards"] == []


def test_unsupported_settings_are_refused():
    with pytest.raises(ValueError, match="English"):
        sharded_index(DOCS, SearchConfig(lang=("de",)))
    with pytest.raises(ValueError, match="stemmer"):
        sharded_index(DOCS, SearchConfig(pipeline=("stemmer", "stopWordFilter")))


def test_base_folder_prefixes_every_path():
    assert all(path.startswith("x/y/") for path in sharded_index(DOCS, CONFIG, base="/x/y/"))
