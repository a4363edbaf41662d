"""Data exports: the Atom feed, the catalog as JSON and the BibTeX file, read back by real parsers."""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET

import bibtexparser
import feedparser
import pytest

from generator.config import Settings
from generator.models import Paper
from generator.site.cite import bibtex_entry, unique_bibtex_keys
from generator.site.exports import (
    atom_feed,
    bibliography,
    catalog_json,
    catalog_ris,
    newest_first,
    timestamp,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = Settings(site_name="Test catalog", site_url="https://example.org/test/", site_description="Papers & more")
HOSTILE = "<script>alert(1)</script> & ]]> \x00\x01\x02\x03\x04\x05\x06\x07\x08 \ufffe end"


def make(paper_id: str, date: str | None, **fields) -> Paper:
    fields.setdefault("title", f"Paper {paper_id}")
    fields.setdefault("abstract", f"Abstract of {paper_id}.")
    fields.setdefault("authors", ("Ann Author", "Bob Büchner"))
    return Paper(id=paper_id, date=date, **fields)


PAPERS = (
    make(
        "2311.08526",
        "2023-11-14",
        authors=("Urchade Zaratiana", "Nadi Tomeh"),
        category="cs.CL",
        title="GLiNER: Generalist Model for Named Entity Recognition",
        code_url="https://github.com/urchade/GLiNER",
    ),
    make(
        "2407.01178",
        "2024-07-01",
        title="$\\text{Memory}^3$: Language Modeling with Explicit Memory",
        authors=("Hongkang Yang", "Zehao Lin", "Wenjin Wang"),
        version="v2",
    ),
    make("2407.06483", "2024-07", title="Composable Interventions for Language Models"),
    make(
        "2404.03592",
        "2024-04-04",
        title="ReFT: Representation Finetuning for Language Models",
        authors=("Zhengxuan Wu", "Aryaman Arora"),
        tags=("Fine-tuning",),
    ),
    make(
        "hep-th/9901001",
        "1999-01-15",
        title="QuarkNet: A lattice model of strong interactions",
        authors=("Jörg Ünal", "Zoë Ødegård", "李明"),
    ),
)
NEWEST = ["2407.01178", "2407.06483", "2404.03592", "2311.08526", "hep-th/9901001"]


def shuffled(papers, seed):
    papers = list(papers)
    random.Random(seed).shuffle(papers)
    return papers


# Order and dates


def test_timestamps_are_rfc3339_midnight_utc():
    assert timestamp(make("2407.06483", "2024-07")) == "2024-07-01T00:00:00Z"
    assert timestamp(make("2407.06483", "2024-07-09")) == "2024-07-09T00:00:00Z"
    # No date, or an unusable one: the month in the ID.
    assert timestamp(make("2407.06483", None)) == "2024-07-01T00:00:00Z"
    assert timestamp(make("2407.06483", "2024-13-40")) == "2024-07-01T00:00:00Z"
    assert timestamp(make("hep-th/9901001", None)) == "1999-01-01T00:00:00Z"


def test_newest_first_breaks_ties_by_id():
    # 2407.01178 (2024-07-01) and 2407.06483 (2024-07, so the first) share a date: lower ID first.
    assert [p.id for p in newest_first(PAPERS)] == NEWEST
    for seed in range(5):
        assert [p.id for p in newest_first(shuffled(PAPERS, seed))] == NEWEST


# Atom feed


def test_feed_reads_back_with_feedparser():
    feed = feedparser.parse(atom_feed(PAPERS, SITE, tags={"2311.08526": ["Named entities", "Encoders"]}))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Test catalog"
    assert feed.feed.subtitle == "Papers & more"
    assert feed.feed.id == "https://example.org/test/"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "https://example.org/test/feed.xml", "alternate": "https://example.org/test/"}
    assert feed.feed.updated == "2024-07-01T00:00:00Z"

    assert len(feed.entries) == 5
    assert [e.link for e in feed.entries] == [f"https://example.org/test/papers/{i}/" for i in NEWEST]
    assert [e.id for e in feed.entries] == [e.link for e in feed.entries]
    memory, composable, reft, gliner, quarknet = feed.entries
    assert memory.title == "Memory³: Language Modeling with Explicit Memory"  # TeX written out
    assert memory.title_detail.type == "text/plain"
    assert memory.published == memory.updated == "2024-07-01T00:00:00Z"
    assert composable.published_parsed[:6] == (2024, 7, 1, 0, 0, 0)
    assert quarknet.published_parsed[:3] == (1999, 1, 15)
    assert [a.name for a in quarknet.authors] == ["Jörg Ünal", "Zoë Ødegård", "李明"]
    assert [a.name for a in memory.authors] == ["Hongkang Yang", "Zehao Lin", "Wenjin Wang"]
    assert gliner.summary == "Abstract of 2311.08526."
    assert gliner.summary_detail.type == "text/plain"
    assert [t.term for t in gliner.tags] == ["Named entities", "Encoders", "cs.CL"]
    assert gliner.tags[-1].scheme == "http://arxiv.org/schemas/atom"
    assert "tags" not in reft  # a mapping is given and has no entry for it: no tags


