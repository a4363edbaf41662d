"""Reader for Parquet files (``.parquet``), the format dataset hubs export tables in.

Columns are matched like a CSV header's; each record is located by its row number
(``catalog.parquet:12`` is the 12th row). Dates and timestamps become ISO dates; lists
(of categories, authors) stay lists.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from generator.catalog.readers.fields import (
    missing_columns_problem,
    record_to_row,
    unused_columns_warning,
)
from generator.models import Problem, RawRow, ReadResult

# Rows converted to Python at a time (a whole large file at once would double its memory).
BATCH_ROWS = 2_000


def read_parquet(data: bytes, source: str) -> ReadResult:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as error:
        return ReadResult(problems=[Problem(source, None, f"not a readable Parquet file: {_first_line(error)}")])
    columns = list(parquet.schema_arrow.names)
    missing = missing_columns_problem(source, None, columns)
    if missing:
        return ReadResult(problems=[missing])
    warnings = unused_columns_warning(source, None, columns)
    rows: list[RawRow] = []
    problems: list[Problem] = []
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            for record in batch.to_pylist():
                number += 1
                row, row_problems = record_to_row({k: _plain(v) for k, v in record.items()}, source, number)
                problems.extend(row_problems)
                if row:
                    rows.append(row)
    except (pa.ArrowException, OSError, ValueError) as error:
        problems.append(Problem(source, number + 1, f"cannot read the rows from here on: {_first_line(error)}"))
    return ReadResult(rows, problems, warnings)


def _plain(value: Any) -> Any:
    """Values the field mapping understands: text, numbers, lists, mappings."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    return value


def _first_line(error: Exception) -> str:
    return (str(error).strip().split("\n", 1)[0] or type(error).__name__)[:200]
