"""`catalog fetch` against a stand-in arXiv API (a local server answering from recorded feeds):
batching, waiting, retrying, unknown IDs, a second run that asks only for what is missing,
and a build from nothing but a list of IDs."""

from __future__ import annotations

import http.server
import json
import re
import threading
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from generator import cli
from generator.catalog.fetch import (
    BATCH,
    ArxivUnavailable,
    fetch,
    load_fetched,
    parse_feed,
    write_fetched,
)
from generator.models import CatalogError

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "tests" / "fixtures" / "arxiv_api" / "bundled.xml"
UNKNOWN = "2401.99999"


def _entries() -> dict[str, str]:
    text = FEED.read_text(encoding="utf-8")
    blocks = re.findall(r"  <entry>.*?</entry>\n", text, re.S)
    return {re.search(r"<id>http://arxiv.org/abs/(.+?)v\d+</id>", b).group(1): b for b in blocks}


class StandIn:
    """A local arXiv API: answers id_list queries from the recorded entries; the first
    ``fail_first`` requests get HTTP 503."""

    def __init__(self, fail_first: int = 0) -> None:
        self.entries = _entries()
        self.requests: list[list[str]] = []
        self.fail_first = fail_first
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                ids = query.get("id_list", [""])[0].split(",")
                stand_in.requests.append(ids)
                if len(stand_in.requests) <= stand_in.fail_first:
                    self.send_error(503, "Service Unavailable")
                    return
                found = "".join(stand_in.entries[i] for i in ids if i in stand_in.entries)
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
                    f"{found}</feed>\n"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def project(tmp_path):
    """A project whose catalog is only the bundled IDs plus one arXiv does not know."""
    ids = sorted(_entries()) + [UNKNOWN]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "papers.txt").write_text(
        "# our reading list\n" + "\n".join(f"https://arxiv.org/abs/{i}" for i in ids) + "\n"
    )
    config = tmp_path / "site_config" / "catalog.yml"
    config.parent.mkdir()
    config.write_text(
        "inputs: [content/papers.txt]\nmetadata: ''\nfetched: content/arxiv.jsonl\n"
        f"taxonomy: {ROOT / 'site_config' / 'taxonomy.yml'}\n"
    )
    return tmp_path, config


def test_ids_alone_become_a_site_with_arxivs_titles_and_authors(project, capsys):
    root, config = project
    with StandIn(fail_first=1) as api:
        status = cli.main(["--config", str(config), "fetch", "--api-url", api.url, "--wait", "0"])
        first_run = list(api.requests)
        assert status == 0
        # One batch of all 40 IDs, asked twice: the first answer was a 503.
        assert [len(ids) for ids in first_run] == [40, 40]
        err = capsys.readouterr().err
        assert f"arXiv does not know 1 ID: {UNKNOWN}" in err
        fetched = load_fetched(root / "content" / "arxiv.jsonl")
        assert len(fetched) == 39 and UNKNOWN not in fetched

        # A second run asks only for what is still missing.
        assert cli.main(["--config", str(config), "fetch", "--api-url", api.url, "--wait", "0"]) == 0
        assert api.requests[len(first_run) :] == [[UNKNOWN]]

    site = root / "site"
    status = cli.main(["--config", str(config), "build", "--keep-going", "--site-dir", str(site)])
    err = capsys.readouterr().err
    assert status == 1  # the ID arXiv does not know has no abstract: reported, the rest published
    assert re.search(r"papers\.txt:\d+: missing abstract", err)
    page = (site / "papers" / "2311.08526" / "index.html").read_text(encoding="utf-8")
    record = fetched["2311.08526"]
    assert record["title"].startswith("GLiNER")
    assert "<h1" in page and "GLiNER: Generalist Model for Named Entity Recognition" in page
    assert "Urchade Zaratiana" in page
    pages = [page for page in site.glob("papers/*/index.html") if not re.search(r"v\d+$", page.parent.name)]
    assert len(pages) == 39  # and for each known version a redirect page (papers/<id>vN/)


def test_unreachable_api_fails_clearly_and_changes_nothing(project, capsys):
    root, config = project
    target = root / "content" / "arxiv.jsonl"
    write_fetched(target, {"2311.08526": {"id": "2311.08526", "title": "Kept"}})
    before = target.read_bytes()
    with StandIn() as api:
        closed = api.url  # the server stops before the fetch
    status = cli.main(["--config", str(config), "fetch", "--api-url", closed, "--wait", "0"])
    err = capsys.readouterr().err
    assert status == 1
    assert "could not be reached" in err and "Nothing was changed" in err
    assert err.count("\n") <= 3  # one paragraph, not a traceback
    assert target.read_bytes() == before


