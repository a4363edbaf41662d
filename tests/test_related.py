"""Related papers: shown only with evidence, explained, stable; precision on judged sets is
in tests/test_quality.py."""

import numpy as np
import pytest

import generator.derive as derive_module
from generator.build import check_catalog
from generator.derive import derive
from generator.derive.related import (
    BLOCK,
    GENERIC_WORDS,
    TOP_TERMS,
    _terms,
    related_papers,
    text_signals,
)
from generator.derive.taxonomy import load_taxonomy
from generator.forked import Forked
from generator.models import Paper


@pytest.fixture(scope="module")
def bundled_derived(bundled_settings):
    report, _ = check_catalog(bundled_settings)
    return derive(report.papers, load_taxonomy(bundled_settings.path(bundled_settings.taxonomy)))


def linked(related, a, b):
    return b in {r.id for r in related.get(a, ())} or a in {r.id for r in related.get(b, ())}


# Pairs a reader calls closely related (tests/fixtures/judged/related/bundled.yml), and
# pairs that share only a broad area.
STRONG_PAIRS = [
    ("2309.17452", "2407.04078"),  # ToRA / DotaMath: tool-integrated math reasoning
    ("2309.17452", "2405.07551"),  # ToRA / MuMath-Code
    ("2405.07551", "2407.04078"),  # MuMath-Code / DotaMath
    ("2404.03592", "2405.12130"),  # ReFT / MoRA: fine-tuning that competes with LoRA
    ("2306.03341", "2312.03729"),  # ITI / Cognitive Dissonance: truthfulness in internal states
    ("2311.04205", "2407.06023"),  # Rephrase and Respond, named by Distilling System 2
]
UNRELATED_PAIRS = [
    ("2311.08526", "2402.14905"),  # GLiNER / MobileLLM: only "efficient" and "architecture" in common
    ("2311.08526", "2407.06677"),  # GLiNER / Mixture-of-Modules
    ("2407.04153", "2407.04620"),  # Million Experts / TTT layers: both change transformer layers
    ("2209.09675", "2407.03211"),  # symbolic regression / quantization of multilingual LLMs
    ("2406.20094", "2310.15147"),  # personas / S3Eval: "synthetic" in common
]


def test_strongly_related_bundled_pairs_are_shown_and_broad_neighbours_are_not(bundled_derived):
    missing = [pair for pair in STRONG_PAIRS if not linked(bundled_derived.related, *pair)]
    assert not missing
    shown = [pair for pair in UNRELATED_PAIRS if linked(bundled_derived.related, *pair)]
    assert not shown


def test_related_papers_have_reasons_and_a_paper_with_nothing_close_gets_none(bundled_derived):
    counts = [len(related) for related in bundled_derived.related.values()]
    assert max(counts) <= 5
    assert counts.count(0) >= 10  # most bundled papers have nothing close in the catalog
    for paper_id, related in bundled_derived.related.items():
        for item in related:
            assert item.id != paper_id
            assert item.shared_tags or item.shared_terms or item.mention, (paper_id, item.id)
        scores = [r.score for r in related]
        assert scores == sorted(scores, reverse=True)


def test_related_papers_are_deterministic_and_independent_of_input_order(bundled_settings):
    report, _ = check_catalog(bundled_settings)
    papers = list(report.papers)
    tags = {p.id: () for p in papers}
    first = related_papers(papers, tags)
    second = related_papers(list(reversed(papers)), tags)
    assert first == second


def test_blocks_give_the_same_answer_as_one_pass(monkeypatch):
    papers, tags = _papers_with_tags()
    whole = related_papers(papers, tags)
    assert any(whole.values())
    monkeypatch.setattr("generator.derive.related.BLOCK", 16)
    assert related_papers(papers, tags) == whole
    assert BLOCK > 16


def test_shared_terms_explain_the_link():
    a = Paper(id="2401.00001", title="Sparse autoencoders", abstract="Sparse autoencoders find features in activations.")
    b = Paper(id="2401.00002", title="Autoencoders at scale", abstract="We train sparse autoencoders on activations.")
    c = Paper(id="2401.00003", title="Planning", abstract="A benchmark for travel planning in natural language.")
    d = Paper(id="2401.00004", title="Travel", abstract="Travel booking with natural language agents.")
    result = related_papers([a, b, c, d], {})
    assert [r.id for r in result["2401.00001"]] == ["2401.00002"]
    assert "sparse autoencoders" in result["2401.00001"][0].shared_terms


def test_generic_words_are_never_given_as_the_reason():
    a = Paper(id="2401.00001", title="A", abstract="We propose a novel method. Results show quantum annealing works.")
    b = Paper(id="2401.00002", title="B", abstract="Our proposed method and results: quantum annealing at scale.")
    c = Paper(id="2401.00003", title="C", abstract="A novel method for gardens. Results show it.")
    terms = related_papers([a, b, c], {})["2401.00001"][0].shared_terms
    assert "quantum annealing" in terms
    assert not {"method", "results", "proposed", "novel", "show"} & set(terms)


