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
    "published_date": "date",
    "publication_date": "date",
    "tags": "tags",
    "keywords": "tags",
    "code_url": "code_url",
    "code": "code_url",
    "repository": "code_url",
    "category": "category",
    "primary_category": "category",
    "categories": "categories",
    "comment": "comment",
    "comments": "comment",
    "journal_ref": "journal_ref",
}
# Columns that often hold a paper's arXiv address (or arXiv's DOI) rather than its ID: read
# as the ID when no ID column gives a valid one and the value is an arXiv ID, address or DOI.
ID_FALLBACKS = (
    "paper_id", "url", "link", "link_abstract", "abs_url", "arxiv_url", "paper_url", "pdf_url",
    "link_pdf", "pdf_link", "pdf", "doi", "arxiv_doi",
)
ID_KEYS = tuple(key for key, name in ALIASES.items() if name == "id")
# Dates used when no ``published``/``date`` is given: arXiv's snapshot has ``versions`` (the
# first one's ``created`` is the first version's date) and ``update_date``.
DATE_FALLBACKS = ("update_date", "updated", "created", "submitted")
REQUIRED = ("id",)
# Field for names already split by the source (arXiv's ``authors_parsed``): family, given
# and suffix joined by tabs.
PEOPLE = "people"
NAME_SEPARATOR = "\t"
# Longest column name shown back in an error message.
SHOWN_NAME_CHARS = 40
SHOWN_NAMES = 24


def standard_name(column: str) -> str | None:
    """The standard field a column name stands for, or None for unknown columns."""
    return ALIASES.get(_key(column))


def _key(column: str) -> str:
    return re.sub(r"[\s\-]+", "_", column.strip().lower())


def accepted_names() -> str:
    """The column names readers accept, for error messages."""
    by_field: dict[str, list[str]] = {}
    for key, name in ALIASES.items():
        by_field.setdefault(name, []).append(key)
    shown = [f"{'/'.join(keys)}" for name, keys in by_field.items() if name in ("id", "abstract", "title", "authors")]
    return ", ".join(shown) + ", date/published, categories, tags"


def id_sources() -> str:
    return (
        f"an ID is read from {', '.join(ID_KEYS)}, or from an arXiv address or DOI in "
        f"{', '.join(k for k in ID_FALLBACKS if k not in ('link_abstract', 'abs_url', 'link_pdf', 'arxiv_doi'))}"
    )


def shown_names(columns: list[str]) -> str:
    names = [c.strip() for c in columns if c.strip()]
    cut = [n if len(n) <= SHOWN_NAME_CHARS else n[: SHOWN_NAME_CHARS - 1] + "…" for n in names[:SHOWN_NAMES]]
    more = f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    return (", ".join(cut) + more) or "none"


def unused_columns(columns: list[str]) -> list[str]:
    """Columns that supply no standard field (address and date columns count: they may
    supply the ID or the date)."""
    known = set(ID_FALLBACKS) | set(DATE_FALLBACKS) | {"versions", "authors_parsed"} | _NAME_COLUMNS
    return [
        c for c in columns if standard_name(c) is None and _key(c) not in known and not _ADDRESS_KEY.search(c)
    ]


def unused_columns_warning(source: str, line: int | None, columns: list[str]) -> list[Problem]:
    """One warning naming every column that supplies nothing (a Zotero export has dozens)."""
    unused = [c.strip() for c in unused_columns(columns)]
    if not unused:
        return []
    if len(unused) == 1:
        return [Problem(source, line, f"column '{unused[0]}' is not used")]
    return [Problem(source, line, f"{len(unused)} columns are not used: {shown_names(unused)}")]


def missing_columns(columns: list[str]) -> list[str]:
    """Required standard fields that no column supplies."""
    present = {standard_name(c) for c in columns}
    if any(_key(c) in ID_FALLBACKS or _ADDRESS_KEY.search(c) for c in columns):
        present.add("id")  # its cells may hold arXiv addresses
    return [name for name in REQUIRED if name not in present]


def missing_columns_problem(source: str, line: int, columns: list[str]) -> Problem | None:
    missing = missing_columns(columns)
    if not missing:
        return None
    return Problem(
        source, line, f"no column gives the arXiv ID (columns found: {shown_names(columns)}); {id_sources()}"
    )


