"""Citations: arXiv-style keys, unique across the catalog, BibTeX values no input can break,
titles whose capitals and math survive reference managers and plain LaTeX, names BibTeX reads
right, RIS and a plain citation line."""

from __future__ import annotations

import random
import re
from pathlib import Path

import bibtexparser
import pybtex.database
import pybtex.plugin
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.backends.plaintext import Backend
from pybtex.richtext import Text

from generator.build import check_catalog
from generator.config import Settings, load_settings
from generator.models import Paper
from generator.site import cite
from generator.site.cite import (
    LATEX_KERNEL_MATH,
    LATEX_KERNEL_TEXT,
    bibtex_entry,
    bibtex_key,
    plain_citation,
    ris_record,
    scholar_name,
    unique_bibtex_keys,
)
from generator.site.exports import bibliography

ROOT = Path(__file__).resolve().parent.parent
# Real catalogs from several fields (tests/fixtures/catalogs*/SOURCES.md): physics and
# maths titles full of TeX, names from arXiv's metadata, BibTeX and spreadsheets.
FIXTURE_CATALOGS = sorted(
    p
    for folder in ("catalogs", "catalogs_in")
    for p in (ROOT / "tests" / "fixtures" / folder).iterdir()
    if p.suffix in (".jsonl", ".csv", ".bib") and p.name != "csv_headerless.csv"
)


def paper(paper_id="2404.03592", title="ReFT: Representation Finetuning for Language Models", **fields):
    fields.setdefault("abstract", "An abstract.")
    fields.setdefault("authors", ("Zhengxuan Wu", "Aryaman Arora"))
    fields.setdefault("date", "2024-04-04")
    return Paper(id=paper_id, title=title, **fields)


def parse_one(text: str) -> dict[str, str]:
    """The single entry in ``text``, as field -> value; fails on anything else."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1, text
    assert len(library.blocks) == 1, text
    return {f.key: f.value for f in library.entries[0].fields}


def bibtex_balanced(value: str) -> bool:
    """BibTeX's own rule: every brace counts, backslash or not; depth never below zero."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def field_values(entry: str) -> dict[str, str]:
    """The entry's fields as written, read line by line (the layout arXiv uses)."""
    lines = entry.splitlines()
    assert lines[0].startswith("@misc{") and lines[-1] == "}"
    values = {}
    for line in lines[1:-1]:
        match = re.fullmatch(r" {6}(\w+)=\{(.*)\},", line)
        assert match, line
        values[match.group(1)] = match.group(2)
    return values


# Keys


def test_key_is_surname_year_first_significant_title_word():
    assert bibtex_key(paper()) == "wu2024reft"
    assert bibtex_key(paper(title="On the Büchner effect", authors=("Jörg Ünal",))) == "unal2024buchner"
    assert bibtex_key(paper(title="$\\text{Memory}^3$: Language Modeling")) == "wu2024language"


def test_key_without_usable_author_falls_back_to_the_id():
    assert bibtex_key(paper(authors=())) == "arxiv240403592"
    assert bibtex_key(paper("hep-th/9901001", authors=("张三",))) == "arxivhepth9901001"
    assert bibtex_key(paper(authors=("  ", "Ann Author"))) == "author2024reft"  # blank names are skipped


def test_entry_uses_given_key_and_rejects_invalid_ones():
    assert bibtex_entry(paper(), "wu2024refta").startswith("@misc{wu2024refta,\n")
    assert bibtex_entry(paper()).startswith("@misc{wu2024reft,\n")
    for bad in ("", "wu 2024", "wu,2024", "wu}", "wü2024", "wu_2024"):
        with pytest.raises(ValueError, match="invalid BibTeX key"):
            bibtex_entry(paper(), bad)


def test_unique_keys_suffix_later_ids_in_id_order():
    papers = [paper(f"2404.0359{n}") for n in (3, 1, 2)] + [paper("2301.00001", title="Other")]
    keys = unique_bibtex_keys(papers)
    assert keys == {
        "2404.03591": "wu2024reft",
        "2404.03592": "wu2024refta",
        "2404.03593": "wu2024reftb",
        "2301.00001": "wu2024other",
    }


