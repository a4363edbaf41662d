"""Readers for CSV and TSV files with a header row."""

from __future__ import annotations

import csv
import io

from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.catalog.readers.fields import (
    ID_FALLBACKS,
    _key,
    accepted_names,
    missing_columns_problem,
    record_to_row,
    standard_name,
    unused_columns_warning,
)
from generator.models import Problem, RawRow, ReadResult

# A header cell this long is text, not a column name.
LONGEST_NAME = 60

# The csv module refuses cells over 128 KB with a cryptic error; accept up to the
# file limit so that validation can say which field is too long and what the limit is.
csv.field_size_limit(100 * 1024 * 1024)


def read_csv(text: str, source: str) -> ReadResult:
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to a European locale export ';'-separated "CSV".
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _read_delimited(text, source, delimiter)


def read_tsv(text: str, source: str) -> ReadResult:
    return _read_delimited(text, source, "\t")


def _read_delimited(text: str, source: str, delimiter: str) -> ReadResult:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[RawRow] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        return ReadResult(problems=[Problem(source, 1, f"invalid header: {error}")])
    if not header or not any(cell.strip() for cell in header):
        return ReadResult(problems=[Problem(source, 1, "empty file: expected a header row naming the columns")])
    headerless = _data_in_header(header)
    if headerless:
        return ReadResult(
            problems=[
                Problem(
                    source,
                    1,
                    f"the first row is data ({headerless}), not a header: add a first row naming the "
                    f"columns, such as 'id,title,abstract' (accepted names: {accepted_names()})",
                )
            ]
        )
    missing = missing_columns_problem(source, 1, header)
    if missing:
        return ReadResult(problems=[missing])
    warnings += unused_columns_warning(source, 1, header)

    next_line = reader.line_num + 1
    while True:
        start = next_line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(source, start, f"invalid row: {error}"))
            next_line = reader.line_num + 1
            continue
        next_line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(source, start, f"row has {len(cells)} cells but the header has {len(header)} columns")
            )
            continue
        record = dict(zip(header, cells, strict=False))
        row, row_problems = record_to_row(record, source, start)
        problems.extend(row_problems)
        if row:
            rows.append(row)
    return ReadResult(rows, problems, warnings)


def _data_in_header(header: list[str]) -> str | None:
    """What shows that a file's first row is a paper rather than column names, or None."""
    if any(standard_name(cell) or _key(cell) in ID_FALLBACKS for cell in header if cell.strip()):
        return None  # a known column name
    for index, cell in enumerate(header, start=1):
        text = cell.strip()
        try:
            parse_arxiv_id(text)
        except InvalidArxivId:
            pass
        else:
            return f"column {index} is the arXiv ID {text[:40]!r}"
        if len(text) > LONGEST_NAME:
            return f"column {index} holds {len(text):,} characters of text"
    return None
