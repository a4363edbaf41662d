"""The BibTeX reader (.bib): arXiv, Zotero and Google Scholar exports, located problems, parity."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import check_catalog
from generator.catalog.people import split_people
from generator.catalog.readers import read_catalog
from generator.catalog.readers.bibtex import NO_ENTRIES, _authors, read_bibtex
from generator.config import Settings
from generator.models import Problem, RawRow

TAXONOMY = str(Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIBTEX = FIXTURES / "bibtex"
ENCODERS = (
    "1 keyword from the input names no tag of the vocabulary and is not published: 'encoders' (1); "
    "list the ones to publish under input_tags"
)


def check(*paths: Path):
    report, _ = check_catalog(Settings(root=BIBTEX, metadata="", taxonomy=TAXONOMY), [str(p) for p in paths])
    return report


def read(text: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    result = read_bibtex(text, "p.bib")
    assert result.warnings == []
    return [(row.line, row.fields) for row in result.rows], result.problems


def fields_of(entry: str) -> dict:
    rows, problems = read(entry)
    assert problems == []
    assert len(rows) == 1
    return rows[0][1]


# --- realistic exports ---------------------------------------------------------------------


def test_arxiv_export_is_read_and_reported_for_its_missing_abstract():
    path = BIBTEX / "arxiv_export.bib"
    result = read_catalog(path)
    assert result.problems == [] and result.warnings == []
    first, second = result.rows
    assert first == RawRow(
        str(path),
        1,
        {
            "id": "2311.08526",
            "title": "GLiNER: Generalist Model for Named Entity Recognition using Bidirectional Transformer",
            "authors": ["Zaratiana, Urchade", "Tomeh, Nadi", "Holat, Pierre", "Charnois, Thierry"],
            "category": "cs.CL",
        },
    )
    assert (second.line, second.fields["id"], len(second.fields["authors"])) == (10, "2310.06762", 12)
    # arXiv's "Export BibTeX citation" carries no abstract: nothing is dropped, each entry is reported.
    report = check(path)
    assert report.papers == ()
    assert [str(p) for p in report.problems] == [f"{path}:1: missing abstract: run `catalog fetch` to get it from arXiv", f"{path}:10: missing abstract: run `catalog fetch` to get it from arXiv"]


def test_zotero_export_with_abstract_and_last_first_authors():
    path = BIBTEX / "zotero.bib"
    result = read_bibtex(path.read_text(encoding="utf-8"), str(path))
    assert result.problems == []
    gliner, uber = result.rows
    assert gliner.line == 2
    assert gliner.fields["id"] == "2311.08526"  # from doi = {10.48550/arXiv.2311.08526}
    assert (
        gliner.fields["title"]
        == "GLiNER: Generalist Model for Named Entity Recognition using Bidirectional Transformer"
    )
    assert split_people(gliner.fields["authors"]) == ("Urchade Zaratiana", "Nadi Tomeh", "Pierre Holat", "Thierry Charnois")
    assert gliner.fields["date"] == "2023-11"  # month = nov, a macro
    assert gliner.fields["tags"] == [
        "Computer Science - Computation and Language",
        "Computer Science - Machine Learning",
    ]
    abstract = gliner.fields["abstract"]
    assert abstract.startswith("Named Entity Recognition (NER) is essential")
    assert "APIs like ChatGPT," in abstract and abstract.endswith("with <1% of their parameters.")
    assert uber.line == 17
    assert "id" not in uber.fields
    assert uber.fields["title"] == "Über Dependency Parsing for Low-Resource Languages"
    assert split_people(uber.fields["authors"]) == ("José Müller", "Anna van der Berg")
    assert uber.fields["abstract"] == "We parse sentences in languages with little training data and report a 5% gain."
    assert uber.fields["date"] == "2021-06"

    # A library mixes arXiv papers with others: an entry with no arXiv ID is left out, with a warning.
    assert [row.line for row in read_catalog(path).rows] == [2]
    assert "1 entry gives no arXiv ID or arXiv address and is left out (line 17)" in str(read_catalog(path).warnings)
    report = check(path)
    assert [p.id for p in report.papers] == ["2311.08526"]
    assert report.papers[0].source == f"{path}:2"
    assert report.problems == []


# --- the same four papers as the other formats ------------------------------------------------


def test_bibtex_gives_the_same_papers_as_csv():
    # BibTeX carries every field the CSV has: nothing but `source` is ignored.
    bib, csv = check(BIBTEX / "papers.bib"), check(FIXTURES / "formats" / "papers.csv")
    # Both carry the keyword "encoders", which names no tag of the vocabulary.
    assert bib.problems == [] and [w.message for w in bib.warnings] == [ENCODERS]
    assert bib.row_count == csv.row_count == 4
    assert tuple(dataclasses.replace(p, source="") for p in bib.papers) == tuple(
        dataclasses.replace(p, source="") for p in csv.papers
    )
    assert [p.source for p in bib.papers] == [f"{BIBTEX / 'papers.bib'}:{line}" for line in (4, 17, 28, 38)]


def test_the_same_paper_in_bibtex_and_csv_is_a_duplicate():
    report = check(FIXTURES / "formats" / "papers.csv", BIBTEX / "papers.bib")
    assert str(report.problems[0]) == (
        f"{BIBTEX / 'papers.bib'}:4: duplicate arXiv ID 2311.08526 (first listed at {FIXTURES / 'formats' / 'papers.csv'}:2)"
    )


# --- where the arXiv ID comes from -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("eprint = {2311.08526}, archivePrefix = {arXiv}", "2311.08526"),
        ("eprint = {2311.08526v3}, eprinttype = {arxiv}", "2311.08526v3"),  # biblatex, DBLP
        ("eprint = {arXiv:2311.08526}", "arXiv:2311.08526"),  # no archivePrefix, but an arXiv ID
        ("eprint = {hep-th/9901001}", "hep-th/9901001"),
        ("doi = {10.48550/arXiv.2311.08526}", "2311.08526"),
        ("doi = {https://doi.org/10.48550/ARXIV.2311.08526}", "2311.08526"),
        ("url = {https://arxiv.org/abs/2311.08526v2}", "https://arxiv.org/abs/2311.08526v2"),
        ("url = {http://arxiv.org/pdf/2311.08526}", "http://arxiv.org/pdf/2311.08526"),
        ("journal = {arXiv preprint arXiv:2311.08526}", "2311.08526"),  # Google Scholar
        ("note = {arXiv:2311.08526 [cs]}", "2311.08526"),  # Zotero
        ("journal = {ArXiv}, volume = {abs/2311.08526}", "2311.08526"),  # Semantic Scholar
        # eprint wins over the other fields
        ("eprint = {2404.03592}, archivePrefix = {arXiv}, doi = {10.48550/arXiv.2311.08526}", "2404.03592"),
        # an eprint of another archive is no arXiv ID, but the DOI is
        ("eprint = {12345678}, archivePrefix = {PMID}, doi = {10.48550/arXiv.2311.08526}", "2311.08526"),
        # with archivePrefix = arXiv the eprint is taken as written, for the validator to judge
        ("eprint = {not-an-id}, archivePrefix = {arXiv}", "not-an-id"),
    ],
)
def test_arxiv_id_sources(fields, expected):
    assert fields_of(f"@misc{{k, {fields}}}")["id"] == expected


@pytest.mark.parametrize(
    "fields",
    [
        "title = {No ID}",
        "eprint = {12345678}, archivePrefix = {PMID}",
        "eprint = {12345678}",
        "url = {https://example.org/paper}, doi = {10.1000/xyz}",
        "journal = {Nature}",
    ],
)
def test_entries_without_an_arxiv_id_have_no_id_field(fields):
    assert "id" not in fields_of(f"@article{{k, {fields}}}")


def test_a_library_without_any_arxiv_id_gets_one_problem(tmp_path):
    path = tmp_path / "p.bib"
    path.write_text("@misc{empty}\n\n@misc{k,\n  title = {Only a title},\n}\n", encoding="utf-8")
    result = read_catalog(path)
    assert result.rows == []
    assert [str(p).split(";")[0] for p in check(path).problems] == [
        f"{path}:1: none of the 2 entries gives an arXiv ID (keys found: none)"
    ]
    single = tmp_path / "one.bib"
    single.write_text("@misc{k,\n  title = {Only a title},\n}\n", encoding="utf-8")
    assert [str(p) for p in check(single).problems] == [
        f"{single}:1: missing arXiv ID",
        f"{single}:1: missing abstract: run `catalog fetch` to get it from arXiv",
    ]


# --- text fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("{GL}iNER: Generalist Model", "GLiNER: Generalist Model"),
        ("{{GLiNER}: {Generalist} {Model}}", "GLiNER: Generalist Model"),
        ('{\\"u}ber and \\"{o}l and \\"a', "über and öl and ä"),
        ("\\'etude, Caf\\'{e}, na{\\\"\\i}ve, Fran\\c{c}ois, {\\L}{\\o}{\\ss}", "étude, Café, naïve, François, Łøß"),
        (
            "Attention in $O(n^2)$ time with $\\mathcal{O}(1)$ memory",
            "Attention in $O(n^2)$ time with $\\mathcal{O}(1)$ memory",
        ),
        ("50\\% faster \\& 2\\$ cheaper, a\\_b", "50% faster & 2$ cheaper, a_b"),
        ("50% faster & smaller", "50% faster & smaller"),  # unescaped: still text, not a TeX comment
        ("\\textbf{Bold} and \\emph{emphasis} and \\textsc{Caps}", "Bold and emphasis and Caps"),
        ("{\\textless}1B {\\textgreater}2B \\mbox{kept}", "<1B >2B kept"),
        ("Zhāng Wěi 张伟 already Unicode", "Zhāng Wěi 张伟 already Unicode"),
    ],
)
def test_title_latex_becomes_unicode_and_math_is_kept(title, expected):
    assert fields_of(f"@misc{{k, title = {{{title}}}}}")["title"] == expected


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Error drops by $\\sim$30\\% with $k_{1}=10$ heads.", "Error drops by $\\sim$30% with $k_{1}=10$ heads."),
        ("Costs \\$5 -- or $x^{10}$.", "Costs $5 – or $x^{10}$."),
        ("Display $$\\sum_i x_i$$ math.", "Display $$\\sum_i x_i$$ math."),
        ("A {GPU} -{}- ``fast'' one", "A GPU -- “fast” one"),
    ],
)
def test_abstract_math_stays_as_written(abstract, expected):
    text = fields_of(f"@misc{{k, abstract = {{{abstract}}}}}")["abstract"]
    assert " ".join(text.split()) == expected


# Text the fast path (no commands outside math) decodes itself; a leading \relax{} sends it to pylatexenc.
TEXT_PIECES = st.sampled_from(
    list("ab Z1{}~-`'&_#!?^\n,.()é张") + ["\\%", "\\&", "\\_", "--", "``", "''", "$x$", "$\\alpha_{1}$", "{$", "$}"]
)


@settings(deadline=None, max_examples=300)
@given(st.lists(TEXT_PIECES, max_size=30).map("".join))
def test_the_fast_path_reads_text_as_the_latex_decoder_does(text):
    from generator.catalog.readers.bibtex import _tex_to_text

    assert " ".join(_tex_to_text(text).split()) == " ".join(_tex_to_text("\\relax{}" + text).split())


def test_quoted_values_and_abstract_over_several_lines():
    fields = fields_of('@misc{k,\n  title = "A {"}quoted{"} Title",\n  abstract = "First line,\n  second line."\n}')
    assert fields["title"] == 'A "quoted" Title'
    assert fields["abstract"] == "First line,\n  second line."


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Urchade Zaratiana and Nadi Tomeh", ["Urchade Zaratiana", "Nadi Tomeh"]),
        ("Zaratiana, Urchade and Tomeh, Nadi", ["Urchade Zaratiana", "Nadi Tomeh"]),
        ("Zaratiana, Urchade and\n    Nadi Tomeh", ["Urchade Zaratiana", "Nadi Tomeh"]),
        ("van der Berg, Anna and Ludwig van Beethoven", ["Anna van der Berg", "Ludwig van Beethoven"]),
        ("Beeblebrox, IV, Zaphod", ["Zaphod Beeblebrox IV"]),
        ("{Barnes and Noble} and {OpenAI}", ["Barnes and Noble", "OpenAI"]),
        ("M{\\\"u}ller, Jos{\\'e} and Kaiser, {\\L}ukasz", ["José Müller", "Łukasz Kaiser"]),
        ("Donald~E. Knuth", ["Donald E. Knuth"]),
        ("Vaswani, Ashish and others", ["Ashish Vaswani"]),  # BibTeX's "et al." is no author
        ("", []),
    ],
)
def test_authors_split_on_and_with_last_first_turned_around(author, expected):
    assert list(split_people(fields_of(f"@misc{{k, author = {{{author}}}}}").get("authors", []))) == expected


def test_family_names_stay_marked_for_the_name_parser():
    assert fields_of("@misc{k, author = {Anna van der Berg and Dupr{\\'e} la Tour, Tom}}")["authors"] == [
        "van der Berg, Anna", "Dupré la Tour, Tom"
    ]


def test_keywords_become_tags():
    fields = fields_of("@misc{k, keywords = {ner, Computer Science - Machine Learning; {LLM}s,, }}")
    assert fields["tags"] == ["ner", "Computer Science - Machine Learning", "LLMs"]


def test_primary_class_becomes_the_category():
    assert fields_of("@misc{k, primaryClass = {cs.CL}}")["category"] == "cs.CL"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("code = {https://github.com/urchade/GLiNER}", "https://github.com/urchade/GLiNER"),
        ("code = {\\url{https://gitlab.com/a/b\\_c}}", "https://gitlab.com/a/b_c"),
        ("howpublished = {\\url{https://github.com/urchade/GLiNER}}", "https://github.com/urchade/GLiNER"),
        ("howpublished = {Code at https://github.com/a/b.}", "https://github.com/a/b"),
        ("url = {https://github.com/a/b}", "https://github.com/a/b"),
        ("note = {Code: \\href{https://github.com/a/b}{GitHub}}", "https://github.com/a/b"),
        ("code = {https://example.org/code}, url = {https://github.com/a/b}", "https://example.org/code"),
    ],
)
def test_code_url(fields, expected):
    assert fields_of(f"@software{{k, {fields}}}")["code_url"] == expected


def test_arxiv_and_other_urls_are_not_code_links():
    assert "code_url" not in fields_of("@misc{k, url = {https://arxiv.org/abs/2311.08526}, howpublished = {Preprint}}")


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("date = {2023-11-14}", "2023-11-14"),
        ("date = {2023-11}", "2023-11"),
        ("year = {2023}, month = nov", "2023-11"),
        ("year = 2023, month = {Nov.}", "2023-11"),
        ("year = {2023}, month = {November}", "2023-11"),
        ("year = {2023}, month = {sept}", "2023-09"),
        ("year = {2023}, month = {11}", "2023-11"),
        ("year = {2023}, month = 2", "2023-02"),
        ("year = {2023}, month = nov, day = {4}", "2023-11-04"),
        ("date = {2023-11-14}, year = {2024}, month = jan", "2023-11-14"),  # biblatex's date wins
        ("date = {2023}, month = {3}", "2023-03"),
        ("year = {2023}, month = {13}", "2023-13"),  # left to the validator, which reports it
        ("year = {2023}, month = {Brumaire}", "2023-Brumaire"),
    ],
)
def test_dates(fields, expected):
    assert fields_of(f"@misc{{k, {fields}}}")["date"] == expected


@pytest.mark.parametrize("fields", ["year = {2023}", "date = {2023}", "month = nov", "title = {x}"])
def test_a_year_alone_gives_no_date_so_the_id_supplies_the_month(fields):
    assert "date" not in fields_of(f"@misc{{k, {fields}}}")


def test_year_alone_takes_the_month_from_the_id_and_a_bad_month_is_reported(tmp_path):
    path = tmp_path / "p.bib"
    path.write_text(
        "@misc{a, eprint = {2311.08526}, archivePrefix = {arXiv}, year = {2024}, abstract = {A.}}\n"
        "@misc{b, eprint = {2404.03592}, archivePrefix = {arXiv}, year = {2024}, month = {13}, abstract = {B.}}\n",
        encoding="utf-8",
    )
    report = check(path)
    assert [(p.id, p.date) for p in report.papers] == [("2311.08526", "2023-11")]
    assert [str(p) for p in report.problems] == [f"{path}:2: invalid date '2024-13': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)"]


# --- macros, comments, preambles --------------------------------------------------------------------


def test_string_macros_are_expanded_and_comments_and_preambles_ignored():
    text = (
        "% Encoding: UTF-8\n"  # 1
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n'  # 2
        "@string{gl = {GLiNER}}\n"  # 3
        '@STRING{ner = "Named Entity Recognition"}\n'  # 4
        "@comment{jabref-meta: databaseType:bibtex;}\n"  # 5
        "Free text between entries is a comment too.\n"  # 6
        "\n"  # 7
        "@misc{k,\n"  # 8
        '  title = GL # ": Generalist Model for " # ner,\n'
        "  abstract = ner,\n"
        "  month = nov, year = 2023,\n"
        "}\n"
    )
    rows, problems = read(text)
    assert problems == []
    assert rows == [
        (
            8,
            {
                "abstract": "Named Entity Recognition",
                "title": "GLiNER: Generalist Model for Named Entity Recognition",
                "date": "2023-11",
            },
        )
    ]


def test_field_names_and_entry_types_ignore_case_and_parentheses_delimit_entries():
    rows, problems = read("@ARTICLE(k,\n  TITLE = {T},\n  EPrint = {2311.08526},\n  ArchivePrefix = {arXiv}\n)\n")
    assert problems == []
    assert rows == [(1, {"id": "2311.08526", "title": "T"})]


# --- lines and syntax errors ------------------------------------------------------------------------


def test_every_row_points_at_the_line_of_its_at_sign(tmp_path):
    text = (
        "\n\n  @misc{a, title = {A}, eprint = {2311.08526}}\n@misc{b,\n  title = {B\n  on two lines},"
        " eprint = {2311.08527}}\n\n\n@misc{c, title={C}, eprint = {2311.08528}}"
    )
    rows, problems = read(text)
    assert problems == []
    assert [line for line, _ in rows] == [3, 4, 9]
    # BOM and CRLF line ends are normalised before parsing: the lines stay the same.
    path = tmp_path / "p.bib"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert [row.line for row in read_catalog(path).rows] == [3, 4, 9]


def test_unbalanced_brace_is_reported_where_the_entry_starts_and_later_entries_still_read():
    text = "@misc{a,\n  title = {Unclosed,\n  year = 2023\n\n@misc{b, title = {B}}\n"
    rows, problems = read(text)
    assert rows == [(5, {"title": "B"})]
    assert problems == [
        Problem(
            "p.bib",
            1,
            "invalid BibTeX: a value opened with '{' is not closed before the next entry on line 5 (unbalanced braces?)",
        )
    ]


def test_entry_not_closed_at_the_end_of_the_file():
    rows, problems = read("@misc{a, title = {A}}\n@misc{b,\n  title = {B},\n  year = {2023}\n")
    assert rows == [(1, {"title": "A"})]
    assert problems == [
        Problem(
            "p.bib",
            2,
            "invalid BibTeX: the entry is not closed before the end of the file (unbalanced braces or quotes?)",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        '@misc{a, title = {A},\n\n@misc{b, title = "B"}\n',  # trailing comma
        '@misc{a, title = {A}\n\n@misc{b, title = "B"}\n',
        # the brace closing the entry closes the title instead
        '@misc{a,\n  title = {Unclosed,\n  year = 2023\n}\n\n@misc{b, title = "B"}\n',
    ],
)
def test_entry_missing_its_closing_brace_before_the_next_entry(text):
    rows, problems = read(text)
    line = text.count("\n")  # the last line
    assert rows == [(line, {"title": "B"})]
    assert problems == [
        Problem(
            "p.bib",
            1,
            f"invalid BibTeX: the entry is not closed with '}}' before the next entry on line {line} (unbalanced braces?)",
        )
    ]


def test_unclosed_quote():
    _, problems = read('@misc{a, title = "Open\n}\n@misc{b, title = {B}}\n')
    assert problems == [
        Problem("p.bib", 1, "invalid BibTeX: a value opened with '\"' is not closed before the next entry on line 3")
    ]


def test_entry_closed_too_early_leaves_a_stray_brace_that_is_reported():
    rows, problems = read("@misc{a, title = {A}},\n  abstract = {Lost}}\n\n@misc{b, title = {B}}\n")
    assert rows == [(1, {"title": "A"}), (4, {"title": "B"})]
    assert problems == [
        Problem(
            "p.bib",
            2,
            "unbalanced braces: text outside any entry: 'abstract = {Lost}}' (was the entry above closed too early?)",
        )
    ]


def test_duplicate_keys_and_fields_are_reported_and_those_entries_skipped():
    text = (
        "@misc{gliner, title = {A}}\n"
        "@misc{gliner, title = {B}}\n"
        "@misc{GLiNER, title = {C}}\n"  # BibTeX keys ignore case
        "@misc{twice, title = {D}, title = {E}}\n"
        "@misc{case, Title = {F}, title = {G}}\n"
        "@string{x = {1}}\n"
        "@string{x = {2}}\n"
    )
    rows, problems = read(text)
    assert rows == [(1, {"title": "A"})]
    assert [(p.line, p.message) for p in problems] == [
        (2, "duplicate entry key 'gliner' (first used at line 1): give each entry its own key"),
        (3, "duplicate entry key 'GLiNER' (first used at line 1): give each entry its own key"),
        (4, "entry 'twice' gives the field 'title' twice"),
        (5, "entry 'case' gives the field 'title' twice"),
        (7, "@string 'x' is defined twice (first defined at line 6)"),
    ]


def test_other_syntax_errors_pass_on_the_parser_reason():
    rows, problems = read("@misc{a title = {A}}\n@misc{b, title = {B}}\n")
    assert rows == [(2, {"title": "B"})]
    assert problems == [Problem("p.bib", 1, "invalid BibTeX: Expected comma after entry key, but found =")]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "% only a comment\n", "@comment{nothing here}", "id,abstract\n2311.08526,A.\n"]
)
def test_a_file_without_entries_is_a_problem(tmp_path, text):
    path = tmp_path / "p.bib"
    path.write_text(text, encoding="utf-8")
    result = read_catalog(path)
    assert result.rows == []
    assert result.problems == [Problem(str(path), None, NO_ENTRIES)]


def test_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "P.BIB"
    path.write_text("@misc{k, eprint = {2311.08526}, archivePrefix = {arXiv}, abstract = {A.}}", encoding="utf-8")
    assert [p.id for p in check(path).papers] == ["2311.08526"]


GARBAGE = [
    "@",
    "@@@@{{{{",
    "@misc",
    "@misc{",
    "@misc{,}",
    "@misc{k,,,,}",
    "@misc{k, = {x}}",
    "@misc{k, title}",
    "@misc{k, title = }",
    "@misc{k, title = {\\}}",
    "@misc{k, title = {x}}}}}}",
    "}}}}{{{{",
    "@misc{k, author = {, and , and {}}}",
    "@misc{k, author = {Last, First, Jr, Extra, More}}",
    "@misc{k, author = {{Unclosed brace}}",
    "@misc{k, title = {" + "{" * 500 + "deep" + "}" * 500 + "}}",
    '@misc{k, title = a # # b # {c} # "d}',
    "@misc{k, month = {\\relax}, year = {\\x}, day = {\u0663}}",
    "@misc{k, date = {\u0662\u0660\u0662\u0663}}",
    "@string{a = a}@misc{k, title = a # a}",
    "@misc{k, title = {$unclosed math}, abstract = {\\begin{itemize}}}",
    "@misc{k, title = {\\verb|x| \\url{ \\href{}}}",
    "\x00@misc{\x00,\x00=\x00}",
    "@misc{k, note = {arXiv:}, doi = {10.48550/arXiv.}, eprint = {}}",
    "@preamble{",
    "@string{",
    "@comment{",
    "@misc(k, title = {x}",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_never_raises_and_every_problem_is_located(text):
    result = read_bibtex(text, "g.bib")
    lines = text.count("\n") + 1
    assert all(p.line is None or 1 <= p.line <= lines for p in result.problems)
    assert all(1 <= row.line <= lines for row in result.rows)
    assert result.rows or result.problems


BIBTEX_ALPHABET = st.sampled_from(list('@{}()"=,#%\\$~ \n\tabkm') + ["@misc{", "title = ", "author", " and ", "}\n"])


@settings(deadline=None, max_examples=200)
@given(st.one_of(st.text(), st.lists(BIBTEX_ALPHABET, max_size=60).map("".join)))
def test_arbitrary_text_never_raises(text):
    result = read_bibtex(text, "h.bib")
    lines = text.count("\n") + 1
    for problem in result.problems:
        assert problem.line is None or (isinstance(problem.line, int) and 1 <= problem.line <= lines)
    for row in result.rows:
        assert 1 <= row.line <= lines
        assert all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
            for v in row.fields.values()
        )


def test_tilde_accents_survive_name_splitting():
    assert _authors("Gazta{\\textbackslash}{\\textasciitilde}naga, E. and Casta{\\~n}eda, J. and Mu\\~{n}oz, A.") == [
        "Gaztañaga, E.", "Castañeda, J.", "Muñoz, A."
    ]