def test_unique_keys_do_not_depend_on_input_order():
    papers = [paper(f"2404.{n:05d}", title=random.Random(n).choice(["ReFT", "LoRA", "B"])) for n in range(40)]
    expected = unique_bibtex_keys(papers)
    for seed in range(5):
        shuffled = papers[:]
        random.Random(seed).shuffle(shuffled)
        assert unique_bibtex_keys(shuffled) == expected


def test_unique_keys_skip_another_papers_plain_key():
    # Titles made of stop words give the bare key "wu2024"; a paper on "B" has the plain key "wu2024b".
    papers = [paper("2404.00001", title="The"), paper("2404.00002", title="Of"), paper("2404.00003", title="In")]
    papers.append(paper("2404.00009", title="B splines"))
    keys = unique_bibtex_keys(papers)
    assert keys["2404.00009"] == "wu2024b"
    assert [keys[f"2404.0000{n}"] for n in (1, 2, 3)] == ["wu2024", "wu2024a", "wu2024c"]
    assert len(set(keys.values())) == len(keys)


def test_unique_keys_go_on_after_z():
    papers = [paper(f"2404.{n:05d}") for n in range(30)]
    keys = unique_bibtex_keys(papers)
    assert len(set(keys.values())) == 30
    assert keys["2404.00026"] == "wu2024reftz"
    assert keys["2404.00027"] == "wu2024reftaa"
    assert all(re.fullmatch(r"[A-Za-z0-9]+", key) for key in keys.values())


# Values


def test_entry_in_arxiv_style():
    entry = bibtex_entry(paper(category="cs.CL"))
    assert entry == (
        "@misc{wu2024reft,\n"
        "      title={{ReFT}: Representation Finetuning for Language Models},\n"
        "      author={Zhengxuan Wu and Aryaman Arora},\n"
        "      year={2024},\n"
        "      eprint={2404.03592},\n"
        "      archivePrefix={arXiv},\n"
        "      primaryClass={cs.CL},\n"
        "      url={https://arxiv.org/abs/2404.03592},\n"
        "}"
    )
    assert parse_one(entry)["primaryClass"] == "cs.CL"


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("$\\text{Memory}^3$: Language Modeling", "{$\\mbox{Memory}^3$}: Language Modeling"),
        ("R&D at 50% for #1 in snake_case", "{R\\&D} at 50\\% for \\#1 in snake\\_case"),
        ("Already \\& escaped \\_ and \\%", "Already \\& escaped \\_ and \\%"),
        ("Sets {A} and {B_1}", "Sets {A} and {B\\_1}"),
        ("x^2 outside math, $x^2_i$ inside", "{x}\\^{}2 outside math, $x^2_i$ inside"),
        ("Costs $5 today", "Costs \\$5 today"),
        ("$$x_1$$ display", "{$$x_1$$} display"),
        ("Naïve Bayes for Zürich", "Naïve Bayes for Zürich"),
        ("Broken\nacross   lines\ttoo", "Broken across lines too"),
        ("Control\x00\x01\x07\x08 chars", "Control chars"),
        ("Two\\\\{lines} here", "Two\\\\ {lines} here"),  # else parsers read "\\{" as an escaped brace
    ],
)
def test_title_values(title, written):
    entry = bibtex_entry(paper(title=title))
    assert field_values(entry)["title"] == written
    assert parse_one(entry)["title"] == written


@pytest.mark.parametrize(
    "title",
    [
        "}, note={pwned",
        "x}, note={pwned}, title={y",
        "Title}\n@misc{evil, title={owned}}",
        "a @misc{evil, title={y}} b",
        "@@misc(evil, x",
        "trailing backslash \\",
        "line break \\\\}",
        "line break \\\\{x} and \\\\}",
        "escaped brace \\{ alone",
        "\\{ } mixed \\}",
        "{{{",
        "}}}",
        "a \\@misc{b}",
    ],
)
def test_hostile_titles_stay_inside_their_field(title):
    entry = bibtex_entry(paper(title=title))
    fields = parse_one(entry)
    assert set(fields) == {"title", "author", "year", "eprint", "archivePrefix", "url"}
    assert fields["eprint"] == "2404.03592"
    value = field_values(entry)["title"]
    assert bibtex_balanced(value)
    assert not re.search(r"@\w*\s*[{(]", value)
    assert not value.endswith("\\")


