"""Share and cite: link previews, reference-manager tags, short links, math, feed, data."""

import html
import json
import os
import re
from pathlib import Path

import bibtexparser
import extruct
import feedparser
import pytest
import yaml
from PIL import Image

from generator.catalog.latex import plain_text
from generator.models import Paper
from generator.site.cite import scholar_name
from generator.site.redirects import redirect_pages
from generator.site.structured import scholarly_article

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/paper-catalog/"


def curated():
    entries = yaml.safe_load((PROJECT_ROOT / "content" / "metadata.yml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


def meta(source: str, key: str, attribute: str = "name") -> list[str]:
    return [
        html.unescape(value)
        for value in re.findall(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)"', source)
    ]


def test_every_paper_page_unfurls_and_is_recognised_by_reference_managers(bundled_site):
    for arxiv_id, entry in curated().items():
        source = (bundled_site / "papers" / arxiv_id / "index.html").read_text(encoding="utf-8")
        url = f"{SITE_URL}papers/{arxiv_id}/"
        assert f'<link rel="canonical" href="{url}">' in source
        assert meta(source, "og:title", "property") == [plain_text(entry["title"])]
        assert meta(source, "og:url", "property") == [url]
        assert meta(source, "og:type", "property") == ["article"]
        assert meta(source, "og:site_name", "property") == ["Paper catalog"]
        description = meta(source, "og:description", "property")[0]
        assert len(description) <= 205 and description[:40] in html.unescape(source.split("<article", 1)[1])
        assert meta(source, "twitter:card") == ["summary_large_image"]
        assert meta(source, "og:image", "property") == [f"{SITE_URL}assets/preview.png"]
        assert meta(source, "article:published_time", "property") == [entry["v1_date"]]
        # Cards fall back to og:title and og:description; no duplicates in every page.
        assert meta(source, "twitter:title") == []
        assert meta(source, "citation_title") == [plain_text(entry["title"])]
        # "Last, First", one tag per author, in order (Google Scholar's inclusion guidelines).
        assert meta(source, "citation_author") == [scholar_name(name, None) for name in entry["authors"]]
        assert all(", " in name for name in meta(source, "citation_author") if " " in name)
        assert meta(source, "citation_publication_date") == [entry["v1_date"].replace("-", "/")]
        assert meta(source, "citation_date") == [entry["v1_date"].replace("-", "/")]
        assert meta(source, "citation_technical_report_institution") == ["arXiv"]
        assert meta(source, "citation_arxiv_id") == [arxiv_id]
        assert meta(source, "citation_pdf_url") == [f"https://arxiv.org/pdf/{arxiv_id}"]
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="[./]*feed.xml"', source)


def test_short_abs_links_redirect_to_the_paper(bundled_site):
    for arxiv_id in curated():
        redirect = (bundled_site / "abs" / arxiv_id / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url=../../papers/{arxiv_id}/"' in redirect
        assert f'<link rel="canonical" href="{SITE_URL}papers/{arxiv_id}/">' in redirect
        # The site's own icon: else a browser asks the host's root for /favicon.ico.
        icon = re.search(r'<link rel="icon" href="([^"]+)">', redirect).group(1)
        assert (bundled_site / "abs" / arxiv_id / icon).resolve().is_file()


def test_tex_title_becomes_a_math_element_and_katex_is_served_by_the_site(bundled_site):
    source = (bundled_site / "papers" / "2407.01178" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", source, re.S).group(1)
    assert '<span class="math">\\text{Memory}^3</span>' in html.unescape(h1).replace("&#123;", "{")
    for asset in ("katex.min.js", "katex.min.css", "fonts/KaTeX_Main-Regular.woff2"):
        assert (bundled_site / "assets" / "katex" / asset).is_file()
    css = (bundled_site / "assets" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\((fonts/[^)]+)\)", css):
        assert (bundled_site / "assets" / "katex" / font).is_file(), font


def test_feed_parses_and_lists_the_newest_papers(bundled_site):
    feed = feedparser.parse((bundled_site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.feed.title == "Paper catalog"
    assert len(feed.entries) == 39
    newest = feed.entries[0]
    assert newest.link.startswith(f"{SITE_URL}papers/")
    assert newest.published.startswith("2024-07-09")
    assert newest.summary


def test_bib_files_parse_and_hold_every_paper(bundled_site):
    library = bibtexparser.parse_string((bundled_site / "catalog.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 39
    assert len({entry.key for entry in library.entries}) == 39
    eprints = {entry["eprint"] for entry in library.entries}
    assert eprints == set(curated())
    tag_bibs = sorted((bundled_site / "tags").glob("*.bib"))
    assert tag_bibs
    for path in tag_bibs:
        tag_library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert not tag_library.failed_blocks and tag_library.entries, path


def test_papers_json_holds_the_cleaned_catalog(bundled_site):
    data = json.loads((bundled_site / "papers.json").read_text(encoding="utf-8"))
    papers = {paper["id"]: paper for paper in data["papers"]}
    assert set(papers) == set(curated())
    assert papers["2311.08526"]["title"].startswith("GLiNER")
    assert papers["2311.08526"]["authors"][0] == "Urchade Zaratiana"


def _no_address_project(scratch_project, tmp_path):
    catalog = tmp_path / "papers.csv"
    catalog.write_text(
        "arxiv_id,title,authors,date,abstract\n"
        "2311.08526,GLiNER: Generalist Model for Named Entity Recognition,Urchade Zaratiana,2023-11-14,"
        "Named Entity Recognition is essential in various NLP applications.\n",
        encoding="utf-8",
    )
    config = scratch_project([catalog])
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://example.org/test/\n", ""))
    return config


def _absolute_addresses(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        hits = re.findall(
            r'<link rel="canonical"[^>]*>|<meta property="og:(?:url|image)"[^>]*>|citation_abstract_html_url', source
        )
        if hits:
            found[str(page.relative_to(site))] = hits
    return found


def test_a_build_without_an_address_says_so_once_and_invents_no_absolute_links(
    scratch_project, tmp_path, capsys, monkeypatch
):
    from generator import cli

    monkeypatch.delenv("CATALOG_SITE_URL", raising=False)
    config = _no_address_project(scratch_project, tmp_path)
    site = tmp_path / "site"
    assert cli.main(["--config", str(config), "build", "--site-dir", str(site)]) == 0
    said = capsys.readouterr().err
    assert said.count("the site has no public address") == 1, said
    assert (site / "papers" / "2311.08526" / "index.html").is_file()
    assert _absolute_addresses(site) == {}
    assert not (site / "feed.xml").exists() and not (site / "sitemap.xml").exists()
    assert not (site / "assets" / "preview.png").exists()
    assert json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"][0]["url"] is None


def test_the_address_given_to_the_build_reaches_every_absolute_link(scratch_project, tmp_path, capsys, monkeypatch):
    from generator import cli

    monkeypatch.delenv("CATALOG_SITE_URL", raising=False)
    config = _no_address_project(scratch_project, tmp_path)
    site = tmp_path / "site"
    command = ["--config", str(config), "build", "--site-dir", str(site), "--site-url", "https://lab.github.io/papers"]
    assert cli.main(command) == 0
    assert "no public address" not in capsys.readouterr().err
    source = (site / "papers" / "2311.08526" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://lab.github.io/papers/papers/2311.08526/">' in source
    assert "https://lab.github.io/papers/feed.xml" in (site / "feed.xml").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://lab.github.io/papers/papers/2311.08526/</loc>" in sitemap
    assert "CATALOG_SITE_URL" not in os.environ  # the option does not outlive the command


# -- plain-text titles: TeX where it can render, Unicode everywhere else ------------------


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("$\\text{Memory}^3$: Language Modeling with Explicit Memory", "Memory³: Language Modeling with Explicit Memory"),
        ("CO$_2$ reduction and the $H_0$ tension", "CO₂ reduction and the H₀ tension"),
        ("The $\\Lambda$CDM model with $f(R)$ gravity", "The ΛCDM model with f(R) gravity"),
        ("Bounds in $\\mathbb{R}^n$ with $O(n \\log n)$ queries", "Bounds in ℝⁿ with O(n log n) queries"),
        ("Superconductivity below $T_c$ in $^{76}$Ge", "Superconductivity below T_c in ⁷⁶Ge"),
        ("$x^{-1}$ and $90^\\circ$ and $\\frac{1}{2}$-approximation", "x⁻¹ and 90° and 1/2-approximation"),
        ("The ${\\sf CK}_{*}$ macro $\\XQM$", "The CK_* macro XQM"),
        ("$\\alpha$-$\\beta$ pruning for $k$-NN and $\\ell_1$", "α-β pruning for k-NN and ℓ₁"),
        ("Costs $5 and $10 stay prices", "Costs $5 and $10 stay prices"),
        # A script or an unknown command never runs into the command before it.
        ("The $\\ell^p$-ball and the $\\ell^q$-norm", "The ℓᵖ-ball and the ℓ^q-norm"),
        ("$\\Bz\\to\\pip\\pim$ decays", "Bz→pippim decays"),
        ("Plain title", "Plain title"),
    ],
)
def test_math_in_a_title_is_written_out_in_unicode(title, plain):
    assert plain_text(title) == plain
    assert Paper(id="2401.00001", title=title, abstract="A.").plain_title == plain


def _titles_shown_as_text(site: Path) -> dict[str, list[str]]:
    """Every place a paper's title is shown without markup, by paper ID."""
    shown: dict[str, list[str]] = {}
    for page in (site / "papers").glob("*/index.html"):
        source = page.read_text(encoding="utf-8")
        values = [html.unescape(re.search(r"<title>(.*?)</title>", source).group(1))]
        values += meta(source, "og:title", "property") + meta(source, "citation_title")
        values += [item["name"] for item in extruct.extract(source, syntaxes=["json-ld"])["json-ld"]]
        shown[page.parent.name] = values
    for entry in feedparser.parse((site / "feed.xml").read_bytes()).entries:
        shown[entry.link.rstrip("/").rsplit("/", 1)[1]].append(entry.title)
    for paper in json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]:
        shown[paper["id"]].append(paper["title"])
    for row in json.loads((site / "papers" / "list.json").read_text(encoding="utf-8"))["papers"]:
        shown[row[0]].append(row[1])
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        if re.fullmatch(r"papers/[^/]+/", doc["location"]):
            shown[doc["location"].split("/")[1]].append(html.unescape(doc["title"]))
    return shown


def test_no_tex_markup_where_a_title_cannot_render(bundled_site):
    shown = _titles_shown_as_text(bundled_site)
    assert len(shown) == 39
    for arxiv_id, values in shown.items():
        assert len(values) == 8, (arxiv_id, values)  # tab, og, Scholar, JSON-LD, feed, JSON, list, search
        for value in values:
            assert "$" not in value and "\\" not in value and "{" not in value, (arxiv_id, value)
    assert shown["2407.01178"][0] == "Memory³: Language Modeling with Explicit Memory - Paper catalog"
    assert set(shown["2407.01178"][1:]) == {"Memory³: Language Modeling with Explicit Memory"}


def test_a_title_with_math_is_found_by_its_words():
    from generator.search.documents import search_terms

    paper = Paper(id="2401.00001", title="$\\text{Zorblax}^{42}$-nets", abstract="A.")
    assert paper.plain_title == "Zorblax⁴²-nets"
    assert {"zorblax", "42", "nets"} <= set(search_terms(paper, ()))


# -- previews: JSON-LD, OpenGraph, one preview image ---------------------------------------


def test_every_paper_page_has_json_ld_with_its_authors_and_date(bundled_site):
    """Read with extruct (the JSON-LD and OpenGraph extractor link-preview services use)."""
    for arxiv_id, entry in curated().items():
        url = f"{SITE_URL}papers/{arxiv_id}/"
        source = (bundled_site / "papers" / arxiv_id / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(source, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)
        [article] = data["json-ld"]
        assert article["@type"] == "ScholarlyArticle"
        assert article["name"] == plain_text(entry["title"])
        assert [author["name"] for author in article["author"]] == entry["authors"]
        assert article["datePublished"] == entry["v1_date"]
        assert article["sameAs"] == f"https://arxiv.org/abs/{arxiv_id}"
        assert {"propertyID": "arXiv", "value": arxiv_id, "@type": "PropertyValue"} in article["identifier"]
        assert article["url"] == url
        [graph] = data["opengraph"]
        assert graph["og:title"] == plain_text(entry["title"])
        assert graph["article:published_time"] == entry["v1_date"]
        assert graph["og:image"] == f"{SITE_URL}assets/preview.png"


def test_json_ld_cannot_be_broken_out_of_by_the_input():
    hostile = '</script><script>alert(1)</script><!-- & "quoted" \u2028'
    paper = Paper(id="2401.00001", title=hostile, abstract="A.", authors=(hostile,), date="2024-01-02")
    text = scholarly_article(paper, description=hostile, keywords=(hostile,))
    assert not set("<>&") & set(text)
    data = json.loads(text)
    assert data["name"] == data["author"][0]["name"] == data["description"] == data["keywords"][0] == hostile


def test_a_derived_title_is_no_name_in_json_ld():
    paper = Paper(id="2401.00001", title="We study", abstract="We study.", title_derived=True)
    assert "name" not in json.loads(scholarly_article(paper))


def test_one_preview_image_for_the_whole_site(bundled_site):
    image = bundled_site / "assets" / "preview.png"
    with Image.open(image) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)
    images = [p for p in bundled_site.rglob("*.png") if "katex" not in p.parts and p.name != "favicon.png"]
    assert images == [image]
    for page in ("index.html", "tags/index.html", "authors/index.html"):
        source = (bundled_site / page).read_text(encoding="utf-8")
        assert meta(source, "og:image", "property") == [f"{SITE_URL}assets/preview.png"], page


def test_the_preview_image_is_the_same_for_the_same_catalog():
    from generator.site.preview import preview_image

    first = preview_image("Reading group", "Papers we read, " * 20, 1234)
    assert first == preview_image("Reading group", "Papers we read, " * 20, 1234)
    assert first != preview_image("Reading group", "Papers we read, " * 20, 1235)


# -- links that reach the paper on any host ------------------------------------------------


def test_every_known_version_has_a_redirect_page(bundled_settings):
    paper = Paper(id="2311.08526", title="GLiNER", abstract="A.", version="v2", latest_version="v3")
    pages = redirect_pages((paper,), bundled_settings)
    expected = {"abs/2311.08526/index.html"}
    expected |= {f"{prefix}/2311.08526v{n}/index.html" for prefix in ("abs", "papers") for n in (1, 2, 3)}
    assert set(pages) == expected
    assert 'content="0; url=../2311.08526/"' in pages["papers/2311.08526v3/index.html"]
    assert 'content="0; url=../../papers/2311.08526/"' in pages["abs/2311.08526v3/index.html"]
