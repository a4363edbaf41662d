"""Related papers: judged pairs land in the top 5, reasons are given, output is stable."""

from pathlib import Path

import numpy as np
import pytest
import yaml
from sklearn.feature_extraction.text import CountVectorizer

import generator.derive as derive_module
from generator.build import check_catalog
from generator.derive import derive
from generator.forked import Forked
from generator.models import Paper
from generator.related import (
    BLOCK,
    GENERIC_WORDS,
    TOP_TERMS,
    _Scorer,
    _term_counts,
    _terms,
    related_papers,
    text_signals,
)
from generator.taxonomy import load_taxonomy

JUDGED = Path(__file__).resolve().parent / "fixtures" / "judged" / "related_pairs.yml"
HIT_RATE_FLOOR = 0.8


@pytest.fixture(scope="module")
def bundled_derived(bundled_settings):
    report, _ = check_catalog(bundled_settings)
    return derive(report.papers, load_taxonomy(bundled_settings.path(bundled_settings.taxonomy)))


def linked(related, a, b):
    return b in {r.id for r in related.get(a, ())} or a in {r.id for r in related.get(b, ())}


def test_judged_pairs_are_linked_and_unrelated_pairs_are_not(bundled_derived):
    judged = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    pairs = [tuple(map(str, p)) for p in judged["linked"]]
    hits = [linked(bundled_derived.related, a, b) for a, b in pairs]
    rate = sum(hits) / len(hits)
    print(f"judged related pairs in the top 5: {sum(hits)}/{len(hits)} ({rate:.0%})")
    assert rate >= HIT_RATE_FLOOR, [p for p, hit in zip(pairs, hits, strict=True) if not hit]
    for a, b in (tuple(map(str, p)) for p in judged["unlinked"]):
        assert not linked(bundled_derived.related, a, b), (a, b)


def test_every_bundled_paper_gets_related_papers_with_reasons(bundled_derived):
    for paper_id, related in bundled_derived.related.items():
        assert 1 <= len(related) <= 5, paper_id
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
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)]
    papers = [
        Paper(id=f"2401.{i:05d}", title=f"T{i}", abstract=" ".join(rng.choice(words, 60)))
        for i in range(1, 90)
    ]
    tags = {p.id: (f"t{int(p.id[-2:]) % 7}",) for p in papers}
    whole = related_papers(papers, tags)
    monkeypatch.setattr("generator.related.BLOCK", 16)
    assert related_papers(papers, tags) == whole
    assert BLOCK > 16


def test_shared_terms_explain_the_link():
    a = Paper(id="2401.00001", title="Sparse autoencoders", abstract="Sparse autoencoders find features in activations.")
    b = Paper(id="2401.00002", title="Autoencoders at scale", abstract="We train sparse autoencoders on activations.")
    c = Paper(id="2401.00003", title="Planning", abstract="A benchmark for travel planning in natural language.")
    result = related_papers([a, b, c], {})
    assert [r.id for r in result["2401.00001"]] == ["2401.00002"]
    assert "sparse autoencoders" in result["2401.00001"][0].shared_terms


def test_generic_words_are_never_given_as_the_reason():
    a = Paper(id="2401.00001", title="A", abstract="We propose a novel method. Results show quantum annealing works.")
    b = Paper(id="2401.00002", title="B", abstract="Our proposed method and results: quantum annealing at scale.")
    terms = related_papers([a, b], {})["2401.00001"][0].shared_terms
    assert "quantum annealing" in terms
    assert not {"method", "results", "proposed", "novel"} & set(terms)


# --- the fast paths give what the plain definitions give ---------------------------------

TRICKY_DOCUMENTS = [
    "Fine-tuning (LoRA), the state-of-the-art; e.g. 3.5 tokens. Tree search: tree search!",
    "naïve x3 _under a1 “quoted phrase” [brackets] {braces} end.",
    "",
    "the and of",
    "Tree search, again.\nTree\tsearch?  done) (new",
    "Ünïcödé words — and dashes – between; chain-of-thought prompting.",
]


@pytest.mark.parametrize("catalog", ["bundled", "tricky"])
def test_term_counts_are_scikit_learns_counts(bundled_settings, catalog):
    """The same matrix as CountVectorizer over ``_terms``, to the order of the entries in a
    row (which decides ties among a row's heaviest terms) and the order of the terms."""
    if catalog == "bundled":
        papers = check_catalog(bundled_settings)[0].papers
        documents = [f"{p.title}. {p.title}. {p.abstract}" for p in papers]
    else:
        documents = TRICKY_DOCUMENTS
    for max_df, min_df in ((1.0, 1), (0.5, 2)):
        expected = CountVectorizer(analyzer=_terms, max_df=max_df, min_df=min_df, dtype=np.float32)
        want = expected.fit_transform(documents).tocsr()
        got, terms = _term_counts(documents, max_df=max_df, min_df=min_df)
        assert terms == expected.get_feature_names_out().tolist()
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(got, part), getattr(want, part)), part


def test_tag_overlap_without_the_dense_tag_matrix_gives_the_same_answer(monkeypatch):
    """Catalogs with very many distinct tags take the sparse product instead."""
    papers, tags = _papers_with_tags()
    whole = related_papers(papers, tags)
    monkeypatch.setattr("generator.related._dense_transpose", lambda matrix: None)
    assert related_papers(papers, tags) == whole


def test_shared_terms_follow_the_rules_for_every_bundled_pair(bundled_settings):
    """Phrases before words, by weight then name; no generic-only term; no word inside a
    chosen phrase; at most TOP_TERMS. Checked pair by pair against a plain reading."""
    papers = check_catalog(bundled_settings)[0].papers
    signals = text_signals(papers)
    scorer = _Scorer(signals, {}, set(), 5)
    n = len(signals.ids)
    first, second = np.divmod(np.arange(n * n), n)
    got = scorer.shared_terms(first, second)
    text = signals.text
    for k, (i, j) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
        row_i = dict(zip(text[i].indices.tolist(), text[i].data.tolist(), strict=True))
        row_j = dict(zip(text[j].indices.tolist(), text[j].data.tolist(), strict=True))
        ranked = sorted(
            ((row_i[c] * row_j[c], signals.terms[c]) for c in row_i.keys() & row_j.keys()),
            key=lambda t: (" " not in t[1], -t[0], t[1]),
        )
        chosen: list[str] = []
        for _, term in ranked:
            if all(word in GENERIC_WORDS for word in term.split()):
                continue
            if any(term in other.split() or other in term.split() for other in chosen):
                continue
            chosen.append(term)
            if len(chosen) == TOP_TERMS:
                break
        assert got[k] == tuple(chosen), (signals.ids[i], signals.ids[j])


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
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(200)]
    papers = [
        Paper(id=f"2402.{i:05d}", title=f"T{i}", abstract=" ".join(rng.choice(words, 50))) for i in range(1, 70)
    ]
    tags = {p.id: tuple(f"t{k}" for k in rng.choice(9, rng.integers(0, 4), replace=False)) for p in papers}
    return papers, tags