def test_hostile_title_pwned_keeps_its_text():
    assert field_values(bibtex_entry(paper(title="}, note={pwned")))["title"] == ", note=pwned"


def test_author_names_cannot_split_or_break_the_list():
    entry = bibtex_entry(paper(authors=("Ann and Bob", "Cé Dupont", "  ", "Eve}, title={x", "D. And")))
    fields = parse_one(entry)
    assert fields["author"] == "Ann {and} Bob and Cé Dupont and Eve{,} title=x and D. {And}"
    library = bibtexparser.parse_string(entry, append_middleware=[SeparateCoAuthors()])
    assert library.entries[0]["author"] == ["Ann {and} Bob", "Cé Dupont", "Eve{,} title=x", "D. {And}"]


def test_unicode_authors_round_trip():
    authors = ("Jörg Ünal", "Zoë Ødegård", "李明", "Ana María Pérez-Núñez")
    fields = parse_one(bibtex_entry(paper(authors=authors)))
    assert fields["author"].split(" and ") == list(authors)


text = st.text(alphabet=st.sampled_from(list("ab {}\\$@&%#_^~\"',=()\n\t\x00misc")), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, authors=st.lists(text, max_size=3), category=text)
def test_no_input_breaks_the_entry(title, authors, category):
    entry = bibtex_entry(paper(title=title, authors=tuple(authors), category=category))
    written = field_values(entry)
    fields = parse_one(entry)
    assert set(fields) == set(written)
    assert {"title", "year", "eprint", "archivePrefix", "url"} <= set(fields)
    for value in written.values():
        assert bibtex_balanced(value)
        assert not value.endswith("\\")


# Google Scholar's "Last, First"


@pytest.mark.parametrize(
    ("name", "family", "expected"),
    [
        ("Tom Dupré la Tour", "Dupré la Tour", "Dupré la Tour, Tom"),
        ("Zhengxuan Wu", "Wu", "Wu, Zhengxuan"),
        ("Zhengxuan Wu", None, "Wu, Zhengxuan"),
        ("Zhengxuan Wu", "", "Wu, Zhengxuan"),
        ("Ludwig van Beethoven", None, "van Beethoven, Ludwig"),
        ("Juan Carlos García Pérez", "García Pérez", "García Pérez, Juan Carlos"),
        ("Martin Luther King Jr.", "King", "King, Martin Luther Jr."),
        ("A. S. Mishchenko", "Mishchenko", "Mishchenko, A. S."),
        ("Wu Zhengxuan", "Wu", "Wu, Zhengxuan"),  # family name first, as the input says
        ("Zhengxuan Wu", "Smith", "Wu, Zhengxuan"),  # a family name not in the name is not trusted
        ("OpenAI", "OpenAI", "OpenAI"),
        ("OpenAI", None, "OpenAI"),
        ("ATLAS Collaboration", "Collaboration", "ATLAS Collaboration"),
        ("The DESI Collaboration", None, "The DESI Collaboration"),
        ("Gemini Team", "Team", "Gemini Team"),
        ("Plato", "", "Plato"),
        ("  Zhengxuan   Wu ", "Wu", "Wu, Zhengxuan"),
        ("", None, ""),
    ],
)
def test_scholar_name_is_last_comma_first(name, family, expected):
    assert scholar_name(name, family) == expected


# Real catalogs, read as a build reads them


def load(path: Path) -> tuple[Paper, ...]:
    report, _ = check_catalog(Settings(root=ROOT, inputs=(str(path),), metadata="", fetched=""))
    return tuple(report.papers)


@pytest.fixture(scope="module")
def bundled() -> tuple[Paper, ...]:
    report, _ = check_catalog(load_settings(ROOT / "site_config" / "catalog.yml", ROOT))
    return tuple(report.papers)


@pytest.fixture(scope="module")
def catalogs() -> dict[str, tuple[Paper, ...]]:
    return {path.name: load(path) for path in FIXTURE_CATALOGS}


def test_fixture_catalogs_are_there(catalogs):
    assert {"physics_hep.jsonl", "math.jsonl", "condmat.jsonl", "zotero_astro_galaxy_clusters.bib"} <= set(catalogs)
    assert sum(len(papers) for papers in catalogs.values()) > 1500


# Titles: capitals a style keeps

