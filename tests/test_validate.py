"""Validation: every problem of every row is reported, word for word, at the row's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check_catalog
from generator.catalog.validate import is_web_url, validate_rows
from generator.config import Settings
from generator.models import RawRow

TAXONOMY = str(Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml")

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
INVALID_TAIL = "expected a new-style ID like 2311.08526 or an old-style one like hep-th/9901001"


def row(line: int = 2, **fields) -> RawRow:
    return RawRow("cat.csv", line, fields)


def messages(*rows: RawRow) -> list[str]:
    _, problems = validate_rows(list(rows))
    return [str(p) for p in problems]


def test_a_good_row_is_valid_and_keeps_its_parsed_id():
    good = row(id="arXiv:2311.08526v2", abstract="An abstract.", date="2023-11", code_url="https://x.org/c")
    valid, problems = validate_rows([good])
    assert problems == []
    assert [(v.row, v.arxiv_id.canonical, v.arxiv_id.version) for v in valid] == [(good, "2311.08526", "v2")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "2311.8526", "abstract": "A."}, f"invalid arXiv ID '2311.8526': {INVALID_TAIL}"),
        ({"abstract": "A."}, "missing arXiv ID"),
        ({"id": "", "abstract": "A."}, "empty arXiv ID"),
        ({"id": "  \t", "abstract": "A."}, "empty arXiv ID"),
        ({"id": [], "abstract": "A."}, "empty arXiv ID"),
        ({"id": ["2311.08526"], "abstract": "A."}, "arXiv ID must be text"),
        ({"id": "2311.08526"}, "missing abstract: run `catalog fetch` to get it from arXiv"),
        ({"id": "2311.08526", "abstract": ""}, "empty abstract: run `catalog fetch` to get it from arXiv"),
        ({"id": "2311.08526", "abstract": " \n\u200b "}, "empty abstract: run `catalog fetch` to get it from arXiv"),  # invisible characters only
        ({"id": "2311.08526", "abstract": ["A.", "B."]}, "abstract must be text, not a list"),
        (
            {"id": "2311.08526", "abstract": "A.", "date": "2024-13-01"},
            "invalid date '2024-13-01': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)",
        ),
        (
            {"id": "2311.08526", "abstract": "A.", "date": "13/13/2024"},
            "invalid date '13/13/2024': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)",
        ),
        ({"id": "2311.08526", "abstract": "A.", "date": ["2024"]}, "date must be text, not a list"),
        (
            {"id": "2311.08526", "abstract": "A.", "code_url": "ftp://example.org/x"},
            "invalid code link 'ftp://example.org/x': expected an http(s) URL",
        ),
        (
            {"id": "2311.08526", "abstract": "A.", "code_url": "github.com/a/b"},
            "invalid code link 'github.com/a/b': expected an http(s) URL",
        ),
        (
            {"id": "2311.08526", "abstract": "A.", "code_url": "javascript:alert(1)"},
            "invalid code link 'javascript:alert(1)': expected an http(s) URL",
        ),
        ({"id": "2311.08526", "abstract": "A.", "code_url": ["https://a.org"]}, "code link must be text, not a list"),
        ({"id": "2311.08526", "abstract": "A.", "title": ["A", "B"]}, "title must be text, not a list"),
        ({"id": "2311.08526", "abstract": "A.", "category": ["cs.CL"]}, "category must be text, not a list"),
    ],
)
def test_each_problem_word_for_word(fields, message):
    valid, problems = validate_rows([row(7, **fields)])
    assert valid == []
    assert [str(p) for p in problems] == [f"cat.csv:7: {message}"]


def test_empty_optional_fields_are_not_problems():
    valid, problems = validate_rows([row(id="2311.08526", abstract="A.", date="", code_url=" ", title="")])
    assert problems == [] and len(valid) == 1


def test_duplicate_names_the_first_line_and_keeps_the_first_row():
    first = row(3, id="2311.08526", abstract="First.")
    again = row(9, id="https://arxiv.org/abs/2311.08526v3", abstract="Again.")
    valid, problems = validate_rows([first, again])
    assert [v.row for v in valid] == [first]
    assert [str(p) for p in problems] == ["cat.csv:9: duplicate arXiv ID 2311.08526 (first listed at cat.csv:3)"]


def test_duplicate_across_files_names_the_other_file():
    first = RawRow("a.csv", 4, {"id": "math.GT/0309136", "abstract": "A."})
    again = RawRow("b.yaml", 12, {"id": "math/0309136v2", "abstract": "B."})
    _, problems = validate_rows([first, again])
    assert [str(p) for p in problems] == ["b.yaml:12: duplicate arXiv ID math/0309136 (first listed at a.csv:4)"]


def test_every_problem_of_a_row_is_reported_duplicate_first():
    assert messages(
        row(2, id="2311.08526", abstract="A."),
        row(5, id="2311.08526", abstract="", date="yesterday", code_url="www.example.org"),
    ) == [
        "cat.csv:5: duplicate arXiv ID 2311.08526 (first listed at cat.csv:2)",
        "cat.csv:5: empty abstract: run `catalog fetch` to get it from arXiv",
        "cat.csv:5: invalid date 'yesterday': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)",
        "cat.csv:5: invalid code link 'www.example.org': expected an http(s) URL",
    ]


def test_a_file_with_several_bad_rows_reports_all_of_them_together():
    path = BAD / "every_problem.csv"
    report, _ = check_catalog(Settings(root=BAD, metadata="", taxonomy=TAXONOMY), [str(path)])
    assert [str(p) for p in report.problems] == [
        f"{path}:3: invalid arXiv ID '2311.8526': {INVALID_TAIL}",
        f"{path}:4: empty arXiv ID",
        f"{path}:5: empty abstract: run `catalog fetch` to get it from arXiv",
        f"{path}:6: empty abstract: run `catalog fetch` to get it from arXiv",
        f"{path}:7: duplicate arXiv ID 2311.08526 (first listed at {path}:2)",
        f"{path}:8: invalid date '2024-13-01': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)",
        f"{path}:9: invalid code link 'ftp://example.org/code': expected an http(s) URL",
        f"{path}:10: invalid date 'last tuesday': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)",
        f"{path}:10: invalid code link 'github.com/a/b': expected an http(s) URL",
        f"{path}:11: invalid arXiv ID 'not-an-id': {INVALID_TAIL}",
        f"{path}:11: empty abstract: run `catalog fetch` to get it from arXiv",
    ]
    assert [(p.id, p.source) for p in report.papers] == [("2311.08526", f"{path}:2"), ("2405.00004", f"{path}:12")]
    assert report.row_count == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://github.com/a/b", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("https://", False),
        ("https:///path", False),
        ("ftp://example.org", False),
        ("github.com/a/b", False),
        ("https://exa mple.org", False),
        ('https://example.org/"onmouseover="x', False),
        ("https://example.org/<script>", False),
        ("", False),
    ],
)
def test_is_web_url(text, expected):
    assert is_web_url(text) is expected
