"""Search quality in the real browser: what readers type finds the paper in the top 3."""

import html
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).resolve().parent / "fixtures" / "search" / "queries.yml").read_text())
TOP = 3
PAPER = re.compile(r"/papers/((?:[a-z-]+/)?[0-9.]+)/")


def results(page, query):
    """arXiv IDs of the papers the search shows, best first."""
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press_sequentially(query, delay=10)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.match(/matching|No matching/)"
        " && document.querySelector('input.md-search__input').value === q",
        arg=query,
    )
    page.wait_for_timeout(150)  # let the list settle after the last keystroke
    assert meta.inner_text()
    found = []
    for href in page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)"):
        match = PAPER.search(href)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


@pytest.fixture(params=["lunr", "sharded"])
def search_url(request):
    """Both engines, the same experience: Material's lunr (the bundled catalog's
    default) and the sharded index that `auto` picks for large catalogs."""
    return request.getfixturevalue("site_url" if request.param == "lunr" else "sharded_site_url")


@pytest.fixture
def search_page(page, search_url):
    page.goto(search_url)
    page.locator("input.md-search__input").click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=30_000)
    return page


def test_realistic_queries_find_their_paper_in_the_top_3(search_page):
    assert len(QUERIES) >= 20
    misses = []
    for case in QUERIES:
        found = results(search_page, case["query"])
        if str(case["paper"]) not in found[:TOP]:
            misses.append((case["query"], case["paper"], found[:TOP]))
    rate = 1 - len(misses) / len(QUERIES)
    print(f"search queries with their paper in the top {TOP}: {len(QUERIES) - len(misses)}/{len(QUERIES)} ({rate:.0%})")
    assert misses == []
    assert search_page.console_errors == []


def test_a_pasted_id_puts_the_paper_first(search_page):
    for query in ("2406.04093", "arXiv:2406.04093", "2406.04093v3", "https://arxiv.org/abs/2406.04093v1"):
        assert results(search_page, query)[:1] == ["2406.04093"], query


def test_related_lists_and_bibtex_are_not_searched(search_page):
    # Only GLiNER's own page names its author; pages listing GLiNER as related do not count.
    assert results(search_page, "Holat") == ["2311.08526"]
    # BibTeX boilerplate is not indexed.
    assert results(search_page, "archivePrefix") == []


def test_query_in_the_address_opens_the_search_with_results(page, search_url):
    page.goto(search_url + "?q=lookback+lens")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    assert "Lookback Lens" in page.locator(".md-search-result__item").first.inner_text()


def test_results_show_the_papers_tags_not_its_search_terms(search_page, bundled_site):
    source = (bundled_site / "papers" / "2311.08526" / "index.html").read_text(encoding="utf-8")
    tags = [html.unescape(name) for name in re.findall(r'class="paper-tag" href="[^"]+">([^<]+)</a>', source)]
    assert tags
    assert results(search_page, "Zaratiana")[:1] == ["2311.08526"]
    chips = search_page.locator(".md-search-result__item").first.locator(".md-tag").all_inner_texts()
    assert chips == tags


def test_results_show_a_byline_and_a_snippet_around_the_match_not_the_whole_abstract(search_page):
    # LUT-NN's abstract names "dedicated hardware units" about 600 characters in.
    assert "2302.03213" in results(search_page, "dedicated hardware units")[:TOP]
    first = search_page.locator(".md-search-result__item", has=search_page.locator("a[href*='/2302.03213/']")).first
    byline = first.locator(".catalog-result__byline").inner_text()
    assert re.fullmatch(r"[^\n]+ et al\. · arXiv:2302\.03213 · \d{4}-\d{2}-\d{2}", byline), byline
    snippet = first.locator(".catalog-result__snippet").inner_text()
    assert snippet.startswith("\u2026 ") and len(snippet) <= 240, snippet
    marked = first.locator(".catalog-result__snippet mark").all_inner_texts()
    assert [word.lower() for word in marked[:3]] == ["dedicated", "hardware", "units"]
    # Every result is as short: none shows a whole abstract.
    assert all(len(text) <= 240 for text in search_page.locator(".catalog-result__snippet").all_inner_texts())


def test_papers_come_before_tag_pages_even_for_a_misspelt_topic(search_page):
    field = search_page.locator("input.md-search__input")
    field.fill("")
    field.press_sequentially("halucination", delay=10)
    search_page.locator(".md-search-result__item").first.wait_for()
    search_page.wait_for_timeout(400)
    hrefs = search_page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    kinds = ["paper" if PAPER.search(href) else "listing" for href in hrefs]
    assert kinds[0] == "paper", hrefs
    assert "listing" not in kinds or kinds.index("listing") > max(i for i, k in enumerate(kinds) if k == "paper")


def test_tab_and_arrows_move_through_the_results_and_enter_opens_one(search_page):
    found = results(search_page, "hallucination")
    assert len(found) >= 3
    links = search_page.locator(".md-search-result__item > a")
    focused = "document.activeElement.href || document.activeElement.className"
    search_page.keyboard.press("Tab")
    assert search_page.evaluate(focused) == links.nth(0).get_attribute("href")
    search_page.keyboard.press("Tab")
    assert search_page.evaluate(focused) == links.nth(1).get_attribute("href")
    search_page.keyboard.press("ArrowDown")
    assert search_page.evaluate(focused) == links.nth(2).get_attribute("href")
    search_page.keyboard.press("Shift+Tab")
    assert search_page.evaluate(focused) == links.nth(1).get_attribute("href")
    assert search_page.evaluate("document.getElementById('__search').checked")  # still open
    search_page.keyboard.press("Shift+Tab")
    search_page.keyboard.press("Shift+Tab")
    assert "md-search__input" in search_page.evaluate(focused)
    search_page.keyboard.press("Tab")
    target = links.nth(0).get_attribute("href")
    search_page.keyboard.press("Enter")
    search_page.wait_for_url(target.split("?")[0] + "**")
