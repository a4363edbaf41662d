"""Hostile input, garbage, limits and reruns: nothing lost, nothing let in."""

import filecmp
import html
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.build import MAX_PAPERS, build_site
from generator.catalog.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from generator.catalog.readers import READERS, read_catalog
from generator.config import load_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "hostile" / "catalog.csv"
GOOD = FIXTURES / "golden" / "catalog.csv"


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.events += [(tag, name) for name, _ in attrs if name.startswith("on")]


def event_attributes(source: str) -> list[tuple[str, str]]:
    """Event-handler attributes (onerror, onload, ...) on any element of the page."""
    parser = _Attributes()
    parser.feed(source)
    return parser.events


@pytest.fixture(scope="module", params=["lunr", "sharded"])
def hostile_site(tmp_path_factory, request):
    """The hostile catalog, built with each search engine (search results are HTML too)."""
    root = tmp_path_factory.mktemp("hostile")
    config = root / "site_config" / "catalog.yml"
    config.parent.mkdir()
    taxonomy = Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml"
    config.write_text(
        f"site_name: Hostile\nsite_url: https://example.org/h/\ninputs: [{HOSTILE}]\nmetadata: ''\n"
        f"output_dir: docs\ntaxonomy: {taxonomy}\nsearch: {request.param}\n"
    )
    site = root / "site"
    status = cli.main(["--config", str(config), "build", "--keep-going", "--site-dir", str(site)])
    assert status == 1  # rows were rejected, and CI must notice
    return site


def test_rejected_hostile_rows_never_reach_the_site(hostile_site):
    papers = sorted(p.parent.name for p in hostile_site.glob("papers/*/index.html"))
    assert papers == ["2401.00001"]
    assert not (hostile_site.parent / "etc").exists()


def test_hostile_fields_render_as_literal_text(hostile_site):
    source = (hostile_site / "papers" / "2401.00001" / "index.html").read_text(encoding="utf-8")
    article = source.split("<article", 1)[1].split("</article>", 1)[0]
    for tag in ("<script", "<img", "<iframe", "<svg", "<b>"):
        assert tag not in article, tag
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', source))
    assert event_attributes(source) == []
    text = html.unescape(re.sub(r"<[^>]+>", "", article))
    assert "<script>alert('title')</script> {{ 7*7 }} {% raw %} **bold** [x](javascript:alert(1))" in text
    # Parenthesised text in an author list is an affiliation and is dropped; the rest stays literal.
    # Braces in names are TeX grouping and go too.
    assert "<img src=x onerror=alert>, Ada config" in text
    assert "[a link](javascript:alert(2)), {: onclick=alert(3) }, # not a heading" in text
    assert "\u202e" not in text and "\u200b" not in text  # direction and zero-width marks are dropped
    head = source.split("</head>", 1)[0]
    assert "<script>alert" not in head and "<img" not in head  # only as escaped attribute text


def test_hostile_category_gets_no_page_of_its_own(hostile_site):
    assert [p.name for p in (hostile_site / "categories").iterdir() if p.is_dir()] == []


@pytest.mark.browser
def test_no_script_from_the_input_runs_in_the_browser(browser, hostile_site, artefacts):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        base = f"http://127.0.0.1:{server.server_port}/"
        for path in ("", "papers/", "papers/2401.00001/", "tags/", "archive/2024-01/", "categories/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle", timeout=30_000)
            for link in page.locator("article a").all()[:20]:
                link.hover()
        page.goto(base + "papers/2401.00001/")
        page.screenshot(path=str(artefacts / "hostile-paper.png"), full_page=True)
        assert "<script>alert('title')</script>" in page.inner_text("h1")
        # The search shows the same fields in its results: as text, whichever engine.
        page.locator("input.md-search__input").click()
        page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=30_000)
        page.locator("input.md-search__input").press_sequentially("alert", delay=20)
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=30_000)
        page.wait_for_timeout(300)
        assert "alert('title')" in first.inner_text()
        assert page.locator(".md-search-result script, .md-search-result img, .md-search-result iframe").count() == 0
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), extension=st.sampled_from(sorted(READERS)))
def test_readers_turn_any_bytes_into_rows_or_problems(tmp_path, data, extension):
    path = tmp_path / f"garbage{extension}"
    path.write_bytes(data)
    result = read_catalog(path)
    for problem in result.problems:
        assert problem.source == str(path)
        assert problem.line is None or problem.line >= 1
        assert problem.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=string.printable + "αβ|\u202e\ufeff", max_size=600), extension=st.sampled_from(sorted(READERS)))
