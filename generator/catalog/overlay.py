"""The metadata overlay: curated fields joined to catalog rows by canonical arXiv ID.

Overlay values win over row values (they are curated); a ``null`` means "unknown"
and leaves the row's value alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalog.clean import clean_text, parse_date, split_tags
from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.catalog.people import Person, parse_people
from generator.catalog.validate import is_web_url
from generator.models import CatalogError, Problem
from generator.textfile import read_yaml_file
from generator.yamlio import LineDict, LineList

_KEYS = {
    "id": "id",
    "arxiv_id": "id",
    "title": "title",
    "authors": "authors",
    "date": "date",
    "v1_date": "date",
    "category": "category",
    "primary_category": "category",
    "code_url": "code_url",
    "tags": "tags",
}


@dataclass(frozen=True, slots=True)
class OverlayEntry:
    id: str
    source: str
    line: int
    title: str | None = None
    authors: tuple[Person, ...] | None = None
    date: str | None = None
    category: str | None = None
    code_url: str | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Overlay:
    entries: dict[str, OverlayEntry]
    problems: list[Problem]
    warnings: list[Problem]


def load_overlay(path: Path | None) -> Overlay:
    """Read and check a metadata overlay file; a missing path means an empty overlay."""
    if path is None:
        return Overlay({}, [], [])
    source = str(path)
    try:
        data = read_yaml_file(path, "metadata")
    except CatalogError as error:
        return Overlay({}, error.problems, [])
    if data is None:
        return Overlay({}, [], [])
    if not isinstance(data, list):
        return Overlay({}, [Problem(source, None, "expected a YAML list of entries with an 'id'")], [])

    entries: dict[str, OverlayEntry] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for index, item in enumerate(data):
        if not isinstance(item, LineDict):
            line = data.line_of(index) if isinstance(data, LineList) else None
            problems.append(Problem(source, line, "expected each entry to be a mapping with an 'id'"))
            continue
        entry = _entry(item, source, problems, warnings)
        if entry is None:
            continue
        if entry.id in entries:
            first = entries[entry.id]
            problems.append(
                Problem(source, item.line, f"duplicate metadata for {entry.id} (first at {source}:{first.line})")
            )
            continue
        entries[entry.id] = entry
    return Overlay(entries, problems, warnings)


def _entry(item: LineDict, source: str, problems: list[Problem], warnings: list[Problem]) -> OverlayEntry | None:
    line = item.line
    values: dict[str, object] = {}
    keys: dict[str, str] = {}  # standard name -> the key as spelled in the file
    for key, value in item.items():
        name = _KEYS.get(str(key))
        if name is None:
            warnings.append(Problem(source, item.line_of(key), f"unknown metadata key '{key}' ignored"))
            continue
        values[name] = value
        keys[name] = str(key)

    def at(name: str) -> int | None:
        """The line of the key that supplied ``name`` (problems point at the bad value)."""
        return item.line_of(keys[name]) if name in keys else line

    raw_id = values.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        problems.append(Problem(source, line, "metadata entry has no 'id'"))
        return None
    try:
        arxiv_id = parse_arxiv_id(raw_id)
    except InvalidArxivId as error:
        problems.append(Problem(source, at("id"), str(error)))
        return None

    def text(name: str) -> str | None:
        value = values.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            problems.append(Problem(source, at(name), f"metadata '{keys[name]}' must be text"))
            return None
        return clean_text(value) or None

    def listing(name: str, split) -> tuple[str, ...] | None:
        value = values.get(name)
        if value is None:
            return None
        if isinstance(value, str) or isinstance(value, list) and all(isinstance(v, str) for v in value):
            return split(value) or None
        problems.append(Problem(source, at(name), f"metadata '{keys[name]}' must be a list of text"))
        return None

    date = text("date")
    if date:
        try:
            date = parse_date(date, arxiv_id.year_month)
        except ValueError:
            message = f"invalid date {date!r}: expected YYYY-MM-DD or YYYY-MM (or a day, month and year)"
            problems.append(Problem(source, at("date"), message))
            date = None
    code_url = text("code_url")
    if code_url and not is_web_url(code_url):
        problems.append(Problem(source, at("code_url"), f"invalid code link {code_url!r}: expected an http(s) URL"))
        code_url = None
    return OverlayEntry(
        id=arxiv_id.canonical,
        source=source,
        line=line,
        title=text("title"),
        authors=listing("authors", parse_people),
        date=date,
        category=text("category"),
        code_url=code_url,
        tags=listing("tags", split_tags),
    )
