"""Validation of raw rows: every problem is collected, none stops the search for more."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.clean import AmbiguousDate, clean_text, parse_date
from generator.catalog.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from generator.models import Problem, RawRow


@dataclass(frozen=True, slots=True)
class ValidRow:
    row: RawRow
    arxiv_id: ArxivId


def validate_rows(rows: list[RawRow]) -> tuple[list[ValidRow], list[Problem]]:
    """Rows that may become pages, and a problem for every row that may not.

    A duplicate ID is reported on the later row, naming the first; the first is kept.
    """
    valid: list[ValidRow] = []
    problems: list[Problem] = []
    first_seen: dict[str, RawRow] = {}
    for row in rows:
        row_problems, arxiv_id = _check_row(row)
        if arxiv_id is not None:
            first = first_seen.get(arxiv_id.canonical)
            if first is not None:
                row_problems.insert(
                    0,
                    Problem(
                        row.source,
                        row.line,
                        f"duplicate arXiv ID {arxiv_id.canonical} (first listed at {first.location})",
                    ),
                )
            else:
                first_seen[arxiv_id.canonical] = row
        if row_problems:
            problems.extend(row_problems)
        else:
            assert arxiv_id is not None  # noqa: S101 - no problems means the ID parsed
            valid.append(ValidRow(row, arxiv_id))
    return valid, problems


# Longest accepted field values, in characters: a real abstract is under 2,000.
MAX_CHARS = {"abstract": 20_000, "title": 1_000, "authors": 20_000, "tags": 2_000}
MAX_OTHER_CHARS = 2_000


def _check_row(row: RawRow) -> tuple[list[Problem], ArxivId | None]:
    problems: list[Problem] = []

    def report(message: str) -> None:
        problems.append(Problem(row.source, row.line, message))

    for name, value in row.fields.items():
        length = len(value) if isinstance(value, str) else sum(len(v) for v in value or [])
        limit = MAX_CHARS.get(name, MAX_OTHER_CHARS)
        if length > limit:
            report(f"{name} is {length:,} characters long; the limit is {limit:,}")
            return problems, None

    arxiv_id = None
    raw_id = row.fields.get("id")
    if raw_id is None:
        report(_missing_id(row))
    elif not isinstance(raw_id, str) or not raw_id.strip():
        report("empty arXiv ID" if not raw_id or not str(raw_id).strip() else "arXiv ID must be text")
    else:
        try:
            arxiv_id = parse_arxiv_id(raw_id)
        except InvalidArxivId as error:
            report(str(error))

    abstract = row.fields.get("abstract")
    if abstract is None:
        report("missing abstract: run `catalog fetch` to get it from arXiv")
    elif not isinstance(abstract, str):
        report("abstract must be text, not a list")
    elif not clean_text(abstract):
        report("empty abstract: run `catalog fetch` to get it from arXiv")

    date = row.fields.get("date")
    if isinstance(date, list):
        report("date must be text, not a list")
    elif date and clean_text(date):
        try:
            parse_date(date, arxiv_id.year_month if arxiv_id else None)
        except AmbiguousDate:
            pass  # the ID's month is used
        except ValueError:
            report(f"invalid date {date!r}: expected YYYY-MM-DD or YYYY-MM (or a day, month and year)")

    code_url = row.fields.get("code_url")
    if isinstance(code_url, list):
        report("code link must be text, not a list")
    elif code_url and clean_text(code_url) and not is_web_url(clean_text(code_url)):
        report(f"invalid code link {code_url!r}: expected an http(s) URL")

    for name in ("title", "category"):
        if isinstance(row.fields.get(name), list):
            report(f"{name} must be text, not a list")
    return problems, arxiv_id


def _missing_id(row: RawRow) -> str:
    """What was found and what would be accepted, for a record with no arXiv ID."""
    from generator.catalog.readers.fields import (
        ID_FALLBACKS,
        _key,
        id_sources,
        shown_names,
    )

    if not row.keys:
        return "missing arXiv ID"
    addresses = [k for k in row.keys if _key(k) in ID_FALLBACKS]
    found = f"keys found: {shown_names(list(row.keys))}"
    if addresses:
        found += f"; {', '.join(addresses)} {'holds' if len(addresses) == 1 else 'hold'} no arXiv address"
    return f"missing arXiv ID ({found}); {id_sources()}"


def is_web_url(text: str) -> bool:
    """True for absolute http(s) URLs with a host and no spaces or quotes."""
    lowered = text.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")):
        return False
    host = text.split("://", 1)[1].split("/", 1)[0]
    return bool(host) and not any(c in text for c in " \"'<>`\\")
