"""The metadata overlay (content/metadata.yml): curated fields joined to rows by canonical ID."""

from __future__ import annotations

from pathlib import Path

from generator.build import check_catalog
from generator.catalog.enrich import enrich
from generator.catalog.ids import parse_arxiv_id
from generator.catalog.overlay import OverlayEntry, load_overlay
from generator.catalog.people import Person
from generator.catalog.validate import ValidRow
from generator.config import Settings
from generator.models import Problem, RawRow

TAXONOMY = str(Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INVALID_TAIL = "expected a new-style ID like 2311.08526 or an old-style one like hep-th/9901001"

CATALOG = """id,abstract,title,authors,date,category,code_url,tags
2311.08526v2,We introduce GLiNER. Code: https://github.com/row/from-abstract,Row title,Row Author,2023-01-01,cs.XX,https://row.example/code,prompting
2404.03592,An abstract.,Row title two,Row Author Two,2024-04-01,cs.YY,https://row.example/two,
hep-th/9901001,Old-style paper.,,,,,,
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check(folder: Path, metadata: str, catalog: str = CATALOG):
    write(folder, "metadata.yml", metadata)
    catalog_path = write(folder, "catalog.csv", catalog)
    report, _ = check_catalog(Settings(root=folder, metadata="metadata.yml", taxonomy=TAXONOMY), [str(catalog_path)])
    return report, str(folder / "metadata.yml")


def by_id(report) -> dict:
    return {paper.id: paper for paper in report.papers}


def test_entries_are_read_with_nulls_and_keyed_by_canonical_id(tmp_path):
    path = write(
        tmp_path,
        "metadata.yml",
        "# comment\n"
        "- id: arXiv:2311.08526v2\n"
        "  title: 'GLiNER: Generalist Model'\n"
        "  authors:\n"
        "  - Urchade Zaratiana\n"
        "  - Nadi Tomeh\n"
        "  primary_category: cs.CL\n"
        "  v1_date: '2023-11-14'\n"
        "  code_url: https://github.com/urchade/GLiNER\n"
        "- id: math.GT/0309136\n"
        "  title: null\n"
        "  authors: null\n"
        "  primary_category: null\n"
        "  v1_date: null\n"
        "  code_url: null\n",
    )
    overlay = load_overlay(path)
    assert overlay.problems == [] and overlay.warnings == []
    assert overlay.entries == {
        "2311.08526": OverlayEntry(
            id="2311.08526",
            source=str(path),
            line=2,
            title="GLiNER: Generalist Model",
            authors=(Person("Urchade", "Zaratiana"), Person("Nadi", "Tomeh")),
            date="2023-11-14",
            category="cs.CL",
            code_url="https://github.com/urchade/GLiNER",
        ),
        "math/0309136": OverlayEntry(id="math/0309136", source=str(path), line=10),
    }


def test_no_path_and_empty_file_mean_an_empty_overlay(tmp_path):
    assert load_overlay(None).entries == {}
    empty = load_overlay(write(tmp_path, "metadata.yml", "# nothing yet\n"))
    assert (empty.entries, empty.problems, empty.warnings) == ({}, [], [])


def test_overlay_wins_over_row_values_and_joins_by_canonical_id(tmp_path):
    report, _ = check(
        tmp_path,
        "- id: https://arxiv.org/abs/2311.08526v1\n"
        "  title: Overlay title\n"
        "  authors: [Ann Overlay, Bob Overlay]\n"
        "  primary_category: cs.CL\n"
        "  v1_date: '2023-11-14'\n"
        "  code_url: https://github.com/overlay/code\n"
        "  tags: [overlay-tag]\n",
    )
    assert report.problems == [] and report.warnings == []
    paper = by_id(report)["2311.08526"]
    assert paper.title == "Overlay title" and not paper.title_derived
    assert paper.authors == ("Ann Overlay", "Bob Overlay")
    assert paper.category == "cs.CL"
    assert paper.date == "2023-11-14"
    assert paper.code_url == "https://github.com/overlay/code"
    # The overlay's tags are the owner's; the row's are keywords, shown where they name a tag.
    assert paper.tags == ("overlay-tag",) and paper.keywords == ("prompting",)
    assert paper.version == "v2"  # the version is the row's


def test_null_in_the_overlay_leaves_the_row_value(tmp_path):
    report, _ = check(
        tmp_path,
        "- id: '2404.03592'\n"
        "  title: null\n"
        "  authors: null\n"
        "  primary_category: null\n"
        "  v1_date: null\n"
        "  code_url: null\n",
    )
    assert report.problems == [] and report.warnings == []
    paper = by_id(report)["2404.03592"]
    assert paper.title == "Row title two"
    assert paper.authors == ("Row Author Two",)
    assert paper.category == "cs.YY"
    assert paper.date == "2024-04-01"
    assert paper.code_url == "https://row.example/two"


def test_without_overlay_or_row_values_fields_are_derived(tmp_path):
    report, _ = check(tmp_path, "")
    papers = by_id(report)
    old = papers["hep-th/9901001"]
    assert (old.date, old.category, old.title_derived) == ("1999-01", "hep-th", True)
    assert old.title == "Old-style paper"
    row = RawRow("c.csv", 2, {"id": "2311.08526", "abstract": "Code at https://github.com/org/repo."})
    derived = enrich(ValidRow(row, parse_arxiv_id("2311.08526")), None)
    assert (derived.code_url, derived.date, derived.category) == ("https://github.com/org/repo", "2023-11", None)
    legacy = RawRow("c.csv", 3, {"id": "math.GT/0309136", "abstract": "Knots."})
    assert enrich(ValidRow(legacy, parse_arxiv_id("math.GT/0309136")), None).category == "math.GT"


def test_unmatched_entry_is_a_warning_naming_file_and_line(tmp_path):
    report, source = check(
        tmp_path,
        "- id: '2311.08526'\n  title: Matched\n- id: '2401.00001'\n  title: Nobody has me\n",
    )
    assert report.problems == []
    assert [str(w) for w in report.warnings] == [f"{source}:3: metadata for 2401.00001 matches no catalog row"]


def test_entry_for_a_rejected_row_is_not_called_unmatched(tmp_path):
    catalog = "id,abstract\n2311.08526,\n"  # rejected: empty abstract
    report, _ = check(tmp_path, "- id: '2311.08526'\n  title: T\n", catalog)
    assert [p.message for p in report.problems] == ["empty abstract: run `catalog fetch` to get it from arXiv"]
    assert report.warnings == []


def test_invalid_id_in_the_overlay_is_a_problem_with_its_line(tmp_path):
    report, source = check(tmp_path, "- id: '2311.08526'\n  title: Fine\n- title: Bad id\n  id: '2311.8526'\n")
    assert [str(p) for p in report.problems] == [f"{source}:4: invalid arXiv ID '2311.8526': {INVALID_TAIL}"]
    assert by_id(report)["2311.08526"].title == "Fine"


def test_every_overlay_problem_is_reported_at_its_line(tmp_path):
    path = write(
        tmp_path,
        "metadata.yml",
        "- title: No id here\n"  # 1
        "- id: '2311.08526'\n"  # 2
        "  v1_date: 14 Nox 2023\n"  # 3
        "  code_url: www.example.org\n"  # 4
        "  title: [not, text]\n"  # 5
        "  authors: {first: A}\n"  # 6
        "  stars: 5\n"  # 7
        "- just a string\n"  # 8
        "- id: 2311.08526v3\n"  # 9
        "  title: Again\n",  # 10
    )
    overlay = load_overlay(path)
    source = str(path)
    assert sorted((p.line, p.message) for p in overlay.problems) == [
        (1, "metadata entry has no 'id'"),
        (3, "invalid date '14 Nox 2023': expected YYYY-MM-DD or YYYY-MM (or a day, month and year)"),
        (4, "invalid code link 'www.example.org': expected an http(s) URL"),
        (5, "metadata 'title' must be text"),
        (6, "metadata 'authors' must be a list of text"),
        (8, "expected each entry to be a mapping with an 'id'"),
        (9, f"duplicate metadata for 2311.08526 (first at {source}:2)"),
    ]
    assert overlay.warnings == [Problem(source, 7, "unknown metadata key 'stars' ignored")]


def test_overlay_file_problems(tmp_path):
    missing = load_overlay(tmp_path / "absent.yml")
    assert [str(p) for p in missing.problems] == [
        f"{tmp_path / 'absent.yml'}: metadata file not found"
    ]
    mapping = load_overlay(write(tmp_path, "m.yml", "id: '2311.08526'\n"))
    assert [p.message for p in mapping.problems] == ["expected a YAML list of entries with an 'id'"]
    broken = load_overlay(write(tmp_path, "b.yml", "- id: [\n"))
    assert broken.problems[0].line == 2 and broken.problems[0].message.startswith("invalid YAML: ")


def test_bundled_overlay_matches_every_bundled_row():
    settings = Settings(root=PROJECT_ROOT)
    report, _ = check_catalog(settings)
    assert report.problems == [] and report.warnings == []
    overlay = load_overlay(settings.path(settings.metadata))
    assert set(overlay.entries) == {paper.id for paper in report.papers}
    gliner = by_id(report)["2311.08526"]
    assert gliner.title == "GLiNER: Generalist Model for Named Entity Recognition using Bidirectional Transformer"
    assert gliner.date == "2023-11-14" and gliner.category == "cs.CL"
