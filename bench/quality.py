"""Quality on judged sets: is what the pages say right?

    .venv/bin/python -m bench.quality            (or `make quality`)

Prints, for every judged set in ``tests/fixtures/judged/`` and every real catalog in
``tests/fixtures/catalogs/``, the figures the tests hold to their limits: precision of
related papers, mention edges and tags, how many related papers each paper shows,
how often related papers cross fields, glued words repaired and wrongly split, raw
TeX left in text. The same functions are used by ``tests/test_quality.py``.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import json
import re
import statistics
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.build import check_catalog
from generator.config import Settings
from generator.derive import Derived, derive
from generator.derive.related import _archives
from generator.derive.taxonomy import load_taxonomy
from generator.models import Paper
from generator.site.texmath import find_math

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CATALOGS = FIXTURES / "catalogs"
JUDGED = FIXTURES / "judged"
_WORDS = re.compile(r"[^\W_]+")
_TEX_COMMAND = re.compile(r"\\(?:[A-Za-z]{2,}|[\"'`^~=.][A-Za-z{])")


@dataclass(frozen=True, slots=True)
class Analysed:
    papers: tuple[Paper, ...]
    derived: Derived

    @property
    def by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}


def settings_for(root: Path = REPO, metadata: str = "") -> Settings:
    return Settings(root=root, metadata=metadata, inputs=())


def read(inputs: Sequence[Path], metadata: str = "") -> tuple[Paper, ...]:
    report, _ = check_catalog(settings_for(metadata=metadata), [str(p) for p in inputs])
    return report.papers


def analyse(inputs: Sequence[Path], metadata: str = "") -> Analysed:
    papers = read(inputs, metadata)
    return Analysed(papers, derive(papers, load_taxonomy(REPO / "site_config" / "taxonomy.yml")))


# --- glued words --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GlueResult:
    """Glued words repaired, and words wrongly changed, on one catalog."""

    joins: int  # line breaks between two words, joined without a space
    unrepaired: int  # of those, joins the cleaned text still has
    words: int  # words of the catalog's clean version
    wrongly_split: int  # words of the clean version that cleaning split or changed
    examples: tuple[tuple[str, str], ...] = ()

    @property
    def repaired_share(self) -> float:
        return (self.joins - self.unrepaired) / self.joins if self.joins else 1.0

    @property
    def wrong_share(self) -> float:
        return self.wrongly_split / self.words if self.words else 0.0


def line_broken_rows(path: Path) -> list[dict]:
    """The rows of a JSON-lines or CSV catalog whose abstracts keep arXiv's line breaks
    (rows without an abstract left out)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if isinstance(row.get("abstract"), str) and row["abstract"].strip()]


def glue_result(path: Path) -> GlueResult:
    """The catalog read twice: with its line breaks as spaces (the clean version), and
    with every line break joined without a space, as in a copy that lost them.

    A glued word is a line break between two words (letters on both sides, outside
    math); it is repaired when the cleaned glued copy no longer has the two words joined
    (``left`` + ``right`` as one run of letters) where the cleaned clean copy does not
    either. Words wrongly split: runs the cleaned glued copy cut in two that the clean
    copy has whole (word sequences aligned)."""
    rows = line_broken_rows(path)
    clean_rows = [{**row, "abstract": _join_lines(row["abstract"], " ")} for row in rows]
    glued_rows = [{**row, "abstract": _join_lines(row["abstract"], "")} for row in rows]
    clean = {p.id: p.abstract for p in _read_rows(clean_rows, path.name)}
    glued = {p.id: p.abstract for p in _read_rows(glued_rows, path.name)}
    joins = unrepaired = wrong = words = 0
    examples = []
    for row in rows:
        paper_id = _id_of(row)
        if paper_id not in glued:
            continue
        for left, right in _word_joins(row["abstract"]):
            joins += 1
            joined = re.compile(rf"(?<![A-Za-z]){re.escape(left + right)}(?![A-Za-z])")
            if len(joined.findall(glued[paper_id])) > len(joined.findall(clean[paper_id])):
                unrepaired += 1
                examples.append((f"{left} {right}", left + right))
        words += len(clean[paper_id].split())
        for before, after in word_changes(clean[paper_id], glued[paper_id]):
            if len(after.split()) > len(before.split()):
                wrong += len(after.split()) - len(before.split())
                examples.append((before, after))
    return GlueResult(joins, unrepaired, words, wrong, tuple(examples))


