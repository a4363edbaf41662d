"""Catalog settings from ``site_config/catalog.yml``: typed, with defaults, checked.

Every option is declared once below with its type, default and a one-line
description. All bad values are reported together, each naming the file, the
key, what was expected and what came.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from generator.catalog.validate import is_web_url
from generator.models import CatalogError, Problem
from generator.textfile import describe_value, read_yaml_file
from generator.yamlio import LineDict

DEFAULT_CONFIG = Path("site_config/catalog.yml")
# Overrides `site_url` when set: the deploy workflow passes GitHub Pages' address
# (actions/configure-pages' base_url), `catalog build --site-url` sets it too.
SITE_URL_VARIABLE = "CATALOG_SITE_URL"


def _doc(text: str, **kwargs: Any) -> Any:
    return field(metadata={"doc": text}, **kwargs)


@dataclass(frozen=True, slots=True)
class Settings:
    """Catalog settings. Paths are relative to the project root."""

    site_name: str = _doc("Name shown in the header and the browser tab.", default="Paper catalog")
    site_url: str = _doc(
        "Public address of the site (canonical links, link previews, feed, sitemap); empty if unknown. "
        "$CATALOG_SITE_URL or `catalog build --site-url` override it; "
        "the deploy workflow passes GitHub Pages' address.",
        default="",
    )
    site_description: str = _doc(
        "One sentence on what the catalog holds, shown on the home page.",
        default="A browsable, searchable catalog of arXiv papers.",
    )
    inputs: tuple[str, ...] = _doc(
        "Catalog files read when no --input is given.", default=("content/000_3ed5e3014f54c171.txt",)
    )
    metadata: str = _doc("Metadata overlay (YAML); empty for none.", default="content/metadata.yml")
    fetched: str = _doc(
        "What `catalog fetch` got from arXiv (JSON lines, read offline by builds); empty for none.",
        default="content/arxiv.jsonl",
    )
    prefer_fetched: tuple[str, ...] = _doc(
        "Fields where arXiv's fetched value wins over the catalog row's (any of "
        "title, abstract, authors, date, categories); by default the row wins.",
        default=(),
    )
    pages_dir: str = _doc("Hand-written Markdown pages copied into the site.", default="content/pages")
    notes_dir: str = _doc(
        "Hand-written notes, one Markdown file per paper (<arXiv ID>.md), shown on its page.",
        default="content/notes",
    )
    output_dir: str = _doc("Generated Markdown tree that MkDocs builds from.", default="docs")
    taxonomy: str = _doc("Tag vocabulary and match rules (YAML).", default="site_config/taxonomy.yml")
    newest_count: int = _doc("How many of the newest papers the home page lists.", default=10)
    search: str = _doc(
        "Search engine: `lunr` (Material's own: the browser downloads the whole index), "
        "`sharded` (the catalog's prebuilt index, fetched in small pieces), or `auto` "
        "(lunr up to 500 papers, sharded above).",
        default="auto",
    )
    root: Path = _doc("Project root the paths are relative to (not a YAML key).", default=Path("."))

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir


_TEXT_KEYS = ("site_name", "site_description")
SEARCH_ENGINES = ("auto", "lunr", "sharded")
_PATH_KEYS = ("metadata", "fetched", "pages_dir", "notes_dir", "output_dir", "taxonomy")
FETCHABLE = ("title", "abstract", "authors", "date", "categories")


def describe_options() -> list[tuple[str, str, Any]]:
    """(key, description, default) for every YAML option, for documentation."""
    return [(f.name, f.metadata["doc"], f.default) for f in fields(Settings) if f.name != "root"]


def load_settings(path: Path = DEFAULT_CONFIG, root: Path | None = None) -> Settings:
    """Read the settings file; raise ``CatalogError`` listing every bad value."""
    source = str(path)
    root = root if root is not None else path.resolve().parent.parent
    data = read_yaml_file(path, "settings")
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        raise CatalogError([Problem(source, None, f"expected a mapping of settings, got {describe_value(data)}")])

    problems: list[Problem] = []
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)} - {"root"}

    def bad(key: str, expected: str, got: Any) -> None:
        problems.append(Problem(source, None, f"key '{key}': expected {expected}, got {describe_value(got)}"))

    for key, value in data.items():
        if key not in known:
            problems.append(
                Problem(source, None, f"unknown key '{key}': known keys are {', '.join(sorted(known))}")
            )
            continue
        if key in _TEXT_KEYS:
            if not isinstance(value, str) or not value.strip():
                bad(key, "non-empty text", value)
            else:
                values[key] = value.strip()
        elif key == "site_url":
            if value in (None, ""):
                values[key] = ""
            elif not isinstance(value, str) or not is_web_url(value.strip()):
                bad(key, "an http(s) URL such as https://example.org/catalog/", value)
            else:
                values[key] = value.strip().rstrip("/") + "/"
        elif key == "inputs":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                bad(key, "a non-empty list of catalog file paths", value)
            else:
                values[key] = tuple(v.strip() for v in value)
        elif key in _PATH_KEYS:
            if key in ("metadata", "fetched", "notes_dir") and value in (None, ""):
                values[key] = ""
            elif not isinstance(value, str) or not value.strip():
                bad(key, "a path relative to the project root", value)
            else:
                values[key] = value.strip()
        elif key == "prefer_fetched":
            if isinstance(value, str):
                value = [value]
            if value is None:
                value = []
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() in FETCHABLE for v in value):
                bad(key, "a list of fields among " + ", ".join(FETCHABLE), value)
            else:
                values[key] = tuple(v.strip() for v in value)
        elif key == "search":
            if not isinstance(value, str) or value.strip() not in SEARCH_ENGINES:
                bad(key, "one of " + ", ".join(SEARCH_ENGINES), value)
            else:
                values[key] = value.strip()
        elif key == "newest_count":
            if not isinstance(value, str) or not re.fullmatch(r"[0-9]+", value.strip()) or int(value) < 1:
                bad(key, "a whole number of at least 1", value)
            else:
                values[key] = int(value)
    override = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if override:
        if is_web_url(override):
            values["site_url"] = override.rstrip("/") + "/"
        else:
            problems.append(
                Problem(
                    f"${SITE_URL_VARIABLE}", None,
                    f"expected an http(s) URL such as https://example.org/catalog/, got {describe_value(override)}",
                )
            )
    if "output_dir" in values or "output_dir" not in data:  # a bad value is reported already
        problem = _check_output_dir(values, source, path, root)
        if problem:
            problems.append(problem)
    if problems:
        raise CatalogError(problems)
    return Settings(root=root, **values)


def _check_output_dir(
    values: dict[str, Any], source: str, config: Path, root: Path
) -> Problem | None:
    """The output folder is emptied of stale files on every run, so it must hold nothing else."""
    output = values.get("output_dir", _default("output_dir"))
    top = root.resolve()
    out = (top / output).resolve()
    files = (
        *values.get("inputs", _default("inputs")),
        values.get("metadata", _default("metadata")),
        values.get("fetched", _default("fetched")),
    )
    held = [config.resolve()] + [(top / p).resolve() for p in files if p]
    pages = (top / values.get("pages_dir", _default("pages_dir"))).resolve()
    unsafe = (
        Path(output).is_absolute()
        or ".." in Path(output).parts
        or out == top
        or not out.is_relative_to(top)
        or out.is_relative_to(top / "content")
        or any(p.is_relative_to(out) for p in held)
        or pages.is_relative_to(out)
        or out.is_relative_to(pages)
    )
    if not unsafe:
        return None
    return Problem(
        source,
        None,
        "key 'output_dir': expected a folder of its own inside the project (not the project root, "
        f"not in content/, not holding inputs, pages or settings), got {output!r}",
    )


def _default(name: str) -> Any:
    return Settings.__dataclass_fields__[name].default
