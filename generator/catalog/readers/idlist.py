"""Reader for plain lists of arXiv IDs: one ID or arXiv address per line.

``#`` starts a comment (a whole line or the end of one); blank lines are skipped. Such a
catalog has no abstracts: ``catalog fetch`` gets them, with titles and authors, from arXiv.
"""

from __future__ import annotations

from generator.catalog.ids import is_arxiv_id
from generator.models import Problem, RawRow, ReadResult

# A text file is read as an ID list when at least this share of its lines are IDs; the
# other lines are reported, not skipped silently.
ID_SHARE = 0.8


def _entries(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        entry = line.split("#", 1)[0].strip()
        if entry:
            found.append((number, entry))
    return found


def looks_like_id_list(text: str) -> bool:
    """True when the file's lines are (nearly all) arXiv IDs or addresses."""
    entries = _entries(text)
    if not entries:
        return False
    ids = sum(1 for _, entry in entries if is_arxiv_id(entry))
    return ids >= ID_SHARE * len(entries)


def read_id_list(text: str, source: str) -> ReadResult:
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, entry in _entries(text):
        if is_arxiv_id(entry):
            rows.append(RawRow(source, number, {"id": entry}))
        else:
            message = f"not an arXiv ID or address: {entry[:60]!r} (one ID per line; '#' starts a comment)"
            problems.append(Problem(source, number, message))
    return ReadResult(rows, problems)