# A cell that is one Markdown or HTML link, as awesome-lists and note apps write them:
# "[Title](https://arxiv.org/abs/...)", "[![arXiv](badge.svg)](https://arxiv.org/abs/...)".
_MD_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a>", re.IGNORECASE | re.DOTALL)
_EMBEDDED_URL = re.compile(r"(?:https?://|(?<![\w/.])(?:www\.)?arxiv\.org/)[^\s)\]\"'<>|]+", re.IGNORECASE)
# Columns that name the paper where no column is called "title" (awesome-lists); link
# words that name no paper.
_NAME_COLUMNS = frozenset({"paper", "papers", "name", "paper_name", "paper_title", "publication"})
_GENERIC_LINK_WORDS = frozenset({"arxiv", "pdf", "link", "paper", "code", "abs", "html", "url", "[pdf]", "[arxiv]", ""})
# Placeholders a table writes in an empty cell.
_EMPTY_CELLS = frozenset({"-", "–", "—", "n/a", "N/A", "NA", "none", "None", "TBD", "tbd", "?"})


def _as_link(value: str) -> tuple[str, str] | None:
    """(text, address) of a cell that is exactly one Markdown or HTML link."""
    text = value.strip()
    match = _MD_LINK.fullmatch(text) or _HTML_LINK.fullmatch(text)
    return (match["text"].strip(), match["url"]) if match else None


def record_to_row(record: dict[Any, Any], source: str, line: int) -> tuple[RawRow | None, list[Problem]]:
    """Turn one parsed record (JSON object, YAML mapping, CSV row) into a RawRow."""
    fields: dict[str, FieldValue] = {}
    problems: list[Problem] = []
    ids: list[str] = []
    linked: list[str] = []  # addresses of link cells: candidates for the ID
    named: str | None = None  # a paper's name from a "Paper" column, for want of a title
    for key, value in record.items():
        name = standard_name(str(key))
        if isinstance(value, str) and name != "abstract":
            if value.strip() in _EMPTY_CELLS:
                value = None
            else:
                link = _as_link(value)
                if link is not None:
                    linked.append(link[1])
                    # The title or code column's link: the words, or the address for a code link.
                    value = link[1] if name in ("code_url", "id") else link[0]
                if name is None and _key(str(key)) in _NAME_COLUMNS and named is None:
                    words = link[0] if link else value
                    if (
                        isinstance(words, str)
                        and words.strip().lower() not in _GENERIC_LINK_WORDS
                        and not _EMBEDDED_URL.fullmatch(words.strip())
                    ):
                        named = words.strip()
        if name is None:
            continue
        converted = _as_field_value(value)
        if converted is _INVALID:
            problems.append(Problem(source, line, f"field '{key}' must be text or a list of text"))
            continue
        if name == "id":
            if isinstance(converted, str):
                ids.append(converted)
            elif converted is not None:
                fields["id"] = converted
            continue
        if converted is not None:
            fields[name] = converted
    if problems:
        return None, problems
    by_key = {_key(str(key)): value for key, value in record.items()}
    chosen = _first_arxiv_id(ids + [v for k in ID_FALLBACKS if isinstance(v := by_key.get(k), str)])
    if chosen is None and not any(i.strip() for i in ids):
        chosen = _first_arxiv_id(linked + _addresses(record))
    if chosen is not None:
        fields["id"] = chosen
    elif ids:  # not an arXiv ID, or empty: the validator says so
        fields["id"] = next((i for i in ids if i.strip()), ids[0])
    doi = by_key.get("doi")
    if isinstance(doi, str) and doi.strip() and _first_arxiv_id([doi]) is None:
        fields["doi"] = doi.strip()  # a journal's DOI, not arXiv's
    if named and not (isinstance(fields.get("title"), str) and fields["title"].strip()):
        fields["title"] = named
    people = _parsed_names(by_key.get("authors_parsed"))
    if people:
        fields[PEOPLE] = people
    if not (isinstance(fields.get("date"), str) and fields["date"].strip()):
        date = _first_version_date(by_key.get("versions")) or next(
            (v.strip() for k in DATE_FALLBACKS if isinstance(v := by_key.get(k), str) and v.strip()), None
        )
        if date:
            fields["date"] = date
    return RawRow(source, line, fields, tuple(str(k) for k in record)), []


