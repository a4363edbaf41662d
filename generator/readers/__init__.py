"""Catalog readers: one module per input format, all yielding the same ``RawRow``s.

``read_catalog(path)`` picks the reader from the file extension.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.models import Problem, ReadResult
from generator.readers import bibtex, delimited, jsonish, viewer, yamlish
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
}

# Refuse files this large instead of reading them into memory.
# Refuse files this large instead of reading them into memory (a catalog of
# 50,000 papers with long abstracts is about 100 MB).
MAX_FILE_BYTES = 100 * 1024 * 1024


def supported_extensions() -> str:
    return ", ".join(sorted(READERS))


def read_catalog(path: str | Path) -> ReadResult:
    """Read one catalog file of any supported format; never raises for bad input."""
    path = Path(path)
    source = str(path)
    reader = READERS.get(path.suffix.lower())
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
    text, problem = decode(data, source)
    if problem:
        return ReadResult(problems=[problem])
    return reader(text, source)
