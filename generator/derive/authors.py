"""Authors: who wrote which papers of the catalog, one page per person where the names
allow it.

Names are all a catalog gives, so two rules, both cautious:

- Spellings that differ only in accents, case, dots or hyphens ("José García",
  "Jose Garcia", "José  García") are one author.
- A name with initials only ("J. García", "J.M. García") joins the full name it
  abbreviates when exactly one full name in the catalog fits (same family name, given
  names starting with those initials). When two fit ("Jian Wang", "Jun Wang"), or none,
  it stays an author of its own: merging would put one person's papers on another's page.

Different people who write their names the same way cannot be told apart from names
alone; their page says so ("papers by authors named ...").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.models import Paper

# Names of pages beside the authors' own in authors/: no author's page may take them.
RESERVED = frozenset({"index", "letters"})
_SEPARATORS = re.compile(r"[\s.\-‐‑]+")


@dataclass(frozen=True, slots=True)
class Author:
    slug: str
    name: str  # the spelling the catalog uses most
    family: str
    papers: tuple[str, ...]  # arXiv IDs, in catalog order
    variants: tuple[str, ...]  # other spellings merged into this author


@dataclass(frozen=True, slots=True)
class Authors:
    by_slug: dict[str, Author]
    of_paper: dict[str, tuple[str, ...]]  # arXiv ID -> author slugs, in byline order
    by_key: dict[str, str]  # a name as ``_fold`` writes it -> the slug of its author

    def slug_for(self, name: str) -> str | None:
        """The slug of the author page of a name as a paper writes it."""
        return self.by_key.get(_fold(name))

    def ordered(self) -> list[Author]:
        """By family name, then name (accents folded), as a library's index orders them."""
        return sorted(self.by_slug.values(), key=lambda a: (_fold(a.family), _fold(a.name), a.slug))


def _fold(text: str) -> str:
    """Lowercase ASCII letters and digits, words separated by one space."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(part for part in _SEPARATORS.split(folded) if part)


def _slug(text: str) -> str:
    return _fold(text).replace(" ", "-")[:80].strip("-")


def _given(name: str, family: str) -> str:
    """The given names: the name without its family name (wherever it stands)."""
    if family and name.endswith(family):
        return name[: -len(family)].strip(" ,")
    if family and name.startswith(family):
        return name[len(family) :].strip(" ,")
    return name


def _is_initials(given_key: str) -> bool:
    return bool(given_key) and all(len(part) == 1 for part in given_key.split())


def _initials(given_key: str) -> str:
    return "".join(part[0] for part in given_key.split())


def catalog_authors(papers: Sequence[Paper]) -> Authors:
    """Every author of the catalog, each with their papers."""
    # key (folded full name) -> spellings seen, family name, papers
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    family_of: dict[str, str] = {}
    given_of: dict[str, str] = {}
    papers_of: dict[str, list[str]] = defaultdict(list)
    bylines: dict[str, list[str]] = {}
    for paper in papers:
        keys = []
        families = paper.family_names if len(paper.family_names) == len(paper.authors) else ("",) * len(paper.authors)
        for name, family in zip(paper.authors, families, strict=True):
            key = _fold(name)
            if not key:
                continue
            spellings[key][name] += 1
            family_key = _fold(family) if family else key.split()[-1]
            family_of.setdefault(key, family_key)
            given_of.setdefault(key, _fold(_given(name, family)) if family else " ".join(key.split()[:-1]))
            if paper.id not in papers_of[key]:
                papers_of[key].append(paper.id)
            if key not in keys:
                keys.append(key)
        bylines[paper.id] = keys

    # Initials join the one full name they abbreviate, if there is exactly one.
    full_by_family: dict[str, list[str]] = defaultdict(list)
    for key in spellings:
        if not _is_initials(given_of[key]):
            full_by_family[family_of[key]].append(key)
    merged_into: dict[str, str] = {}
    for key in spellings:
        given = given_of[key]
        if not _is_initials(given):
            continue
        initials = _initials(given)
        fits = [
            full for full in full_by_family.get(family_of[key], ())
            if _initials(given_of[full]).startswith(initials) and given_of[full]
        ]
        if len(fits) == 1:
            merged_into[key] = fits[0]

    groups: dict[str, list[str]] = defaultdict(list)
    for key in spellings:
        groups[merged_into.get(key, key)].append(key)

    by_slug: dict[str, Author] = {}
    slug_of: dict[str, str] = {}
    for head in sorted(groups, key=lambda k: (-sum(spellings[k].values()), k)):
        members = groups[head]
        counts: Counter[str] = Counter()
        for member in members:
            counts.update(spellings[member])
        # The full name's most used spelling names the page (ties: the one with accents).
        own = spellings[head]
        name = max(own, key=lambda s: (own[s], len(s.encode()), s))
        slug = base = _slug(name) or "author"
        number = 2
        while slug in by_slug or slug in RESERVED:
            slug = f"{base}-{number}"
            number += 1
        seen: list[str] = []
        for member in members:
            for paper_id in papers_of[member]:
                if paper_id not in seen:
                    seen.append(paper_id)
        by_slug[slug] = Author(
            slug=slug,
            name=name,
            family=family_of[head],
            papers=tuple(seen),
            variants=tuple(sorted(s for s in counts if s != name)),
        )
        for member in members:
            slug_of[member] = slug
    of_paper = {
        paper_id: tuple(dict.fromkeys(slug_of[key] for key in keys)) for paper_id, keys in bylines.items()
    }
    return Authors(by_slug, of_paper, slug_of)
