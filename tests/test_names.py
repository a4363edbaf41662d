"""Coined names: what a paper introduces, found in its title and abstract."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quality import read
from generator.derive.names import (
    _INTRO,
    GENERIC,
    _intro,
    coined_names,
    forget_names,
    matches_initials,
)

BUNDLED = Path(__file__).resolve().parent.parent / "content" / "000_3ed5e3014f54c171.txt"


@pytest.fixture(scope="module")
def bundled() -> dict[str, str]:
    """Cleaned abstracts of the bundled catalog, by ID (as the pipeline hands them on)."""
    return {paper.id: paper.abstract for paper in read([BUNDLED], metadata=str(BUNDLED.parent / "metadata.yml"))}


@pytest.mark.parametrize(
    ("paper_id", "first", "also"),
    [
        ("2311.08526", "GLiNER", []),  # "our model, GLiNER,"
        ("2404.03592", "ReFT", ["Representation Finetuning", "LoReFT"]),  # "developing ... Representation Finetuning (ReFT)"
        ("2311.04205", "Rephrase and Respond", ["RaR"]),  # "a method named 'Rephrase and Respond' (RaR)"
        ("2310.06762", "TRACE", []),  # "we introduce TRACE, a novel benchmark"
        ("2310.15147", "S3Eval", []),  # "presentS3Eval" once the glued words are split
        ("2302.03213", "LUT-NN", []),
        ("2407.04078", "DotaMath", []),  # "dubbed as **DotaMath**"
        ("2406.13121", "LOFT", []),
    ],
)
def test_bundled_abstracts_name_what_they_introduce(bundled, paper_id, first, also):
    names = coined_names("", bundled[paper_id])
    assert names[0] == first
    assert set(also) <= set(names)


def test_generic_words_are_never_names(bundled):
    for paper_id, abstract in bundled.items():
        names = coined_names("", abstract)
        assert not set(names) & GENERIC, paper_id
        assert not {"LLMs", "LLM", "NLP", "NER", "LMs", "GPT"} & set(names), paper_id
        assert len(names) == len(set(names)), paper_id


@pytest.mark.parametrize(
    ("paper_id", "not_a_name"),
    [
        ("2302.03213", "centroid"),  # "named centroid": a plain word, not a coinage
        ("2407.04078", "as"),  # "dubbed as **DotaMath**"
        ("2405.07551", "code"),  # "**code**-nested": emphasis, not a name
        ("2306.03341", "Alpaca"),  # "a LLaMA called Alpaca": someone else's model
        ("2405.12130", "LoRA"),  # defined as the field's method before "we propose MoRA"
        ("2406.13121", "LCLMs"),  # "Long-context language models (LCLMs)": a term of the field
    ],
)
def test_words_that_are_not_coined_names(bundled, paper_id, not_a_name):
    assert not_a_name not in coined_names("", bundled[paper_id])


def test_title_lead_is_the_most_certain_name():
    assert coined_names("GLiNER: Generalist Model for NER", "We study NER.") == ["GLiNER"]
    assert coined_names("ReFT (Representation Finetuning): Methods", "") == ["ReFT", "Representation Finetuning"]
    assert coined_names("Learning to (Learn at Test Time): RNNs", "") == []
    # A title without a colon names a topic, even when it opens with a coinage.
    assert coined_names("Chain-of-Thought Prompting Elicits Reasoning", "") == []
    assert coined_names("Sim-to-Real Transfer of Robotic Control", "") == []
    assert coined_names("Diffusion-Based Neural Network Weights Generation", "") == []
    # A lead that is an ordinary phrase, or too long to be a name, is not one.
    assert coined_names("Learning to Search: Stream of Search", "") == []
    assert coined_names("Can Long-Context Language Models Subsume Retrieval: A Study", "") == []


def test_quoted_called_names_and_our_model():
    assert coined_names("", "We build a tool called 'Paper Mill' for catalogs.")[0] == "Paper Mill"
    assert coined_names("", "Results show our framework, CatBench, is fast.") == ["CatBench"]
    assert coined_names("", "Our framework, catbench, is fast.") == []


def test_acronym_defined_where_the_authors_introduce_it():
    names = coined_names("", "We propose Tree of Thoughts (ToT) for planning.")
    assert "ToT" in names


def test_no_names_in_plain_text():
    assert coined_names("", "") == []
    assert coined_names("", "Large language models are studied here. They work well.") == []


@pytest.mark.parametrize(
    ("long_form", "acronym", "expected"),
    [
        ("Rephrase and Respond", "RaR", True),
        ("Large Language Models", "LLMs", True),
        ("we introduce Inference-Time Intervention", "ITI", True),
        ("Low-rank Linear Subspace ReFT", "LoReFT", False),
        ("and of", "AO", False),
        ("Rephrase", "R", False),  # one letter is no acronym
    ],
)
def test_matches_initials(long_form, acronym, expected):
    assert matches_initials(long_form, acronym) is expected


@pytest.mark.parametrize(
    "sentence",
    [
        "WE PROPOSE GLiNER, a compact model.",
        "This Paper presents Stream of Search (SoS).",
        "In this work, we\u00a0introduce TRACE.",
        "Here we show nothing new.",
        "However, the weights were released.",
        "Thi\u017f paper pre\u017fents Z.",  # long s: matches "s" only with IGNORECASE
        "We buil\u212a no model.",  # Kelvin sign: matches "k"
        "",
    ],
)
def test_the_quick_test_for_an_introduction_agrees_with_the_pattern(sentence):
    found, expected = _intro(sentence), _INTRO.search(sentence)
    assert (found and found.span()) == (expected and expected.span())


def test_names_are_the_same_remembered_or_not(bundled):
    """The names an abstract gives are remembered from one call to the next (enrichment
    names untitled papers, mentions read the same abstracts again)."""
    for abstract in bundled.values():
        remembered = (coined_names("", abstract), coined_names("LoRA: a title", abstract))
        forget_names()
        assert (coined_names("", abstract), coined_names("LoRA: a title", abstract)) == remembered


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        # what the verb introduces, at the head of its phrase or in apposition
        ("We introduce TRACE, a novel benchmark.", ["TRACE"]),
        ("We propose LUT-NN, the first system to do it.", ["LUT-NN"]),
        ("In this paper, we present a new suite, S3Eval, a synthetic benchmark.", ["S3Eval"]),
        ("which we call proximal policy optimization (PPO).", ["PPO"]),
        ("We propose a family of methods, which we call proximal policy optimization (PPO).", ["PPO"]),
        ("We propose proximal policy optimization (PPO), a family of methods.", ["PPO"]),
        # terms of the field, tools and things the authors only use
        ("We propose an EEG-based model using EEG and UAV data.", []),
        ("We compare word2vec, fastText and BERT embeddings for code.", []),
        ("We present PrOmpt cLass lEarning (PROCLE), a method.", []),
        ("We grow SiC and MgB2 films on GaN substrates.", []),
        ("We select Luminous Red Galaxies (LRGs) from the survey.", []),
        ("We study silicon carbide (SiC) devices.", []),
    ],
)
def test_a_name_is_introduced_not_merely_used(abstract, names):
    assert coined_names("", abstract) == names


def test_an_acronym_pair_the_abstract_defines_as_terms_is_no_coinage_when_called_again():
    # quant-ph 1501.06950: "coined" is a kind of quantum walk here, and DTQW the field's term
    abstract = (
        "Quantum walks can be defined in two quite distinct ways: discrete-time and continuous-time "
        "quantum walks (DTQWs and CTQWs). We give a construction of walks with a continuous-time limit. "
        "We show that these CTQWs share some properties with coined DTQWs."
    )
    assert coined_names("Continuous Limit of Discrete Quantum Walks", abstract) == []
    # a name the authors call something is still theirs
    assert "QuantumNet" in coined_names("A study", "We propose a model called QuantumNet for walks.")