def test_batches_of_at_most_100_with_waits_between_requests():
    waits: list[float] = []
    urls: list[str] = []

    def opener(url, timeout):
        urls.append(url)
        return b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'

    ids = [f"2401.{n:05d}" for n in range(1, 251)]
    report = fetch(ids, "http://stand-in/api", wait=3.0, opener=opener, sleep=waits.append)
    sizes = [len(urllib.parse.parse_qs(urllib.parse.urlparse(u).query)["id_list"][0].split(",")) for u in urls]
    assert sizes == [BATCH, BATCH, 50]
    assert waits == [3.0, 3.0]  # between requests, not before the first
    assert report.unknown == ids


def test_transient_errors_are_retried_then_reported():
    calls = []

    def opener(url, timeout):
        calls.append(url)
        raise urllib.error.HTTPError(url, 503, "Service Unavailable", {}, None)

    with pytest.raises(ArxivUnavailable, match=r"HTTP 503.*after 4 tries"):
        fetch(["2311.08526"], "http://stand-in/api", wait=3.0, retries=3, opener=opener, sleep=lambda s: None)
    assert len(calls) == 4

    def not_found(url, timeout):
        calls.append(url)
        raise urllib.error.HTTPError(url, 400, "Bad Request", {}, None)

    calls.clear()
    with pytest.raises(ArxivUnavailable, match="HTTP 400"):
        fetch(["2311.08526"], "http://stand-in/api", opener=not_found, sleep=lambda s: None)
    assert len(calls) == 1  # a client error is not retried


def test_the_real_endpoint_gets_at_least_three_seconds(project, capsys):
    _, config = project
    assert cli.main(["--config", str(config), "fetch", "--wait", "1"]) == 2
    assert "at least 3 seconds" in capsys.readouterr().err


def test_feed_fields_and_error_entries():
    feed = FEED.read_bytes()
    records = {r["id"]: r for r in parse_feed(feed)}
    gliner = records["2311.08526"]
    assert gliner["version"] in ("v1", "v2")
    assert gliner["primary_category"] == "cs.CL" and gliner["categories"][0] == "cs.CL"
    assert gliner["authors"][0] == "Urchade Zaratiana"
    assert "\n" in gliner["abstract"] and not gliner["abstract"].startswith(" ")
    error = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_x'
        b"</id><title>Error</title><summary>incorrect id format for x</summary></entry></feed>"
    )
    assert parse_feed(error) == []
    with pytest.raises(ArxivUnavailable):
        parse_feed(b"<html>busy</html")


def test_precedence_overlay_then_row_then_fetched(tmp_path):
    from generator.build import check_catalog
    from generator.config import load_settings

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "c.csv").write_text(
        "id,title,abstract\n2311.08526,Row title,Row abstract with debris.\n2404.03683,,\n"
    )
    write_fetched(
        tmp_path / "content" / "arxiv.jsonl",
        {
            "2311.08526": {"id": "2311.08526", "title": "arXiv title", "abstract": "arXiv abstract.",
                           "authors": ["Ann Lee"], "published": "2023-11-14", "categories": ["cs.CL", "cs.AI"],
                           "primary_category": "cs.CL", "journal_ref": "J. Test 1 (2024)", "version": "v3"},
            "2404.03683": {"id": "2404.03683", "title": "Fetched only", "abstract": "Fetched abstract."},
        },
    )
    (tmp_path / "content" / "meta.yml").write_text("- id: 2404.03683\n  title: Overlay title\n")
    config = tmp_path / "site_config" / "catalog.yml"
    config.parent.mkdir()
    base = f"inputs: [content/c.csv]\nmetadata: content/meta.yml\ntaxonomy: {ROOT / 'site_config' / 'taxonomy.yml'}\n"
    config.write_text(base)
    papers = {p.id: p for p in check_catalog(load_settings(config))[0].papers}
    assert papers["2311.08526"].title == "Row title"  # the row wins over arXiv
    assert papers["2311.08526"].abstract == "Row abstract with debris."
    assert papers["2311.08526"].authors == ("Ann Lee",)  # a gap is filled
    assert papers["2311.08526"].categories == ("cs.CL", "cs.AI")
    assert papers["2311.08526"].journal_ref == "J. Test 1 (2024)" and papers["2311.08526"].latest_version == "v3"
    assert papers["2404.03683"].title == "Overlay title"  # the overlay wins over both
    assert papers["2404.03683"].abstract == "Fetched abstract."

    config.write_text(base + "prefer_fetched: [abstract]\n")
    papers = {p.id: p for p in check_catalog(load_settings(config))[0].papers}
    assert papers["2311.08526"].abstract == "arXiv abstract."  # opted in
    assert papers["2311.08526"].title == "Row title"


def test_fetched_file_is_sorted_one_record_per_line(tmp_path):
    target = tmp_path / "arxiv.jsonl"
    write_fetched(target, {"2404.03683": {"id": "2404.03683", "title": "B"}, "2311.08526": {"title": "A", "id": "2311.08526"}})
    lines = target.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["2311.08526", "2404.03683"]
    assert list(json.loads(lines[0]))[:3] == ["id", "version", "title"]
    target.write_text("not json\n")
    with pytest.raises(CatalogError, match="not a fetched record"):
        load_fetched(target)
