"""Mapping of input column names to the standard field names, shared by all readers."""

from __future__ import annotations

import ast
import re
from typing import Any

from generator.models import FieldValue, Problem, RawRow

# Accepted spellings of each standard field (after lower-casing and turning
# spaces and hyphens into underscores).
ALIASES: dict[str, str] = {
    "arxiv_id": "id",
    "id": "id",
    "arxiv": "id",
    "eprint": "id",
    "abstract": "abstract",
    "summary": "abstract",
    "abstract_note": "abstract",
    "title": "title",
    "authors": "authors",
    "author": "authors",
    "date": "date",
    "published": "date",
    "v1_date": "date",
    "tags": "tags",
    "keywords": "tags",
    "code_url": "code_url",
    "code": "code_url",
    "repository": "code_url",
    "category": "category",
    "primary_category": "category",
    "categories": "categories",
}
# Columns that often hold a paper's arXiv address rather than its ID; read as the ID when
# no ID column is given and the value is an arXiv ID or address.
ID_FALLBACKS = (
    "url", "link", "link_abstract", "abs_url", "arxiv_url", "paper_url", "paper_id", "pdf_url", "link_pdf", "pdf_link"
)
REQUIRED = ("id", "abstract")


def standard_name(column: str) -> str | None:
    """The standard field a column name stands for, or None for unknown columns."""
    return ALIASES.get(_key(column))


def _key(column: str) -> str:
    return re.sub(r"[\s\-]+", "_", column.strip().lower())


def unused_columns(columns: list[str]) -> list[str]:
    """Columns that supply no standard field (an address column counts where it supplies the ID)."""
    has_id = any(standard_name(c) == "id" for c in columns)
    return [c for c in columns if standard_name(c) is None and (has_id or _key(c) not in ID_FALLBACKS)]


def missing_columns(columns: list[str]) -> list[str]:
    """Required standard fields that no column supplies."""
    present = {standard_name(c) for c in columns}
    if any(_key(c) in ID_FALLBACKS for c in columns):
        present.add("id")
    return [name for name in REQUIRED if name not in present]


def missing_columns_problem(source: str, line: int, columns: list[str]) -> Problem | None:
    missing = missing_columns(columns)
    if not missing:
        return None
    names = " and ".join(f"'{name}'" for name in missing)
    found = ", ".join(c.strip() for c in columns if c.strip()) or "none"
    plural = "columns" if len(missing) > 1 else "column"
    return Problem(source, line, f"missing required {plural} {names} (columns found: {found})")


def record_to_row(record: dict[Any, Any], source: str, line: int) -> tuple[RawRow | None, list[Problem]]:
    """Turn one parsed record (JSON object, YAML mapping, CSV row) into a RawRow."""
    fields: dict[str, FieldValue] = {}
    problems: list[Problem] = []
    for key, value in record.items():
        name = standard_name(str(key))
        if name is None:
            continue
        converted = _as_field_value(value)
        if converted is _INVALID:
            problems.append(Problem(source, line, f"field '{key}' must be text or a list of text"))
            continue
        if converted is not None:
            fields[name] = converted
    if problems:
        return None, problems
    if "id" not in fields:
        fallback = _id_from_links(record)
        if fallback:
            fields["id"] = fallback
    return RawRow(source, line, fields), []


def _id_from_links(record: dict[Any, Any]) -> str | None:
    """The first value of an ``ID_FALLBACKS`` column that is an arXiv ID or address."""
    from generator.ids import InvalidArxivId, parse_arxiv_id

    by_key = {_key(str(key)): value for key, value in record.items()}
    for key in ID_FALLBACKS:
        value = by_key.get(key)
        if isinstance(value, str) and value.strip():
            try:
                parse_arxiv_id(value.strip())
            except InvalidArxivId:
                continue
            return value.strip()
    return None


_INVALID = object()
# A list written as a Python or JSON literal in a table cell, as tools that export API
# results write them: "[{'name': 'Jai Prakash'}, ...]", "[{'term': 'hep-ph', ...}]".
_LIST_LITERAL = re.compile(r"\s*\[\s*(?:[{'\"]|\])")
# The key that holds the text of an item that is a mapping.
_NAME_KEYS = ("name", "term", "label", "value")


def _literal_list(text: str) -> list[Any] | None:
    """The items of a list literal (only literals are read, never code), or None."""
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, list) else None


def _as_field_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, str) and _LIST_LITERAL.match(value):
        listed = _literal_list(value)
        if listed is not None:
            return _as_field_value(listed)
    if isinstance(value, dict):
        named = next((value[k] for k in _NAME_KEYS if isinstance(value.get(k), str)), None)
        return named if named is not None else _INVALID
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list):
        items = [_as_field_value(item) for item in value]
        if any(item is _INVALID or isinstance(item, list) for item in items):
            return _INVALID
        return [item for item in items if item is not None]
    return _INVALID
