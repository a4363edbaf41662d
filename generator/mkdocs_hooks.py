"""MkDocs hook: lets plain ``mkdocs build`` and ``mkdocs serve`` run the generator,
and finishes the site after MkDocs.

It applies the catalog settings (name, URL, description) to the MkDocs config,
regenerates the Markdown tree before each build unless the ``catalog`` command has
just done so, and makes ``mkdocs serve`` watch the catalog, templates and settings.
After MkDocs it writes the paper pages (rendered by the generator, framed by the
theme: see generator/frame.py), the search index for them, and the sitemap.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator import listings as listings_module
from generator.build import PROJECT_ROOT, apply_settings, generate, last_generated
from generator.config import DEFAULT_CONFIG, load_settings
from generator.frame import FRAME_SOURCES, ICONS, Frame, FrameError, icon_sprite
from generator.models import CatalogError
from generator.search_index import SearchConfig, SearchDoc, material_index, search_index_stub, sharded_index
from generator.write import write_files

log = logging.getLogger("mkdocs.hooks.catalog")
SEARCH_INDEX = "search/search_index.json"

# Rendered frame pages of this build, by source path (see on_post_page).
_frames: dict[str, str] = {}


def on_config(config):
    try:
        settings = load_settings(PROJECT_ROOT / DEFAULT_CONFIG, PROJECT_ROOT)
    except CatalogError as error:
        raise PluginError(str(error)) from None
    if not config.extra.get("catalog_generated"):
        apply_settings(config, settings)
        try:
            report = generate(settings)
        except CatalogError as error:
            raise PluginError(f"the catalog has problems:\n{error}") from None
        for warning in report.check.warnings:
            log.info(str(warning))
    report = last_generated()
    if report is None:
        raise PluginError("the catalog was not generated in this process; run `catalog build`")
    config.extra["catalog_search"] = report.search_engine
    _frames.clear()
    return config


def on_serve(server, config, builder):
    for folder in ("content", "templates", "site_config"):
        server.watch(str(PROJECT_ROOT / folder))
    return server


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


# Listings cut out of each page's Markdown (generator/listings.py), by source path.
_listings: dict[str, list[str]] = {}


def on_page_markdown(markdown, page, config, files):
    markdown, listings = listings_module.cut(markdown)
    _listings[page.file.src_uri] = listings
    return markdown


def on_page_content(html, page, config, files):
    try:
        return listings_module.restore(html, _listings.pop(page.file.src_uri, []))
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None


def on_post_page(output, page, config):
    if page.meta.get("catalog_frame"):
        _frames[page.file.src_uri] = output
    return output


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config):
    report = last_generated()
    site = Path(config.site_dir)
    # The index first: the paper pages may still be rendering in a forked process.
    started = time.perf_counter()
    _write_search_index(report, site)
    report.timings["mkdocs.index"] = time.perf_counter() - started

    started = time.perf_counter()
    _write_paper_pages(report.paper_pages, site, config.site_name)
    write_files(site, report.site_files)
    shutil.rmtree(site / "papers" / "_frame", ignore_errors=True)
    report.timings["mkdocs.pages"] = time.perf_counter() - started
    if config.site_url:
        _write_sitemap(site, config.site_url, [f"{path}/" for path in sorted(report.paper_pages)])


def _write_paper_pages(pages, site: Path, site_name: str) -> None:
    frames = {}
    icons: dict[str, str] = {}
    for depth, source in FRAME_SOURCES.items():
        if source in _frames:
            try:
                frames[depth] = Frame.from_html(_frames[source], site_name, "../" * depth)
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
            progress.add(write_files(site, batch))
            batch = {}
    progress.add(write_files(site, batch))


def _write_search_index(report, site: Path) -> None:
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
        write_files(site, files)
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


def _write_sitemap(site: Path, site_url: str, locations: list[str]) -> None:
    """MkDocs' sitemap lists the pages MkDocs built; add the paper pages, drop the frames."""
    path = site / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.rpartition("</urlset>")
    entries = [
        entry
        for entry in head.split("<url>")[1:]
        if "/papers/_frame/" not in entry
    ]
    start = head.split("<url>")[0]
    urls = "".join(f"<url>{entry}" for entry in entries)
    urls += "".join(f"<url><loc>{escape(site_url + location)}</loc></url>\n" for location in locations)
    text = f"{start}{urls}</urlset>\n"
    path.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as stream:
        stream.write(text.encode("utf-8"))