def test_feed_is_well_formed_atom_for_elementtree():
    root = ET.fromstring(atom_feed(PAPERS, SITE))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"https://example.org/test/papers/{i}/" for i in NEWEST]
    for entry in entries:
        for name in ("title", "id", "updated", "published", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{ATOM}updated"))
        assert entry.findall(f"{ATOM}author")  # every entry has an author ...
    assert root.find(f"{ATOM}author") is None  # ... so the feed needs none
    # Without tags given, a paper's own tags are used.
    reft = entries[NEWEST.index("2404.03592")]
    assert [c.get("term") for c in reft.findall(f"{ATOM}category")] == ["Fine-tuning"]


def test_feed_limit_keeps_the_newest_and_the_feed_date():
    feed = feedparser.parse(atom_feed(shuffled(PAPERS, 1), SITE, limit=2))
    assert [e.link.rsplit("/", 2)[-2] for e in feed.entries] == NEWEST[:2]
    assert feed.feed.updated == "2024-07-01T00:00:00Z"
    empty = feedparser.parse(atom_feed(PAPERS, SITE, limit=0))
    assert empty.entries == []
    assert empty.feed.updated == "2024-07-01T00:00:00Z"  # the catalog's newest date, entries shown or not
    with pytest.raises(ValueError, match="limit"):
        atom_feed(PAPERS, SITE, limit=-1)


def test_feed_escapes_hostile_text_and_drops_characters_xml_cannot_hold():
    hostile = make(
        "2401.00001",
        "2024-01-02",
        title=HOSTILE,
        abstract=HOSTILE,
        authors=(HOSTILE, "]]>"),
        category="cs.<b>",
        tags=("<i>&", "\x00"),
    )
    text = atom_feed([hostile], Settings(site_name="A & <B>", site_url="https://example.org/", site_description="]]>"))
    assert "<script>" not in text and "]]>" not in text
    assert not re.search("[\x00-\x08\ufffe]", text)
    root = ET.fromstring(text)  # well-formed
    assert root.findtext(f"{ATOM}title") == "A & <B>"
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    entry = feed.entries[0]
    cleaned = "<script>alert(1)</script> & ]]> end"
    assert entry.title == cleaned
    assert entry.summary == "<script>alert(1)</script> & ]]>   end"  # abstracts keep their spacing
    assert [a.name for a in entry.authors] == [cleaned, "]]>"]
    assert [t.term for t in entry.tags] == ["<i>&", "cs.<b>"]  # the tag that was only a control character is gone


def test_feed_of_papers_without_authors_names_the_catalog():
    text = atom_feed([make("2401.00001", "2024-01", authors=()), make("2401.00002", "2024-01", authors=(" ",))], SITE)
    root = ET.fromstring(text)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Test catalog"
    assert all(e.find(f"{ATOM}author") is None for e in root.findall(f"{ATOM}entry"))
    assert feedparser.parse(text).bozo == 0


def test_feed_needs_an_absolute_site_url():
    for url in ("", "   ", "/", "example.org/test/"):
        with pytest.raises(ValueError, match="site_url"):
            atom_feed(PAPERS, Settings(site_url=url))
    # A hand-made setting without the trailing slash still gives proper links.
    feed = feedparser.parse(atom_feed(PAPERS, Settings(site_url="https://example.org/test")))
    assert feed.entries[0].link == "https://example.org/test/papers/2407.01178/"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == "https://example.org/test/feed.xml"


def test_empty_catalog_gives_a_valid_feed():
    feed = feedparser.parse(atom_feed([], SITE))
    assert feed.bozo == 0 and feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00Z"


def test_feed_is_deterministic():
    first = atom_feed(PAPERS, SITE)
    assert atom_feed(PAPERS, SITE) == first
    for seed in range(5):
        assert atom_feed(shuffled(PAPERS, seed), SITE) == first
    assert first.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')
    assert first.endswith("</feed>\n")


# JSON


def test_catalog_json_round_trip():
    tags = {p.id: [f"tag of {p.id}", "Ω"] for p in PAPERS}
    text = catalog_json(PAPERS, tags=tags, site_url="https://example.org/test/")
    data = json.loads(text)
    assert data["count"] == 5
    assert [p["id"] for p in data["papers"]] == NEWEST
    memory = data["papers"][0]
    assert memory == {
        "id": "2407.01178",
        "version": "v2",
        "title": "Memory³: Language Modeling with Explicit Memory",
        "title_tex": "$\\text{Memory}^3$: Language Modeling with Explicit Memory",
        "title_derived": False,
        "authors": ["Hongkang Yang", "Zehao Lin", "Wenjin Wang"],
        "date": "2024-07-01",
        "category": None,
        "code_url": None,
        "abstract": "Abstract of 2407.01178.",
        "tags": ["tag of 2407.01178", "Ω"],
        "url": "https://example.org/test/papers/2407.01178/",
        "arxiv_url": "https://arxiv.org/abs/2407.01178v2",
        "pdf_url": "https://arxiv.org/pdf/2407.01178v2",
    }
    by_id = {p["id"]: p for p in data["papers"]}
    assert by_id["2311.08526"]["code_url"] == "https://github.com/urchade/GLiNER"
    assert by_id["2311.08526"]["category"] == "cs.CL"
    assert by_id["hep-th/9901001"]["url"] == "https://example.org/test/papers/hep-th/9901001/"
    assert by_id["hep-th/9901001"]["arxiv_url"] == "https://arxiv.org/abs/hep-th/9901001"
    for original in PAPERS:
        record = by_id[original.id]
        assert (record["title_tex"], tuple(record["authors"]), record["date"], record["abstract"]) == (
            original.title,
            original.authors,
            original.date,
            original.abstract,
        )


def test_catalog_json_is_compact_utf8_one_paper_a_line():
    text = catalog_json(PAPERS)
    assert "Zoë Ødegård" in text and "李明" in text and "\\u" not in text  # ensure_ascii=False
    assert text.endswith("]}\n")
    lines = text.splitlines()
    assert len(lines) == 2 + len(PAPERS)
    assert all(json.loads(line.rstrip(","))["id"] for line in lines[1:-1])
    data = json.loads(text)
    assert all(p["url"] is None for p in data["papers"])  # no site_url: no page address
    assert {p["id"]: p["tags"] for p in data["papers"]}["2404.03592"] == ["Fine-tuning"]  # the paper's own tags
    assert json.loads(catalog_json([])) == {"count": 0, "papers": []}


def test_catalog_json_keeps_hostile_text_as_data():
    text = catalog_json([make("2401.00001", "2024-01", title=HOSTILE, abstract='"}],"count":9')])
    data = json.loads(text)
    assert data["count"] == 1
    assert data["papers"][0]["title"] == HOSTILE
    assert data["papers"][0]["abstract"] == '"}],"count":9'


def test_catalog_json_is_deterministic():
    first = catalog_json(PAPERS, site_url="https://example.org/test/")
    for seed in range(5):
        assert catalog_json(shuffled(PAPERS, seed), site_url="https://example.org/test/") == first


# BibTeX


TRICKY = (
    make("2401.00001", "2024-01", title="R&D at 50% for #1 in snake_case with {Braces}", authors=("Ann Author",)),
    make("2401.00002", "2024-01", title="R&D again", authors=("Ann Author",)),  # the same key as above
    make("2401.00003", "2024-01", title="}, note={pwned", authors=("Eve}, note={x",)),
)


def decoded(value: str) -> str:
    """Undo the escapes ``cite`` adds to plain text."""
    return re.sub(r"\\([&%#_$])", r"\1", value.replace("\\^{}", "^"))


def test_bibliography_reads_back_with_bibtexparser():
    papers = PAPERS + TRICKY
    keys = unique_bibtex_keys(papers)
    text = bibliography(shuffled(papers, 3), keys)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(papers) == len(library.blocks)
    found = [e.key for e in library.entries]
    assert found == sorted(found) and len(set(found)) == len(found)
    assert {e.key: e["eprint"] for e in library.entries} == {keys[p.id]: p.id for p in papers}
    entries = {e["eprint"]: e for e in library.entries}
    for original in papers:
        entry = entries[original.id]
        assert set(entry.fields_dict) <= {"title", "author", "year", "eprint", "archivePrefix", "primaryClass", "url"}
        assert entry["author"].split(" and ") == list(original.authors) or original.id == "2401.00003"
    assert entries["hep-th/9901001"]["author"] == "Jörg Ünal and Zoë Ødegård and 李明"
    # Capitals and math protected for styles, math made for the LaTeX kernel (test_cite.py).
    assert entries["2407.01178"]["title"] == "{$\\mbox{Memory}^3$}: Language Modeling with Explicit Memory"
    assert decoded(entries["2401.00001"]["title"]) == "{R&D} at 50% for #1 in snake_case with {Braces}"
    assert entries["2401.00001"]["title"] == "{R\\&D} at 50\\% for \\#1 in snake\\_case with {Braces}"
    assert entries["2401.00003"]["title"] == ", note=pwned"
    assert entries["2401.00003"]["author"] == "Eve{,} note=x"
    assert [keys[p.id] for p in TRICKY[:2]] == ["author2024rd", "author2024rda"]


def test_bibliography_layout():
    keys = unique_bibtex_keys(PAPERS[:2])
    assert keys == {"2311.08526": "zaratiana2023gliner", "2407.01178": "yang2024language"}
    text = bibliography(PAPERS[:2], keys)
    first, second = PAPERS[1], PAPERS[0]  # by key
    assert text == bibtex_entry(first, keys[first.id]) + "\n\n" + bibtex_entry(second, keys[second.id]) + "\n"
    assert bibliography([], {}) == ""


def test_bibliography_keys_default_and_are_checked():
    assert bibliography(PAPERS) == bibliography(PAPERS, unique_bibtex_keys(PAPERS))
    with pytest.raises(ValueError, match="no BibTeX key for 2311.08526"):
        bibliography(PAPERS, {p.id: f"k{n}" for n, p in enumerate(PAPERS) if p.id != "2311.08526"})
    with pytest.raises(ValueError, match="BibTeX key 'same' given to both"):
        bibliography(PAPERS[:2], {p.id: "same" for p in PAPERS[:2]})
    with pytest.raises(ValueError, match="invalid BibTeX key"):
        bibliography(PAPERS[:1], {PAPERS[0].id: "not a key"})
    with pytest.raises(ValueError, match="duplicate arXiv IDs: 2311.08526"):
        bibliography([PAPERS[0], PAPERS[0]])


def test_bibliography_is_deterministic():
    first = bibliography(PAPERS + TRICKY)
    for seed in range(5):
        assert bibliography(shuffled(PAPERS + TRICKY, seed)) == first


# RIS


def read_ris(text: str) -> list[dict[str, list[str]]]:
    """A small RIS reader: lines ``XX  - value`` ending in CR LF, records from TY to ER."""
    assert "\n" not in text.replace("\r\n", "")  # CR LF throughout
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in text.split("\r\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, line
        tag, value = match.groups()
        if tag == "TY":
            assert current is None
            current = {}
        assert current is not None, line
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None
    return records


def test_catalog_ris_has_one_record_per_paper_in_bibliography_order():
    papers = PAPERS + TRICKY
    keys = unique_bibtex_keys(papers)
    text = catalog_ris(shuffled(papers, 2), keys)
    assert text == catalog_ris(papers, keys) == catalog_ris(papers)
    records = read_ris(text)
    assert len(records) == len(papers)
    assert [r["ID"][0] for r in records] == sorted(keys.values())
    assert [r["ID"][0] for r in records] == [e.key for e in bibtexparser.parse_string(bibliography(papers, keys)).entries]
    by_id = {r["AN"][0]: r for r in records}
    assert set(by_id) == {f"arXiv:{p.id}" for p in papers}
    gliner = by_id["arXiv:2311.08526"]
    assert gliner["TY"] == ["GEN"]
    assert gliner["AU"] == ["Zaratiana, Urchade", "Tomeh, Nadi"]
    assert gliner["TI"] == ["GLiNER: Generalist Model for Named Entity Recognition"]
    assert (gliner["PY"], gliner["DA"]) == (["2023"], ["2023/11/14/"])
    assert gliner["UR"] == ["https://arxiv.org/abs/2311.08526"]
    assert by_id["arXiv:2407.01178"]["TI"] == ["Memory³: Language Modeling with Explicit Memory"]
    assert by_id["arXiv:2401.00003"]["TI"] == ["}, note={pwned"]  # RIS has no syntax a title can break


def test_catalog_ris_empty_and_keys_checked():
    assert catalog_ris([], {}) == ""
    with pytest.raises(ValueError, match="no BibTeX key for 2311.08526"):
        catalog_ris(PAPERS, {p.id: f"k{n}" for n, p in enumerate(PAPERS) if p.id != "2311.08526"})


def test_catalog_ris_values_stay_on_their_line():
    hostile = make("2401.00009", "2024-01-09", title="Two\nlines\r\nER  - \x00", authors=("A\nB", "TY  - JOUR"))
    (record,) = read_ris(catalog_ris([hostile]))
    assert record["TI"] == ["Two lines ER -"]
    assert record["AU"] == ["B, A", "JOUR, TY -"]

