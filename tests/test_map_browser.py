"""The map page in headless Chromium: drawing, focus, hover and click, filters from the
address, hostile addresses, palettes and widths, and the page without scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _drawn(page) -> None:
    page.wait_for_selector("canvas[data-drawn]")


def _screen(page, bundled_site: Path, paper_id: str) -> tuple[float, float]:
    """Where the whole-map view puts a paper on the screen (the view catalog-map.js
    opens with: the map's middle at the canvas' centre, 1.08 times the scale fitted)."""
    data = json.loads((bundled_site / "map" / "points.json").read_text(encoding="utf-8"))
    k = data["id"].index(paper_id)
    box = page.locator("canvas.catalog-map__canvas").bounding_box()
    scale = min(box["width"], box["height"]) / (data["scale"] * 1.08)
    return (
        box["x"] + box["width"] / 2 + (data["x"][k] - data["scale"] / 2) * scale,
        box["y"] + box["height"] / 2 + (data["y"][k] - data["scale"] / 2) * scale,
    )


def test_focus_names_the_paper_and_lists_its_neighbours_on_the_map(page, site_url: str) -> None:
    page.goto(site_url + "map/?focus=arXiv:2309.17452v2")
    _drawn(page)
    assert page.locator("canvas").get_attribute("data-drawn") == "39"
    heading = page.locator(".catalog-map__focus h2")
    heading.wait_for()
    assert heading.inner_text() == "ToRA: A Tool-Integrated Reasoning Agent for Mathematical Problem Solving"
    assert heading.locator("a").get_attribute("href").endswith("/papers/2309.17452/")
    neighbours = page.locator(".catalog-map__neighbours > li > a:first-child")
    assert neighbours.count() == 10
    nearest = neighbours.nth(0).inner_text() + neighbours.nth(1).inner_text()
    assert "DotaMath" in nearest or "MuMath-Code" in nearest
    # the address keeps the canonical ID; moving along the list moves the focus
    page.locator(".catalog-map__move").first.click()
    assert "focus=" in page.url and "2309.17452" not in page.url
    assert page.console_errors == []
    assert page.requested_hosts == {page.url.split("/")[2]}


def test_hover_shows_a_title_and_a_click_opens_the_paper(page, site_url: str, bundled_site: Path) -> None:
    page.goto(site_url + "map/")
    _drawn(page)
    page.wait_for_function("document.querySelector('.catalog-map__legend li') !== null")
    x, y = _screen(page, bundled_site, "2106.10860")
    page.mouse.move(x, y)
    tip = page.locator(".catalog-map__tip")
    tip.wait_for(state="visible")
    page.wait_for_function("document.querySelector('.catalog-map__tip').textContent.includes('Multiplying')")
    assert tip.inner_text().startswith("Multiplying Matrices Without Multiplying")
    page.mouse.click(x, y)
    page.wait_for_url("**/papers/2106.10860/")
    assert page.locator("h1").inner_text().startswith("Multiplying Matrices")


def test_the_address_filters_and_colours_the_map(page, site_url: str) -> None:
    page.goto(site_url + "map/?tag=mathematical-reasoning&colour=year")
    _drawn(page)
    assert page.locator("select[name=tag]").input_value() == "mathematical-reasoning"
    assert page.locator("select[name=colour]").input_value() == "year"
    legend = page.locator(".catalog-map__legend li")
    assert legend.count() >= 2 and legend.first.inner_text().startswith("20")  # years
    page.select_option("select[name=colour]", "tag")
    pressed = page.locator(".catalog-map__legend button[aria-pressed=true]")
    assert pressed.inner_text().startswith("Mathematical reasoning")
    pressed.click()  # pressing it again shows every paper
    assert page.locator("select[name=tag]").input_value() == ""
    assert "tag=" not in page.url


def test_hostile_addresses_stay_text(page, site_url: str) -> None:
    page.goto(site_url + "map/?focus=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E&tag=%22%3E%3Cb%3Ex&year=1e9")
    _drawn(page)
    hint = page.locator(".catalog-map__hint")
    assert hint.inner_text() == "arXiv:<img src=x onerror=window.pwned=1> is not on this map."
    assert page.locator(".catalog-map img, .catalog-map b").count() == 0
    assert page.evaluate("window.pwned") is None
    assert page.locator("select[name=tag]").input_value() == ""
    assert page.locator("select[name=year]").input_value() == ""
    assert page.locator("canvas").get_attribute("data-drawn") == "39"


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_the_map_draws_in_both_palettes_at_phone_and_desktop_width(
    browser, site_url: str, artefacts: Path, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 860}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "map/?focus=2212.03827")
    _drawn(page)
    page.locator(".catalog-map__focus h2").wait_for()
    box = page.locator("canvas").bounding_box()
    assert box["width"] <= width and box["height"] > 250
    # the drawing follows the palette: labels in the page's own text colour
    scheme_attr = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme_attr == ("slate" if scheme == "dark" else "default")
    painted = page.evaluate(
        """() => { const c = document.querySelector('canvas'); const d = c.getContext('2d')
             .getImageData(0, 0, c.width, c.height).data; let n = 0;
             for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert painted > 500
    page.screenshot(path=str(artefacts / f"map-{'phone' if width < 600 else 'desktop'}-{scheme}.png"), full_page=True)
    assert errors == []
    context.close()


def test_without_scripts_the_map_page_says_where_to_browse(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "map/")
    assert page.locator(".catalog-map").is_hidden()
    message = page.locator(".catalog-map-noscript")
    assert "JavaScript" in message.inner_text()
    assert message.locator("a").count() == 3
    context.close()


def test_the_keyboard_chooses_the_paper_at_the_centre_and_opens_it(page, site_url: str) -> None:
    page.goto(site_url + "map/")
    _drawn(page)
    page.locator("canvas").focus()
    for key in ("ArrowLeft", "ArrowUp", "+", "-"):
        page.keyboard.press(key)
    page.keyboard.press("Space")
    heading = page.locator(".catalog-map__focus h2")
    heading.wait_for()
    chosen = heading.locator("a").get_attribute("href")
    assert page.locator(".catalog-map__neighbours > li").count() == 10
    assert "focus=" in page.url
    page.keyboard.press("Enter")
    page.wait_for_url(chosen)
    assert page.console_errors == []


def test_the_region_names_are_also_buttons_outside_the_canvas(page, site_url: str, bundled_site: Path) -> None:
    regions = json.loads((bundled_site / "map" / "points.json").read_text(encoding="utf-8"))["regions"]
    page.goto(site_url + "map/")
    _drawn(page)
    buttons = page.locator(".catalog-map__regions button")
    assert buttons.count() == len(regions) > 0
    assert buttons.first.inner_text() == f"{regions[0][2]} ({regions[0][3]})"
    before = page.locator("canvas").screenshot()
    buttons.first.click()
    page.wait_for_timeout(100)
    assert page.locator("canvas").screenshot() != before  # the view moved to the region


def test_colour_by_region_names_the_regions_in_the_legend(page, site_url: str, bundled_site: Path) -> None:
    regions = json.loads((bundled_site / "map" / "points.json").read_text(encoding="utf-8"))["regions"]
    page.goto(site_url + "map/?colour=region")
    _drawn(page)
    assert page.locator("select[name=colour]").input_value() == "region"
    legend = page.locator(".catalog-map__legend li")
    assert legend.first.inner_text() == f"{regions[0][2]} ({regions[0][3]})"
    assert legend.last.inner_text().startswith("No named region")
    page.select_option("select[name=colour]", "tag")  # the usual colouring here: no ?colour=
    assert "colour=" not in page.url


def test_on_a_touch_screen_a_tap_chooses_a_paper_and_a_second_opens_it(browser, site_url: str, bundled_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(site_url + "map/")
        _drawn(page)
        page.locator("canvas").scroll_into_view_if_needed()
        x, y = _screen(page, bundled_site, "2106.10860")
        page.touchscreen.tap(x, y)
        heading = page.locator(".catalog-map__focus h2")
        heading.wait_for()
        assert "focus=2106.10860" in page.url
        assert page.url.endswith("/map/?focus=2106.10860")  # still on the map
        page.touchscreen.tap(x, y)
        page.wait_for_url("**/papers/2106.10860/")
    finally:
        context.close()
