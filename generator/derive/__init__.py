"""Derivation: what is known only once the whole catalog is read.

Tags (taxonomy rules plus tags given in the input), mentions between papers, and
related papers. Runs after enrichment and before any page is rendered.
"""

from __future__ import annotations

import contextlib
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from generator.derive.layout import MapLayout, map_layout
from generator.derive.links import Mention, find_mentions
from generator.derive.names import forget_names
from generator.derive.related import Related, TextSignals, related_papers, text_signals
from generator.derive.taxonomy import Taxonomy, assign_tags
from generator.forked import ChildFailed, Forked, worth_forking
from generator.models import Paper

# From this many papers, the text signals of related papers are computed in a child process.
PARALLEL_FROM = 4000


@dataclass(frozen=True, slots=True)
class TagInfo:
    slug: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Derived:
    tags: dict[str, tuple[TagInfo, ...]]
    all_tags: tuple[TagInfo, ...]
    mentions: dict[str, tuple[Mention, ...]]
    mentioned_by: dict[str, tuple[str, ...]]
    related: dict[str, tuple[Related, ...]]
    timings: dict[str, float]
    map: MapLayout


def derive(papers: Sequence[Paper], taxonomy: Taxonomy) -> Derived:
    timings: dict[str, float] = {}
    # The text signals of related papers need the papers only: on a second core, they
    # are computed while tags and mentions are found here.
    child = Forked(text_signals, papers) if worth_forking(len(papers), PARALLEL_FROM) else None
    with child or contextlib.nullcontext():
        started = time.perf_counter()
        infos = _tag_infos(taxonomy)
        matches = {
            p.id: assign_tags(taxonomy, p.title, p.abstract) for p in papers if taxonomy.covers(_categories(p))
        }
        fits = vocabulary_fits(papers, taxonomy, matches)
        tags = {p.id: paper_tags(p, taxonomy, infos, matches.get(p.id), fits) for p in papers}
        known: dict[str, TagInfo] = {}
        for paper_tags_ in tags.values():
            for tag in paper_tags_:
                known.setdefault(tag.slug, tag)
        order = {tag.slug: k for k, tag in enumerate(taxonomy.tags)}
        all_tags = tuple(sorted(known.values(), key=lambda t: (order.get(t.slug, len(order)), t.slug)))
        timings["tags"] = time.perf_counter() - started

        started = time.perf_counter()
        mention_list = find_mentions(papers)
        forget_names()  # the last reader of the abstracts' names, which enrichment began
        mentions: dict[str, list[Mention]] = {}
        mentioned_by: dict[str, set[str]] = {}
        for mention in mention_list:
            mentions.setdefault(mention.source, []).append(mention)
            mentioned_by.setdefault(mention.target, set()).add(mention.source)
        timings["mentions"] = time.perf_counter() - started

        started = time.perf_counter()
        broad = {tag.slug for tag in taxonomy.tags if tag.broad}
        specific = {paper_id: [t.slug for t in found if t.slug not in broad] for paper_id, found in tags.items()}
        signals = _signals(child) or text_signals(papers)
        related = related_papers(papers, specific, {(m.source, m.target) for m in mention_list}, signals=signals)
        timings["related"] = time.perf_counter() - started
    started = time.perf_counter()
    layout = map_layout(signals, specific)
    timings["map"] = time.perf_counter() - started
    return Derived(
        tags=tags,
        all_tags=all_tags,
        mentions={k: tuple(v) for k, v in mentions.items()},
        mentioned_by={k: tuple(sorted(v)) for k, v in mentioned_by.items()},
        related=related,
        timings=timings,
        map=layout,
    )


def _signals(child: Forked | None) -> TextSignals | None:
    """The text signals from the child, or None (then ``related_papers`` computes them,
    and raises any error that is real)."""
    if child is None:
        return None
    try:
        return child.result()[0]
    except ChildFailed:
        return None


# A catalog whose papers' categories are unknown fits the vocabulary when at least this
# share of them match one of its tags. Measured on the real catalogs of tests/fixtures
# with their categories set aside: 40-100 % for machine-learning ones, 1-7 % for
# physics, maths, biology and astronomy ones, whose few matches are all wrong
# ("quantum search" is not planning and search, nor Brownian motion a diffusion model).
FIT_SHARE = 0.2


