"""The built site in a real headless Chromium: pages load, search finds papers."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_without_errors_or_foreign_requests(page, site_url, artefacts):
    page.goto(site_url)
    assert page.title() == "Paper catalog"
    assert "The catalog holds 39 papers" in page.inner_text("article")
    page.screenshot(path=str(artefacts / "home.png"), full_page=True)
    assert page.console_errors == []
    assert page.requested_hosts == {site_url.split("/")[2]}


def test_search_finds_a_paper_by_words_of_its_abstract_and_opens_it(page, site_url, artefacts):
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("bidirectional transformer encoder")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=30_000)  # the index is built in the browser; slow on a loaded machine
    page.screenshot(path=str(artefacts / "search.png"))
    assert "GLiNER" in page.inner_text(".md-search-result__list")
    page.locator(".md-search-result__link", has_text="GLiNER").first.click()
    page.wait_for_url("**/papers/2311.08526/**")
    assert page.inner_text("h1").startswith("GLiNER")
    assert page.console_errors == []


def test_paper_page_shows_title_authors_abstract_and_bibtex(page, site_url, artefacts):
    page.goto(site_url + "papers/2404.03592/")
    assert page.inner_text("h1") == "ReFT: Representation Finetuning for Language Models"
    assert "Christopher Potts" in page.inner_text(".paper-authors")
    assert "**Representation Finetuning (ReFT)**" in page.inner_text("article")
    assert "@misc{wu2024reft," in page.inner_text("pre")
    page.screenshot(path=str(artefacts / "paper.png"), full_page=True)
    assert page.console_errors == []


def test_dark_mode_toggle_switches_the_palette(page, site_url):
    page.goto(site_url)
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
