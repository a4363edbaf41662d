"""Reader for YAML files holding a list of mappings (one per paper)."""

from __future__ import annotations

from generator.models import Problem, RawRow, ReadResult
from generator.readers.fields import record_to_row
from generator.yamlio import LineDict, LineList, YamlSyntaxError, load_yaml


def read_yaml(text: str, source: str) -> ReadResult:
    try:
        data = load_yaml(text)
    except YamlSyntaxError as error:
        return ReadResult(problems=[Problem(source, error.line, str(error))])
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        data = data["papers"]
    if not isinstance(data, list):
        return ReadResult(
            problems=[Problem(source, None, "expected a YAML list of papers (or a mapping with a 'papers' list)")]
        )
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for index, item in enumerate(data):
        if not isinstance(item, LineDict):
            line = data.line_of(index) if isinstance(data, LineList) else None
            message = "expected each list item to be a mapping with 'arxiv_id' and 'abstract'"
            problems.append(Problem(source, line, message))
            continue
        row, row_problems = record_to_row(item, source, item.line)
        problems.extend(row_problems)
        if row:
            rows.append(row)
    return ReadResult(rows, problems)