def _categories(paper: Paper) -> tuple[str, ...]:
    return paper.categories or ((paper.category,) if paper.category else ())


def vocabulary_fits(papers: Sequence[Paper], taxonomy: Taxonomy, matches: dict[str, tuple[str, ...]]) -> bool:
    """Whether the vocabulary is for the papers of this catalog whose categories are
    unknown (which ``Taxonomy.covers`` lets through): at least ``FIT_SHARE`` of them
    match one of its tags by their text (``matches``: ``assign_tags`` of each covered
    paper) or have an input keyword that names one. Without a ``domain`` the vocabulary
    is for every paper."""
    unknown = [p for p in papers if not _categories(p)]
    if not taxonomy.domain or not unknown:
        return True
    fitting = sum(
        1 for p in unknown if matches.get(p.id) or any(taxonomy.for_keyword(k) is not None for k in p.keywords)
    )
    return fitting >= FIT_SHARE * len(unknown)


def paper_tags(
    paper: Paper,
    taxonomy: Taxonomy,
    infos: dict[str, TagInfo] | None = None,
    matches: tuple[str, ...] | None = None,
    fits: bool = True,
) -> tuple[TagInfo, ...]:
    """The metadata overlay's tags first (the site owner's: mapped onto the vocabulary
    where they name one of its tags, else kept as they are), then the input's keywords
    that name a vocabulary tag or that the taxonomy's ``input_tags`` publishes, then the
    vocabulary's matches, up to the taxonomy's maximum in all. A paper outside the
    vocabulary's domain gets none of its tags but the owner's; so does a paper whose
    categories are unknown when the catalog does not fit the vocabulary (``fits``, see
    ``vocabulary_fits``).

    ``infos``: ``_tag_infos(taxonomy)``, made once for a whole catalog; ``matches``: the
    paper's ``assign_tags``, if already computed."""
    infos = infos if infos is not None else _tag_infos(taxonomy)
    categories = _categories(paper)
    in_domain = taxonomy.covers(categories) and (fits or bool(categories))
    chosen: dict[str, TagInfo] = {}
    for text in paper.tags:
        tag = taxonomy.by_name_or_slug(text)
        info = TagInfo(tag.slug, tag.name, tag.description) if tag else TagInfo(slugify(text), text, "")
        if info.slug:
            chosen.setdefault(info.slug, info)
    for text in paper.keywords:
        tag = taxonomy.for_keyword(text) if in_domain else None
        if tag is not None:
            chosen.setdefault(tag.slug, TagInfo(tag.slug, tag.name, tag.description))
        elif taxonomy.keeps_input_tag(text) and slugify(text):
            chosen.setdefault(slugify(text), TagInfo(slugify(text), text, ""))
    if not in_domain:
        return tuple(chosen.values())
    for slug in matches if matches is not None else assign_tags(taxonomy, paper.title, paper.abstract):
        if len(chosen) >= max(taxonomy.max_tags, len(paper.tags)):
            break
        chosen.setdefault(slug, infos[slug])
    return tuple(chosen.values())


def unpublished_keywords(papers: Sequence[Paper], taxonomy: Taxonomy) -> dict[str, int]:
    """Input keywords that are no tag of the vocabulary and not in ``input_tags``, with how
    many papers have each: a reference manager's own ("unread", "Computer Science -
    Machine Learning") are not published unless the taxonomy says so."""
    counts: dict[str, int] = {}
    for paper in papers:
        for text in paper.keywords:
            if taxonomy.for_keyword(text) is None and not taxonomy.keeps_input_tag(text):
                counts[text] = counts.get(text, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


def _tag_infos(taxonomy: Taxonomy) -> dict[str, TagInfo]:
    """The ``TagInfo`` of every slug ``assign_tags`` may give."""
    infos = {}
    for tag in taxonomy.tags:
        found = taxonomy.by_slug(tag.slug)  # as before: the first tag of a slug, were there two
        if found is not None:
            infos[tag.slug] = TagInfo(found.slug, found.name, found.description)
    return infos


def slugify(text: str) -> str:
    """URL-safe slug of a free tag: lowercase ASCII letters and digits with hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60]