def _word_joins(abstract: str) -> list[tuple[str, str]]:
    """(last word of a line, first word of the next) where both are words outside math."""
    found = []
    text = abstract.strip()
    for match in re.finditer(r"([A-Za-z]+)\n\s*([A-Za-z]+)", text):
        before = text[: match.start(1)]
        if before.count("$") % 2 == 0 and not before.endswith("\\"):
            found.append((match.group(1), match.group(2)))
    return found


def clean_change(path: Path) -> GlueResult:
    """Words of a catalog with no lost spaces that cleaning changes beyond TeX: the
    abstracts as written (TeX turned into Unicode, white space collapsed) against the
    cleaned ones, word by word (runs of letters and digits)."""
    from generator.catalog.clean import clean_text
    from generator.catalog.latex import tex_to_text

    rows = line_broken_rows(path)
    clean_rows = [{**row, "abstract": _join_lines(row["abstract"], " ")} for row in rows]
    written = {_id_of(row): tex_to_text(clean_text(row["abstract"])) for row in clean_rows}
    words = changed = 0
    examples = []
    for paper in _read_rows(clean_rows, path.name):
        # Words as runs of letters and digits: a space taken from before a comma or put
        # after a full stop changes no word.
        before, after = " ".join(_WORDS.findall(written[paper.id])), " ".join(_WORDS.findall(paper.abstract))
        words += len(before.split())
        for old, new in word_changes(before, after):
            changed += max(len(old.split()), len(new.split()))
            examples.append((old, new))
    return GlueResult(0, 0, words, changed, tuple(examples))


def _join_lines(text: str, joiner: str) -> str:
    """Lines joined with ``joiner``; a line that ends with a hyphen joins the next without one."""
    return re.sub(r"(?<=-)\n\s*", "", text.strip()).replace("\n", joiner)


def _read_rows(rows: list[dict], name: str) -> tuple[Paper, ...]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).stem + ".jsonl")
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return read([path])


def _id_of(row: dict) -> str:
    from generator.catalog.ids import parse_arxiv_id

    return parse_arxiv_id(str(row.get("id") or row.get("arxiv_id") or row.get("url"))).canonical


def word_changes(before: str, after: str) -> list[tuple[str, str]]:
    """The words that differ between two versions of a text, as (before, after) pieces."""
    a, b = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    ]


def raw_tex(papers: Iterable[Paper]) -> list[tuple[str, str, str]]:
    """(paper, field, command) for every TeX command left outside math in a title, author or abstract."""
    found = []
    for paper in papers:
        fields = [("title", paper.title), ("abstract", paper.abstract)] + [("author", a) for a in paper.authors]
        for name, text in fields:
            outside = _outside_math(text)
            found += [(paper.id, name, m.group(0)) for m in _TEX_COMMAND.finditer(outside)]
    return found


def _outside_math(text: str) -> str:
    out, position = [], 0
    for span in find_math(text):
        out.append(text[position : span.start])
        position = span.end
    out.append(text[position:])
    return " ".join(out)


# --- judged sets: related papers, mentions, tags -------------------------------------------