PLAIN_STYLE = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")()
TEXT = Backend()  # render_as("text") looks the plugin up on every call: slow


def formatted(bib: str) -> list[str]:
    """The entries as BibTeX's ``plain`` style prints them, in pybtex's rendering."""
    data = pybtex.database.parse_string(bib, "bibtex")
    return [entry.text.render(TEXT) for entry in PLAIN_STYLE.format_entries(data.entries.values())]


def lost_capitals(title_value: str) -> list[str]:
    """The words of a title value whose capitals a style's lower-casing changes, leaving out
    the ordinary capitalised words ("Language", "A") a sentence-case style may lower-case.
    pybtex's ``capitalize`` is what ``plain`` does to a title."""
    text = Text.from_latex(title_value)
    lost = []
    for as_written, styled in zip(
        text.render(TEXT).split(), text.capitalize().render(TEXT).split(), strict=True
    ):
        for part, after in zip(re.findall(r"[^\W_]+", as_written), re.findall(r"[^\W_]+", styled), strict=True):
            ordinary = part.isalpha() and part[1:] == part[1:].lower() and (len(part) > 1 or part == "A")
            if part != after and not ordinary:
                lost.append(as_written)
                break
    return lost


def title_value(entry: str) -> str:
    return field_values(entry)["title"]


def test_plain_style_keeps_the_capitals_of_bundled_titles(bundled):
    text = "\n\n".join(bibtex_entry(p) for p in bundled)
    printed = " ".join(formatted(text))
    for kept in ("GLiNER: generalist model", "MobileLLM: optimizing", "LLM planning", "ReFT: representation",
                 "multilingual LLMs", "GPT vs RETRO", "Text-to-SQL", "InternLM-XComposer-2.5", "NATURAL PLAN"):
        assert kept in printed
    # Ordinary words are the style's to lower-case: sentence case stays possible.
    assert "representation finetuning for language models" in printed


def test_titles_needing_protection_before_and_after(bundled, catalogs):
    def needing(papers, value):
        return sum(1 for p in papers if not p.title_derived and lost_capitals(value(p)))

    unprotected = lambda p: cite._value(p.title)  # noqa: E731 - the escaping alone, as before
    protected = lambda p: title_value(bibtex_entry(p))  # noqa: E731
    assert len(bundled) == 39
    assert needing(bundled, unprotected) == 19
    assert needing(bundled, protected) == 0
    for name, before in (("physics_hep.jsonl", 69), ("math.jsonl", 30), ("software_engineering.csv", 93)):
        assert (needing(catalogs[name], unprotected), needing(catalogs[name], protected)) == (before, 0), name
    for name, papers in catalogs.items():
        assert needing(papers, protected) == 0, name


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("GLiNER: Generalist Model", "{GLiNER}: Generalist Model"),
        ("MobileLLM for LLM Planning with LLMs", "{MobileLLM} for {LLM} Planning with {LLMs}"),
        ("DeepSeek on an iPhone via ReFT", "{DeepSeek} on an {iPhone} via {ReFT}"),
        ("Beyond GPT-4 and T5 in 3D with Llama2", "Beyond {GPT-4} and {T5} in {3D} with {Llama2}"),
        ("Retrieval-augmented Text-to-SQL, Parameter-Efficient", "Retrieval-augmented {Text-to-SQL}, Parameter-Efficient"),
        ("A Study of X-ray Type I Bursts", "A Study of {X-ray} Type {I} Bursts"),
        ("Stream of Search (SoS): I/O in the U.S.", "Stream of Search ({SoS}): {I/O} in the {U.S}."),
        ("JWST's Little Red Dots", "{JWST's} Little Red Dots"),
        ("d-wave pairing", "{d-wave} pairing"),  # pybtex would capitalise a title's first letter
        ("Language Models are Few-Shot Learners", "Language Models are Few-Shot Learners"),
        ("R&D for Q&A", "{R\\&D} for {Q\\&A}"),
        # Math is braced whole, never inside; words touching math go with it.
        ("The $GL_n$ case", "The {$GL_n$} case"),
        ("Lyman-$\\alpha$ forest", "Lyman-$\\alpha$ forest"),
        ("$\\Lambda$CDM and CeAg$_2$Ge$_2$", "{$\\Lambda$CDM} and {CeAg$_2$Ge$_2$}"),
        ("Within {GLiNER} and \\emph{BERT}", "Within {GLiNER} and \\emph{BERT}"),
        ("Schr\\\"odinger and \\\"Ozg\\\"ur", "Schr\\\"odinger and \\\"Ozg\\\"ur"),
    ],
)
def test_capitals_are_braced_whole_words(title, written):
    entry = bibtex_entry(paper(title=title))
    assert title_value(entry) == written
    assert parse_one(entry)["title"] == written


