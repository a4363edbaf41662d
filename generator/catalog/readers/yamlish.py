"""Reader for YAML files holding a list of mappings (one per paper)."""

from __future__ import annotations

from generator.catalog.readers.fields import find_records, record_to_row
from generator.models import Problem, RawRow, ReadResult
from generator.yamlio import LineDict, LineList, YamlSyntaxError, load_yaml


def read_yaml(text: str, source: str) -> ReadResult:
    try:
        data = load_yaml(text)
    except YamlSyntaxError as error:
        return ReadResult(problems=[Problem(source, error.line, str(error))])
    if isinstance(data, list) and not any(isinstance(item, dict) for item in data):
        records, lists = data, [data]
    else:
        found = find_records(data)
        if found is None:
            return ReadResult(
                problems=[
                    Problem(
                        source,
                        None,
                        "expected a YAML list of papers (or a mapping with a 'papers' list); no list in "
                        "this file has mappings with keys such as id, arxiv_id, title or url",
                    )
                ]
            )
        records, paths = found
        lists = [_at(data, path) for path in paths]
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for item in records:
        if not isinstance(item, LineDict):
            holder = next((lst for lst in lists if any(x is item for x in lst)), None)
            index = next((i for i, x in enumerate(holder or []) if x is item), 0)
            line = holder.line_of(index) if isinstance(holder, LineList) else None
            message = "expected each list item to be a mapping with 'arxiv_id' and 'abstract'"
            problems.append(Problem(source, line, message))
            continue
        row, row_problems = record_to_row(item, source, item.line)
        problems.extend(row_problems)
        if row:
            rows.append(row)
    return ReadResult(rows, problems)


def _at(data, path):
    for step in path:
        data = data[step]
    return data