def test_readers_turn_any_text_into_rows_or_problems(tmp_path, text, extension):
    path = tmp_path / f"garbage{extension}"
    path.write_text(text, encoding="utf-8")
    result = read_catalog(path)
    assert all(row.line >= 1 for row in result.rows)


@given(st.text(max_size=80))
def test_id_parser_accepts_or_rejects_any_text_cleanly(text):
    try:
        parsed = parse_arxiv_id(text)
    except InvalidArxivId as error:
        assert str(error).startswith("invalid arXiv ID ")
        return
    assert isinstance(parsed, ArxivId)
    assert parse_arxiv_id(parsed.canonical).canonical == parsed.canonical
    assert re.fullmatch(r"\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*/\d{7}", parsed.canonical)


def test_too_large_inputs_are_refused_with_a_clear_limit(tmp_path, scratch_project, capsys):
    big = tmp_path / "big.csv"
    with big.open("wb") as stream:  # a sparse 101 MB file: nothing is read into memory
        stream.truncate(101 * 1024 * 1024)
    assert read_catalog(big).problems[0].message == (
        "file is 101.0 MB; the limit is 100 MB: split the catalog into several files"
    )
    long = tmp_path / "long.csv"
    long.write_text("arxiv_id,abstract\n2401.00001," + "word " * 200_000 + "\n")
    config = scratch_project([long])
    assert cli.main(["--config", str(config), "check"]) == 1
    assert "abstract is 1,000,000 characters long; the limit is 20,000" in capsys.readouterr().err
    many = tmp_path / "many.csv"
    many.write_text("arxiv_id,abstract\n" + "".join(f"2401.{i:05d},x\n" for i in range(1, MAX_PAPERS + 2)))
    assert cli.main(["--config", str(scratch_project([many])), "check"]) == 1
    assert f"{MAX_PAPERS + 1:,} rows; the limit is {MAX_PAPERS:,} papers" in capsys.readouterr().err


def test_two_builds_of_the_same_input_are_byte_identical(scratch_project, tmp_path):
    config = scratch_project([GOOD])
    first, second = tmp_path / "one", tmp_path / "two"
    assert cli.main(["--config", str(config), "build", "--site-dir", str(first)]) == 0
    assert cli.main(["--config", str(config), "build", "--site-dir", str(second)]) == 0
    differing = []

    def walk(comparison):
        differing.extend(str(Path(comparison.left, name).relative_to(first)) for name in comparison.diff_files)
        differing.extend(comparison.left_only + comparison.right_only)
        for sub in comparison.subdirs.values():
            walk(sub)

    walk(filecmp.dircmp(first, second))
    # Only the sitemap carries the build date.
    assert sorted(differing) in ([], ["sitemap.xml", "sitemap.xml.gz"], ["sitemap.xml.gz"])


def test_a_paper_removed_from_the_catalog_loses_its_pages(scratch_project, tmp_path):
    config = scratch_project([GOOD])
    site = tmp_path / "site"
    build_site(load_settings(config), site_dir=str(site))
    docs = config.parent.parent / "docs"
    assert (site / "papers" / "hep-th" / "9901001" / "index.html").is_file()
    assert (site / "abs" / "hep-th" / "9901001" / "index.html").is_file()
    assert not (docs / "papers" / "_frame").exists()  # frames are generated files, never in docs/
    smaller = tmp_path / "one.csv"
    smaller.write_text("\n".join(GOOD.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    build_site(load_settings(scratch_project([smaller])), site_dir=str(site))
    assert not (site / "papers" / "hep-th").exists()
    assert not (site / "abs" / "hep-th").exists()
    assert (site / "papers" / "2311.04205" / "index.html").is_file()
