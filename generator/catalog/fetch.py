"""``catalog fetch``: what arXiv knows about the catalog's papers, kept in a file the build reads.

The only module that talks to the network. It asks arXiv's API (the Atom query interface,
https://info.arxiv.org/help/api/user-manual.html) for the catalog's IDs, up to ``BATCH``
per request, waits ``wait`` seconds between requests (arXiv's terms of use ask for 3),
retries transient failures (HTTP 429 and 5xx, timeouts, refused connections), and
writes one JSON object per paper to the fetched-metadata file (``content/arxiv.jsonl``
by default): sorted by ID, one line per paper, so that a change reviews as a diff. The
file is replaced only when every request succeeded.

Builds read that file offline (``load_fetched``); they never call arXiv.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree  # XML from the network: no entity expansion

from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.models import CatalogError, Problem

DEFAULT_API = "https://export.arxiv.org/api/query"
BATCH = 100
# arXiv's terms of use: "make no more than one request every three seconds".
MIN_WAIT = 3.0
RETRIES = 3
TIMEOUT = 60.0
USER_AGENT = "paper-catalog (catalog fetch)"

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
# The order of keys in the file (and of the fields a reviewer reads).
KEYS = (
    "id", "version", "title", "authors", "abstract", "published", "updated",
    "primary_category", "categories", "comment", "journal_ref", "doi",
)


class ArxivUnavailable(Exception):
    """The API could not be reached or kept failing; nothing was written."""


@dataclass(slots=True)
class FetchReport:
    asked: list[str]
    requests: int = 0
    retries: int = 0
    found: dict[str, dict[str, Any]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    written: int = 0


Opener = Callable[[str, float], bytes]


def _open(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) address: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - checked above
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read()


def fetch(
    ids: Iterable[str],
    api_url: str = DEFAULT_API,
    wait: float = MIN_WAIT,
    retries: int = RETRIES,
    opener: Opener = _open,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[str], None] = lambda _: None,
) -> FetchReport:
    """arXiv's metadata for ``ids`` (canonical IDs). Raises ``ArxivUnavailable`` when a
    request still fails after ``retries`` more tries."""
    asked = list(dict.fromkeys(ids))
    report = FetchReport(asked)
    batches = [asked[i : i + BATCH] for i in range(0, len(asked), BATCH)]
    for number, batch in enumerate(batches, start=1):
        if report.requests:
            sleep(wait)
        query = urllib.parse.urlencode({"id_list": ",".join(batch), "start": 0, "max_results": len(batch)})
        url = f"{api_url}{'&' if '?' in api_url else '?'}{query}"
        progress(f"request {number} of {len(batches)}: {len(batch)} IDs")
        body = _get(url, wait, retries, opener, sleep, report)
        entries = parse_feed(body)
        for record in entries:
            if record["id"] in batch:
                report.found[record["id"]] = record
        report.unknown += [paper_id for paper_id in batch if paper_id not in report.found]
    return report


def _get(url: str, wait: float, retries: int, opener: Opener, sleep, report: FetchReport) -> bytes:
    attempt = 0
    while True:
        report.requests += 1
        try:
            return opener(url, TIMEOUT)
        except urllib.error.HTTPError as error:
            transient = error.code == 429 or error.code >= 500
            reason = f"HTTP {error.code} {error.reason}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            transient = True
            reason = str(getattr(error, "reason", error)) or type(error).__name__
        if not transient or attempt >= retries:
            raise ArxivUnavailable(
                f"arXiv's API at {url.split('?', 1)[0]} could not be reached ({reason}"
                f"{f', after {attempt + 1} tries' if attempt else ''}). Nothing was changed. "
                "Check the connection and try again later; arXiv asks clients to wait between "
                "requests and sometimes answers 503 when busy. Another endpoint (a mirror) can be "
                "given with --api-url."
            )
        attempt += 1
        report.retries += 1
        sleep(max(wait, 1.0) * attempt)


def parse_feed(body: bytes) -> list[dict[str, Any]]:
    """The papers in an API answer, as records with ``KEYS``; error entries are left out."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise ArxivUnavailable(f"arXiv's API answered with something that is not an Atom feed ({error}).") from None
    records = []
    for entry in root.iter(f"{_ATOM}entry"):
        address = _text(entry, f"{_ATOM}id")
        if "/api/errors" in address:
            continue
        try:
            arxiv_id = parse_arxiv_id(address.replace("http://", "https://"))
        except InvalidArxivId:
            continue
        primary = entry.find(f"{_ARXIV}primary_category")
        categories = [c.get("term", "") for c in entry.iter(f"{_ATOM}category") if c.get("term")]
        primary_term = primary.get("term") if primary is not None else (categories[0] if categories else None)
        record = {
            "id": arxiv_id.canonical,
            "version": arxiv_id.version,
            "title": " ".join(_text(entry, f"{_ATOM}title").split()),
            "authors": [_text(a, f"{_ATOM}name") for a in entry.iter(f"{_ATOM}author") if _text(a, f"{_ATOM}name")],
            "abstract": _text(entry, f"{_ATOM}summary").strip(),
            "published": _text(entry, f"{_ATOM}published")[:10] or None,
            "updated": _text(entry, f"{_ATOM}updated")[:10] or None,
            "primary_category": primary_term,
            "categories": list(dict.fromkeys(([primary_term] if primary_term else []) + categories)),
            "comment": " ".join(_text(entry, f"{_ARXIV}comment").split()) or None,
            "journal_ref": " ".join(_text(entry, f"{_ARXIV}journal_ref").split()) or None,
            "doi": _text(entry, f"{_ARXIV}doi").strip() or None,
        }
        if record["title"] == "Error" and not record["authors"]:
            continue
        records.append(record)
    return records


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def load_fetched(path: Path) -> dict[str, dict[str, Any]]:
    """The fetched-metadata file as ``{canonical ID: record}``; empty if there is none.
    ``CatalogError`` naming the file and line for a line that is not a record."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError([Problem(source, None, f"cannot read the fetched metadata: {error}")]) from None
    records: dict[str, dict[str, Any]] = {}
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["id"] = parse_arxiv_id(record["id"]).canonical
        except (ValueError, KeyError, TypeError, InvalidArxivId):
            message = "not a fetched record (a JSON object with an 'id'): run `catalog fetch --refresh`"
            problems.append(Problem(source, number, message))
            continue
        records[record["id"]] = record
    if problems:
        raise CatalogError(problems)
    return records


def write_fetched(path: Path, records: dict[str, dict[str, Any]]) -> None:
    """All records, sorted by ID, one JSON object per line; replaced in one step."""
    lines = []
    for paper_id in sorted(records):
        record = records[paper_id]
        ordered = {key: record.get(key) for key in KEYS}
        ordered.update({k: v for k, v in record.items() if k not in ordered})
        lines.append(json.dumps(ordered, ensure_ascii=False, separators=(",", ": ")))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write("\n".join(lines) + ("\n" if lines else ""))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def row_fields(record: dict[str, Any]) -> dict[str, Any]:
    """A fetched record as catalog row fields (the names readers produce)."""
    fields: dict[str, Any] = {}
    for key, name in (("title", "title"), ("abstract", "abstract"), ("published", "date")):
        if isinstance(record.get(key), str) and record[key].strip():
            fields[name] = record[key]
    if isinstance(record.get("authors"), list) and record["authors"]:
        fields["authors"] = [a for a in record["authors"] if isinstance(a, str)]
    if isinstance(record.get("categories"), list) and record["categories"]:
        fields["categories"] = [c for c in record["categories"] if isinstance(c, str)]
    if isinstance(record.get("primary_category"), str):
        fields["category"] = record["primary_category"]
    return fields