def test_braced_hyphenated_words_survive_bibtex_and_pybtex_styles():
    printed = formatted(bibtex_entry(paper(title="Scaling GPT-4 and COVID-19 Models")))[0]
    assert "Scaling GPT-4 and COVID-19 models" in printed


# Titles: math a plain LaTeX document compiles


def math_spans(value: str) -> list[str]:
    """The math in a BibTeX value: ``$...$`` pairs, escaped ``\\$`` left out."""
    return re.findall(r"(?<!\\)\$((?:[^$\\]|\\.)*)\$", value.replace("$$", "$"))


def control_sequences(tex: str) -> set[str]:
    return {m if len(m) == 2 and not m[1].isalpha() else m[1:] for m in re.findall(r"\\(?:[A-Za-z]+|.)", tex)}


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("$\\text{Memory}^3$: Language", "{$\\mbox{Memory}^3$}: Language"),
        ("$\\mathbb{R}^n$ and $\\operatorname{softmax}$", "{$\\mathbf{R}^n$} and $\\mathrm{softmax}$"),
        ("$\\boldsymbol{x}$, $\\tfrac{1}{2}$, $\\dfrac{a}{b}$", "{$\\mathbf{x}$}, $\\frac{1}{2}$, $\\frac{a}{b}$"),
        ("$a \\leqslant b \\geqslant c$", "{$a \\leq b \\geq c$}"),
        ("Mass $\\lesssim 10$", "Mass $\\stackrel{<}{\\sim} 10$"),
        ("$\\mathfrak{g}$ over $\\mathscr{A}$ and $\\varnothing$", "{$\\mathrm{g}$} over {$\\mathcal{A}$} and $\\emptyset$"),
        ("Forms over $\\Q(\\sqrt{5})$ and $\\PGL_n$", "Forms over {${\\mathrm{Q}}(\\sqrt{5})$} and {${\\mathrm{PGL}}_n$}"),
        ("$\\operatorname*{argmax}$ and $\\left( x$", "{$\\mathrm{argmax}$} and $( x$"),
        ("$\\'e$ and $\\text{caf\\'e}$", "{$\\acute e$} and $\\mbox{caf\\'e}$"),
        ("$ν = 1/2$ and $\\rm ΔN_{\\rm eff}$", "{$\\nu = 1/2$} and {$\\rm \\Delta N_{\\rm eff}$}"),
        # Unicode math outside math, which inputenc cannot typeset: made math.
        ("Deep Hα survey at z ≥ 2", "Deep {H$\\alpha$} survey at z $\\geq$ 2"),
        ("The D̅ meson and ΛCDM", "The {$\\bar{D}$} meson and {$\\Lambda$CDM}"),
        ("Hα$_2$ and $x$α", "{H$\\alpha_2$} and $x\\alpha$"),  # one span, never "$$"
        # Math commands outside math: symbols made math, the others' names as text.
        ("An \\alpha particle and \\tfrac{1}{2}", "An $\\alpha$ particle and tfrac{1}{2}"),
    ],
)
def test_math_is_rewritten_for_the_latex_kernel(title, written):
    entry = bibtex_entry(paper(title=title))
    assert title_value(entry) == written
    assert parse_one(entry)["title"] == written
    for span in math_spans(written):
        assert control_sequences(span) <= LATEX_KERNEL_MATH | LATEX_KERNEL_TEXT, span


def test_kernel_lists_hold_no_package_commands():
    packages = {"text", "mathbb", "operatorname", "boldsymbol", "bm", "tfrac", "dfrac", "mathfrak", "mathscr",
                "leqslant", "geqslant", "lesssim", "gtrsim", "varnothing", "binom", "eqref", "mathds"}
    assert not packages & (LATEX_KERNEL_MATH | LATEX_KERNEL_TEXT)


