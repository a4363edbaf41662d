"""Mentions: a paper naming another catalog paper's method, model or ID links to it."""

import pytest

from generator.links import _TOKEN, _lowered_tokens, _token_spans, find_mentions
from generator.models import Paper

LORA = Paper(
    id="2106.09685",
    title="LoRA: Low-Rank Adaptation of Large Language Models",
    abstract=(
        "An important paradigm of natural language processing consists of large-scale pre-training on general "
        "domain data and adaptation to particular tasks or domains. We propose Low-Rank Adaptation, or LoRA, "
        "which freezes the pre-trained model weights and injects trainable rank decomposition matrices."
    ),
)
COT = Paper(
    id="2201.11903",
    title="Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
    abstract=(
        "We explore how generating a chain of thought -- a series of intermediate reasoning steps -- "
        "significantly improves the ability of large language models to perform complex reasoning."
    ),
)
USER = Paper(
    id="2405.00001",
    title="A study of adapters",
    abstract=(
        "We compare low-rank adaptation against full fine-tuning, then combine LORA-style adapters with "
        "chain-of-thought prompting. Unlike lora, our method also follows 2201.11903v6."
    ),
)


def test_coined_name_in_another_abstract_becomes_a_mention():
    mentions = find_mentions([LORA, COT, USER])
    targets = {(m.source, m.target) for m in mentions}
    assert ("2405.00001", "2106.09685") in targets
    assert ("2405.00001", "2201.11903") in targets


def test_only_the_first_mention_of_each_paper_is_kept_and_it_points_at_the_text():
    mentions = [m for m in find_mentions([LORA, COT, USER]) if m.source == "2405.00001"]
    lora = [m for m in mentions if m.target == "2106.09685"]
    assert len(lora) == 1
    assert USER.abstract[lora[0].start : lora[0].end].lower() == "low-rank adaptation"


def test_arxiv_id_in_an_abstract_is_a_mention():
    paper = Paper(id="2405.00002", title="Notes", abstract="We revisit arXiv:2106.09685 in depth.")
    mentions = find_mentions([LORA, paper])
    assert [(m.source, m.target) for m in mentions] == [("2405.00002", "2106.09685")]


def test_a_paper_never_mentions_itself_and_ordinary_words_are_not_names():
    plain = Paper(id="2405.00003", title="Models", abstract="We propose a method that improves the results of models.")
    other = Paper(id="2405.00004", title="More", abstract="Our method improves results; models and the method are good.")
    assert find_mentions([plain, other]) == []
    assert all(m.source != m.target for m in find_mentions([LORA, COT, USER]))


def test_short_names_must_keep_their_capitals():
    sos = Paper(id="2404.03683", title="Stream of Search (SoS): Learning to Search in Language", abstract="We teach search.")
    shouting = Paper(id="2405.00005", title="Distress", abstract="The crew sent an sos signal.")
    fine = Paper(id="2405.00006", title="Follow-up", abstract="We extend SoS to games.")
    targets = {(m.source, m.target) for m in find_mentions([sos, shouting, fine])}
    assert targets == {("2405.00006", "2404.03683")}


def test_bundled_distilling_paper_mentions_rephrase_and_respond(bundled_settings):
    from generator.build import check_catalog

    report, _ = check_catalog(bundled_settings)
    pairs = {(m.source, m.target) for m in find_mentions(report.papers)}
    assert ("2407.06023", "2311.04205") in pairs


def test_papers_added_from_a_csv_are_found_where_the_bundled_abstracts_name_them(bundled_settings):
    from pathlib import Path

    from generator.build import check_catalog

    extra = Path(__file__).resolve().parent / "fixtures" / "mentions" / "known_methods.csv"
    bundled = bundled_settings.path(bundled_settings.inputs[0])
    report, _ = check_catalog(bundled_settings, [str(bundled), str(extra)])
    pairs = {(m.source, m.target) for m in find_mentions(report.papers)}
    expected = {
        ("2404.03592", "2106.09685"),  # ReFT: "more parameter-efficient than LoRA"
        ("2405.12130", "2106.09685"),  # MoRA: "Low-rank adaptation (LoRA)"
        ("2311.04205", "2201.11903"),  # RaR: "Chain-of-Thought (CoT) methods"
        ("2404.03683", "2203.14465"),  # Stream of Search: "Self-Taught Reasoner (STaR)"
        ("2310.06762", "2110.14168"),  # TRACE: "gsm8k dataset"
        ("2407.04528", "2112.04426"),  # GPT vs RETRO: "Retrieval-Enhanced Transformer"
        ("2407.06023", "2310.15123"),  # Distilling System 2: "Branch-Solve-Merge"
        ("2407.06023", "2311.04205"),  # Distilling System 2: "Rephrase and Respond"
    }
    assert expected <= pairs, expected - pairs
    # Nothing in the CSV is named by an unrelated bundled abstract.
    assert ("2311.08526", "2106.09685") not in pairs


def test_ids_of_both_styles_with_versions_and_in_parentheses_are_mentions():
    old = Paper(id="hep-th/9901001", title="Strings", abstract="Old-style paper.")
    math = Paper(id="math/0309136", title="Knots", abstract="Another one.")
    paper = Paper(
        id="2405.00007",
        title="Survey",
        abstract="Following hep-th/9901001v2 and (math.GT/0309136), see 2106.09685v1, not 12345.6789 or 3.14159.",
    )
    targets = [m.target for m in find_mentions([old, math, LORA, paper]) if m.source == "2405.00007"]
    assert targets == ["hep-th/9901001", "math/0309136", "2106.09685"]


@pytest.mark.parametrize(
    "text",
    [
        "LoRA-style adapters, 2106.09685v2 and GPT-4o.",
        "naïve Kelvin \u212a sign, \u0130stanbul, ﬁne, Ｌ, \U0001f600 emoji, \ud800 lone surrogate",
        "",
        "   ",
        "a_b_c 123abc ABC",
    ],
)
def test_tokens_and_their_offsets_are_the_token_patterns_matches(text):
    matches = list(_TOKEN.finditer(text))
    assert _lowered_tokens(text) == [m.group(0).lower() for m in matches]
    starts, ends = _token_spans(text)
    assert list(zip(starts, ends, strict=True)) == [m.span() for m in matches]
