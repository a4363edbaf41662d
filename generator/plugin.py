"""The MkDocs plugin (``catalog``, registered as an entry point): the catalog's part of the
MkDocs build, with all its state on the instance.

- ``on_config``: reads the catalog settings (the plugin's ``settings`` option, else the
  ``CATALOG_SETTINGS`` environment variable that ``catalog --config X serve`` sets, else
  ``site_config/catalog.yml`` beside ``mkdocs.yml``), copies the site's name, address and
  description into the MkDocs config, and generates the Markdown tree, unless ``catalog
  build`` handed over the report of the generation it has just done (``use_report``).
- ``on_files``: adds the frame pages (generator/site/frame.py) as generated files; they never
  exist in ``docs/`` and are removed from the site after the build.
- ``on_page_markdown``/``on_page_content``: keeps long listings out of Markdown
  (generator/site/listings.py).
- ``on_post_page``: keeps the frame pages' HTML and the address of every other page.
- ``on_post_build``: writes the paper pages into their frames, the search index for
  them, the ``/abs/`` redirects and the sitemap (from the list of pages).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.build import GenerateReport, apply_settings, generate
from generator.config import DEFAULT_CONFIG, Settings, load_settings
from generator.forked import ChildFailed, Forked, worth_forking
from generator.models import CatalogError
from generator.search.index import (
    SearchConfig,
    SearchDoc,
    material_index,
    search_index_stub,
    sharded_index,
)
from generator.site import listings as listings_module
from generator.site.frame import (
    FRAME_PAGE,
    FRAME_SOURCES,
    ICONS,
    Frame,
    FrameError,
    PaperPage,
    icon_sprite,
)
from generator.site.write import drop_previous, set_aside, write_files

log = logging.getLogger("mkdocs.plugins.catalog")
SEARCH_INDEX = "search/search_index.json"
SETTINGS_VARIABLE = "CATALOG_SETTINGS"


class CatalogPluginConfig(Config):
    # The catalog settings file; empty: $CATALOG_SETTINGS, else site_config/catalog.yml.
    settings = c.Type(str, default="")
    # Paper pages skip MkDocs' per-page loop: the plugin converts the very Markdown files
    # with MkDocs' own Page.render (same extensions and settings) and fills the theme's
    # frame. Off: MkDocs builds them like any page (slower; the same content and head).
    fast_path = c.Type(bool, default=True)
    # Converted paper pages, kept by a hash of their Markdown and of the settings that
    # shape them, so that a rebuild converts only what changed. Empty: no cache.
    cache_dir = c.Type(str, default=".cache/catalog-pages")


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.report: GenerateReport | None = None
        self._handed_over: GenerateReport | None = None
        self._frames: dict[str, str] = {}
        self._listings: dict[str, list[str]] = {}
        self._locations: list[str] = []
        self._files = None
        self._paper_files: list[File] = []
        self._previous: Path | None = None
        self._started = time.perf_counter()

    # -- set-up ------------------------------------------------------------------------

    def use_report(self, settings: Settings, report: GenerateReport) -> None:
        """The generation ``catalog build`` has just done: the next build uses it as it is."""
        self.settings = settings
        self._handed_over = report

    def settings_path(self, config) -> Path:
        given = self.config.settings or os.environ.get(SETTINGS_VARIABLE, "")
        if given:
            return Path(given).resolve()
        return Path(config.config_file_path).resolve().parent / DEFAULT_CONFIG

    def on_config(self, config):
        self._frames.clear()
        self._listings.clear()
        self._locations.clear()
        if self._handed_over is not None:
            self.report, self._handed_over = self._handed_over, None
        else:
            try:
                path = self.settings_path(config)
                self.settings = load_settings(path)
            except CatalogError as error:
                raise PluginError(str(error)) from None
            try:
                self.report = generate(self.settings)
            except CatalogError as error:
                raise PluginError(f"the catalog has problems:\n{error}") from None
            for warning in self.report.check.warnings:
                log.info(str(warning))
        apply_settings(config, self.settings)
        # MkDocs reads the tree the settings generate into (`output_dir`).
        config.docs_dir = str(self.settings.output_path.resolve())
        config.extra["catalog_search"] = self.report.search_engine
        return config

    def on_pre_build(self, config):
        # Before MkDocs empties the site: the last build is kept aside for its unchanged files.
        self._previous = set_aside(Path(config.site_dir))
        self._started = time.perf_counter()

    def on_build_error(self, error):
        drop_previous(self._previous)
        self._previous = None

    def on_serve(self, server, config, builder):
        root = self.settings.root if self.settings else Path(config.config_file_path).parent
        for folder in ("content", "templates", "site_config"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_files(self, files, config):
        self._files = files
        self._paper_files = []
        if not self.config.fast_path:
            return files
        sources = {f"{paper.path}.md" for paper in self.report.check.papers} | set(self.report.author_pages)
        self._paper_files = [file for file in files if file.src_uri in sources]
        for file in self._paper_files:
            files.remove(file)
        for depth in sorted({source.count("/") + 1 for source in sources}):
            files.append(File.generated(config, FRAME_SOURCES[depth], content=FRAME_PAGE))
        return files

    # -- pages ---------------------------------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        markdown, listings = listings_module.cut(markdown)
        self._listings[page.file.src_uri] = listings
        return markdown

    def on_page_content(self, html, page, config, files):
        try:
            return listings_module.restore(html, self._listings.pop(page.file.src_uri, []))
        except ValueError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None

    def on_template_context(self, context, template_name, config):
        if template_name == "404.html":
            # The not-found page is served at any address, below the site's configured path
            # or not (a local server at the root, a preview): its links are relative to a
            # <base> its own first script sets to the root it finds itself under.
            context["catalog_site_path"] = urlsplit(config.site_url or "/").path or "/"
            context["base_url"] = "."
        return context

    def on_post_page(self, output, page, config):
        if page.meta.get("catalog_frame"):
            self._frames[page.file.src_uri] = output
        else:
            self._locations.append(page.url)
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):
        report = self.report
        site = Path(config.site_dir)
        # MkDocs' own part: assets, the pages it renders, its search index.
        report.timings["mkdocs.own"] = time.perf_counter() - self._started
        # The index first: the paper pages may still be rendering in a forked process.
        started = time.perf_counter()
        previous = self._previous
        _write_search_index(report, site, previous)
        report.timings["mkdocs.index"] = time.perf_counter() - started

        started = time.perf_counter()
        pages = {}
        if self._paper_files:
            cache = PageCache(self._cache_path(), config) if self.config.cache_dir else None
            pages, converted = convert_paper_pages(self._paper_files, self._files, config, cache)
            report.timings["mkdocs.convert"] = time.perf_counter() - started
            report.converted = converted
            _write_paper_pages(pages, self._frames, site, config.site_name, previous)
        write_files(site, report.site_files, previous)
        shutil.rmtree(site / "papers" / "_frame", ignore_errors=True)
        report.timings["mkdocs.pages"] = time.perf_counter() - started
        if config.site_url:
            locations = self._locations + [f"{path}/" for path in sorted(pages)]
            write_sitemap(site, config.site_url, locations)
        else:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (site / name).unlink(missing_ok=True)
        drop_previous(previous)
        self._previous = None


    def _cache_path(self) -> Path:
        folder = Path(self.config.cache_dir)
        return folder if folder.is_absolute() else self.settings.root / folder


# Bump when what a cached page holds changes.
CACHE_VERSION = "3"
# Fork workers for this many pages to convert, or more.
PARALLEL_FROM = 400


class PageCache:
    """Converted paper pages on disk, in one SQLite file (``pages.sqlite``), each under a
    hash of the page's Markdown and of everything else that shapes its HTML (Markdown
    extensions and their settings, the theme's partials, the site's name and address).
    A page whose conversion logged a warning (a link to a file that is not there yet) is
    not kept: its HTML depends on more than its Markdown.
    Entries no page used in a build are removed after it. A cache that cannot be read is
    started afresh: it only ever saves time."""

    FILE = "pages.sqlite"

    def __init__(self, folder: Path, config) -> None:
        self.folder = folder
        partials = Path(config.theme.custom_dir or ".") / "partials"
        # The head partial and every partial it includes (all of them: a handful of small files).
        theme = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(partials.glob("*.html"))]
        shape = json.dumps(
            [
                CACHE_VERSION,
                [str(e) for e in config.markdown_extensions],
                repr(sorted((k, repr(v)) for k, v in (config.mdx_configs or {}).items())),
                theme,
                config.site_name,
                config.site_url or "",
                config.use_directory_urls,
            ]
        )
        self._shape = hashlib.sha256(shape.encode()).hexdigest()
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / self.FILE
            for old in self.folder.glob("*.json"):  # one file per page, as earlier versions kept them
                if re.fullmatch(r"[0-9a-f]{64}", old.stem):
                    old.unlink(missing_ok=True)
            try:
                self._db = self._connect(path)
            except sqlite3.DatabaseError:
                path.unlink(missing_ok=True)
                self._db = self._connect(path)
        return self._db

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, title TEXT, head TEXT, content TEXT)")
        return db

    def key(self, src_uri: str, markdown: str) -> str:
        digest = hashlib.sha256(f"{self._shape}\0{src_uri}\0{markdown}".encode()).hexdigest()
        self.used.add(digest)
        return digest

    def get_many(self, keys: list[str]) -> dict[str, tuple[str, str, str]]:
        found = {}
        db = self._open()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, title, head, content in db.execute(
                f"SELECT key, title, head, content FROM pages WHERE key IN ({marks})", chunk  # noqa: S608 - marks only
            ):
                found[key] = (title, head, content)
        return found

    def put_many(self, entries: dict[str, tuple[str, str, str]]) -> None:
        db = self._open()
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO pages (key, title, head, content) VALUES (?, ?, ?, ?)",
                [(key, *value) for key, value in entries.items()],
            )

    def prune(self) -> None:
        db = self._open()
        with db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", [(key,) for key in self.used])
            db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM used)")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def convert_paper_pages(paper_files, files, config, cache: PageCache | None) -> tuple[dict[str, PaperPage], int]:
    """Every paper page converted from its Markdown as MkDocs converts pages (``Page.render``,
    the config's extensions and settings, relative links resolved against every file), its
    head rendered by the theme's partial from its front matter. Pages found in the cache are
    not converted again; the others are converted in forked workers when there are many.
    Returns the pages by path (``papers/<id>``) and how many were converted."""
    everything = Files([*files, *paper_files])
    results: dict[str, tuple[str, str, str]] = {}
    keys = {}
    if cache is not None:
        keys = {
            file.src_uri: cache.key(file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
            for file in paper_files
        }
        hits = cache.get_many(list(keys.values()))
        results = {src_uri: hits[key] for src_uri, key in keys.items() if key in hits}
    sources = [file for file in paper_files if file.src_uri not in results]
    if sources:
        workers = min(os.cpu_count() or 1, 4)
        if workers > 1 and worth_forking(len(sources), PARALLEL_FROM):
            chunks = [sources[i::workers] for i in range(workers)]
            children = [Forked(_convert, chunk, everything, config) for chunk in chunks[1:]]
            converted = _convert(chunks[0], everything, config)
            for child in children:
                try:
                    value, _ = child.result()
                except ChildFailed as error:
                    raise PluginError(f"converting the paper pages failed:\n{error}") from None
                converted.update(value)
        else:
            converted = _convert(sources, everything, config)
        if cache is not None:
            cache.put_many({keys[src_uri]: value[:3] for src_uri, value in converted.items() if value[3]})
        results.update({src_uri: value[:3] for src_uri, value in converted.items()})
    if cache is not None:
        cache.prune()
        cache.close()
    pages = {}
    for src_uri, (title, head, content) in results.items():
        path = src_uri[: -len(".md")]
        pages[path] = PaperPage(path, html.unescape(title), head, content)
    return dict(sorted(pages.items())), len(sources)


def _convert(paper_files, files, config) -> dict[str, tuple[str, str, str, bool]]:
    """(title, head, content, whether it converted without a warning) by source path."""
    head = config.theme.get_env().get_template("partials/catalog_paper_head.html")
    out = {}
    warned = _WarningCount()
    logging.getLogger("mkdocs").addHandler(warned)
    try:
        with _one_markdown_instance():
            for file in paper_files:
                before = warned.count
                page = Page(None, file, config)
                page.read_source(config)
                # As the plugin's page events do for the pages MkDocs builds itself.
                page.markdown, listings = listings_module.cut(page.markdown)
                page.render(config, files)
                content = listings_module.restore(page.content, listings)
                rendered = head.render(page=page, config=config)
                out[file.src_uri] = (page.title or "", rendered, content, warned.count == before)
    finally:
        logging.getLogger("mkdocs").removeHandler(warned)
    return out


class _WarningCount(logging.Handler):
    """Counts the warnings MkDocs logs (unresolved links among them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _ReusedMarkdown:
    """The ``markdown`` module as MkDocs' page module sees it while paper pages are
    converted, except that ``Markdown(...)`` gives one instance per set of arguments,
    reset (``Markdown.reset``) before each page, instead of a new one: setting up the
    extensions costs about as much as converting a paper page. ``Page.render`` itself runs
    unchanged (it registers its page's own processors on the instance, replacing the last
    page's). ``tests/test_plugin.py`` holds the pages equal to MkDocs' own."""

    def __init__(self, module) -> None:
        self._module = module
        self._instances: dict[str, object] = {}

    def Markdown(self, **arguments):  # noqa: N802 - the module's name for it
        key = repr(sorted((name, repr(value)) for name, value in arguments.items()))
        instance = self._instances.get(key)
        if instance is None:
            instance = self._instances[key] = self._module.Markdown(**arguments)
        else:
            instance.reset()
        return instance

    def __getattr__(self, name: str):
        return getattr(self._module, name)


@contextlib.contextmanager
def _one_markdown_instance():
    module = mkdocs_pages.markdown
    mkdocs_pages.markdown = _ReusedMarkdown(module)
    try:
        yield
    finally:
        mkdocs_pages.markdown = module


class _Progress:
    """Page counts while a large catalog's pages are written: on a terminal only, never
    in CI logs (where every line would be kept), and only for builds long enough to
    need it."""

    EVERY = 2000
    MIN_PAGES = 2000

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.enabled = total >= self.MIN_PAGES and sys.stderr.isatty() and not os.environ.get("CI")

    def add(self, count: int) -> None:
        self.done += count
        if self.enabled:
            end = "\n" if self.done >= self.total else ""
            print(f"\rWriting paper pages: {self.done:,}/{self.total:,}", end=end, file=sys.stderr, flush=True)


def _write_paper_pages(pages, rendered_frames: dict[str, str], site: Path, site_name: str, previous=None) -> None:
    frames = {}
    icons: dict[str, str] = {}
    for depth, source in FRAME_SOURCES.items():
        if source in rendered_frames:
            try:
                frames[depth] = Frame.from_html(rendered_frames[source], site_name, "../" * depth)
            except FrameError as error:
                raise PluginError(f"{source}: {error}") from None
            icons.update(frames[depth].icons)
            write_files(site, frames[depth].scripts)
    write_files(site, {ICONS: icon_sprite(icons)})
    progress = _Progress(len(pages))
    batch: dict[str, str] = {}
    for page in pages.values():
        if page.depth not in frames:
            raise PluginError(f"no frame page was rendered for {page.path}")
        batch[f"{page.path}/index.html"] = frames[page.depth].fill(page)
        if len(batch) == _Progress.EVERY:
            progress.add(write_files(site, batch, previous))
            batch = {}
    progress.add(write_files(site, batch, previous))


def _write_search_index(report, site: Path, previous: Path | None = None) -> None:
    """The paper pages are not MkDocs pages, so the search plugin did not see them:
    add them to what it indexed (hand-written pages), in the engine's format."""
    path = site / SEARCH_INDEX
    if not path.is_file():  # search plugin disabled
        return
    written = json.loads(path.read_text(encoding="utf-8"))
    config = SearchConfig.from_plugin(written["config"])
    if report.search_engine == "sharded":
        others = [_plain_doc(doc) for doc in written["docs"]]
        files = sharded_index(others + report.search_docs, config)
        files[SEARCH_INDEX] = json.dumps(search_index_stub(config), ensure_ascii=False)
        shutil.rmtree(site / "search" / "catalog", ignore_errors=True)
        write_files(site, files, previous)
    else:
        index = material_index(report.search_docs, config)
        index["docs"] = written["docs"] + index["docs"]
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _plain_doc(doc: dict) -> SearchDoc:
    """A page the search plugin indexed (its title and text are HTML), as plain text."""

    def plain(value: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", value)).strip()

    tags = tuple(plain(tag) for tag in doc.get("tags", ()))
    return SearchDoc(doc["location"], plain(doc.get("title", "")), plain(doc.get("text", "")), tags)


def write_sitemap(site: Path, site_url: str, locations: list[str]) -> None:
    """``sitemap.xml`` (and its gzip copy) listing every page of the site, from the list of
    pages: those MkDocs rendered and the paper pages (MkDocs' own lists only the former)."""
    urls = "".join(
        f"    <url>\n         <loc>{escape(site_url + location)}</loc>\n    </url>\n"
        for location in dict.fromkeys(locations)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as stream:
        stream.write(text.encode("utf-8"))
