"""Share and cite: link previews, reference-manager tags, short links, math, feed, data."""

import html
import json
import os
import re
from pathlib import Path

import bibtexparser
import feedparser
import yaml

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
        assert meta(source, "og:title", "property") == [entry["title"]]
        assert meta(source, "og:url", "property") == [url]
        assert meta(source, "og:type", "property") == ["article"]
        assert meta(source, "og:site_name", "property") == ["Paper catalog"]
        description = meta(source, "og:description", "property")[0]
        assert len(description) <= 205 and description[:40] in html.unescape(source.split("<article", 1)[1])
        assert meta(source, "twitter:card") == ["summary"]
        # Cards fall back to og:title and og:description; no duplicates in every page.
        assert meta(source, "twitter:title") == []
        assert meta(source, "citation_title") == [entry["title"]]
        assert meta(source, "citation_author") == entry["authors"]
        assert meta(source, "citation_publication_date") == [entry["v1_date"].replace("-", "/")]
        assert meta(source, "citation_arxiv_id") == [arxiv_id]
        assert meta(source, "citation_pdf_url") == [f"https://arxiv.org/pdf/{arxiv_id}"]
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="[./]*feed.xml"', source)


def test_short_abs_links_redirect_to_the_paper(bundled_site):
    for arxiv_id in curated():
        redirect = (bundled_site / "abs" / arxiv_id / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url=../../papers/{arxiv_id}/"' in redirect
        assert f'<link rel="canonical" href="{SITE_URL}papers/{arxiv_id}/">' in redirect


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
        hits = re.findall(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>|citation_abstract_html_url', source)
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
