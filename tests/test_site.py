"""End to end: the bundled catalog builds into a site with every paper, title and abstract."""

import html
import re
from pathlib import Path

import yaml

from generator.build import check_catalog
from generator.catalog.latex import plain_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED = PROJECT_ROOT / "content" / "000_3ed5e3014f54c171.txt"
METADATA = PROJECT_ROOT / "content" / "metadata.yml"


def page_text(path: Path) -> str:
    """Visible text of a page: tags removed, references decoded, spaces collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r"</?a\b[^>]*>", "", raw)  # links sit inside sentences
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def curated():
    return {entry["id"]: entry for entry in yaml.safe_load(METADATA.read_text(encoding="utf-8"))}


def test_every_bundled_paper_has_a_page_with_its_curated_title(bundled_site):
    entries = curated()
    assert len(entries) == 39
    pages = sorted(bundled_site.glob("papers/*/index.html"))
    assert len(pages) == 39, [p.parent.name for p in pages]
    for arxiv_id, entry in entries.items():
        page = bundled_site / "papers" / arxiv_id / "index.html"
        assert page.is_file(), arxiv_id
        source = page.read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", source, re.S).group(1))
        assert title == f"{plain_text(entry['title'])} - Paper catalog"  # TeX written out in Unicode
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", source, re.S).group(1)
        # TeX is shown by KaTeX from a math element, without its $ delimiters.
        assert html.unescape(re.sub(r"<[^>]+>", "", h1)).strip() == entry["title"].replace("$", "")


def test_every_page_shows_the_whole_abstract(bundled_site, bundled_settings):
    report, _ = check_catalog(bundled_settings)
    assert len(report.papers) == 39
    for paper in report.papers:
        text = page_text(bundled_site / "papers" / paper.id / "index.html")
        assert paper.abstract in text, paper.id


def test_home_page_counts_the_papers_and_lists_the_newest(bundled_site):
    text = page_text(bundled_site / "index.html")
    assert "The catalog holds 39 papers" in text
    assert "Composable Interventions for Language Models" in text  # dated 2024-07-09, among the newest


ROW = r'<li class="paper-row"><a class="paper-row__title" href="([^"]+)">'


def test_all_papers_page_lists_every_paper_newest_first_with_authors(bundled_site):
    source = (bundled_site / "papers" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(ROW + r'.*?<time datetime="([0-9-]+)">', source, re.S)
    assert len(rows) == 39
    dates = [date for _, date in rows]
    assert dates == sorted(dates, reverse=True)
    assert all(re.fullmatch(r"[0-9.]+/|[a-z-]+/[0-9]{7}/", href) for href, _ in rows)
    # Rows show authors (the first three, linked to their pages).
    assert source.count('class="paper-row__authors"') >= 38
    assert '<a href="../authors/urchade-zaratiana/">Urchade Zaratiana</a>' in source


def test_paper_page_links_and_bibtex(bundled_site):
    source = (bundled_site / "papers" / "2404.03592" / "index.html").read_text(encoding="utf-8")
    for target in (
        "https://arxiv.org/abs/2404.03592",
        "https://arxiv.org/pdf/2404.03592",
        "https://arxiv.org/html/2404.03592",
        "https://github.com/stanfordnlp/pyreft",
    ):
        assert f'href="{target}"' in source
    code = re.search(r"<pre.*?</pre>", source, re.S).group(0)
    text = html.unescape(re.sub(r"<[^>]+>", "", code))
    assert "@misc{wu2024reft," in text
    assert "eprint={2404.03592}" in text and "archivePrefix={arXiv}" in text and "primaryClass={cs.CL}" in text


def test_no_page_loads_anything_from_another_host(bundled_site):
    for page in bundled_site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"(https?:)?//([^/\"]+)", source):
            host = match.group(2)
            tag = match.group(0)
            if 'rel="canonical"' in tag or "<a " in tag:
                continue
            raise AssertionError(f"{page} loads from {host}: {tag}")
        assert "fonts.googleapis.com" not in source and "fonts.gstatic.com" not in source


def test_search_index_covers_every_paper(bundled_site):
    import json

    index = json.loads((bundled_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for arxiv_id in curated():
        assert f"papers/{arxiv_id}/" in locations


def test_paper_pages_show_related_papers_with_reasons_or_say_there_are_none(bundled_site):
    with_related = 0
    for page in sorted(bundled_site.glob("papers/*/index.html")):
        source = page.read_text(encoding="utf-8")
        tags = re.findall(r'<a class="paper-tag" href="../../tags/([a-z0-9-]+)/">', source)
        assert len(tags) <= 6, (page, tags)
        section = re.search(r'<h2[^>]* id="related-papers"[^>]*>Related papers</h2>\s*(<ul>.*?</ul>|<p[^>]*>.*?</p>)', source, re.S)
        assert section, page
        if section.group(1).startswith("<p"):
            assert "No other paper in this catalog is close enough to list here." in section.group(1)
            continue
        with_related += 1
        items = re.findall(r"<li>(.*?)</li>", section.group(1), re.S)
        assert 1 <= len(items) <= 5, page
        for item in items:
            assert re.search(r'<a href="../[0-9.]+/">', item), item
            assert re.search(r"shared terms: |both on |one names the other|closely similar", item), item
    assert with_related >= 6


def test_mentions_link_both_ways(bundled_site):
    distil = (bundled_site / "papers" / "2407.06023" / "index.html").read_text(encoding="utf-8")
    rar = (bundled_site / "papers" / "2311.04205" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../2311.04205/">Rephrase and Respond</a>' in distil  # first mention in the abstract
    assert re.search(r'<h2[^>]* id="mentions"[^>]*>Mentions</h2>\s*<ul>\s*<li><a href="../2311.04205/">', distil)
    assert re.search(r'<h2[^>]* id="mentioned-by"[^>]*>Mentioned by</h2>\s*<ul>\s*<li><a href="../2407.06023/">', rar)


def test_tag_pages_list_their_papers_and_the_index_counts_them(bundled_site):
    index = (bundled_site / "tags" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr>\s*<td><a href="([a-z0-9-]+)/">.*?</td>\s*<td>.*?</td>\s*<td>(\d+)</td>', index, re.S)
    assert len(rows) >= 8
    for slug, count in rows:
        tag_page = (bundled_site / "tags" / slug / "index.html").read_text(encoding="utf-8")
        listed = re.findall(r'<li class="paper-row"><a class="paper-row__title" href="../../papers/[0-9.]+/">', tag_page)
        assert len(listed) == int(count), slug
        assert 1 <= int(count) < 39, slug


def test_archive_and_category_pages(bundled_site):
    archive = page_text(bundled_site / "archive" / "index.html")
    assert "2024 · 32 papers" in archive or re.search(r"2024 · \d+ papers", archive)
    july = page_text(bundled_site / "archive" / "2024-07" / "index.html")
    assert "Papers of July 2024" in july and "Composable Interventions for Language Models" in july
    categories = page_text(bundled_site / "categories" / "index.html")
    assert re.search(r"cs\.CL Computation and Language \d+", categories) and "have no known category" in categories
    cl = (bundled_site / "categories" / "cs.CL" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<li class="paper-row"><a class="paper-row__title" href="../../papers/', cl)) == sum(
        1 for e in curated().values() if e["primary_category"] == "cs.CL"
    )


def test_navigation_reaches_the_listing_pages_but_not_paper_pages(bundled_site):
    home = (bundled_site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-tabs".*?</nav>', home, re.S).group(0)
    for label in ("All papers", "Tags", "Archive", "Categories"):
        assert label in nav
    assert "papers/2311.08526" not in nav
