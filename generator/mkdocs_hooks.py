"""MkDocs hook: lets plain ``mkdocs build`` and ``mkdocs serve`` run the generator.

It applies the catalog settings (name, URL, description) to the MkDocs config,
regenerates the Markdown tree before each build unless the ``catalog`` command has
just done so, and makes ``mkdocs serve`` watch the catalog, templates and settings.
"""

from __future__ import annotations

import logging

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
