"""Data exports of the catalog: an Atom feed, the catalog as JSON, one BibTeX file, one RIS file.

Pure functions: they take the papers and return text; writing it is ``write.py``'s
job. Every output is deterministic (no build time, a fixed order whatever the order
of the input), so an unchanged catalog gives byte-identical files.

Order, everywhere: newest first by the paper's date, ties by arXiv ID ascending.
A date ``YYYY-MM`` counts as the first of the month, a paper without a usable date
takes the month of its arXiv ID.

Tags: each function takes an optional mapping arXiv ID -> tag names (the derived
tags, strongest first). Without it a paper's own ``tags`` (from the input) are used;
with it, a paper missing from the mapping has no tags.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - builds XML, parses nothing
from collections import Counter
from collections.abc import Mapping, Sequence

from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.config import Settings
from generator.models import Paper
from generator.site.cite import bibtex_entry, ris_record, unique_bibtex_keys

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
# The scheme arXiv's own Atom API gives its categories.
ARXIV_SCHEME = "http://arxiv.org/schemas/atom"
# Characters XML 1.0 allows; everything else (C0 controls but tab and line breaks,
# lone surrogates, U+FFFE, U+FFFF) is dropped from text put into the feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_EPOCH = "1970-01-01T00:00:00Z"


def atom_feed(
    papers: Sequence[Paper],
    settings: Settings,
    limit: int = 50,
    tags: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The newest ``limit`` papers as an Atom 1.0 feed, served at ``<site_url>feed.xml``.

    Atom requires absolute IRIs for the feed's and entries' ids, so ``settings.site_url``
    must be set: without it this raises ``ValueError`` and the site simply has no feed
    (a feed of relative or made-up addresses would break in readers, or change every
    entry's id once the address is set). Entry ``updated`` and ``published`` are the
    paper's date at midnight UTC; the feed's ``updated`` is the newest paper's date
    (1970-01-01 for an empty catalog), never the build time. Entries carry one
    ``author`` per author, a ``category`` per tag and one for the arXiv category
    (scheme ``http://arxiv.org/schemas/atom``, as in arXiv's API); where a paper has
    no authors the feed names the catalog (``site_name``) as author, as Atom requires.
    Titles and abstracts are plain text (``type="text"``), TeX as written; characters
    XML cannot hold are dropped.
    """
    site_url = settings.site_url.strip()
    if not re.match(r"https?://[^/\s]+", site_url):
        raise ValueError(
            "the Atom feed needs the site's public address: set site_url in site_config/catalog.yml "
            f"(an http(s) URL such as https://example.org/catalog/), got {site_url!r}"
        )
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    site_url = site_url.rstrip("/") + "/"
    ordered = newest_first(papers)
    newest = ordered[:limit]

    feed = ET.Element("feed", xmlns=ATOM_NS)
    _text(feed, "title", settings.site_name)
    if settings.site_description.strip():
        _text(feed, "subtitle", settings.site_description)
    _text(feed, "id", site_url)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=site_url + FEED_PATH)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site_url)
    _text(feed, "updated", timestamp(ordered[0]) if ordered else _EPOCH)
    if any(not _authors(paper) for paper in newest):
        # Atom wants an author for every entry; the catalog stands in where a paper has none.
        _text(ET.SubElement(feed, "author"), "name", settings.site_name)
    _text(feed, "generator", "paper-catalog")

    for paper in newest:
        url = paper_url(paper, site_url)
        entry = ET.SubElement(feed, "entry")
        _text(entry, "title", _one_line(paper.shown_title), type="text")
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
        _text(entry, "id", url)
        when = timestamp(paper)
        _text(entry, "published", when)
        _text(entry, "updated", when)
        for name in _authors(paper):
            _text(ET.SubElement(entry, "author"), "name", name)
        for tag in _tags(paper, tags):
            if _one_line(tag):
                ET.SubElement(entry, "category", term=_one_line(tag))
        if paper.category and _one_line(paper.category):
            ET.SubElement(entry, "category", term=_one_line(paper.category), scheme=ARXIV_SCHEME)
        _text(entry, "summary", _xml_text(paper.abstract), type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def catalog_json(
    papers: Sequence[Paper],
    tags: Mapping[str, Sequence[str]] | None = None,
    site_url: str = "",
) -> str:
    """The cleaned catalog as JSON: ``{"count": n, "papers": [...]}``, one paper a line.

    Each paper: ``id``, ``version``, ``title`` (plain text: math written out in
    Unicode), ``title_tex`` (as the catalog gives it, math in TeX), ``title_derived`` (true when the catalog
    gave no title and the site derived one from the abstract), ``authors``, ``date``,
    ``category``, ``code_url``, ``abstract``, ``tags``, ``url`` (its page on the site;
    null when ``site_url`` is empty), ``arxiv_url`` and ``pdf_url`` (with the version
    when the catalog gives one, as on the paper's page). Unknown values are null.
    UTF-8 as is (not ``\\u`` escapes), no indentation: one compact object per line
    keeps 10,000 papers small and diffs readable.
    """
    base = site_url.strip().rstrip("/") + "/" if site_url.strip() else ""
    records = []
    for paper in newest_first(papers):
        versioned = paper.id + (paper.version or "")
        records.append(
            {
                "id": paper.id,
                "version": paper.version,
                "title": paper.plain_title,
                "title_tex": paper.title,
                "title_derived": paper.title_derived,
                "authors": list(paper.authors),
                "date": paper.date,
                "category": paper.category,
                "code_url": paper.code_url,
                "abstract": paper.abstract,
                "tags": list(_tags(paper, tags)),
                "url": paper_url(paper, base) if base else None,
                "arxiv_url": f"https://arxiv.org/abs/{versioned}",
                "pdf_url": f"https://arxiv.org/pdf/{versioned}",
            }
        )
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    body = ",\n".join(lines)
    return f'{{"count":{len(records)},"papers":[\n{body}\n]}}\n' if lines else '{"count":0,"papers":[]}\n'


def bibliography(
    papers: Sequence[Paper], keys: Mapping[str, str] | None = None, entries: Mapping[str, str] | None = None
) -> str:
    """Every paper's BibTeX entry, sorted by key, separated by blank lines.

    ``keys`` maps arXiv ID -> key (``cite.unique_bibtex_keys``, computed when not
    given); a paper without a key, or two papers with the same key, is a
    ``ValueError``. An empty catalog gives an empty text. ``entries`` (arXiv ID ->
    entry made with these keys) saves making them again for every tag.
    """
    ids = [p.id for p in papers]
    if len(set(ids)) != len(ids):
        twice = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"duplicate arXiv IDs: {', '.join(twice)}")
    if keys is None:
        keys = unique_bibtex_keys(papers)
    missing = sorted(p.id for p in papers if p.id not in keys)
    if missing:
        raise ValueError(f"no BibTeX key for {', '.join(missing)}")
    owners: dict[str, str] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        key = keys[paper.id]
        if key in owners and owners[key] != paper.id:
            raise ValueError(f"BibTeX key {key!r} given to both {owners[key]} and {paper.id}")
        owners[key] = paper.id
    by_key = sorted(papers, key=lambda p: (keys[p.id], p.id))
    if not by_key:
        return ""
    if entries is None:
        entries = {p.id: bibtex_entry(p, keys[p.id]) for p in by_key}
    return "\n\n".join(entries[p.id] for p in by_key) + "\n"


