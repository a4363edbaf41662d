"""Enrichment: a validated row plus its overlay entry becomes a ``Paper``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.catalog.clean import (
    AmbiguousDate,
    clean_abstract,
    clean_text,
    derive_title,
    find_code_url,
    is_arxiv_category,
    parse_date,
    split_categories,
    split_tags,
)
from generator.catalog.latex import tex_to_text
from generator.catalog.overlay import OverlayEntry
from generator.catalog.people import from_parsed, parse_people
from generator.catalog.readers.fields import NAME_SEPARATOR, PEOPLE
from generator.catalog.validate import ValidRow
from generator.catalog.words import CatalogWords
from generator.models import Paper


def catalog_words(rows: Sequence[ValidRow], overlay: Mapping[str, OverlayEntry]) -> CatalogWords:
    """The words the whole catalog uses, for telling its names and terms from glued words."""
    titles = [entry.title for entry in overlay.values() if entry.title]
    titles += [_text(v.row.fields.get("title")) or "" for v in rows]
    return CatalogWords.of((_text(v.row.fields.get("abstract")) or "" for v in rows), titles)


def enrich(
    valid: ValidRow,
    entry: OverlayEntry | None,
    words: CatalogWords | None = None,
    fetched: Mapping[str, object] | None = None,
) -> Paper:
    """The paper of a validated row: fields cleaned, the overlay applied, gaps filled.
    ``words``: ``catalog_words`` of the catalog the row belongs to; ``fetched``: what
    `catalog fetch` got from arXiv for it (already merged into the row's fields; its
    latest version, comment, journal reference and DOI are read from here)."""
    fetched = fetched or {}
    fields = valid.row.fields
    arxiv_id = valid.arxiv_id
    abstract = clean_abstract(_text(fields.get("abstract")) or "", words)

    title = (entry and entry.title) or tex_to_text(clean_text(_text(fields.get("title")) or ""))
    derived = not title
    if derived:
        title = derive_title(abstract)

    parsed = [from_parsed(item.split(NAME_SEPARATOR)) for item in fields.get(PEOPLE) or []]
    people = (
        (entry and entry.authors)
        or tuple(person for person in parsed if person)
        or parse_people(fields.get("authors") or [])
    )

    date = entry.date if entry and entry.date else None
    if date is None and _text(fields.get("date")):
        try:
            date = parse_date(_text(fields["date"]), arxiv_id.year_month)
        except AmbiguousDate:
            date = None
    if date is None:
        year, month = arxiv_id.year_month
        date = f"{year:04d}-{month:02d}"

    keywords = split_tags(fields.get("tags") or [])
    # Keywords that are arXiv categories ("hep-ph" from an arXiv API export) are categories.
    from_keywords = tuple(k for k in keywords if is_arxiv_category(k))
    listed = tuple(dict.fromkeys(split_categories(fields.get("categories") or []) + from_keywords))
    keywords = tuple(k for k in keywords if k not in listed)
    category = (
        (entry and entry.category)
        or clean_text(_text(fields.get("category")) or "")
        or (listed[0] if listed else None)
        or arxiv_id.subject_class
    )
    if category is None and arxiv_id.old_style:
        category = arxiv_id.canonical.split("/")[0]
    categories = tuple(dict.fromkeys(([category] if category else []) + list(listed)))

    code_url = (entry and entry.code_url) or clean_text(_text(fields.get("code_url")) or "") or find_code_url(abstract)

    tags = (entry and entry.tags) or ()
    return Paper(
        id=arxiv_id.canonical,
        abstract=abstract,
        title=title,
        title_derived=derived,
        version=arxiv_id.version,
        authors=tuple(person.display for person in people),
        family_names=tuple(person.family for person in people),
        date=date,
        category=category or None,
        code_url=code_url or None,
        tags=tuple(dict.fromkeys(tags)),
        keywords=keywords,
        source=valid.row.location,
        categories=categories,
        latest_version=_text(fetched.get("version")),
        updated=_text(fetched.get("updated")),
        comment=_first_text(fields.get("comment"), fetched.get("comment")),
        journal_ref=_first_text(fields.get("journal_ref"), fetched.get("journal_ref")),
        doi=_doi(_first_text(fields.get("doi"), fetched.get("doi"))),
    )


def _doi(text: str | None) -> str | None:
    """The first DOI in a field ("doi:10.1103/...", or two DOIs separated by a space)."""
    found = re.search(r"10\.\d{4,9}/\S+", text or "")
    return found.group(0).rstrip(".,;") if found else None


def _first_text(*values: object) -> str | None:
    """The first value that is text once cleaned (line breaks of arXiv's comments joined)."""
    for value in values:
        text = clean_text(" ".join(value.split())) if isinstance(value, str) else ""
        if text:
            return tex_to_text(text) if "\\" in text else text
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