# Keys whose values may be web addresses; one that is an arXiv address gives the ID when no
# ID or address column does ("arxiv_link", "links: [{text: arXiv, url: ...}]").
_ADDRESS_KEY = re.compile(r"url|link|pdf|doi|href|web|arxiv|paper", re.IGNORECASE)


def _addresses(record: dict[Any, Any]) -> list[str]:
    """Web addresses in link-like fields, and addresses embedded in the cells of columns
    that supply no standard field ("Paper: [arXiv](https://arxiv.org/abs/...) [PDF](...)").
    Never from the abstract or title text, which may cite other papers."""
    found: list[str] = []
    for key, value in record.items():
        linkish = bool(_ADDRESS_KEY.search(str(key)))
        other = standard_name(str(key)) is None
        if not (linkish or other):
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            texts = [v for v in item.values() if isinstance(v, str)] if isinstance(item, dict) else [item]
            for text in texts:
                if not isinstance(text, str):
                    continue
                if linkish:
                    found.append(text)
                found += _EMBEDDED_URL.findall(text)
    return found


# Keys under which files keep their list of papers inside an outer mapping.
_RECORD_LISTS = ("papers", "publications", "pubs", "items", "entries", "records", "data", "references", "results")
_MAX_NESTING = 3


def find_records(data: Any) -> tuple[list[Any], list[Any]] | None:
    """The paper records in parsed JSON or YAML, and the path of keys and indexes to each
    list of them: a list of mappings; a mapping with such a list (``{"publications": [...]}``);
    lists of groups that hold lists (``categories: [{heading: ..., pubs: [...]}]``). None
    when nothing in it looks like a list of papers."""
    found: list[tuple[list[Any], list[Any]]] = []
    _collect(data, [], found, 0)
    if not found:
        return None
    return [record for records, _ in found for record in records], [path for _, path in found]


def looks_like_paper(item: Any) -> bool:
    return isinstance(item, dict) and any(
        standard_name(str(k)) or _key(str(k)) in ID_FALLBACKS for k in item
    )


def _collect(data: Any, path: list[Any], found: list[tuple[list[Any], list[Any]]], depth: int) -> None:
    if depth > _MAX_NESTING:
        return
    if isinstance(data, list):
        if any(looks_like_paper(item) for item in data):
            found.append((data, path))
            return
        for index, item in enumerate(data):
            if isinstance(item, dict):
                _collect(item, [*path, index], found, depth + 1)
    elif isinstance(data, dict):
        keys = sorted(data, key=lambda k: (_key(str(k)) not in _RECORD_LISTS, list(data).index(k)))
        for key in keys:
            if isinstance(data[key], list | dict):
                _collect(data[key], [*path, key], found, depth + 1)


def _first_arxiv_id(values: list[str]) -> str | None:
    from generator.catalog.ids import InvalidArxivId, parse_arxiv_id

    for value in values:
        if value.strip():
            try:
                parse_arxiv_id(value.strip())
            except InvalidArxivId:
                continue
            return value.strip()
    return None


def _parsed_names(value: Any) -> list[str]:
    """arXiv's ``authors_parsed`` (``[["Balázs", "C.", ""], ...]``, or that list written as text
    in a table cell) as tab-joined family, given and suffix; empty if it is not such a list."""
    if isinstance(value, str) and _LIST_LITERAL.match(value):
        value = _literal_list(value)
    if not isinstance(value, list):
        return []
    names = []
    for item in value:
        if not isinstance(item, list) or not all(isinstance(part, str) for part in item):
            return []
        names.append(NAME_SEPARATOR.join(part.replace(NAME_SEPARATOR, " ") for part in item[:3]))
    return names


def _first_version_date(value: Any) -> str | None:
    """The date of the first of arXiv's ``versions`` (``[{"version": "v1", "created": "Mon, 2
    Apr 2007 19:18:42 GMT"}, ...]``) as YYYY-MM-DD."""
    from email.utils import parsedate_to_datetime

    if isinstance(value, str) and _LIST_LITERAL.match(value):
        value = _literal_list(value)
    if not isinstance(value, list) or not value or not isinstance(value[0], dict):
        return None
    created = value[0].get("created")
    if not isinstance(created, str):
        return None
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError, IndexError):
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
