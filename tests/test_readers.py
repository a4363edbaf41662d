"""Catalog readers: every input format yields the same rows, each located at its first line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.build import check_catalog
from generator.catalog.readers import read_catalog, supported_extensions
from generator.catalog.readers.fields import id_sources
from generator.config import Settings
from generator.models import Problem, RawRow

TAXONOMY = str(Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml")

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
PARITY_FORMATS = ["txt", "csv", "tsv", "jsonl", "json", "yaml"]

VIEWER_HEADER = "arxiv_id\nstringlengths 10\n12\n| abstract\nstringlengths 459\n2.2k\n|\n---|---|\n"
NO_RULE = (
    "no '---|---|' rule found: expected a table copied from a dataset viewer "
    "(column names, a '---|---|' rule, then 'ID | abstract |' rows), or a list of arXiv IDs, one per line"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read(folder: Path, name: str, content: str | bytes):
    return read_catalog(write(folder, name, content))


def lines_and_fields(result) -> list[tuple[int, dict]]:
    return [(row.line, row.fields) for row in result.rows]


# --- the dataset-viewer table (.txt) -------------------------------------------------


def test_viewer_header_statistics_are_ignored_and_rows_keep_pipes_and_line_breaks(tmp_path):
    text = VIEWER_HEADER + (
        "2311.08526 | Single-line abstract with a | pipe inside. |\n"
        "2404.03683 | First line of the abstract,\n"
        "a second line with p(a | b) in it,\n"
        "and the last line. |\n"
    )
    result = read(tmp_path, "t.txt", text)
    assert result.problems == [] and result.warnings == []
    assert lines_and_fields(result) == [
        (9, {"id": "2311.08526", "abstract": "Single-line abstract with a | pipe inside."}),
        (10, {"id": "2404.03683", "abstract": "First line of the abstract,\na second line with p(a | b) in it,\nand the last line."}),
    ]


def test_viewer_tolerates_bom_and_crlf(tmp_path):
    text = VIEWER_HEADER + "2311.08526 | One | two. |\n2404.03683 | Second\nline. |\n"
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    result = read(tmp_path, "t.txt", data)
    assert result.problems == []
    assert lines_and_fields(result) == [
        (9, {"id": "2311.08526", "abstract": "One | two."}),
        (10, {"id": "2404.03683", "abstract": "Second\nline."}),
    ]


def test_viewer_abstract_may_start_on_the_line_after_the_id(tmp_path):
    text = VIEWER_HEADER + "2311.08526 |\nThe abstract starts here\nand ends here. |\n2404.03683 | Next. |\n"
    result = read(tmp_path, "t.txt", text)
    assert lines_and_fields(result) == [
        (9, {"id": "2311.08526", "abstract": "The abstract starts here\nand ends here."}),
        (12, {"id": "2404.03683", "abstract": "Next."}),
    ]


def test_viewer_keeps_unterminated_rows(tmp_path):
    # A row without its closing '|' ends where the next 'ID |' row starts, or at the end of the file.
    text = VIEWER_HEADER + "2311.08526 | never closed\nstill the same abstract\n\n2404.03683 | last row, never closed"
    result = read(tmp_path, "t.txt", text)
    assert result.problems == []
    assert lines_and_fields(result) == [
        (9, {"id": "2311.08526", "abstract": "never closed\nstill the same abstract"}),
        (12, {"id": "2404.03683", "abstract": "last row, never closed"}),
    ]


def test_viewer_without_rule_is_refused_with_the_exact_message(tmp_path):
    result = read(tmp_path, "t.txt", "arxiv_id | abstract\n2311.08526 | An abstract. |\n")
    assert result.rows == []
    assert [str(p) for p in result.problems] == [f"{tmp_path / 't.txt'}: {NO_RULE}"]


def test_viewer_line_without_a_cell_separator_is_a_problem_with_its_line(tmp_path):
    text = VIEWER_HEADER + "2311.08526 | Fine. |\nstray text\n2404.03683 | Fine too. |\n"
    result = read(tmp_path, "t.txt", text)
    assert [row.line for row in result.rows] == [9, 11]
    assert result.problems == [Problem(str(tmp_path / "t.txt"), 10, "expected a row 'ID | abstract |'")]


def test_viewer_extra_columns_are_read_and_unknown_ones_warned_about(tmp_path):
    header = "arxiv_id\n| abstract\n| title\n| stars\nint64\n|\n---|---|---|---|\n"
    result = read(tmp_path, "t.txt", header + "2311.08526 | An | abstract. | A Title | 12 |\n")
    assert lines_and_fields(result) == [(8, {"id": "2311.08526", "abstract": "An | abstract.", "title": "A Title"})]
    assert result.warnings == [Problem(str(tmp_path / "t.txt"), 1, "column 'stars' is not used")]


def test_viewer_table_without_abstracts_is_read_for_catalog_fetch(tmp_path):
    result = read(tmp_path, "t.txt", "arxiv_id\n| title\n|\n---|---|\n2311.08526 | A title |\n")
    assert [row.fields for row in result.rows] == [{"id": "2311.08526", "title": "A title"}]
    assert result.problems == []


def test_markdown_table_with_leading_pipes_is_read_like_the_viewer_table(tmp_path):
    text = "| arxiv_id | abstract |\n|---|---|\n| 2311.08526 | First. |\n| 2404.03683 | Second,\non two lines. |\n"
    result = read(tmp_path, "t.md", text)
    assert result.problems == []
    assert lines_and_fields(result) == [
        (3, {"id": "2311.08526", "abstract": "First."}),
        (4, {"id": "2404.03683", "abstract": "Second,\non two lines."}),
    ]


# --- delimited files --------------------------------------------------------------------


def test_csv_with_quoted_multiline_cells_gives_each_row_its_first_line(tmp_path):
    text = (
        "arxiv_id,abstract,title\n"
        '2311.08526,"An abstract\nover two lines, with a comma",T1\n'
        "\n"
        "2404.03683,Plain abstract.,T2\n"
    )
    result = read(tmp_path, "c.csv", text)
    assert result.problems == []
    assert lines_and_fields(result) == [
        (2, {"id": "2311.08526", "abstract": "An abstract\nover two lines, with a comma", "title": "T1"}),
        (5, {"id": "2404.03683", "abstract": "Plain abstract.", "title": "T2"}),
    ]


def test_semicolon_separated_csv_is_recognised(tmp_path):
    result = read(tmp_path, "c.csv", "id;summary;authors\n2311.08526;One, two, three.;A, B\n")
    assert lines_and_fields(result) == [(2, {"id": "2311.08526", "abstract": "One, two, three.", "authors": "A, B"})]


def test_tsv(tmp_path):
    result = read(tmp_path, "t.tsv", "arxiv_id\tabstract\n2311.08526\tTabs, commas; and | pipes.\n")
    assert lines_and_fields(result) == [(2, {"id": "2311.08526", "abstract": "Tabs, commas; and | pipes."})]


def test_csv_row_problems_are_located_and_other_rows_still_read(tmp_path):
    text = 'id,abstract\n2311.08526,"bad "quote" here"\n2404.03683,a,b\n2405.00001,fine\n'
    result = read(tmp_path, "c.csv", text)
    source = str(tmp_path / "c.csv")
    assert lines_and_fields(result) == [(4, {"id": "2405.00001", "abstract": "fine"})]
    assert result.problems == [
        Problem(source, 2, "invalid row: ',' expected after '\"'"),
        Problem(source, 3, "row has 3 cells but the header has 2 columns"),
    ]


def test_csv_unused_column_is_a_warning(tmp_path):
    result = read(tmp_path, "c.csv", "id,abstract,stars\n2311.08526,A.,5\n")
    assert result.warnings == [Problem(str(tmp_path / "c.csv"), 1, "column 'stars' is not used")]
    assert result.rows[0].fields == {"id": "2311.08526", "abstract": "A."}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("summary", "no column gives the arXiv ID (columns found: summary); " + id_sources()),
        ("name,notes", "no column gives the arXiv ID (columns found: name, notes); " + id_sources()),
    ],
)
def test_missing_id_column_exact_message(tmp_path, header, message):
    result = read(tmp_path, "c.csv", header + "\nx,y\n")
    assert result.rows == []
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'c.csv'}:1: {message}"]
    assert "arxiv_id" in message and "pdf_link" in message and "doi" in message


def test_empty_csv(tmp_path):
    result = read(tmp_path, "c.csv", "")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'c.csv'}:1: empty file: expected a header row naming the columns"
    ]


@pytest.mark.parametrize(
    ("id_column", "abstract_column"),
    [("arxiv_id", "abstract"), ("id", "summary"), ("ArXiv ID", "Abstract"), ("eprint", "summary")],
)
def test_column_aliases(tmp_path, id_column, abstract_column):
    result = read(tmp_path, "c.csv", f"{id_column},{abstract_column}\n2311.08526,Text.\n")
    assert result.rows[0].fields == {"id": "2311.08526", "abstract": "Text."}


def test_an_arxiv_address_column_supplies_the_id_when_no_id_column_does(tmp_path):
    text = (
        "Title,Url,Abstract Note,extra\n"
        "A,https://github.com/org/repo,Text.,x\n"  # not an arXiv address: no ID
        "B,http://arxiv.org/abs/2311.08526v2,Text.,x\n"
    )
    result = read(tmp_path, "zotero.csv", text)
    assert [row.fields.get("id") for row in result.rows] == ["http://arxiv.org/abs/2311.08526v2"]
    assert result.rows[0].fields["abstract"] == "Text."
    assert "1 entry gives no arXiv ID or arXiv address and is left out (line 2)" in result.warnings[-1].message
    assert result.warnings[0].message == "column 'extra' is not used"  # 'Url' gave the IDs
    with_id = read(tmp_path, "both.csv", "id,url,abstract\n2401.00001,https://arxiv.org/abs/2311.08526,T.\n")
    assert with_id.rows[0].fields["id"] == "2401.00001"  # a valid ID column wins
    not_arxiv = read(tmp_path, "own.csv", "id,url,abstract\n17,https://arxiv.org/abs/2311.08526,T.\n")
    assert not_arxiv.rows[0].fields["id"] == "https://arxiv.org/abs/2311.08526"  # a list's own numbering is no ID


def test_list_literals_in_cells_are_lists_and_category_keywords_are_categories(tmp_path):
    text = (
        "url,abstract,authors,tags,categories\n"
        "http://arxiv.org/abs/2306.07966v1,Text.,\"[{'name': 'Jai Prakash'}, {'name': 'Vinod Chandra'}]\","
        "\"[{'term': 'hep-ph', 'scheme': 'x', 'label': None}, {'term': 'nucl-th'}]\",\n"
        "2401.00002,Text.,Ann,\"unread, cs.LG\",math.CO cs.CG 05C10\n"
    )
    path = write(tmp_path, "api.csv", text)
    result = read_catalog(path)
    assert result.rows[0].fields["authors"] == ["Jai Prakash", "Vinod Chandra"]
    assert result.rows[0].fields["tags"] == ["hep-ph", "nucl-th"]
    report, _ = check_catalog(Settings(root=tmp_path, metadata="", inputs=()), [str(path)])
    first, second = sorted(report.papers, key=lambda p: p.id)
    assert (first.category, first.categories, first.keywords) == ("hep-ph", ("hep-ph", "nucl-th"), ())
    assert first.authors == ("Jai Prakash", "Vinod Chandra")
    assert (second.category, second.categories, second.keywords) == ("math.CO", ("math.CO", "cs.CG", "cs.LG"), ("unread",))


# --- JSON Lines, JSON, YAML --------------------------------------------------------------


def test_json_lines_skip_blank_lines_and_report_bad_ones_by_line(tmp_path):
    text = '{"arxiv_id": "2311.08526", "abstract": "A."}\n\n{broken\n[1, 2]\n{"id": "2404.03683", "summary": "B."}\n'
    result = read(tmp_path, "p.jsonl", text)
    source = str(tmp_path / "p.jsonl")
    assert lines_and_fields(result) == [
        (1, {"id": "2311.08526", "abstract": "A."}),
        (5, {"id": "2404.03683", "abstract": "B."}),
    ]
    assert result.problems == [
        Problem(source, 3, "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        Problem(source, 4, "expected a JSON object with 'arxiv_id' and 'abstract'"),
    ]


def test_json_array_gives_each_element_the_line_of_its_opening_brace(tmp_path):
    text = (
        "[\n"
        '  {"arxiv_id": "2311.08526", "abstract": "A."},\n'
        "  {\n"
        '    "arxiv_id": "2404.03683",\n'
        '    "abstract": "B."\n'
        '  }, {"arxiv_id": "2405.00001", "abstract": "C."},\n'
        "\n"
        '  {"arxiv_id": "2406.00001",\n'
        '   "abstract": "D."}\n'
        "]\n"
    )
    result = read(tmp_path, "p.json", text)
    assert result.problems == []
    assert [row.line for row in result.rows] == [2, 3, 6, 8]
    assert [row.fields["id"] for row in result.rows] == ["2311.08526", "2404.03683", "2405.00001", "2406.00001"]


def test_json_array_problems_are_located(tmp_path):
    source = str(tmp_path / "p.json")
    unclosed = read(tmp_path, "p.json", '[\n{"id": "2311.08526", "abstract": "A."}\n')
    assert [row.line for row in unclosed.rows] == [2]
    assert unclosed.problems == [Problem(source, 3, "invalid JSON: the array is not closed with ']'")]
    broken = read(tmp_path, "p.json", '[\n{"id": "2311.08526"},\n{"id" "x"}\n]')
    assert broken.problems == [Problem(source, 3, "invalid JSON: Expecting ':' delimiter (column 7)")]
    bad_field = read(tmp_path, "p.json", '[\n{"id": "2311.08526", "abstract": {"text": "A."}}\n]')
    assert bad_field.rows == []
    assert bad_field.problems == [Problem(source, 2, "field 'abstract' must be text or a list of text")]


def test_json_numbers_stay_text(tmp_path):
    # As a float, 2311.10010 would become 2311.1001: a different (invalid) ID.
    result = read(tmp_path, "p.json", '[{"arxiv_id": 2311.10010, "abstract": "A.", "date": 2024}]')
    assert result.rows[0].fields == {"id": "2311.10010", "abstract": "A.", "date": "2024"}
    lines = read(tmp_path, "p.jsonl", '{"arxiv_id": 2311.10010, "abstract": "A."}\n')
    assert lines.rows[0].fields["id"] == "2311.10010"


def test_yaml_list_keeps_ids_and_dates_as_text_and_knows_lines(tmp_path):
    text = (
        "# papers\n"
        "- arxiv_id: 2311.10010\n"
        "  abstract: >-\n"
        "    Folded\n"
        "    abstract.\n"
        "  date: 2024-01-05\n"
        "  tags: [nlp, 1.5]\n"
        "- id: 0704.0001\n"
        "  summary: |\n"
        "    Literal\n"
        "    abstract.\n"
    )
    result = read(tmp_path, "p.yaml", text)
    assert result.problems == []
    assert lines_and_fields(result) == [
        (2, {"id": "2311.10010", "abstract": "Folded abstract.", "date": "2024-01-05", "tags": ["nlp", "1.5"]}),
        (8, {"id": "0704.0001", "abstract": "Literal\nabstract.\n"}),
    ]


def test_yaml_mapping_with_a_papers_list_is_accepted(tmp_path):
    result = read(tmp_path, "p.yml", "papers:\n  - id: 2311.08526\n    abstract: A.\n")
    assert lines_and_fields(result) == [(2, {"id": "2311.08526", "abstract": "A."})]


def test_yaml_problems_are_located(tmp_path):
    source = str(tmp_path / "p.yaml")
    items = read(tmp_path, "p.yaml", "- id: 2311.08526\n  abstract: A.\n- just text\n- id: 2404.03683\n  abstract: [[x]]\n")
    assert [row.line for row in items.rows] == [1]
    assert items.problems == [
        Problem(source, 3, "expected each list item to be a mapping with 'arxiv_id' and 'abstract'"),
        Problem(source, 4, "field 'abstract' must be text or a list of text"),
    ]
    syntax = read(tmp_path, "p.yaml", "- id: 2311.08526\n  abstract: [unclosed\n")
    assert syntax.rows == []
    assert syntax.problems[0].line == 3
    assert syntax.problems[0].message.startswith("invalid YAML: ")
    scalar = read(tmp_path, "p.yaml", "just text\n")
    assert scalar.problems == [
        Problem(
            source,
            None,
            "expected a YAML list of papers (or a mapping with a 'papers' list); no list in this file has "
            "mappings with keys such as id, arxiv_id, title or url",
        )
    ]


# --- file-level problems -----------------------------------------------------------------


def test_unknown_extension_exact_message(tmp_path):
    result = read(tmp_path, "papers.xlsx", b"whatever")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'papers.xlsx'}: unknown catalog format '.xlsx': use one of "
        ".bib, .csv, .json, .jsonl, .list, .md, .ndjson, .parquet, .pq, .tab, .tsv, .txt, .yaml, .yml"
    ]
    assert supported_extensions() == (
        ".bib, .csv, .json, .jsonl, .list, .md, .ndjson, .parquet, .pq, .tab, .tsv, .txt, .yaml, .yml"
    )
    none = read(tmp_path, "papers", b"whatever")
    assert none.problems[0].message.startswith("unknown catalog format '(none)': use one of ")


def test_extension_is_case_insensitive(tmp_path):
    result = read(tmp_path, "P.CSV", "id,abstract\n2311.08526,A.\n")
    assert result.problems == [] and len(result.rows) == 1


def test_missing_file_and_directory(tmp_path):
    assert read_catalog(tmp_path / "absent.csv").problems == [Problem(str(tmp_path / "absent.csv"), None, "file not found")]
    (tmp_path / "folder.csv").mkdir()
    assert read_catalog(tmp_path / "folder.csv").problems == [
        Problem(str(tmp_path / "folder.csv"), None, "is a directory, not a catalog file")
    ]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"id,abstract\n2311.08526,caf\xe9\n", 2),
        (b"\xef\xbb\xbfid,abstract\r\n2311.08526,ok\r\n2404.03683,caf\xe9\r\n", 3),  # BOM and CRLF
        (b"\xef\xbb\xbfid,abstract\n\xe9,x\n", 2),  # the BOM must not shift the count
        (b"id,abstract\r2311.08526,ok\r2404.03683,caf\xe9\r", 3),  # old Mac line ends
        (b"\xff\xfei\x00d\x00", 1),  # UTF-16
    ],
)
def test_non_utf8_bytes_are_reported_with_their_line(tmp_path, data, line):
    result = read(tmp_path, "c.csv", data)
    assert result.rows == []
    assert result.problems == [Problem(str(tmp_path / "c.csv"), line, "not UTF-8 text: save the file with UTF-8 encoding")]


# --- the same four papers in every format ---------------------------------------------------

# Line of each paper's first line in each fixture file, in file order.
FIRST_LINES = {
    "txt": [19, 22, 23, 24],
    "csv": [2, 5, 6, 7],
    "tsv": [2, 5, 6, 7],
    "jsonl": [1, 3, 4, 5],
    "json": [2, 11, 15, 21],
    "yaml": [2, 15, 23, 28],  # the third item's mapping starts on the line after its lone '-'
}


def check(*paths: Path):
    report, _ = check_catalog(Settings(root=FORMATS, metadata="", taxonomy=TAXONOMY), [str(p) for p in paths])
    return report


@pytest.mark.parametrize("extension", PARITY_FORMATS)
def test_every_row_points_at_its_first_line(extension):
    path = FORMATS / f"papers.{extension}"
    result = read_catalog(path)
    assert result.problems == [] and result.warnings == []
    assert [row.line for row in result.rows] == FIRST_LINES[extension]
    report = check(path)
    assert [paper.source for paper in report.papers] == [f"{path}:{line}" for line in FIRST_LINES[extension]]


ENCODERS = (
    "1 keyword from the input names no tag of the vocabulary and is not published: 'encoders' (1); "
    "list the ones to publish under input_tags"
)


def test_the_same_papers_in_every_format_give_identical_papers():
    papers = {}
    for extension in PARITY_FORMATS:
        report = check(FORMATS / f"papers.{extension}")
        # Every format carries the keyword "encoders", which names no tag of the vocabulary.
        assert report.problems == [] and [w.message for w in report.warnings] == [ENCODERS], extension
        assert report.row_count == 4
        papers[extension] = tuple(dataclasses.replace(p, source="") for p in report.papers)
    reference = papers["csv"]
    for extension in PARITY_FORMATS:
        assert papers[extension] == reference, extension

    gliner, unicode_authors, old_style, versioned = reference
    assert gliner.id == "2311.08526"
    assert gliner.abstract == (
        "Named Entity Recognition (NER) finds spans of text that name things. "
        "We score each span with p(type | span) and keep the best one, so one encoder pass labels every entity."
    )
    assert gliner.authors == ("Urchade Zaratiana", "Nadi Tomeh")
    assert gliner.keywords == ("ner", "encoders")
    assert gliner.date == "2023-11-14"
    assert gliner.code_url == "https://github.com/urchade/GLiNER"
    assert unicode_authors.authors == ("Sébastien Bubeck", "Łukasz Kaiser", "Zhāng Wěi 张伟")
    assert unicode_authors.title == "Représentation: Ünïcode in Titles"
    assert (old_style.id, old_style.category, old_style.date) == ("hep-th/9901001", "hep-th", "1999-01-04")
    assert (versioned.id, versioned.version, versioned.date) == ("2310.06762", "v2", "2023-10")
    assert versioned.title_derived and versioned.title.startswith("TRACE: ")


def test_several_inputs_merge_in_order(tmp_path):
    extra = write(tmp_path, "extra.jsonl", '{"id": "2405.00001", "abstract": "Another paper."}\n')
    report = check(FORMATS / "papers.csv", extra)
    assert report.problems == []
    assert report.row_count == 5
    assert [p.id for p in report.papers] == ["2311.08526", "2404.03592", "hep-th/9901001", "2310.06762", "2405.00001"]
    assert report.papers[-1].source == f"{extra}:1"


def test_the_same_paper_in_two_inputs_is_a_duplicate_naming_the_first_file():
    report = check(FORMATS / "papers.csv", FORMATS / "papers.yaml")
    csv_lines, yaml_lines = FIRST_LINES["csv"], FIRST_LINES["yaml"]
    ids = ["2311.08526", "2404.03592", "hep-th/9901001", "2310.06762"]
    assert [str(p) for p in report.problems] == [
        f"{FORMATS / 'papers.yaml'}:{y}: duplicate arXiv ID {i} (first listed at {FORMATS / 'papers.csv'}:{c})"
        for i, c, y in zip(ids, csv_lines, yaml_lines, strict=True)
    ]
    assert [p.source for p in report.papers] == [f"{FORMATS / 'papers.csv'}:{c}" for c in csv_lines]


def test_read_rows_are_plain_raw_rows(tmp_path):
    result = read(tmp_path, "c.csv", "id,abstract,authors\n2311.08526,A.,X and Y\n")
    assert result.rows == [
        RawRow(
            str(tmp_path / "c.csv"), 2, {"id": "2311.08526", "abstract": "A.", "authors": "X and Y"},
            ("id", "abstract", "authors"),
        )
    ]


# --- Markdown tables and link cells (awesome-lists, note apps) --------------------------------


def test_markdown_tables_of_an_awesome_list_are_read_with_ids_from_link_cells():
    result = read_catalog(Path(__file__).parent / "fixtures" / "awesome_list.md")
    rows = {row.line: row.fields for row in result.rows}
    assert rows[3] == {"title": "Chain-of-Thought Prompting", "id": "https://arxiv.org/abs/2201.11903"}
    assert rows[4]["id"] == "https://arxiv.org/pdf/2210.03629.pdf"
    assert rows[4]["code_url"] == "https://github.com/ysymyth/ReAct"  # a link cell gives its address
    assert rows[11] == {"id": "https://arxiv.org/abs/2302.04761", "title": "Toolformer"}  # second table, own header
    assert rows[12]["title"] == "Reflexion | verbal RL"  # an escaped pipe stays in its cell
    assert 5 not in rows  # a journal paper: left out with a warning
    assert any("left out (line 5)" in w.message for w in result.warnings)
    assert result.problems == []


def test_placeholder_cells_are_empty_and_abstracts_never_give_the_id(tmp_path):
    text = "title,abstract,code\nY,\"As shown in arXiv:2201.11903, we ...\",-\n"
    result = read(tmp_path, "c.csv", text)
    assert result.rows == [] or "id" not in result.rows[0].fields
    assert all("code_url" not in row.fields for row in result.rows)
