"""Reader for Markdown pipe tables, as reading lists and awesome-lists keep papers:

    ## Reasoning
    | Title | Venue | Paper | Code |
    |---|---|---|---|
    | [Chain-of-Thought Prompting](https://arxiv.org/abs/2201.11903) | NeurIPS 2022 | - | - |

Every table in the file is read, each with its own header; a row is one line (Markdown
table cells cannot span lines). Cells are matched like CSV columns; a cell that is a link
gives its words (title) or its address (code, ID), and the arXiv address of a link cell
("Paper", "Links", the title's own link) gives the ID. Text between tables is ignored.
"""

from __future__ import annotations

import re

from generator.catalog.readers.fields import (
    record_to_row,
    standard_name,
    unused_columns_warning,
)
from generator.models import Problem, RawRow, ReadResult

_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(text)]


def table_headers(text: str) -> list[tuple[int, list[str]]]:
    """(index of the header line, column names) of every pipe table in the text."""
    lines = text.split("\n")
    found = []
    for index in range(1, len(lines)):
        if _RULE.fullmatch(lines[index]) and "|" in lines[index - 1]:
            columns = _cells(lines[index - 1])
            if len([c for c in columns if c]) >= 2:
                found.append((index - 1, columns))
    return found


def is_markdown_table(text: str) -> bool:
    """A file of pipe tables whose first column is no arXiv ID column (the viewer reader
    reads tables that start with the ID, whose abstracts may span lines)."""
    headers = table_headers(text)
    return bool(headers) and standard_name(headers[0][1][0]) != "id"


def read_markdown_tables(text: str, source: str) -> ReadResult:
    lines = text.split("\n")
    rows: list[RawRow] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for header_index, columns in table_headers(text):
        warnings += unused_columns_warning(source, header_index + 1, columns)
        for index in range(header_index + 2, len(lines)):
            line = lines[index]
            if "|" not in line or not line.strip():
                break
            cells = _cells(line)
            if len(cells) > len(columns):
                problems.append(
                    Problem(source, index + 1, f"row has {len(cells)} cells but the header has {len(columns)} columns")
                )
                continue
            row, row_problems = record_to_row(dict(zip(columns, cells, strict=False)), source, index + 1)
            problems += row_problems
            if row:
                rows.append(row)
    return ReadResult(rows, problems, warnings)
