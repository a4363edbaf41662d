"""Shared fixtures: a scratch project, the bundled site built once, a served copy."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import socket
import threading
from pathlib import Path

import pytest

from generator import cli
from generator.config import load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def scratch_project(tmp_path: Path):
    """A project folder with its own site_config/catalog.yml; returns (settings file, root)."""

    def make(inputs: list[Path], metadata: Path | None = None, extra: str = "", taxonomy: Path | None = None) -> Path:
        config = tmp_path / "site_config" / "catalog.yml"
        config.parent.mkdir(parents=True, exist_ok=True)
        lines = ["site_name: Test catalog", "site_url: https://example.org/test/", "inputs:"]
        lines += [f"  - {path}" for path in inputs]
        lines.append(f"metadata: {metadata or ''}")
        lines.append("output_dir: docs")
        lines.append(f"taxonomy: {taxonomy or PROJECT_ROOT / 'site_config' / 'taxonomy.yml'}")
        config.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
        return config

    return make


SITE_URL = "https://example.github.io/paper-catalog/"


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalog built once with the CLI, as a user's `make site` would."""
    site = tmp_path_factory.mktemp("bundled") / "site"
    # The address GitHub Pages would give (the shipped settings have none); the tests
    # serve the site below /paper-catalog/.
    status = cli.main(["build", "--site-dir", str(site), "--site-url", SITE_URL])
    assert status == 0, "building the bundled catalog failed"
    return site


@pytest.fixture(scope="session")
def browser():
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records console errors and every host it requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.console_errors = []
    tab.requested_hosts = set()
    # A failed load in a worker reaches the console but not the page's "response"
    # events: the message's location names the address.
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(
        f"{message.text} [{message.location.get('url', '')}]"))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    # The console says only "Failed to load resource": name what failed.
    tab.on("response", lambda response: response.status >= 400 and tab.console_errors.append(
        f"{response.status} {response.url} (from {tab.url})"))
    tab.on("request", lambda request: tab.requested_hosts.add(request.url.split("/")[2]))
    yield tab
    context.close()


ARTEFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """Screenshots kept for a person to look at."""
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


@pytest.fixture(scope="session")
def bundled_settings():
    """The bundled settings with the address bundled_site is built with."""
    settings = load_settings(PROJECT_ROOT / "site_config" / "catalog.yml", PROJECT_ROOT)
    return dataclasses.replace(settings, site_url=SITE_URL)


# The bundled site_url is https://example.github.io/paper-catalog/: serve the site
# under the same path, as GitHub Pages serves a project site.
SITE_PREFIX = "/paper-catalog/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: below its path (``prefix``), with 404.html
    for any missing address."""

    prefix = SITE_PREFIX

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(bundled_site: Path):
    """The bundled site served on localhost, as GitHub Pages would serve it."""
    yield from _serve(bundled_site)


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory, bundled_settings) -> Path:
    """The bundled catalog built with `search: sharded` (the engine `auto` picks for
    large catalogs), in a project of its own."""
    project = tmp_path_factory.mktemp("sharded")
    config = project / "site_config" / "catalog.yml"
    config.parent.mkdir()
    paths = [str(bundled_settings.path(p).resolve()) for p in bundled_settings.inputs]
    config.write_text(
        f"site_url: {bundled_settings.site_url}\n"
        f"inputs: [{', '.join(paths)}]\n"
        f"metadata: {bundled_settings.path(bundled_settings.metadata).resolve()}\n"
        f"taxonomy: {bundled_settings.path(bundled_settings.taxonomy).resolve()}\n"
        "search: sharded\n",
        encoding="utf-8",
    )
    site = project / "site"
    assert cli.main(["--config", str(config), "build", "--site-dir", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def sharded_site_url(sharded_site: Path):
    yield from _serve(sharded_site)


def _serve(site: Path, prefix: str = SITE_PREFIX):
    """Serve ``site`` below ``prefix`` ("/" for a server's root); yields the site's URL."""
    handler_class = type("Handler", (_QuietHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(site))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}{prefix}"
    server.shutdown()
    server.server_close()
