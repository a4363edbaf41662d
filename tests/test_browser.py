"""The built site in a real headless Chromium: pages load, search finds papers."""

import pytest

pytestmark = pytest.mark.browser


def search(page, query):
    """Type a query once the search index is ready (it is built in the browser)."""
    page.locator("input.md-search__input").click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=30_000)
    # Typed key by key, as a reader does (a programmatic fill is not always noticed).
    page.locator("input.md-search__input").press_sequentially(query, delay=20)


def test_home_page_loads_without_errors_or_foreign_requests(page, site_url, artefacts):
    page.goto(site_url)
    assert page.title() == "Paper catalog"
    assert "The catalog holds 39 papers" in page.inner_text("article")
    page.screenshot(path=str(artefacts / "home.png"), full_page=True)
    assert page.console_errors == []
    assert page.requested_hosts == {site_url.split("/")[2]}


def test_search_finds_a_paper_by_words_of_its_abstract_and_opens_it(page, site_url, artefacts):
    page.goto(site_url)
    search(page, "bidirectional transformer encoder")
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


def test_tex_title_renders_as_math(page, site_url, artefacts):
    page.goto(site_url + "papers/2407.01178/")
    page.locator("h1 .katex").first.wait_for()
    assert page.locator("h1 .katex-mathml annotation").text_content() == "\\text{Memory}^3"
    assert "$" not in page.inner_text("h1")
    page.locator("h1").screenshot(path=str(artefacts / "tex-title.png"))
    assert page.console_errors == []
    assert page.requested_hosts == {site_url.split("/")[2]}


def test_copy_link_puts_the_permanent_address_on_the_clipboard(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(site_url + "papers/2311.08526/?from=chat#abstract")
        tab.click("button[data-copy-link]")
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == "https://example.github.io/paper-catalog/papers/2311.08526/"
    finally:
        context.close()


def test_short_and_versioned_links_open_the_paper(page, site_url):
    for path in ("abs/2311.08526/", "abs/2311.08526v3", "papers/2311.08526v2/", "abs/hep-th.bad/"):
        page.goto(site_url + path)
        if "bad" in path:
            assert page.locator("#catalog-not-found").is_visible()
            continue
        page.wait_for_url("**/papers/2311.08526/")
        assert page.inner_text("h1").startswith("GLiNER")
