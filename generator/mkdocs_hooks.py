"""MkDocs hook: lets plain ``mkdocs build`` and ``mkdocs serve`` run the generator.

It applies the catalog settings (name, URL, description) to the MkDocs config,
regenerates the Markdown tree before each build unless the ``catalog`` command has
just done so, and makes ``mkdocs serve`` watch the catalog, templates and settings.
"""

from __future__ import annotations

import logging
import os
import sys

from mkdocs.exceptions import PluginError

from generator.build import PROJECT_ROOT, apply_settings, generate
from generator.config import DEFAULT_CONFIG, load_settings
from generator.models import CatalogError

log = logging.getLogger("mkdocs.hooks.catalog")


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
    return config


def on_serve(server, config, builder):
    for folder in ("content", "templates", "site_config"):
        server.watch(str(PROJECT_ROOT / folder))
    return server


class _Progress:
    """Page counts while MkDocs renders a large catalog: on a terminal only, never in CI
    logs (where every line would be kept), and only for builds long enough to need it."""

    EVERY = 500
    MIN_PAGES = 2000

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.enabled = False

    def start(self, files) -> None:
        self.total = sum(1 for f in files if f.is_documentation_page())
        self.done = 0
        self.enabled = (
            self.total >= self.MIN_PAGES and sys.stderr.isatty() and not os.environ.get("CI")
        )

    def page(self) -> None:
        self.done += 1
        if self.enabled and (self.done % self.EVERY == 0 or self.done == self.total):
            end = "\n" if self.done == self.total else ""
            print(f"\rRendering pages: {self.done:,}/{self.total:,}", end=end, file=sys.stderr, flush=True)


_progress = _Progress()


def on_files(files, config):
    _progress.start(files)
    return files


def on_post_page(output, page, config):
    _progress.page()
    return output
