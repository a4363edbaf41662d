"""Mentions: a paper naming another catalog paper's method, model or ID links to it."""

import pytest

from generator.derive.links import _TOKEN, _lowered_tokens, _token_spans, find_mentions
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
        "We compare Low-Rank Adaptation against full fine-tuning, then combine LoRA adapters with "
        "chain-of-thought prompting. Unlike lora, our method also follows 2201.11903v6."
    ),
)


def test_coined_name_in_another_abstract_becomes_a_mention():
    mentions = find_mentions([LORA, COT, USER])
    targets = {(m.source, m.target) for m in mentions}
    assert ("2405.00001", "2106.09685") in targets
    assert ("2405.00001", "2201.11903") in targets  # by its arXiv ID


@pytest.mark.parametrize(
    ("name", "text", "mentioned"),
    [
        ("LoRA", "we use LoRA here", True),
        ("LoRA", "we use lora here", False),  # a short name keeps its capitals
        ("TRACE", "on TRACE and more", True),
        ("TRACE", "we trace the error", False),  # an English word is a name only as coined
        ("SCORE", "a high score", False),
        ("GLiNER", "with gliner models", True),  # no word: any case
        ("Lookback Lens", "a lookback lens", False),  # words make a name only as written
        ("Lookback Lens", "the Lookback Lens detector", True),
    ],
)
def test_case_matters_where_it_carries_the_meaning(name, text, mentioned):
    owner = Paper(id="2401.00001", title=f"{name}: a thing", abstract="We study things.", date="2024-01")
    source = Paper(id="2402.00001", title="Other", abstract=text, date="2024-02")
    found = [(m.source, m.target) for m in find_mentions([owner, source])]
    assert found == ([("2402.00001", "2401.00001")] if mentioned else [])


def test_a_name_an_older_paper_uses_is_the_fields_not_the_owners():
    owner = Paper(id="2406.00001", title="EEGNet: a network", abstract="We propose EEGNet, a model.", date="2024-06")
    older = Paper(id="2301.00001", title="Signals", abstract="Decoding with EEGNet baselines.", date="2023-01")
    newer = Paper(id="2409.00001", title="More", abstract="We extend EEGNet.", date="2024-09")
    assert find_mentions([owner, older, newer]) == []


def test_a_paper_cannot_mention_a_later_one_and_an_acronym_defined_otherwise_is_not_a_mention():
    rvm = Paper(id="2305.00001", title="RVM: cosmology", abstract="The Running Vacuum Model (RVM) of cosmology.", date="2023-05")
    pulsar = Paper(id="2306.00001", title="Pulsars", abstract="The Rotating Vector Model (RVM) fits the angle.", date="2023-06")
    assert find_mentions([rvm, pulsar]) == []
    user = Paper(id="2306.00002", title="Cosmology", abstract="Fits of the RVM to data.", date="2023-06")
    assert [(m.source, m.target) for m in find_mentions([rvm, user])] == [("2306.00002", "2305.00001")]


def test_only_the_first_mention_of_each_paper_is_kept_and_it_points_at_the_text():
    mentions = [m for m in find_mentions([LORA, COT, USER]) if m.source == "2405.00001"]
    lora = [m for m in mentions if m.target == "2106.09685"]
    assert len(lora) == 1
    assert USER.abstract[lora[0].start : lora[0].end] == "Low-Rank Adaptation"


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
        ("2404.03683", "2203.14465"),  # Stream of Search: "Self-Taught Reasoner (STaR)"
        ("2310.06762", "2110.14168"),  # TRACE: "gsm8k dataset"
        ("2407.04528", "2112.04426"),  # GPT vs RETRO: "Retrieval-Enhanced Transformer"
        ("2407.06023", "2310.15123"),  # Distilling System 2: "Branch-Solve-Merge"
        ("2407.06023", "2311.04205"),  # Distilling System 2: "Rephrase and Respond"
    }
    assert expected <= pairs, expected - pairs
    # Nothing in the CSV is named by an unrelated bundled abstract; the chain-of-thought
    # paper coins no name its title or abstract introduces ("Chain-of-Thought Prompting
    # Elicits ..." names a topic), so "Chain-of-Thought (CoT)" in RaR names nobody.
    assert ("2311.08526", "2106.09685") not in pairs
    assert ("2311.04205", "2201.11903") not in pairs


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