def catalog_ris(papers: Sequence[Paper], keys: Mapping[str, str] | None = None) -> str:
    """Every paper's RIS record (``cite.ris_record``), in the order of ``bibliography``
    (by BibTeX key, which each record gives as its ``ID``), separated by blank lines.

    ``keys`` as for ``bibliography`` (computed when not given; every paper needs one).
    An empty catalog gives an empty text. UTF-8, lines ending in CR LF as the RIS
    specification has them (and Zotero writes them).
    """
    if keys is None:
        keys = unique_bibtex_keys(papers)
    missing = sorted(p.id for p in papers if p.id not in keys)
    if missing:
        raise ValueError(f"no BibTeX key for {', '.join(missing)}")
    by_key = sorted(papers, key=lambda p: (keys[p.id], p.id))
    return "".join(ris_record(p, keys[p.id]).replace("\n", "\r\n") + "\r\n\r\n" for p in by_key)


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    """Newest first by ``timestamp``, ties by arXiv ID ascending."""
    by_id = sorted(papers, key=lambda p: p.id)
    return sorted(by_id, key=timestamp, reverse=True)


def timestamp(paper: Paper) -> str:
    """The paper's date as RFC 3339 at midnight UTC: ``2024-07`` -> ``2024-07-01T00:00:00Z``.

    A missing or unusable date falls back to the month in the arXiv ID (and to
    1970-01-01 if even that cannot be read).
    """
    day = _parse_date(paper.date) or _id_month(paper.id)
    return f"{day.isoformat()}T00:00:00Z" if day else _EPOCH


def paper_url(paper: Paper, site_url: str) -> str:
    """Absolute address of the paper's page below ``site_url`` (which ends with ``/``)."""
    return f"{site_url}{paper.path}/"


def _parse_date(text: str | None) -> dt.date | None:
    match = _DATE.fullmatch(text.strip()) if text else None
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _id_month(arxiv_id: str) -> dt.date | None:
    """``2311.08526`` -> 2023-11-01, ``hep-th/9901001`` -> 1999-01-01."""
    try:
        year, month = parse_arxiv_id(arxiv_id).year_month
    except InvalidArxivId:
        return None
    return dt.date(year, month, 1)


def _authors(paper: Paper) -> list[str]:
    return [name for name in (_one_line(a) for a in paper.authors) if name]


def _tags(paper: Paper, tags: Mapping[str, Sequence[str]] | None) -> Sequence[str]:
    return paper.tags if tags is None else tags.get(paper.id, ())


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(_xml_text(text).split())


def _text(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = _xml_text(text)
    return element
