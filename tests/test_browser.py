"""The built site in a real headless Chromium: pages load, search finds papers."""

from pathlib import Path

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
    article = page.inner_text("article")
    # Markdown emphasis in the abstract is dropped, the words kept; the bare address is a link.
    assert "a family of Representation Finetuning (ReFT) methods" in article and "**" not in article
    assert page.locator('article p a:not(.md-button)[href="https://github.com/stanfordnlp/pyreft"]').inner_text() == (
        "https://github.com/stanfordnlp/pyreft"
    )
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


def test_the_not_found_page_is_styled_wherever_the_site_is_served(page, site_url, bundled_site):
    """Below the configured path at any depth, and from a server whose root is the site."""
    from conftest import _serve

    at_root = _serve(bundled_site, "/")
    root_url = next(at_root)
    try:
        for base, path in ((site_url, "no/such/page/"), (site_url, "a/b/c/d/e"), (root_url, "no/such/page/")):
            response = page.goto(base + path)
            assert response.status == 404
            assert page.locator("#catalog-not-found").is_visible()
            # Material's stylesheet applies: the header is sticky, the body in the theme's font.
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
            link = page.locator("#catalog-not-found a")
            assert link.evaluate("a => a.href") == base + "papers/"
            link.click()
            page.wait_for_url(base + "papers/")
            assert page.locator(".paper-list, .md-typeset table, .md-content").first.is_visible()
    finally:
        next(at_root, None)


def test_an_arxiv_id_the_catalog_lacks_is_offered_on_arxiv_and_in_search(page, site_url):
    for path in ("abs/2401.99999", "papers/2401.99999v2/", "abs/hep-th/9901001v1"):
        page.goto(site_url + path)
        note = page.locator("#catalog-not-in-catalog")
        note.wait_for(state="visible")
        arxiv_id = "hep-th/9901001" if "hep-th" in path else "2401.99999"
        assert note.inner_text().startswith(f"This catalog has no page for arXiv:{arxiv_id}.")
        links = note.locator("a")
        assert links.nth(0).get_attribute("href") == f"https://arxiv.org/abs/{arxiv_id}"
        assert links.nth(1).evaluate("a => a.href") == site_url + "?q=" + arxiv_id.replace("/", "%2F")
        assert page.url == site_url + path  # no redirect to a page that is not there


PAGES = ["", "papers/", "papers/2404.03592/", "papers/2407.01178/", "tags/", "tags/interpretability/",
         "archive/", "archive/2024-07/", "categories/", "categories/cs.CL/", "abs/2311.08526/"]


def test_browsing_requests_nothing_from_other_hosts_and_logs_no_errors(page, site_url):
    own = site_url.split("/")[2]
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle", timeout=30_000)
    assert page.requested_hosts == {own}
    assert page.console_errors == []


def test_a_tag_link_leads_to_the_tag_page(page, site_url):
    page.goto(site_url + "papers/2404.03592/")
    page.locator("a.paper-tag", has_text="Interpretability").click()
    page.wait_for_url("**/tags/interpretability/")
    assert page.inner_text("h1") == "Interpretability"
    assert page.locator("article li a", has_text="ReFT: Representation Finetuning").count() == 1


