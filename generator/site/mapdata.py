"""What the map page draws: ``map/points.json``, compact and column by column.

::

    {"scale": 10000,                      coordinates are integers from 0 to scale
     "tags": [[slug, name], ...],          the catalog's tags, in taxonomy order
     "categories": ["cs.CL", ...],         primary categories, sorted
     "id": [...], "x": [...], "y": [...],  the placed papers, in ID order
     "year": [2024, 0, ...],               0: no date
     "category": [0, -1, ...],             index into categories, -1: none
     "tag": [[3, 7], [], ...],             indexes into tags
     "regions": [[x, y, name, papers], ...],  named regions, largest first
     "region": [0, -1, ...],               each paper's named region, -1: none
     "unplaced": 2}                        papers with no word or tag to place them

Titles are not here: the page takes them from ``papers/list.json`` once it has drawn
(at 10,000 papers they would weigh more than everything else together).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from generator.derive import TagInfo
from generator.derive.layout import SCALE, MapLayout
from generator.models import Paper


def points_json(
    layout: MapLayout, papers: Sequence[Paper], tags: Mapping[str, Sequence[TagInfo]], all_tags: Sequence[TagInfo]
) -> str:
    by_id = {paper.id: paper for paper in papers}
    tag_numbers = {tag.slug: number for number, tag in enumerate(all_tags)}
    placed = [by_id[paper_id] for paper_id in layout.ids]
    categories = sorted({paper.category for paper in placed if paper.category})
    category_numbers = {category: number for number, category in enumerate(categories)}
    data = {
        "scale": SCALE,
        "tags": [[tag.slug, tag.name] for tag in all_tags],
        "categories": categories,
        "id": list(layout.ids),
        "x": list(layout.x),
        "y": list(layout.y),
        "year": [int(paper.year) if paper.year else 0 for paper in placed],
        "category": [category_numbers.get(paper.category, -1) if paper.category else -1 for paper in placed],
        "tag": [[tag_numbers[t.slug] for t in tags.get(paper.id, ()) if t.slug in tag_numbers] for paper in placed],
        "regions": [[r.x, r.y, r.name, r.size] for r in layout.regions],
        "region": list(layout.region),
        "unplaced": len(layout.unplaced),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