def test_title_math_of_real_catalogs_uses_only_kernel_commands(catalogs):
    spans = 0
    for name, papers in catalogs.items():
        for p in papers:
            if p.title_derived:
                continue
            value = title_value(bibtex_entry(p))
            assert len(re.findall(r"(?<!\\)\$", value)) % 2 == 0, value
            for span in math_spans(value):
                spans += 1
                assert control_sequences(span) <= LATEX_KERNEL_MATH | LATEX_KERNEL_TEXT, (name, value)
                assert all(c.isascii() for c in re.sub(r"\\mbox\{[^{}]*\}", "", span)), (name, value)
    assert spans > 50


def test_every_entry_of_every_catalog_parses_with_bibtexparser_and_pybtex(bundled, catalogs):
    for name, papers in {"bundled": bundled, **catalogs}.items():
        text = bibliography(papers)
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [], name
        assert len(library.entries) == len(papers), name
        data = pybtex.database.parse_string(text, "bibtex")
        assert len(data.entries) == len(papers), name
        assert len(formatted(text)) == len(papers), name


title_text = st.lists(
    st.sampled_from(list("aB Z9-/'.{}\\$&_^αΔ≤\u0305:()") + ["\\text", "\\mathbb", "\\foo", "\\alpha", "GPT"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=title_text)
def test_no_title_breaks_the_entry_or_its_math(title):
    entry = bibtex_entry(paper(title=title))
    value = field_values(entry)["title"]
    assert parse_one(entry)["title"] == value
    assert bibtex_balanced(value)
    assert not value.endswith("\\")
    # Every "$" left unescaped opens or closes math: none was made by joining two spans.
    unescaped = {m.start() for m in re.finditer(r"(?<!\\)\$\$?", value.replace("\\\\", "  "))}
    assert cite._math_delimiters(value) == unescaped
    formatted(entry)  # pybtex reads it too


# Names


@pytest.mark.parametrize(
    ("name", "family", "written"),
    [
        ("Zhengxuan Wu", "Wu", "Zhengxuan Wu"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig van Beethoven"),
        ("Jean-Pierre de la Serre", "de la Serre", "Jean-Pierre de la Serre"),
        ("Tom Dupré la Tour", "Dupré la Tour", "Dupré la Tour, Tom"),
        ("Juan Carlos García Pérez", "García Pérez", "García Pérez, Juan Carlos"),
        ("Michiel Van de Panne", "Van de Panne", "Van de Panne, Michiel"),
        ("Wu Zhengxuan", "Wu", "Wu, Zhengxuan"),  # family name first
        ("Élodie Martin", "Martin", "Martin, Élodie"),  # BibTeX reads "Élodie" as lower-case
        ("Jörg Ünal", "Ünal", "Jörg Ünal"),
        ("Zhi-qiang Shen", "Shen", "Shen, Zhi-qiang"),  # BibTeX splits at the hyphen: von "qiang"
        ("Charles L. Webber Jr.", "Webber", "Webber, Jr., Charles L."),
        ("Sowmya V", "Sowmya", "Sowmya, V"),  # what the input took for a suffix
        ("ATLAS Collaboration", "Collaboration", "{ATLAS Collaboration}"),
        ("The LIGO Scientific Collaboration", "The LIGO Scientific Collaboration", "{The LIGO Scientific Collaboration}"),
        ("CLEO Collaboration: T. K. Pedlar", "Pedlar", "CLEO Collaboration: T. K. Pedlar"),
        ("OpenAI", "OpenAI", "OpenAI"),
        ("Tom Dupré la Tour", None, "Tom Dupré la Tour"),  # no family name given: people.family_name's
    ],
)
def test_author_written_so_that_bibtex_reads_the_family_name(name, family, written):
    fields = {"authors": (name,), "family_names": (family,) if family is not None else ()}
    entry = bibtex_entry(paper(**fields))
    assert parse_one(entry)["author"] == written
    (read_back,) = pybtex.database.parse_string(entry, "bibtex").entries.values()
    (person,) = read_back.persons["author"]
    read = re.sub(r"[{}]", "", " ".join(person.prelast_names + person.last_names))
    assert read == (name if cite._group_name(name) else family or cite.family_name(name))


def test_pybtex_reads_every_known_family_name_of_the_real_catalogs(catalogs):
    names = changed = 0
    for papers in catalogs.values():
        keys = unique_bibtex_keys(papers)
        entries = pybtex.database.parse_string(bibliography(papers, keys), "bibtex").entries
        for p in papers:
            people = entries[keys[p.id]].persons.get("author", [])
            assert len(people) == len(p.authors) == len(p.family_names), p.id
            for name, family, person in zip(p.authors, p.family_names, people, strict=True):
                names += 1
                expected = name if cite._group_name(name) and " " in name else family
                read = re.sub(r"[{}]", "", " ".join(person.prelast_names + person.last_names))
                assert read == expected, (name, family, str(person))
                changed += cite._author(name, family) != cite._name_part(name)
    assert names > 9000
    assert 0 < changed < names // 50  # "First Last" stays the rule


# Google Scholar, RIS and the plain line


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """A small RIS reader: every line ``XX  - value``; records from ``TY`` to ``ER``."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, line
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} outside a record"
        if tag == "ER":
            assert value == ""
            records.append(current)
            current = None
        else:
            current.append((tag, value))
    assert current is None, "record without ER"
    return records


def test_ris_record():
    record = ris_record(
        paper(authors=("Tom Dupré la Tour", "Zhengxuan Wu", "ATLAS Collaboration"),
              family_names=("Dupré la Tour", "Wu", "Collaboration"), doi="10.1000/x1"),
        "wu2024reft",
    )
    assert record == (
        "TY  - GEN\n"
        "ID  - wu2024reft\n"
        "AU  - Dupré la Tour, Tom\n"
        "AU  - Wu, Zhengxuan\n"
        "AU  - ATLAS Collaboration\n"
        "TI  - ReFT: Representation Finetuning for Language Models\n"
        "PY  - 2024\n"
        "DA  - 2024/04/04/\n"
        "DO  - 10.1000/x1\n"
        "UR  - https://arxiv.org/abs/2404.03592\n"
        "DB  - arXiv\n"
        "AN  - arXiv:2404.03592\n"
        "ER  - "
    )
    assert len(ris_records(record)) == 1


def test_ris_title_is_plain_text_and_dates_may_lack_the_day():
    (record,) = ris_records(ris_record(paper(title="$\\text{Memory}^3$: Language Modeling", date="2024-07")))
    fields = dict(record)
    assert fields["TI"] == "Memory³: Language Modeling"
    assert fields["DA"] == "2024/07//"
    (derived,) = ris_records(ris_record(paper(title_derived=True, date=None)))
    assert "TI" not in dict(derived) and "PY" not in dict(derived)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, authors=st.lists(text, max_size=3))
def test_no_input_breaks_a_ris_record(title, authors):
    (record,) = ris_records(ris_record(paper(title=title, authors=tuple(authors)), "k"))
    assert record[:2] == [("TY", "GEN"), ("ID", "k")]


@pytest.mark.parametrize(
    ("authors", "title", "line"),
    [
        (("Zhengxuan Wu", "Aryaman Arora", "Zheng Wang", "Atticus Geiger"), None,
         "Zhengxuan Wu, Aryaman Arora, et al. ReFT: Representation Finetuning for Language Models. "
         "arXiv:2404.03592, 2024."),
        (("Zhengxuan Wu", "Aryaman Arora", "Zheng Wang"), "Why?",
         "Zhengxuan Wu, Aryaman Arora, and Zheng Wang. Why? arXiv:2404.03592, 2024."),
        (("Zhengxuan Wu", "Aryaman Arora"), "$\\text{Memory}^3$",
         "Zhengxuan Wu and Aryaman Arora. Memory³. arXiv:2404.03592, 2024."),
        (("Charles L. Webber Jr.",), "A\nB", "Charles L. Webber Jr. A B. arXiv:2404.03592, 2024."),
        ((), "Untitled", "Untitled. arXiv:2404.03592, 2024."),
    ],
)
def test_plain_citation(authors, title, line):
    fields = {"authors": authors} if title is None else {"authors": authors, "title": title}
    assert plain_citation(paper(**fields)) == line


def test_plain_citation_leaves_out_a_derived_title_and_a_missing_year():
    assert plain_citation(paper(title_derived=True, date=None)) == "Zhengxuan Wu and Aryaman Arora. arXiv:2404.03592."