def test_tags_alone_never_make_a_pair_but_add_to_text(monkeypatch):
    """Specific shared tags make a pair related only with some text in common."""
    # Other papers, untagged, so that two papers' tags are specific to them.
    others = [Paper(id=f"2401.{k:05d}", title=f"T{k}", abstract=f"subject{k} matter{k} theme{k}.") for k in range(1, 20)]
    a = Paper(id="2402.00001", title="Quantized speech", abstract="We quantize speech recognisers for phones.")
    b = Paper(id="2402.00002", title="Graph kernels", abstract="Kernels on molecular graphs predict toxicity.")
    c = Paper(id="2402.00003", title="Speech kernels", abstract="Speech recognisers with kernels.")
    # Text alone never enough here; some text enough with tags.
    monkeypatch.setattr("generator.derive.related.STRONG_TEXT", 2.0)
    monkeypatch.setattr("generator.derive.related.CLOSE_TEXT", 2.0)
    monkeypatch.setattr("generator.derive.related.SOME_TEXT", 0.5)
    tags = {a.id: ("t1", "t2"), b.id: ("t1", "t2"), c.id: ("t1", "t2")}
    result = related_papers([*others, a, b, c], tags)
    assert [r.id for r in result[a.id]] == [c.id]  # b shares the tags but not a word
    assert result[a.id][0].shared_tags == ("t1", "t2")
    assert a.id not in [r.id for r in result[b.id]]
    assert related_papers([*others, a, b, c], {})[a.id] == ()  # the words alone are not enough here


def test_papers_of_different_fields_need_more_text_in_common(monkeypatch):
    text = "Gravitational waves from binary black holes observed by interferometers at low frequency."
    a = Paper(id="2401.00001", title="Waves", abstract=text + " We model the signal.", categories=("gr-qc",))
    b = Paper(id="2401.00002", title="Waves again", abstract=text + " We denoise the signal.", categories=("gr-qc",))
    c = Paper(id="2401.00003", title="Other", abstract="A study of tomato leaves and their pests.", categories=("q-bio.PE",))
    assert [r.id for r in related_papers([a, b, c], {})[a.id]] == [b.id]
    monkeypatch.setattr("generator.derive.related.CROSS_FIELD_TEXT", 1.01)  # more than any cosine
    assert [r.id for r in related_papers([a, b, c], {})[a.id]] == [b.id]  # same field
    other_field = Paper(id=b.id, title=b.title, abstract=b.abstract, categories=("cs.LG",))
    assert related_papers([a, other_field, c], {})[a.id] == ()
    unknown = Paper(id=b.id, title=b.title, abstract=b.abstract)  # no categories: no field to differ
    assert [r.id for r in related_papers([a, unknown, c], {})[a.id]] == [b.id]


def test_mentions_are_evidence_whatever_the_text():
    a = Paper(id="2401.00001", title="Alpha", abstract="We extend FooNet to images.")
    b = Paper(id="2401.00002", title="FooNet: a model", abstract="We propose FooNet for sound.")
    result = related_papers([a, b], {}, {(a.id, b.id)})
    assert result[a.id][0].mention and result[b.id][0].mention


def test_phrases_do_not_cross_hyphenated_compounds_or_punctuation():
    terms = [t for t, _ in _terms("Parameter-efficient fine-tuning (PEFT) methods via tree search. GSM8K, tables.")]
    assert "fine tune" in terms and "paramet effici" in terms and "tree search" in terms
    assert not any(t in terms for t in ("effici fine", "tune peft", "search gsm8k", "peft method"))


def test_shared_terms_of_the_bundled_catalog_are_specific(bundled_derived):
    for related in bundled_derived.related.values():
        for item in related:
            assert len(item.shared_terms) <= TOP_TERMS
            for term in item.shared_terms:
                assert not set(term.split()) <= GENERIC_WORDS, term


def test_text_signals_computed_elsewhere_give_the_same_answer(bundled_settings):
    """derive hands related_papers text signals computed in another process; signals of
    another set of papers are not used."""
    papers = list(check_catalog(bundled_settings)[0].papers)
    tags = {p.id: () for p in papers}
    expected = related_papers(papers, tags)
    assert related_papers(papers, tags, signals=text_signals(list(reversed(papers)))) == expected
    assert related_papers(papers, tags, signals=text_signals(papers[:-1])) == expected


def test_derive_gives_the_same_answer_with_the_text_signals_in_a_child_process(monkeypatch, bundled_settings):
    report, _ = check_catalog(bundled_settings)
    taxonomy = load_taxonomy(bundled_settings.path(bundled_settings.taxonomy))
    serial = derive(report.papers, taxonomy)
    forked = []

    def spy(function, *args):
        forked.append(function)
        return Forked(function, *args)

    monkeypatch.setattr(derive_module, "worth_forking", lambda size, threshold: True)
    monkeypatch.setattr(derive_module, "Forked", spy)
    parallel = derive(report.papers, taxonomy)
    assert forked == [text_signals]
    for field in ("tags", "all_tags", "mentions", "mentioned_by", "related"):
        assert getattr(parallel, field) == getattr(serial, field), field


def _papers_with_tags() -> tuple[list[Paper], dict[str, tuple[str, ...]]]:
    """Papers in topic groups: each group's abstracts share a topic's words."""
    rng = np.random.default_rng(1)
    topics = [[f"topic{t}word{k}" for k in range(12)] for t in range(8)]
    filler = [f"filler{k}" for k in range(400)]
    papers = []
    for i in range(1, 90):
        topic = topics[i % 8]
        words = list(rng.choice(topic, 8)) + list(rng.choice(filler, 30))
        papers.append(Paper(id=f"2402.{i:05d}", title=f"T{i}", abstract=" ".join(words)))
    tags = {p.id: (f"t{int(p.id[-2:]) % 8}",) for p in papers}
    return papers, tags