def test_phone_viewport_shows_pages_without_horizontal_scrolling(browser, site_url, artefacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    try:
        tab = context.new_page()
        for path in ("", "papers/", "papers/2404.03592/", "tags/", "map/?focus=2404.03592"):
            tab.goto(site_url + path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
        tab.goto(site_url + "papers/2404.03592/")
        tab.screenshot(path=str(artefacts / "phone-paper.png"), full_page=True)
    finally:
        context.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_accessibility_violations(browser, site_url, scheme):
    """axe-core on each kind of page, in the light and the dark palette (the palette
    follows the reader's system setting until they pick one)."""
    assert AXE.is_file(), "axe-core is installed by `make` (npm ci)"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    report = {}
    try:
        for path in ("", "papers/2404.03592/", "tags/interpretability/", "papers/", "papers/?tag=reasoning",
                     "authors/", "authors/kai-chen/", "tags/", "categories/", "archive/2024/",
                     "map/?focus=2309.17452"):
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert palette == ("slate" if scheme == "dark" else "default"), path
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            report[path] = [
                (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
                for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
    finally:
        context.close()
    print(f"axe serious/critical violations ({scheme}):", report)
    assert all(not found for found in report.values()), report


def test_the_tags_index_sorts_by_name_and_by_count_and_keeps_it_in_the_address(page, site_url):
    page.goto(site_url + "tags/")
    names = "() => [...document.querySelectorAll('.md-typeset table tbody tr td:first-child')].map(td => td.textContent.trim())"
    counts = "() => [...document.querySelectorAll('.md-typeset table tbody tr td:last-child')].map(td => +td.textContent)"
    assert page.evaluate(counts) == sorted(page.evaluate(counts), reverse=True)
    page.get_by_role("button", name="Name").click()
    by_name = page.evaluate(names)
    assert by_name == sorted(by_name, key=str.casefold)
    assert page.get_by_role("button", name="Name").get_attribute("aria-pressed") == "true"
    # The pressed button is filled, and its label readable on the fill (away from the
    # pointer and the focus, which have their own colours).
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    page.wait_for_timeout(300)  # the theme's colour transition
    colours = page.get_by_role("button", name="Name").evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert colours[1] not in ("rgba(0, 0, 0, 0)", "transparent") and colours[0] != colours[1], colours
    assert page.url.endswith("tags/?sort=name")
    page.reload()
    assert page.evaluate(names) == by_name
    page.get_by_role("button", name="Most papers").click()
    assert page.evaluate(counts) == sorted(page.evaluate(counts), reverse=True)
    assert page.url.endswith("tags/")
    assert page.console_errors == []


def test_the_bibtex_copy_button_is_plain_to_see_on_a_touch_screen(browser, site_url):
    """Without hover, the copy button is drawn at the text's light colour, not the theme's
    barely visible lightest."""
    contexts = {
        "touch": browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
        "mouse": browser.new_context(viewport={"width": 1280, "height": 900}),
    }
    colours = {}
    try:
        for name, context in contexts.items():
            page = context.new_page()
            page.goto(site_url + "papers/2311.08526/")
            button = page.locator(".highlight .md-clipboard, .highlight .md-code__button").first
            button.wait_for(state="attached")
            colours[name] = button.evaluate("b => getComputedStyle(b).color")
            colours[name + "-hover-none"] = page.evaluate("matchMedia('(hover: none)').matches")
    finally:
        for context in contexts.values():
            context.close()
    assert colours["touch-hover-none"] and not colours["mouse-hover-none"]
    assert colours["touch"] != colours["mouse"], colours

    def alpha(colour: str) -> float:
        parts = colour[colour.index("(") + 1 : -1].split(",")
        return float(parts[3]) if len(parts) == 4 else 1.0

    assert alpha(colours["touch"]) > alpha(colours["mouse"]), colours


def _rows(page) -> list[str]:
    return page.locator("[data-catalog-results] li.paper-row a.paper-row__title").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


def test_the_all_papers_page_filters_by_tag_and_year_from_the_address(page, site_url, bundled_site, artefacts):
    import re

    tag_page = (bundled_site / "tags" / "interpretability" / "index.html").read_text(encoding="utf-8")
    expected = re.findall(r'class="paper-row__title" href="\.\./\.\./papers/([^"]+)/"', tag_page)
    assert expected
    page.goto(site_url + "papers/?tag=interpretability")
    page.locator("[data-catalog-results] li.paper-row").first.wait_for()
    assert sorted(path.split("/papers/")[1].strip("/") for path in _rows(page)) == sorted(expected)
    assert page.inner_text("[data-catalog-count]").startswith(f"{len(expected)} papers tagged Interpretability")
    assert page.locator("[data-catalog-static]").is_hidden()

    page.goto(site_url + "papers/?year=2022&sort=oldest")
    page.locator("[data-catalog-results] li.paper-row").first.wait_for()
    dates = page.locator("[data-catalog-results] time").all_inner_texts()
    assert dates and all(d.startswith("2022") for d in dates) and dates == sorted(dates)
    assert page.inner_text("[data-catalog-count]").startswith(f"{len(dates)} paper")

    # Choosing in the form changes the list and the address, so the list can be shared.
    page.goto(site_url + "papers/")
    page.select_option("select[name=tag]", "reasoning")
    page.wait_for_url("**/papers/?tag=reasoning")
    page.locator("[data-catalog-results] li.paper-row").first.wait_for()
    assert page.locator("[data-catalog-results] li.paper-row").count() == int(
        page.inner_text("[data-catalog-count]").split()[0]
    )
    page.screenshot(path=str(artefacts / "papers-filtered-desktop.png"))
    assert page.console_errors == []


def test_the_address_never_becomes_markup_in_the_list(page, site_url):
    page.goto(site_url + 'papers/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&tag=%22%3E%3Cb%3E')
    page.locator("[data-catalog-count]").filter(has_text="matching").wait_for()
    assert page.locator("[data-catalog-results] img, [data-catalog-count] img, b").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("[data-catalog-count]")
    assert page.input_value("select[name=tag]") == ""  # a tag the list does not offer is ignored


@pytest.mark.parametrize("path", ["papers/", "papers/?tag=reasoning", "authors/", "authors/kai-chen/", "tags/reasoning/"])
def test_listings_fit_a_phone_without_sideways_scrolling(browser, site_url, path, artefacts):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    try:
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
        page.screenshot(path=str(artefacts / f"phone-{name}.png"))
    finally:
        context.close()


def test_every_author_has_a_page_listing_their_papers(page, site_url, bundled_site):
    paper = (bundled_site / "papers" / "2311.08526" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../authors/urchade-zaratiana/">Urchade Zaratiana</a>' in paper
    page.goto(site_url + "authors/")
    links = page.locator("ul.catalog-authors a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) > 250
    page.goto(site_url + "authors/kai-chen/")
    assert page.inner_text("h1") == "Kai Chen"
    assert page.locator("li.paper-row").count() == 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_browsing_pages_and_search_results_at_phone_and_desktop_width(browser, site_url, artefacts, scheme, width):
    """The pages a reader browses, and search results, in both palettes at phone and
    desktop width: no sideways scrolling, no errors; screenshots kept for review."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    kind = "phone" if width < 600 else "desktop"
    try:
        for name, path in (("all-papers", "papers/"), ("tag", "tags/interpretability/"), ("author", "authors/kai-chen/")):
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            page.screenshot(path=str(artefacts / f"browse-{name}-{kind}-{scheme}.png"))
        page.goto(site_url)
        if width < 600:
            page.locator("label[for=__search].md-header__button").click()
        search(page, "sparse autoencoders")
        page.locator(".catalog-result__snippet").first.wait_for(timeout=30_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(artefacts / f"browse-search-{kind}-{scheme}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
    assert errors == []