BUNDLED = REPO / "content" / "000_3ed5e3014f54c171.txt"
# name: (catalog file, metadata overlay, judged file stem)
CATALOG_SETS = {
    "bundled": (BUNDLED, "content/metadata.yml", "bundled"),
    "physics_hep": (CATALOGS / "physics_hep.jsonl", "", "physics_hep"),
    "condmat": (CATALOGS / "condmat.jsonl", "", "condmat"),
    "math": (CATALOGS / "math.jsonl", "", "math"),
    "qbio": (CATALOGS / "qbio.csv", "", "qbio"),
    "mixed_fields": (CATALOGS / "mixed_fields.csv", "", "mixed_fields"),
    "software_engineering": (CATALOGS / "software_engineering.csv", "", "software_engineering"),
    "ml_other": (CATALOGS / "ml_other.bib", "", "ml_other"),
    "astro": (CATALOGS / "zotero_astro_galaxy_clusters.bib", "", "zotero_astro_galaxy_clusters"),
}


@functools.cache
def analysed(name: str) -> Analysed:
    """A judged catalog read and derived, as a build does (cached)."""
    path, metadata, _ = CATALOG_SETS[name]
    return analyse([path], metadata)


@dataclass(frozen=True, slots=True)
class RelatedResult:
    shown: int  # related entries shown for the judged papers
    right: int  # of those, judged "related"
    acceptable: int  # of those, judged "related" or "borderline"
    judged_related: int  # entries judged "related" for the judged papers
    per_paper: tuple[int, int, int]  # min, median, max entries per paper, whole catalog
    cross_field: int  # entries, whole catalog, between papers of no common arXiv archive
    with_fields: int  # entries, whole catalog, between papers whose archives are both known

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 1.0

    @property
    def acceptable_share(self) -> float:
        return self.acceptable / self.shown if self.shown else 1.0

    @property
    def cross_share(self) -> float:
        return self.cross_field / self.with_fields if self.with_fields else 0.0


def related_result(name: str, related: dict | None = None) -> RelatedResult:
    """Related papers of a catalog against its judgements (tests/fixtures/judged/related/)."""
    result = analysed(name)
    if related is None:
        related = {k: [r.id for r in v] for k, v in result.derived.related.items()}
    judged_file = JUDGED / "related" / f"{CATALOG_SETS[name][2]}.yml"
    judged = yaml.safe_load(judged_file.read_text(encoding="utf-8"))["queries"]
    shown = right = acceptable = judged_related = 0
    for query, judgement in judged.items():
        good = set(judgement.get("related") or [])
        fair = good | set(judgement.get("borderline") or [])
        for other in related.get(query, ()):
            shown += 1
            right += other in good
            acceptable += other in fair
        judged_related += len(good)
    counts = sorted(len(v) for v in related.values())
    by_id = result.by_id
    cross = with_fields = 0
    for paper_id, others in related.items():
        for other in others:
            a, b = _archives(by_id[paper_id]), _archives(by_id[other])
            if a and b:
                with_fields += 1
                cross += not a & b
    per_paper = (counts[0], int(statistics.median(counts)), counts[-1])
    return RelatedResult(shown, right, acceptable, judged_related, per_paper, cross, with_fields)


@dataclass(frozen=True, slots=True)
class MentionResult:
    found: int
    right: int
    wrong: tuple[tuple[str, str, str], ...]
    unjudged: tuple[tuple[str, str, str], ...]
    missed: tuple[tuple[str, str, str], ...]  # judged right, not found

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def mention_result(name: str) -> MentionResult:
    """Mention edges of a catalog against tests/fixtures/judged/mentions.yml."""
    result = analysed(name)
    catalogs = yaml.safe_load((JUDGED / "mentions.yml").read_text(encoding="utf-8"))["catalogs"]
    judged = catalogs[CATALOG_SETS[name][0].name]
    right = {tuple(edge[:2]) for edge in judged.get("right") or []}
    wrong = {tuple(edge[:2]) for edge in judged.get("wrong") or []}
    found = [(m.source, m.target, m.name) for ms in result.derived.mentions.values() for m in ms]
    edges = {(s, t) for s, t, _ in found}
    return MentionResult(
        len(found),
        sum((s, t) in right for s, t, _ in found),
        tuple(e for e in found if e[:2] in wrong),
        tuple(e for e in found if e[:2] not in wrong and e[:2] not in right),
        tuple(tuple(edge) for edge in judged.get("right") or [] if tuple(edge[:2]) not in edges),
    )


