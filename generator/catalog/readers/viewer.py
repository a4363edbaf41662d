"""Reader for tables copied from a dataset viewer (the bundled catalog's format).

Layout::

    arxiv_id            <- column name
    stringlengths 10    <- type statistics (ignored)
    12
    | abstract
    stringlengths 459
    2.2k
    |
    ---|---|            <- the rule ends the header
    2311.08526 | Named Entity Recognition ... |
    2404.03683 | Language models are ...
    ... more lines of the same abstract ... |

A row starts with ``ID |`` and ends at the first line whose last character is
``|``; the abstract may span lines and contain ``|`` itself.
"""

from __future__ import annotations

import re

from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.catalog.readers.fields import missing_columns_problem, standard_name
from generator.models import Problem, RawRow, ReadResult

_RULE = re.compile(r"\s*\|?\s*-{3,}\s*(\|\s*-{3,}\s*)*\|?\s*")
_ROW_START = re.compile(r"\s*([^\s|]+)\s*\|(.*)")


def has_rule(text: str) -> bool:
    """True when the text has the ``---|---|`` rule that ends a viewer table's header."""
    return any(_RULE.fullmatch(line) for line in text.split("\n"))


def read_viewer_table(text: str, source: str) -> ReadResult:
    lines = text.split("\n")
    rule_index = next((i for i, line in enumerate(lines) if _RULE.fullmatch(line)), None)
    if rule_index is None:
        return ReadResult(
            problems=[
                Problem(
                    source,
                    None,
                    "no '---|---|' rule found: expected a table copied from a dataset viewer "
                    "(column names, a '---|---|' rule, then 'ID | abstract |' rows), "
                    "or a list of arXiv IDs, one per line",
                )
            ]
        )
    columns = _header_columns(lines[:rule_index])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    missing = missing_columns_problem(source, 1, columns)
    if missing:
        return ReadResult(problems=[missing])
    names = [standard_name(c) for c in columns]
    for column, name in zip(columns, names, strict=True):
        if name is None:
            warnings.append(Problem(source, 1, f"column '{column}' is not used"))

    rows: list[RawRow] = []
    start_line = 0
    buffer: list[str] = []
    # A Markdown table ('| a | b |', '|---|---|') opens every row with a '|' too.
    leading_pipe = lines[rule_index].lstrip().startswith("|")

    def row_text(line: str) -> str:
        stripped = line.lstrip()
        return stripped[1:] if leading_pipe and stripped.startswith("|") else line

    def close(text_lines: list[str], line: int) -> None:
        cells = _split_cells("\n".join(text_lines), len(columns), names)
        fields = {name: value for name, value in zip(names, cells, strict=True) if name}
        rows.append(RawRow(source, line, fields))

    for index in range(rule_index + 1, len(lines)):
        line_no = index + 1
        line = lines[index]
        if buffer and _starts_new_row(row_text(line)):
            # The previous row never got its closing '|'; keep what it had.
            close(buffer, start_line)
            buffer = []
        if not buffer:
            if not line.strip():
                continue
            if "|" not in line:
                problems.append(Problem(source, line_no, "expected a row 'ID | abstract |'"))
                continue
            start_line = line_no
            line = row_text(line)
        buffer.append(line.strip())
        if line.rstrip().endswith("|") and not (len(buffer) == 1 and _only_id(line)):
            close(buffer, start_line)
            buffer = []
    if buffer:
        close(buffer, start_line)
    return ReadResult(rows, problems, warnings)


def _header_columns(header: list[str]) -> list[str]:
    """Column names: the first non-empty line of each '|'-separated header chunk."""
    columns = []
    for chunk in "\n".join(header).split("|"):
        for line in chunk.split("\n"):
            if line.strip():
                columns.append(line.strip())
                break
    return columns


def _starts_new_row(line: str) -> bool:
    match = _ROW_START.match(line)
    if not match:
        return False
    try:
        parse_arxiv_id(match.group(1))
    except InvalidArxivId:
        return False
    return True


def _only_id(line: str) -> bool:
    """A row's first line that is just ``ID |`` (the abstract follows on later lines)."""
    return line.count("|") == 1 and line.strip().endswith("|") and len(line.split("|")[0].split()) == 1


def _split_cells(row_text: str, count: int, names: list[str | None]) -> list[str]:
    """Split a row into ``count`` cells; surplus '|' belong to the abstract."""
    text = row_text.strip()
    if text.endswith("|"):
        text = text[:-1]
    parts = text.split("|")
    if len(parts) > count:
        wide = names.index("abstract")
        tail = count - wide - 1
        parts = parts[:wide] + ["|".join(parts[wide : len(parts) - tail])] + parts[len(parts) - tail :]
    parts += [""] * (count - len(parts))
    return [_unwrap(part) for part in parts]


def _unwrap(cell: str) -> str:
    """Strip each line of a cell; the cleaning stage decides what line breaks mean."""
    return "\n".join(line.strip() for line in cell.split("\n") if line.strip())
