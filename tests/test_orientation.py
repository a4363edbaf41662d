"""Where am I: the active tab, breadcrumbs, skip links, linked dates and categories,
category names and the tags index order, on the built bundled catalog."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

import yaml

from generator.build import check_catalog
from generator.config import load_settings

PROJECT = Path(__file__).resolve().parent.parent
NAMES = yaml.safe_load((PROJECT / "generator" / "data" / "arxiv_categories.yml").read_text(encoding="utf-8"))["categories"]


def read(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def active_tabs(source: str) -> list[str]:
    items = re.findall(r'<li class="md-tabs__item md-tabs__item--active"[^>]*>\s*<a href="[^"]*" class="md-tabs__link">\s*(.*?)\s*</a>', source, re.S)
    return [html.unescape(item) for item in items]


def crumbs(source: str) -> list[tuple[str, str | None]]:
    """The breadcrumb as (label, href or None for the current page)."""
    nav = re.search(r'<nav aria-label="Breadcrumb" class="catalog-crumbs">(.*?)</nav>', source, re.S)
    assert nav, "no breadcrumb"
    found = []
    for match in re.finditer(r'<a href="([^"]*)">(.*?)</a>|<span aria-current="page">(.*?)</span>', nav.group(1)):
        if match.group(1) is not None:
            found.append((html.unescape(match.group(2)), match.group(1)))
        else:
            found.append((html.unescape(match.group(3)), None))
    return found


def resolves(site: Path, address: str, href: str) -> bool:
    target = urljoin(f"https://x/{address}", href)[len("https://x/") :].split("#")[0]
    return (site / target / "index.html").is_file() if target.endswith("/") or not target else (site / target).is_file()


def test_the_tab_of_each_pages_section_is_marked_active(bundled_site):
    expected = {
        "": "Home",
        "papers/": "All papers",
        "papers/2311.08526/": "All papers",
        "tags/": "Tags",
        "tags/interpretability/": "Tags",
        "authors/": "Authors",
        "authors/urchade-zaratiana/": "Authors",
        "archive/": "Archive",
        "archive/2024/": "Archive",
        "archive/2024-07/": "Archive",
        "categories/cs.CL/": "Categories",
    }
    found = {address: active_tabs(read(bundled_site, address)) for address in expected}
    assert found == {address: [tab] for address, tab in expected.items()}


def test_paper_and_listing_pages_have_a_breadcrumb_whose_links_resolve(bundled_site):
    cases = {
        "papers/2311.08526/": [("Home", ...), ("All papers", ...), ("arXiv:2311.08526", None)],
        "tags/interpretability/": [("Home", ...), ("Tags", ...), ("Interpretability", None)],
        "archive/2024-07/": [("Home", ...), ("Archive", ...), ("2024", ...), ("July 2024", None)],
        "categories/cs.CL/": [("Home", ...), ("Categories", ...), ("cs.CL", None)],
        "authors/urchade-zaratiana/": [("Home", ...), ("Authors", ...), ("Urchade Zaratiana", None)],
        "papers/": [("Home", ...), ("All papers", None)],
    }
    for address, expected in cases.items():
        trail = crumbs(read(bundled_site, address))
        assert [label for label, _ in trail] == [label for label, _ in expected], address
        for (label, href), (_, want) in zip(trail, expected, strict=True):
            if want is None:
                assert href is None, (address, label)
            else:
                assert href and resolves(bundled_site, address, href), (address, label, href)


def test_every_paper_and_author_page_has_a_skip_link_to_its_heading(bundled_site):
    pages = list(bundled_site.glob("papers/*/index.html")) + list(bundled_site.glob("authors/*/index.html"))
    assert len(pages) > 39
    for page in pages:
        source = page.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip">', source)
        assert skip, page
        assert f'id="{skip.group(1)}"' in source, page


def test_a_papers_date_and_categories_link_to_their_pages_with_names(bundled_site, tmp_path):
    settings = load_settings(PROJECT / "site_config" / "catalog.yml", PROJECT)
    report, _ = check_catalog(settings)
    checked = 0
    for paper in report.papers:
        address = f"papers/{paper.id}/"
        facts = re.search(r'<span class="paper-facts">(.*?)</span></p>', read(bundled_site, address), re.S).group(1)
        links = dict((html.unescape(text), href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', facts))
        if paper.date:
            month_link = next(href for text, href in links.items() if paper.date in text)
            assert month_link.endswith(f"archive/{paper.date[:7]}/") and resolves(bundled_site, address, month_link)
        for category in paper.categories or (paper.category,):
            if not category:
                continue
            assert links[category].endswith(f"categories/{category}/") and resolves(bundled_site, address, links[category])
            checked += 1
        primary = (paper.categories or (paper.category,))[0]
        if primary in NAMES:
            assert f"{primary}</a> ({html.escape(NAMES[primary], quote=False)})" in facts
    assert checked >= 30  # most bundled papers have a category


def test_the_categories_index_gives_each_categorys_name(bundled_site):
    source = read(bundled_site, "categories/")
    rows = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>\s*<td>(.*?)</td>', source)
    assert rows
    assert all(html.unescape(name) == NAMES[code] for code, name in rows if code in NAMES)
    assert dict(rows).get("cs.CL") == "Computation and Language"


def test_the_tags_index_lists_most_papers_first_then_by_name(bundled_site):
    source = read(bundled_site, "tags/")
    rows = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>\s*<td>.*?</td>\s*<td>(\d+)</td>', source, re.S)
    assert len(rows) >= 20
    keys = [(-int(count), html.unescape(name).casefold()) for name, count in rows]
    assert keys == sorted(keys)
