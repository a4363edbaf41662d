"""Text cleaning and derived fields: glued words, dates, people, code links, titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.clean import (
    _GLUE_WORDS,
    TITLE_WORDS,
    _split_glued,
    clean_abstract,
    clean_text,
    derive_title,
    find_code_url,
    parse_date,
    split_people,
    split_tags,
)
from generator.readers import read_catalog

BUNDLED = Path(__file__).resolve().parent.parent / "content" / "000_3ed5e3014f54c171.txt"
TRACE = "In this paper, we introduce TRACE, a novel benchmark designed to evaluate continual learning in LLMs."


@pytest.fixture(scope="module")
def bundled() -> dict[str, str]:
    """Cleaned abstracts of the bundled catalog, by ID."""
    result = read_catalog(BUNDLED)
    assert result.problems == []
    return {row.fields["id"]: clean_abstract(row.fields["abstract"]) for row in result.rows}


# --- clean_text, clean_abstract ------------------------------------------------------------


def test_clean_text_normalises_and_removes_invisible_and_control_characters():
    assert clean_text("  Cafe\u0301 \n\t au\u200b lait\u202e!\x07 \ufeff") == "Café au lait!"
    assert clean_text("soft\u00adhyphen") == "softhyphen"
    assert clean_text("\u2066isolate\u2069") == "isolate"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("We introduceNatural Plan, a benchmark.", "We introduce Natural Plan, a benchmark."),
        ("we introduceNatural Plan", "we introduce Natural Plan"),
        ("we presentS3Eval, aSynthetic,Scalable,Systematic suite", "we present S3Eval, a Synthetic, Scalable, Systematic suite"),
        ("a model calledGLiNER", "a model called GLiNER"),
        ("evaluated onGSM8K and withLLaMA", "evaluated on GSM8K and with LLaMA"),
        ("Line one\nline  two", "Line one line two"),
    ],
)
def test_glued_words_are_split(raw, clean):
    assert clean_abstract(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Code on GitHub, served with vLLM, tuned with LoRA.",
        "An iPhone app, a ChatGPT plugin and InstructGPT.",
        "We count 1,000,000 tokens.",
        "Prior work (e.g.,the best) fails.",
        "Attention is all you need: Transformers are strong.",
        "Another Approach, and Thereby we win.",
    ],
)
def test_names_and_ordinary_text_stay_whole(text):
    assert clean_abstract(text) == text


# The definition of a glued word, as one regular expression (clean.py finds the same
# places faster, from the capital letter).
GLUED = re.compile(r"\b(" + "|".join(_GLUE_WORDS) + r")([A-Z][A-Za-z0-9]{2,})")


@pytest.mark.parametrize(
    "text",
    [
        "theModel xtheModel _theModel 1theModel étheModel ÉtheModel theMo theMod aBcd",
        "introduceNatural,weIntroduce, withLLaMA andGPT4 ofX1y viaÅbc inLoRAs",
        "theLoRAandtheModel the-Model (theModel) «theModel» intoThe ontoThe",
        "",
    ],
)
def test_glued_words_are_split_where_the_plain_pattern_finds_them(text):
    assert _split_glued(text) == GLUED.sub(r"\1 \2", text)


def test_bundled_abstracts_are_split_where_the_plain_pattern_splits_them():
    rows = read_catalog(BUNDLED).rows
    for text in (clean_text(row.fields["abstract"]) for row in rows):
        assert _split_glued(text) == GLUED.sub(r"\1 \2", text)


def test_bundled_glued_words_are_split_and_names_kept(bundled):
    assert bundled["2406.04520"].startswith("We introduce Natural Plan, a realistic planning benchmark")
    assert "present S3Eval, a Synthetic, Scalable, Systematic evaluation suite" in bundled["2310.15147"]
    assert "as implemented in LoRA." in bundled["2405.12130"]
    assert "APIs like ChatGPT" in bundled["2311.08526"]


# --- parse_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-01-05", "2024-01-05"),
        ("2024-01-05T12:00:00Z", "2024-01-05"),
        ("2024-01-05T12:00:00.123+02:00", "2024-01-05"),
        ("2024-01-05 12:00", "2024-01-05"),
        ("2024/01/05", "2024-01-05"),
        ("2024-1-5", "2024-01-05"),
        (" 2024-01-05 ", "2024-01-05"),
        ("2024-01", "2024-01"),
        ("2024-1", "2024-01"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_parse_date_accepted_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["", "2024", "2024-13", "2024-00", "2024-13-01", "2023-02-29", "2024-01-32", "05/01/2024", "Jan 2024", "2024-01-05T"],
)
def test_parse_date_rejected_forms(text):
    with pytest.raises(ValueError):
        parse_date(text)


# --- split_people, split_tags -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "people"),
    [
        ("Ann Author; Bob Büchner;Chen Wei", ("Ann Author", "Bob Büchner", "Chen Wei")),
        ("Ann Author, Bob Büchner and Chen Wei", ("Ann Author", "Bob Büchner", "Chen Wei")),
        ("Ann Author and Bob Büchner", ("Ann Author", "Bob Büchner")),
        ("Ann Author,Bob Büchner", ("Ann Author", "Bob Büchner")),
        ("Alexander Anderson", ("Alexander Anderson",)),  # 'and' inside a name is no separator
        ("Smith, J.; Doe, A.", ("Smith, J.", "Doe, A.")),  # ';' wins over ','
        (["  Ann  Author ", "", "Bob"], ("Ann Author", "Bob")),
        ("", ()),
    ],
)
def test_split_people(value, people):
    assert split_people(value) == people


def test_split_tags_dedupes_and_keeps_order():
    assert split_tags("nlp, ner; nlp ,, evaluation") == ("nlp", "ner", "evaluation")
    assert split_tags(["b", "a", "b", " "]) == ("b", "a")


# --- find_code_url ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abstract", "url"),
    [
        ("Code: https://github.com/urchade/GLiNER.", "https://github.com/urchade/GLiNER"),
        ("(see https://github.com/org/repo), and more", "https://github.com/org/repo"),
        ("at https://www.github.com/org/repo/tree/main/src", "https://www.github.com/org/repo"),
        ("at http://gitlab.com/group/project;", "http://gitlab.com/group/project"),
        ("data: https://huggingface.co/datasets/org", "https://huggingface.co/datasets/org"),
        ("first https://github.com/a/one then https://github.com/b/two", "https://github.com/a/one"),
        ("repo https://github.com/org/my.repo.", "https://github.com/org/my.repo"),
        ("no code here", None),
        ("only a profile https://github.com/someone", None),
        ("paper page https://arxiv.org/abs/2311.08526", None),
    ],
)
def test_find_code_url(abstract, url):
    assert find_code_url(abstract) == url


def test_find_code_url_in_the_bundled_abstracts(bundled):
    assert find_code_url(bundled["2404.03592"]) == "https://github.com/stanfordnlp/pyreft"
    assert find_code_url(bundled["2311.08526"]) is None


# --- derive_title ------------------------------------------------------------------------------------


def test_title_uses_the_coined_name_and_what_it_is():
    assert derive_title(TRACE) == "TRACE: A novel benchmark designed to evaluate continual learning in LLMs"


def test_bundled_titles_use_the_coined_names(bundled):
    assert derive_title(bundled["2310.06762"]).startswith("TRACE: ")
    assert derive_title(bundled["2311.08526"]).startswith("GLiNER")
    assert derive_title(bundled["2310.15147"]).startswith("S3Eval: ")
    # A name defined as an acronym leads with its long form, as real titles do.
    assert derive_title(bundled["2306.03341"]).startswith("Inference-Time Intervention: A technique")


def test_titles_are_never_empty_nor_the_whole_abstract(bundled):
    for paper_id, abstract in bundled.items():
        title = derive_title(abstract)
        assert any(c.isalnum() for c in title), paper_id
        assert len(title) < len(abstract) / 2, paper_id
        lead, _, rest = title.partition(": ")
        assert len((rest or lead).split()) <= TITLE_WORDS, paper_id


@pytest.mark.parametrize("abstract", ["", " ", ".", "...", "!", "— —", "\u200b"])
def test_abstracts_without_words_get_a_placeholder_title(abstract):
    assert derive_title(abstract) == "Untitled"


def test_long_abstracts_are_cut_to_a_title_length():
    words = " ".join(f"word{i}" for i in range(60))
    title = derive_title(words + ".")
    assert title == " ".join(f"word{i}" for i in range(TITLE_WORDS)) + "…"
    glued = "x" * 1000  # one endless token: still cut
    assert len(derive_title(glued)) <= 151 and derive_title(glued).endswith("…")


def test_title_without_an_introduction_is_the_first_sentence():
    abstract = "Sparse attention scales to long inputs. We measure it on five tasks. It helps."
    assert derive_title(abstract) == "Sparse attention scales to long inputs"


def test_title_drops_urls_and_bold_markers():
    abstract = "We release **FooNet**, a fast parser for tables at https://github.com/org/foonet."
    title = derive_title(abstract)
    assert title == "FooNet: A fast parser for tables"
    bold = "Parsing is hard. We pursue this by developing a family of **Table Parsing (TaP)** methods."
    assert derive_title(bold) == "A family of Table Parsing (TaP) methods"


def test_generic_description_after_called_is_cut():
    abstract = "In this paper, we present a method named 'Rephrase and Respond' (RaR), which allows LLMs to rephrase."
    assert derive_title(abstract) == "Rephrase and Respond: A method"
