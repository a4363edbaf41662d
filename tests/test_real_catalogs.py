"""Real catalog files as their owners keep them (tests/fixtures/catalogs_in/, sources in its
SOURCES.md), read without renaming anything: where the IDs are, what is published, what is
left out and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import check_catalog
from generator.catalog.fetch import write_fetched
from generator.catalog.readers import read_catalog
from generator.config import Settings
from generator.derive import derive, paper_tags, unpublished_keywords
from generator.derive.taxonomy import load_taxonomy
from generator.site.render import Catalog, render_site

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "catalogs_in"
OLDER = ROOT / "tests" / "fixtures" / "catalogs"
TAXONOMY = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")
# No author name keeps an affiliation, a footnote digit, "et al." or raw TeX.
BAD_NAME = re.compile(r"\d|\bet al\b|[()\[\]\\{}]|\b(?:University|Institute|Department)\b")


def check(*inputs: Path, fetched: str = ""):
    settings = Settings(root=ROOT, inputs=tuple(str(p) for p in inputs), metadata="", fetched=fetched)
    report, _ = check_catalog(settings)
    return report


def rejected_rows(report) -> int:
    return len({(p.source, p.line) for p in report.problems})


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("kaggle_snapshot.jsonl", 200),  # arXiv's metadata snapshot: affiliations, authors_parsed, versions
        ("csv_pdf_link.csv", 136),  # IDs only in a pdf_link column without a scheme
        ("categories_multi.jsonl", 173),  # IDs as abs URLs, categories as a JSON array
        ("categories_pipe.csv", 50),  # categories and authors separated by '|'
    ],
)
def test_whole_files_publish_every_row(name, published):
    report = check(REAL / name)
    assert report.problems == []
    assert len(report.papers) == published


def test_no_author_name_keeps_an_affiliation_a_digit_or_et_al():
    files = sorted(REAL.glob("*.jsonl")) + sorted(REAL.glob("*.csv")) + sorted(OLDER.glob("*"))
    names = []
    for path in files:
        if path.suffix in (".md",) or path.name == "csv_headerless.csv":
            continue
        names += [name for paper in check(path).papers for name in paper.authors]
    bad = [name for name in names if BAD_NAME.search(name) and "Collaboration" not in name and "Task Force" not in name]
    assert len(names) > 8000
    assert bad == []


def test_arxiv_snapshot_prefers_authors_parsed_and_dates_the_first_version():
    papers = {p.id: p for p in check(REAL / "kaggle_snapshot.jsonl").papers}
    first = papers["0704.0001"]
    assert first.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")
    assert first.family_names[0] == "Balázs"
    assert first.date == "2007-04-02"  # versions[0].created, not update_date
    assert first.journal_ref == "Phys.Rev.D76:013009,2007" and first.doi == "10.1103/PhysRevD.76.013009"
    line = next(json.loads(x) for x in (REAL / "kaggle_snapshot.jsonl").open() if "Mishchenko" in x)
    assert "((1) CREST" in line["authors"]
    assert papers[line["id"]].authors == ("A. S. Mishchenko", "N. Nagaosa")


def test_a_paper_is_on_the_page_of_each_of_its_categories(tmp_path):
    report = check(REAL / "categories_multi.jsonl")
    several = next(p for p in report.papers if len(p.categories) >= 2 and all("." in c for c in p.categories[:2]))
    settings = Settings(root=tmp_path, metadata="", fetched="")
    pages = render_site(Catalog(report.papers, settings, derive(report.papers, TAXONOMY)))
    for category in several.categories:
        if re.fullmatch(r"[a-z-]+(\.[A-Za-z-]+)?", category):
            assert several.id in pages[f"categories/{category}.md"], category


def test_headerless_csv_gets_a_short_error_naming_the_columns():
    result = read_catalog(REAL / "csv_headerless.csv")
    assert result.rows == []
    (problem,) = result.problems
    assert problem.line == 1 and "not a header" in problem.message
    assert "id,title,abstract" in problem.message and "arxiv_id" in problem.message
    assert len(str(problem)) < 500 and "\n" not in str(problem)


def test_mixed_publication_list_keeps_the_arxiv_papers_and_says_what_it_left_out(tmp_path):
    yaml_file = REAL / "yaml_links.yml"
    result = read_catalog(yaml_file)
    ids = [row.fields["id"] for row in result.rows]
    assert len(ids) == 14 and all("arxiv.org/abs/" in i for i in ids)
    assert not any("socarxiv" in i for i in ids)
    (warning,) = [w for w in result.warnings if "left out" in w.message]
    assert warning.message.startswith("69 entries give no arXiv ID")
    # Without abstracts each row asks for `catalog fetch`; with fetched ones all 14 publish.
    report = check(yaml_file)
    assert rejected_rows(report) == 14
    assert all("run `catalog fetch`" in p.message for p in report.problems)
    target = tmp_path / "arxiv.jsonl"
    write_fetched(target, {i.rsplit("/", 1)[1]: {"id": i.rsplit("/", 1)[1], "abstract": "Fetched."} for i in ids})
    report = check(yaml_file, fetched=str(target))
    assert report.problems == [] and len(report.papers) == 14
    # The file's own titles and author lists win over fetched data.
    assert all(not p.title_derived for p in report.papers)


def test_last_first_json_inside_an_object():
    result = read_catalog(REAL / "json_last_first.json")
    assert len(result.rows) == 56 and result.problems == []
    report_rows = {row.fields["id"]: row for row in result.rows}
    from generator.catalog.people import split_people

    row = report_rows["https://arxiv.org/abs/2402.14070"]
    assert split_people(row.fields["authors"]) == ("S.-F. Chen", "C. Howlett", "M. White")


def test_reference_manager_keywords_are_not_published():
    bib = check(REAL / "zotero_keywords.bib")
    assert len(bib.papers) == 0  # no abstracts in this export: `catalog fetch` would fill them
    rows = read_catalog(REAL / "zotero_keywords.bib").rows
    assert any("notion" in (row.fields.get("tags") or []) for row in rows)
    astro = check(OLDER / "zotero_astro_galaxy_clusters.bib")
    private = unpublished_keywords(astro.papers, TAXONOMY)
    assert {"/finished", "/toread", "bookmark"} <= set(private)
    tags = {t.name for p in astro.papers for t in paper_tags(p, TAXONOMY)}
    assert not tags & {"/finished", "/toread", "bookmark"}


def test_reading_status_keywords_never_become_tags(tmp_path):
    bib = tmp_path / "library.bib"
    bib.write_text(
        "@misc{a, title={A}, eprint={2311.08526}, archivePrefix={arXiv}, abstract={Text.},"
        " keywords={unread, important, to-read}}\n"
    )
    report = check(bib)
    assert report.papers[0].keywords == ("unread", "important", "to-read")
    assert paper_tags(report.papers[0], TAXONOMY) == ()


def test_id_list_with_comments():
    result = read_catalog(REAL / "id_list.txt")
    assert len(result.rows) == 57 and result.problems == []
    assert all(re.fullmatch(r"\d{4}\.\d{4,5}", row.fields["id"]) for row in result.rows)


def test_zotero_csv_with_arxiv_dois(tmp_path):
    result = read_catalog(REAL / "doi_ids.csv")
    # 26 by their Url or DOI, 3 more journal papers by the arXiv PDF Zotero attached to them.
    assert len(result.rows) == 29
    assert any("87 entries give no arXiv ID" in w.message for w in result.warnings)
    # Without its Url column the export still gives the IDs: arXiv's DOIs (one in capitals).
    import csv

    with (REAL / "doi_ids.csv").open(encoding="utf-8-sig", newline="") as source:
        records = list(csv.DictReader(source))
    without = tmp_path / "no_url.csv"
    with without.open("w", encoding="utf-8", newline="") as out:
        columns = [c for c in records[0] if c not in ("Url", "Extra")]
        writer = csv.DictWriter(out, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    ids = [row.fields["id"] for row in read_catalog(without).rows]
    assert sum(1 for i in ids if i.lower().startswith("10.48550/arxiv.")) >= 10  # others: a PDF link


def test_parquet_copy_of_the_bundled_catalog_reads_like_the_original(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    original = check(ROOT / "content" / "000_3ed5e3014f54c171.txt")
    rows = read_catalog(ROOT / "content" / "000_3ed5e3014f54c171.txt").rows
    table = pa.table(
        {
            "arxiv_id": [row.fields["id"] for row in rows],
            "abstract": [row.fields["abstract"] for row in rows],
            "categories": [["cs.CL", "cs.LG"] for _ in rows],
        }
    )
    target = tmp_path / "catalog.parquet"
    pq.write_table(table, target)
    copy = check(target)
    assert copy.problems == []
    assert [p.id for p in copy.papers] == [p.id for p in original.papers]
    assert [p.abstract for p in copy.papers] == [p.abstract for p in original.papers]
    assert copy.papers[0].categories == ("cs.CL", "cs.LG")


def test_broken_parquet_is_a_problem_not_a_traceback(tmp_path):
    target = tmp_path / "bad.parquet"
    target.write_bytes(b"PAR1 not really")
    result = read_catalog(target)
    assert result.rows == [] and "not a readable Parquet file" in result.problems[0].message


def test_a_file_whose_entries_all_lack_an_id_gets_one_message(tmp_path):
    listing = tmp_path / "papers.yml"
    listing.write_text("".join(f"- title: Paper {n}\n  venue: Journal\n  link: https://example.org/{n}\n" for n in range(32)))
    result = read_catalog(listing)
    assert result.rows == []
    (problem,) = result.problems
    assert problem.message.startswith("none of the 32 entries gives an arXiv ID (keys found: link, title, venue)")
    assert "pdf_link" in problem.message and "arxiv_id" in problem.message


def test_an_uncategorised_catalog_of_another_field_gets_no_machine_learning_tags():
    # quant-ph papers with no categories: "quantum search" is not planning and search,
    # "Quantum Brownian motion" not a diffusion model, "randomized benchmarking" not an evaluation
    physics = check(ROOT / "tests" / "fixtures" / "heldout" / "quant_ph_quantum_walks.jsonl")
    assert len(physics.papers) == 158 and not any(p.categories for p in physics.papers)
    assert all(not tags for tags in derive(physics.papers, TAXONOMY).tags.values())
    # an uncategorised machine-learning catalog keeps its tags
    software = check(OLDER / "software_engineering.csv")
    assert sum(1 for tags in derive(software.papers, TAXONOMY).tags.values() if tags) >= 60
