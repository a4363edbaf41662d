"""Readers for JSON Lines (one object per line) and JSON (an array of objects)."""

from __future__ import annotations

import json
import re

from generator.catalog.readers.fields import (
    find_records,
    looks_like_paper,
    record_to_row,
)
from generator.models import Problem, RawRow, ReadResult

# Numbers stay text: the ID 2311.10010 must not become the float 2311.1001.
_DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


def read_json_lines(text: str, source: str) -> ReadResult:
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for index, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        try:
            value = _DECODER.decode(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(source, index + 1, f"invalid JSON: {error.msg} (column {error.colno})"))
            continue
        _add_record(value, source, index + 1, rows, problems)
    return ReadResult(rows, problems)


def read_json(text: str, source: str) -> ReadResult:
    """A JSON array of objects; a file of one object per line is read as JSON Lines."""
    stripped = text.lstrip()
    if not stripped:
        return ReadResult(problems=[Problem(source, None, "empty file: expected a JSON array of objects")])
    if stripped.startswith("{"):
        return _read_object(text, source)
    if not stripped.startswith("["):
        return read_json_lines(text, source)
    return _read_array(text, source, text.index("[") + 1)


def _read_object(text: str, source: str) -> ReadResult:
    """One JSON object holding the list of papers (``{"publications": [...]}``), or else
    one object per line."""
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError:
        return read_json_lines(text, source)
    found = find_records(value) if isinstance(value, dict) else None
    if found is None:
        if isinstance(value, dict) and looks_like_paper(value):
            return read_json_lines(" ".join(text.split("\n")), source)  # one paper in the file
        return ReadResult(
            problems=[
                Problem(source, 1, "expected a JSON array of papers, or an object holding one; no list in "
                        "this file has objects with keys such as id, arxiv_id, title or url")
            ]
        )
    _, paths = found
    results = []
    for path in paths:
        # Decode the list again element by element from where it starts, for the lines.
        key = path[-1] if path and isinstance(path[-1], str) else None
        start = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text) if key else None
        if start is None:
            continue
        results.append(_read_array(text, source, start.end(), nested=True))
    return ReadResult(
        [row for r in results for row in r.rows], [p for r in results for p in r.problems]
    )


def _read_array(text: str, source: str, position: int, nested: bool = False) -> ReadResult:
    rows: list[RawRow] = []
    problems: list[Problem] = []
    # Decode element by element so that each row knows its line.
    expect_value = True
    while True:
        position = _skip_space(text, position)
        if position >= len(text):
            line = text.count("\n") + 1
            problems.append(Problem(source, line, "invalid JSON: the array is not closed with ']'"))
            break
        char = text[position]
        if char == "]":
            if not nested and _skip_space(text, position + 1) < len(text):
                line = text.count("\n", 0, position) + 1
                problems.append(Problem(source, line, "invalid JSON: text after the closing ']'"))
            break
        if char == "," and not expect_value:
            position += 1
            expect_value = True
            continue
        line = text.count("\n", 0, position) + 1
        if not expect_value:
            problems.append(Problem(source, line, "invalid JSON: expected ',' or ']' between array elements"))
            break
        try:
            value, position = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as error:
            problems.append(Problem(source, error.lineno, f"invalid JSON: {error.msg} (column {error.colno})"))
            break
        _add_record(value, source, line, rows, problems)
        expect_value = False
    return ReadResult(rows, problems)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _add_record(value: object, source: str, line: int, rows: list[RawRow], problems: list[Problem]) -> None:
    if not isinstance(value, dict):
        problems.append(Problem(source, line, "expected a JSON object with 'arxiv_id' and 'abstract'"))
        return
    row, row_problems = record_to_row(value, source, line)
    problems.extend(row_problems)
    if row:
        rows.append(row)
