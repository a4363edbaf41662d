"""Search latency in headless Chromium, on the site served as GitHub Pages serves it.

The site is served under ``/paper-catalog/`` with gzip for text files (as GitHub
Pages does), so the bytes counted are what a reader would download. Each run opens
the home page in a fresh browser context (empty cache), waits until the search
is ready, types the query and times, inside the page, the first keystroke and the
first result item rendered.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM_ARGS, chromium_path

SITE_PREFIX = "/paper-catalog/"
TYPING_DELAY_MS = 50
COMPRESSED = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "text/xml",
    "image/svg+xml",
    "text/plain",
}


class _PagesHandler(http.server.BaseHTTPRequestHandler):
    """GET below SITE_PREFIX; directories serve index.html; gzip when accepted."""

    def __init__(self, *args, root: Path, cache: dict, **kwargs) -> None:
        self.root = root
        self.cache = cache
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - name from the base class
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = self._file(path)
        if target is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        gzipped = kind in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            if target not in self.cache:
                self.cache[target] = gzip.compress(body, compresslevel=6)
            body = self.cache[target]
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _file(self, path: str) -> Path | None:
        if not path.startswith(SITE_PREFIX) or ".." in path:
            return None
        target = self.root / path[len(SITE_PREFIX) :]
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on localhost below SITE_PREFIX; yields its address."""
    handler = functools.partial(_PagesHandler, root=site.resolve(), cache={})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True, slots=True)
class SearchRun:
    ready: float | None  # seconds from opening the page until the search is ready (None: not waited for)
    first_result: float  # seconds from the first keystroke to the first result rendered
    opened_to_result: float  # seconds from opening the page to the first result rendered
    settled: float  # seconds from the last keystroke to the results of the whole query
    transferred: int  # bytes over the wire (bodies and headers) from opening the page to the results
    decoded: int  # the same response bodies, uncompressed
    requests: int
    results: int  # result items shown for the whole query


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    runs: tuple[SearchRun, ...]  # typing once the search is ready, as the targets mean it
    cold: tuple[SearchRun, ...]  # typing as soon as the page has loaded

    @property
    def requests(self) -> int:
        return self.runs[0].requests

    def median(self, name: str, cold: bool = False) -> float:
        return statistics.median(getattr(run, name) for run in (self.cold if cold else self.runs))


# In the page: note the first and last keydown in the search field, and the frame
# after the first result item appears in the results list. Times are performance.now(),
# milliseconds since the navigation started.
_WATCH = """() => {
  const bench = window.__bench = {key: null, lastKey: null, result: null};
  const input = document.querySelector('input.md-search__input');
  input.addEventListener('keydown', () => {
    bench.key ??= performance.now();
    bench.lastKey = performance.now();
  }, {capture: true});
  const observer = new MutationObserver(() => {
    if (bench.result === null && bench.key !== null && document.querySelector('.md-search-result__item')) {
      bench.result = -1;
      observer.disconnect();
      requestAnimationFrame(() => { bench.result = performance.now(); });
    }
  });
  observer.observe(document.querySelector('.md-search-result'), {childList: true, subtree: true});
}"""

# The results of the whole query are shown: its time, else false.
_SETTLED = """q => document.querySelector('input.md-search__input').value === q
  && /matching/.test(document.querySelector('.md-search-result__meta').textContent)
  && window.__bench.result > 0 && performance.now()"""


def _sizes(request) -> tuple[int, int]:
    """(bytes over the wire, uncompressed body bytes) of a finished request."""
    sizes = request.sizes()
    wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
    response = request.response()
    try:
        body = len(response.body()) if response else 0
    except PlaywrightError:  # a body the browser no longer holds: count it as sent
        body = sizes["responseBodySize"]
    return wire, body


def _one_run(browser, url: str, query: str, typing_delay: int, wait_ready: bool) -> SearchRun:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(300_000)
    try:
        page = context.new_page()
        finished = []  # includes what the search worker fetches itself
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url)
        field = page.locator("input.md-search__input")
        field.click()
        ready = None
        if wait_ready:
            page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
            ready = page.evaluate("() => performance.now()") / 1000
        page.evaluate(_WATCH)
        field.press_sequentially(query, delay=typing_delay)
        settled = page.wait_for_function(_SETTLED, arg=query, polling="raf").json_value()
        bench = page.evaluate("() => window.__bench")
        sizes = [_sizes(request) for request in list(finished)]
        return SearchRun(
            ready=ready,
            first_result=(bench["result"] - bench["key"]) / 1000,
            opened_to_result=bench["result"] / 1000,
            settled=max(0.0, settled - bench["lastKey"]) / 1000,
            transferred=sum(wire for wire, _ in sizes),
            decoded=sum(body for _, body in sizes),
            requests=len(sizes),
            results=page.locator(".md-search-result__item").count(),
        )
    finally:
        context.close()


def measure_search(site: Path, query: str, runs: int = 3, typing_delay: int = TYPING_DELAY_MS) -> SearchResult:
    """Open the home page fresh ``runs`` times, type the query once the search is ready,
    then as many times typing at once; needs Debian's chromium."""
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            ready = tuple(_one_run(browser, url, query, typing_delay, wait_ready=True) for _ in range(runs))
            cold = tuple(_one_run(browser, url, query, typing_delay, wait_ready=False) for _ in range(runs))
            return SearchResult(query, ready, cold)
        finally:
            browser.close()
