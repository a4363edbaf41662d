"""The MkDocs plugin: its state lives on the instance, and the settings file it builds is
the one it is given (plugin option, CATALOG_SETTINGS, or the project's default)."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import build as build_module
from generator.config import load_settings
from generator.plugin import SETTINGS_VARIABLE, CatalogPlugin

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "catalog.csv"


def test_the_plugin_is_registered_as_an_entry_point():
    entry = next(e for e in importlib.metadata.entry_points(group="mkdocs.plugins") if e.name == "catalog")
    assert entry.load() is CatalogPlugin


def test_no_module_level_state_passes_between_generator_and_mkdocs():
    assert not hasattr(build_module, "_last_generated") and not hasattr(build_module, "last_generated")
    first, second = CatalogPlugin(), CatalogPlugin()
    assert first._frames is not second._frames and first._listings is not second._listings


def test_plain_mkdocs_build_builds_the_catalog_the_environment_names(scratch_project, tmp_path, monkeypatch):
    config_path = scratch_project([GOLDEN])
    monkeypatch.setenv(SETTINGS_VARIABLE, str(config_path))
    site = tmp_path / "site"
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    papers = sorted(p.parent.relative_to(site / "papers").as_posix() for p in (site / "papers").glob("*/**/index.html"))
    # Exactly the scratch catalog's papers, not the bundled ones.
    expected = build_module.check_catalog(load_settings(config_path))[0].papers
    assert papers == sorted(p.id for p in expected) and "hep-th/9901001" in papers
    plugin = config.plugins["catalog"]
    assert plugin.settings.root == config_path.resolve().parent.parent
    assert Path(config.docs_dir) == plugin.settings.output_path.resolve()
