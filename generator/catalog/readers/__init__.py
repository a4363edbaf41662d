"""Catalog readers: one module per input format, all yielding the same ``RawRow``s.

``read_catalog(path)`` picks the reader from the file extension.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.catalog.readers import (
    bibtex,
    delimited,
    idlist,
    jsonish,
    mdtable,
    parquet,
    viewer,
    yamlish,
)
from generator.catalog.readers.fields import id_sources, shown_names
from generator.models import Problem, ReadResult
from generator.textfile import decode

Reader = Callable[[str, str], ReadResult]

READERS: dict[str, Reader] = {
    ".txt": viewer.read_viewer_table,
    ".md": viewer.read_viewer_table,
    ".csv": delimited.read_csv,
    ".tsv": delimited.read_tsv,
    ".tab": delimited.read_tsv,
    ".jsonl": jsonish.read_json_lines,
    ".ndjson": jsonish.read_json_lines,
    ".json": jsonish.read_json,
    ".yml": yamlish.read_yaml,
    ".yaml": yamlish.read_yaml,
    ".bib": bibtex.read_bibtex,
    ".list": idlist.read_id_list,
}
# Binary formats: the reader gets the file's bytes.
BINARY_READERS = {".parquet": parquet.read_parquet, ".pq": parquet.read_parquet}

# Refuse files this large instead of reading them into memory (a catalog of
# 50,000 papers with long abstracts is about 100 MB).
MAX_FILE_BYTES = 100 * 1024 * 1024


def supported_extensions() -> str:
    return ", ".join(sorted({*READERS, *BINARY_READERS}))


def read_catalog(path: str | Path) -> ReadResult:
    """Read one catalog file of any supported format; never raises for bad input."""
    path = Path(path)
    source = str(path)
    reader = READERS.get(path.suffix.lower()) or BINARY_READERS.get(path.suffix.lower())
    if reader is None:
        suffix = path.suffix or "(none)"
        return ReadResult(
            problems=[
                Problem(
                    source,
                    None,
                    f"unknown catalog format '{suffix}': use one of {supported_extensions()}",
                )
            ]
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return ReadResult(
                problems=[
                    Problem(
                        source,
                        None,
                        f"file is {size / 1024 / 1024:.1f} MB; the limit is {limit} MB: "
                        "split the catalog into several files",
                    )
                ]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return ReadResult(problems=[Problem(source, None, "file not found")])
    except IsADirectoryError:
        return ReadResult(problems=[Problem(source, None, "is a directory, not a catalog file")])
    except OSError as error:
        return ReadResult(problems=[Problem(source, None, f"cannot read file: {error.strerror}")])
    if path.suffix.lower() in BINARY_READERS:
        return _without_unidentified(BINARY_READERS[path.suffix.lower()](data, source))
    text, problem = decode(data, source)
    if problem:
        return ReadResult(problems=[problem])
    if reader is viewer.read_viewer_table and not viewer.has_rule(text) and idlist.looks_like_id_list(text):
        return idlist.read_id_list(text, source)
    if reader is viewer.read_viewer_table and mdtable.is_markdown_table(text):
        return _without_unidentified(mdtable.read_markdown_tables(text, source))
    return _without_unidentified(reader(text, source))


# Lines of left-out entries named in the warning.
LINES_SHOWN = 8


def _without_unidentified(result: ReadResult) -> ReadResult:
    """A publication list or reference library mixes arXiv papers with others (journal
    articles, bioRxiv preprints): where some entries give an arXiv ID, the entries that give
    none anywhere are no arXiv papers. They are left out with one warning, not reported as
    bad rows. A file where no entry gives one keeps its problems: its keys are wrong."""
    if len(result.rows) > 1 and not any("id" in row.fields for row in result.rows):
        # Every entry lacks one: the keys are wrong, and one message says so.
        first = result.rows[0]
        keys = sorted({k for row in result.rows for k in row.keys})
        problem = Problem(
            first.source,
            first.line,
            f"none of the {len(result.rows)} entries gives an arXiv ID (keys found: {shown_names(keys)}); "
            f"{id_sources()}",
        )
        return ReadResult([], [*result.problems, problem], result.warnings)
    if not any("id" in row.fields for row in result.rows):
        return result
    unidentified = [row for row in result.rows if "id" not in row.fields]
    if not unidentified:
        return result
    lines = ", ".join(str(row.line) for row in unidentified[:LINES_SHOWN])
    more = ", ..." if len(unidentified) > LINES_SHOWN else ""
    count = len(unidentified)
    warning = Problem(
        unidentified[0].source,
        None,
        f"{count} {'entries give' if count > 1 else 'entry gives'} no arXiv ID or arXiv address and "
        f"{'are' if count > 1 else 'is'} left out (line{'s' if count > 1 else ''} {lines}{more}); "
        f"{id_sources()}",
    )
    kept = [row for row in result.rows if "id" in row.fields]
    return ReadResult(kept, result.problems, [*result.warnings, warning])