@dataclass(frozen=True, slots=True)
class TagResult:
    given: int  # vocabulary tags given to judged papers
    right: int
    judged_right: int  # tags judged right (or missing) for the judged papers
    wrong: tuple[tuple[str, str], ...]
    unjudged: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.right / self.given if self.given else 1.0


def tag_result(name: str) -> TagResult:
    """Vocabulary tags of a catalog against tests/fixtures/judged/tags/."""
    result = analysed(name)
    judged = yaml.safe_load((JUDGED / "tags" / f"{name}.yml").read_text(encoding="utf-8"))["papers"]
    taxonomy = load_taxonomy(REPO / "site_config" / "taxonomy.yml")
    vocabulary = {tag.slug for tag in taxonomy.tags}
    given = right = judged_right = 0
    wrong, unjudged = [], []
    for paper_id, judgement in judged.items():
        good = set(judgement.get("right") or []) | set(judgement.get("missing") or [])
        judged_right += len(good)
        for tag in result.derived.tags.get(paper_id, ()):
            if tag.slug not in vocabulary:
                continue
            given += 1
            if tag.slug in good:
                right += 1
            elif tag.slug in set(judgement.get("wrong") or []):
                wrong.append((paper_id, tag.slug))
            else:
                unjudged.append((paper_id, tag.slug))
    return TagResult(given, right, judged_right, tuple(wrong), tuple(unjudged))


def out_of_domain(name: str) -> tuple[int, int]:
    """(papers outside the vocabulary's domain, how many of them carry a vocabulary tag)."""
    result = analysed(name)
    taxonomy = load_taxonomy(REPO / "site_config" / "taxonomy.yml")
    vocabulary = {tag.slug for tag in taxonomy.tags}
    outside = [
        p for p in result.papers if (p.categories or p.category) and not taxonomy.covers(p.categories or (p.category,))
    ]
    tagged = sum(1 for p in outside if any(t.slug in vocabulary for t in result.derived.tags.get(p.id, ())))
    return len(outside), tagged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    print("Related papers (judged papers; whole catalog for entries per paper and cross-field):")
    for name in CATALOG_SETS:
        r = related_result(name)
        print(
            f"  {name}: {r.right}/{r.shown} related ({r.precision:.0%}), "
            f"{r.acceptable_share:.0%} related or borderline, "
            f"{r.right}/{r.judged_related} of the judged related shown; per paper {r.per_paper[0]}/{r.per_paper[1]}/"
            f"{r.per_paper[2]} (min/median/max); cross-field {r.cross_field}/{r.with_fields} ({r.cross_share:.0%})"
        )
    print("Mentions (judged edges):")
    for name in CATALOG_SETS:
        m = mention_result(name)
        print(f"  {name}: {m.right}/{m.found} right ({m.precision:.0%}); wrong {list(m.wrong)}")
    print("Tags (judged papers):")
    for name in ("bundled", "ml_other", "software_engineering"):
        t = tag_result(name)
        print(f"  {name}: {t.right}/{t.given} right ({t.precision:.0%}), {t.right}/{t.judged_right} judged right given")
    for name in CATALOG_SETS:
        outside, tagged = out_of_domain(name)
        if outside:
            print(f"  {name}: {tagged}/{outside} papers outside the vocabulary's domain carry a vocabulary tag")
    print("Glued words and clean text:")
    for path in sorted([*CATALOGS.glob("*.jsonl"), *CATALOGS.glob("*.csv")]):
        if sum("\n" in row["abstract"].strip() for row in line_broken_rows(path)) < 10:
            continue
        glued = glue_result(path)
        clean = clean_change(path)
        print(
            f"{path.name}: {glued.joins - glued.unrepaired}/{glued.joins} joins repaired ({glued.repaired_share:.1%}), "
            f"{glued.wrongly_split} words split that were whole; clean copy: {clean.wrongly_split} of "
            f"{clean.words} words changed ({clean.wrong_share:.2%})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
