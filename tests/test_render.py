"""Rendering: the generated pages of a small catalog match the golden files."""

from pathlib import Path

from generator.build import check_catalog
from generator.config import load_settings
from generator.derive import derive
from generator.derive.taxonomy import load_taxonomy
from generator.site.addresses import relative_address, relative_link
from generator.site.paper_pages import render_paper_markdown
from generator.site.redirects import redirect_pages
from generator.site.render import Catalog, render_site

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "golden" / "catalog.csv"


def render_fixture(scratch_project):
    config = scratch_project([FIXTURE])
    settings = load_settings(config)
    report, _ = check_catalog(settings)
    assert report.problems == []
    taxonomy = load_taxonomy(settings.path(settings.taxonomy))
    return with_paper_pages(Catalog(report.papers, settings, derive(report.papers, taxonomy)))


def with_paper_pages(catalog):
    """The Markdown pages, the paper pages among them, and the redirects."""
    pages = render_site(catalog)
    pages.update(redirect_pages(catalog.papers, catalog.settings))
    pages.update(render_paper_markdown(catalog))
    return pages


def test_pages_match_golden_files(scratch_project, regen_golden):
    # Text pages; the one binary file (the preview image) is tested in test_share.py.
    pages = {relative: text for relative, text in render_fixture(scratch_project).items() if isinstance(text, str)}
    if regen_golden:
        for relative, text in pages.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))  # as written: RIS lines end in CR LF
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected)
    for relative, text in pages.items():
        assert text == expected[relative], f"{relative} differs from its golden file (pytest --regen-golden)"


def test_old_style_ids_nest_like_arxiv(scratch_project):
    pages = render_fixture(scratch_project)
    assert "papers/hep-th/9901001.md" in pages
    assert "papers/2311.04205.md" in pages
    assert "](../../catalog.bib)" in pages["papers/hep-th/9901001.md"]
    assert "](../catalog.bib)" in pages["papers/2311.04205.md"]


def test_rendering_is_deterministic(scratch_project):
    assert render_fixture(scratch_project) == render_fixture(scratch_project)


def test_relative_links_climb_out_of_nested_folders():
    assert relative_link("papers/hep-th/9901001.md", "index.md") == "../../index.md"
    assert relative_link("index.md", "papers/2311.04205.md") == "papers/2311.04205.md"


def test_no_page_escapes_text_twice(scratch_project):
    for relative, text in render_fixture(scratch_project).items():
        if isinstance(text, bytes):
            continue  # the preview image
        assert "&amp;&#" not in text and "&amp;amp;" not in text, relative


def test_listing_pages_list_papers_in_html_kept_out_of_markdown(scratch_project):
    from generator.site import listings

    pages = render_fixture(scratch_project)
    expected = {
        "index.md": "papers/2311.04205/",
        "archive/1999.md": "../../papers/hep-th/9901001/",
        "archive/2023-11.md": "../../papers/2311.04205/",
        "categories/hep-th.md": "../../papers/hep-th/9901001/",
        "papers/index.md": "2311.04205/",
    }
    for relative, href in expected.items():
        markdown, cut = listings.cut(pages[relative])
        assert len(cut) == 1 and '<li class="paper-row">' in cut[0], relative
        assert f'<a class="paper-row__title" href="{href}">' in cut[0], relative
        assert "<li>" not in markdown and "<tr>" not in markdown, relative


def test_a_much_mentioned_paper_lists_the_newest_10_and_the_count(scratch_project):
    from generator.models import Paper

    settings = load_settings(scratch_project([FIXTURE]))
    lora = Paper(id="2106.09685", title="LoRA: Low-Rank Adaptation", abstract="We propose LoRA, an adapter.", date="2021-06")
    users = [
        Paper(id=f"2401.{i:05d}", title=f"Study {i}", abstract="We fine-tune with LoRA.", date=f"2024-01-{i:02d}")
        for i in range(1, 31)
    ]
    papers = (lora, *users)
    derived = derive(papers, load_taxonomy(settings.path(settings.taxonomy)))
    page = render_paper_markdown(Catalog(papers, settings, derived))["papers/2106.09685.md"]
    listed = page.split("## Mentioned by", 1)[1].split("## Cite", 1)[0]
    assert listed.count("[Study ") == 10
    assert "[Study 30](../papers/2401.00030.md)" in listed and "[Study 21]" in listed and "[Study 20]" not in listed
    assert "The newest 10 of 30 papers that mention it." in listed


def test_search_documents_cover_papers_and_tag_pages_without_markup(scratch_project):
    from generator.search.documents import search_documents

    settings = load_settings(scratch_project([FIXTURE]))
    report, _ = check_catalog(settings)
    derived = derive(report.papers, load_taxonomy(settings.path(settings.taxonomy)))
    docs = {doc.location: doc for doc in search_documents(Catalog(report.papers, settings, derived))}
    paper = docs["papers/2311.04205/"]
    assert paper.title.startswith("Rephrase and Respond")
    # The byline names three authors, then "et al.", and ends where the abstract starts.
    assert paper.text.startswith("Yihe Deng, Weitong Zhang, Zixiang Chen et al. · arXiv:2311.04205 · 2023-11-07 \u2014 ")
    assert paper.text.endswith(report.papers[[p.id for p in report.papers].index("2311.04205")].abstract)
    assert paper.boost == 1.0
    assert paper.tags == tuple(tag.name for tag in derived.tags["2311.04205"])
    assert "2311.04205" in paper.terms.split() and "deng" in paper.terms.split()
    for tag in derived.all_tags:
        assert docs[f"tags/{tag.slug}/"].title == tag.name
        assert docs[f"tags/{tag.slug}/"].text.startswith(tag.description)
        assert docs[f"tags/{tag.slug}/"].boost < 0.1  # papers carrying the tag rank first
    assert "papers/hep-th/9901001/" in docs


def test_paper_pages_rendered_half_in_a_forked_process_are_the_same(scratch_project, monkeypatch):
    from generator import build

    settings = load_settings(scratch_project([FIXTURE]))
    report, _ = build.check_catalog(settings)
    catalog = Catalog(report.papers, settings, derive(report.papers, load_taxonomy(settings.path(settings.taxonomy))))
    serial = render_paper_markdown(catalog)
    monkeypatch.setattr(build, "worth_forking", lambda size, threshold: True)
    assert build.paper_markdown(catalog, {}) == serial


def test_relative_addresses_between_site_paths():
    assert relative_address("papers/x/", "papers/") == "x/"
    assert relative_address("papers/2311.08526/", "abs/hep-th/9901001v2/") == "../../../papers/2311.08526/"
    assert relative_address("tags/", "") == "tags/"
