"""Text cleaning and derived fields: glued words, dates, people, code links, titles."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench.quality import CATALOGS, clean_change, glue_result, raw_tex, read
from generator.catalog.clean import (
    TITLE_WORDS,
    AmbiguousDate,
    clean_abstract,
    clean_text,
    derive_title,
    find_code_url,
    parse_date,
    split_categories,
    split_tags,
)
from generator.catalog.readers import read_catalog
from generator.catalog.words import CatalogWords

BUNDLED = Path(__file__).resolve().parent.parent / "content" / "000_3ed5e3014f54c171.txt"
METADATA = BUNDLED.parent / "metadata.yml"
TRACE = "In this paper, we introduce TRACE, a novel benchmark designed to evaluate continual learning in LLMs."
JUDGED_TEXT = Path(__file__).resolve().parent / "fixtures" / "judged" / "text" / "bundled_debris.yml"


@pytest.fixture(scope="module")
def bundled() -> dict[str, str]:
    """Cleaned abstracts of the bundled catalog, by ID, as a build cleans them (with the
    catalog's words and its metadata's titles)."""
    return {paper.id: paper.abstract for paper in read([BUNDLED], metadata=str(METADATA))}


# --- clean_text, clean_abstract ------------------------------------------------------------


def test_clean_text_normalises_and_removes_invisible_and_control_characters():
    assert clean_text("  Cafe\u0301 \n\t au\u200b lait\u202e!\x07 \ufeff") == "Café au lait!"
    assert clean_text("soft\u00adhyphen") == "softhyphen"
    assert clean_text("\u2066isolate\u2069") == "isolate"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("We introduceNatural Plan, a benchmark.", "We introduce Natural Plan, a benchmark."),
        ("we presentS3Eval, aSynthetic,Scalable,Systematic suite", "we present S3Eval, a Synthetic, Scalable, Systematic suite"),
        ("a model calledGLiNER", "a model called GLiNER"),
        ("evaluated onGSM8K and withLLaMA", "evaluated on GSM8K and with LLaMA"),
        ("Line one\nline  two", "Line one line two"),
        ("it often runsfaster than exact products andfaster than others", "it often runs faster than exact products and faster than others"),
        ("we train a model with astream of search", "we train a model with a stream of search"),
        ("a high riskthat the model isfor research", "a high risk that the model is for research"),
        ("13fewer iterations in Section3.", "13 fewer iterations in Section 3."),
        ("the output.IXC-2.5 excels; tasks:Trip Planning (e.g.,CLIP)", "the output. IXC-2.5 excels; tasks: Trip Planning (e.g., CLIP)"),
        ("Large Language Models (LLMs) . We use it (ITI) , a technique", "Large Language Models (LLMs). We use it (ITI), a technique"),
    ],
)
def test_glued_words_and_spacing_are_repaired(raw, clean):
    assert clean_abstract(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Code on GitHub, served with vLLM, tuned with LoRA.",
        "An iPhone app, a ChatGPT plugin and InstructGPT.",
        "We count 1,000,000 tokens.",
        "Attention is all you need: Transformers are strong.",
        "Another Approach, and Thereby we win.",
        "semisupervised underdamped pretraining tokenizer explainability nonzero autoencoders",
        "the Randall-Sundrum model, the Hammersley-Aldous-Diaconis process, Kümmel and Hoelder",
        "models such as DotaMath-deepseek-7B and WizardMath-70B on GSM8K",
        "an achiral, athermal and aperiodic phase of the cooperon and bipolaron",
        "the $\\Lambda$CDM model and MgB$_2$ films, $^3$He, M$\\ddot{o}$ller scattering",
        "java.util.List and Ph.D. and math.AG/0703131 and U.S. data",
        "A* search, C*-algebras, 2*3 = 6 and snake_case_names",
    ],
)
def test_words_that_were_right_stay_as_they_are(text):
    assert clean_abstract(text) == text


def test_a_name_the_catalog_writes_alone_is_a_part():
    text = "we introduce LOFT, a benchmark. TheLOFTbenchmark is new. LOFTprovides a ground."
    words = CatalogWords.of([text])
    assert clean_abstract(text, words) == "we introduce LOFT, a benchmark. The LOFT benchmark is new. LOFT provides a ground."
    assert clean_abstract("MobileLLMmodel and MobileLLM-LS", CatalogWords.of(["MobileLLM and MobileLLM"])) == (
        "MobileLLM model and MobileLLM-LS"
    )


def test_a_term_the_catalog_uses_again_is_not_split_but_a_glued_phrase_is():
    words = CatalogWords.of(["The partonic cross section.", "A partonic picture.", "In field theory we", "field theory"])
    assert clean_abstract("The partonic picture.", words) == "The partonic picture."
    # "fieldtheory" is no word, and the catalog writes "field theory" apart
    text = "A quantum fieldtheory ispresented here and thesecond one isnot."
    assert clean_abstract(text, words) == "A quantum field theory is presented here and the second one is not."


def test_markdown_emphasis_markers_are_dropped_and_the_words_kept():
    text = "updates to a small number of *weights* and a family of **Representation Finetuning (ReFT)** methods."
    assert clean_abstract(text) == "updates to a small number of weights and a family of Representation Finetuning (ReFT) methods."
    assert clean_abstract("synthesize **code**-nested solutions __here__") == "synthesize code-nested solutions here"


def test_footnote_marks_correspondence_and_addresses_are_debris():
    text = (
        "for future research111Code and models are available athttps://github.com/microsoft/ToRA.. "
        "Our code is public:github.com/org/repo††Correspondence:{ann, bob}@virginia.edu,[email\u00a0protected]"
    )
    assert clean_abstract(text) == (
        "for future research. Code and models are available at https://github.com/microsoft/ToRA. "
        "Our code is public: github.com/org/repo"
    )
    assert clean_abstract("Contact: jane.doe@example.org. We study X.") == "We study X."
    assert clean_abstract("costs FLOPs () , memory () , and power () .") == "costs FLOPs, memory, and power."


def test_tex_text_becomes_unicode_and_math_stays():
    text = "Gr\\\"obner bases and \\emph{strongly} coupled \\textit{XXZ} chains, with $\\alpha^2$ at 5\\% and 3%."
    assert clean_abstract(text) == "Gröbner bases and strongly coupled XXZ chains, with $\\alpha^2$ at 5% and 3%."


def test_bundled_debris_is_repaired(bundled):
    """The judged pieces of debris of the bundled catalog (tests/fixtures/judged/text/)."""
    judged = yaml.safe_load(JUDGED_TEXT.read_text(encoding="utf-8"))
    wrong = []
    for item in judged["repairs"]:
        text = bundled[item["id"]]
        wrong += [(item["id"], "still has", s) for s in item.get("absent", []) if s in text]
        wrong += [(item["id"], "lacks", s) for s in item.get("present", []) if s not in text]
    assert len(wrong) <= judged["allowed_left"], wrong


def test_every_letter_stays_unless_it_is_named_debris(bundled):
    """Cleaning removes only e-mail addresses, correspondence labels and footnote marks."""
    debris = re.compile(r"\[email[^\]]*\]|\{[^{}]*\}@[\w.-]+|[\w.+-]+@[\w.-]+|Correspondence|111|[*†‡]")
    for row in read_catalog(BUNDLED).rows:
        before = Counter(c for c in debris.sub("", row.fields["abstract"]) if c.isalpha())
        after = Counter(c for c in debris.sub("", bundled[row.fields["id"]]) if c.isalpha())
        assert before == after, row.fields["id"]


# The glued and clean versions of real catalogs whose abstracts keep arXiv's line breaks.
@pytest.mark.parametrize("name", ["physics_hep.jsonl", "condmat.jsonl", "qbio.csv"])
def test_line_breaks_joined_without_spaces_are_repaired(name):
    result = glue_result(CATALOGS / name)
    assert result.joins > 1000
    assert result.repaired_share >= 0.90, result.examples[:20]
    assert result.wrong_share <= 0.002


@pytest.mark.parametrize("name", ["physics_hep.jsonl", "condmat.jsonl", "math.jsonl", "mixed_fields.csv", "qbio.csv"])
def test_clean_catalogs_keep_their_words(name):
    result = clean_change(CATALOGS / name)
    assert result.words > 15000
    assert result.wrong_share <= 0.001, result.examples


def test_no_raw_tex_outside_math_in_real_catalogs():
    for name in ("math.jsonl", "physics_hep.jsonl", "condmat.jsonl", "zotero_astro_galaxy_clusters.bib"):
        assert raw_tex(read([CATALOGS / name])) == [], name


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
    ["", "2024-13", "2024-00", "2024-13-01", "2023-02-29", "2024-01-32", "05/01/2024", "Foo 2024", "2024-01-05T"],
)
def test_parse_date_rejected_forms(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "near", "expected"),
    [
        ("2024", None, None),  # a year alone: the month comes from the arXiv ID
        ("2/13/2023", None, "2023-02-13"),  # only one reading is a date
        ("13.2.2023", None, "2023-02-13"),
        ("6/9/2020", (2020, 6), "2020-06-09"),  # the ID's month decides between readings
        ("6/9/2020", (2020, 9), "2020-09-06"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", None, "2007-04-02"),
        ("14 Nov 2023", None, "2023-11-14"),
        ("Nov 14, 2023", None, "2023-11-14"),
        ("November 2023", None, "2023-11"),
    ],
)
def test_parse_date_reads_what_spreadsheets_and_arxiv_write(text, near, expected):
    assert parse_date(text, near) == expected


def test_ambiguous_day_month_far_from_the_id_is_not_used():
    with pytest.raises(AmbiguousDate):
        parse_date("6/9/2020", (2021, 1))


# --- split_categories, split_tags -------------------------------------------------------------------


def test_split_categories_reads_lists_and_leaves_other_codes_out():
    assert split_categories("math.CO cs.CG") == ("math.CO", "cs.CG")
    assert split_categories("q-bio.PE|math.DS|92D30, 37N25") == ("q-bio.PE", "math.DS")
    assert split_categories(["hep-th", "hep-th", "gr-qc"]) == ("hep-th", "gr-qc")


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
