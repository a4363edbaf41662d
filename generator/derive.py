"""Derivation: what is known only once the whole catalog is read.

Tags (taxonomy rules plus tags given in the input), mentions between papers, and
related papers. Runs after enrichment and before any page is rendered.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from generator.links import Mention, find_mentions
from generator.models import Paper
from generator.related import Related, related_papers
from generator.taxonomy import Taxonomy, assign_tags


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


def derive(papers: Sequence[Paper], taxonomy: Taxonomy) -> Derived:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    tags = {p.id: paper_tags(p, taxonomy) for p in papers}
    known: dict[str, TagInfo] = {}
    for paper_tags_ in tags.values():
        for tag in paper_tags_:
            known.setdefault(tag.slug, tag)
    order = {tag.slug: k for k, tag in enumerate(taxonomy.tags)}
    all_tags = tuple(sorted(known.values(), key=lambda t: (order.get(t.slug, len(order)), t.slug)))
    timings["tags"] = time.perf_counter() - started

    started = time.perf_counter()
    mention_list = find_mentions(papers)
    mentions: dict[str, list[Mention]] = {}
    mentioned_by: dict[str, set[str]] = {}
    for mention in mention_list:
        mentions.setdefault(mention.source, []).append(mention)
        mentioned_by.setdefault(mention.target, set()).add(mention.source)
    timings["mentions"] = time.perf_counter() - started

    started = time.perf_counter()
    related = related_papers(
        papers,
        {paper_id: [t.slug for t in paper_tags_] for paper_id, paper_tags_ in tags.items()},
        {(m.source, m.target) for m in mention_list},
    )
    timings["related"] = time.perf_counter() - started
    return Derived(
        tags=tags,
        all_tags=all_tags,
        mentions={k: tuple(v) for k, v in mentions.items()},
        mentioned_by={k: tuple(sorted(v)) for k, v in mentioned_by.items()},
        related=related,
        timings=timings,
    )


def paper_tags(paper: Paper, taxonomy: Taxonomy) -> tuple[TagInfo, ...]:

    """Tags given in the input first (mapped onto the taxonomy where they match it),
    then the taxonomy's own matches, up to the taxonomy's maximum in all."""
    chosen: dict[str, TagInfo] = {}
    for text in paper.tags:
        tag = taxonomy.by_name_or_slug(text)
        info = TagInfo(tag.slug, tag.name, tag.description) if tag else TagInfo(slugify(text), text, "")
        if info.slug:
            chosen.setdefault(info.slug, info)
    for slug in assign_tags(taxonomy, paper.title, paper.abstract):
        if len(chosen) >= max(taxonomy.max_tags, len(paper.tags)):
            break
        tag = taxonomy.by_slug(slug)
        chosen.setdefault(slug, TagInfo(tag.slug, tag.name, tag.description))
    return tuple(chosen.values())


def slugify(text: str) -> str:
    """URL-safe slug of a free tag: lowercase ASCII letters and digits with hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60]
