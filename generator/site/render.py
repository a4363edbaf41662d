"""Rendering: the listing pages (home, all papers, tags, archive, categories, feeds) from the
whole catalog, already derived, and the Jinja2 environment every page template uses.

Templates hold layout only; everything they print is escaped by ``markup.finalize``
unless this module marks it as ``Markup``.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.config import Settings
from generator.derive import Derived
from generator.models import Paper
from generator.site import markup
from generator.site.addresses import link, page_url, paper_url
from generator.site.cite import bibtex_entry, unique_bibtex_keys
from generator.site.exports import atom_feed, bibliography, catalog_json, newest_first

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
DESCRIPTION_CHARS = 200
# An arXiv category (cs.CL, hep-th, math.GT); anything else gets no category page.
CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")
MONTHS = "January February March April May June July August September October November December".split()


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the pages are rendered from, gathered before any page is rendered."""

    papers: tuple[Paper, ...]
    settings: Settings
    derived: Derived
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def newest_first(self) -> list[Paper]:
        return newest_first(self.papers)

    @property
    def bibtex_keys(self) -> dict[str, str]:
        """arXiv ID -> BibTeX key, unique in the catalog (made once, used by several pages)."""
        if "keys" not in self._cache:
            self._cache["keys"] = unique_bibtex_keys(self.papers)
        return self._cache["keys"]


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        finalize=markup.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # HTML autoescaping is not enough for Markdown output; `finalize` escapes instead.
        autoescape=False,  # noqa: S701
    )
    env.filters.update(
        yaml_string=markup.yaml_string,
        url=markup.url,
        pre_block=markup.pre_block,
        # A title is printed on several listing pages: escape it once.
        rich=functools.lru_cache(maxsize=1 << 16)(markup.rich_text),

        link=link,
        derived_mark=derived_mark,
        page_url=page_url,
        paper_url=paper_url,
        description=description,
        month_name=month_name,
    )
    return env


def render_site(catalog: Catalog, env: Environment | None = None) -> dict[str, str]:
    """Every generated file except the paper pages: path below the docs folder -> text."""
    env = env or environment()
    derived = catalog.derived
    newest = catalog.newest_first
    pages: dict[str, str] = {}

    keys = catalog.bibtex_keys
    entries = {paper.id: bibtex_entry(paper, keys[paper.id]) for paper in catalog.papers}

    pages["index.md"] = env.get_template("home.md.j2").render(
        page="index.md",
        settings=catalog.settings,
        count=len(newest),
        newest=newest[: catalog.settings.newest_count],
        tag_count=len(derived.all_tags),
    )
    pages["papers/index.md"] = env.get_template("all_papers.md.j2").render(
        page="papers/index.md", papers=newest, tags=derived.tags
    )

    members: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        for tag in derived.tags.get(paper.id, ()):
            members[tag.slug].append(paper)
    tag_template = env.get_template("tag.md.j2")
    for tag in derived.all_tags:
        page = f"tags/{tag.slug}.md"
        pages[page] = tag_template.render(page=page, tag=tag, papers=members[tag.slug])
    for tag in derived.all_tags:
        pages[f"tags/{tag.slug}.bib"] = bibliography(members[tag.slug], keys, entries)
    pages["tags/index.md"] = env.get_template("tags.md.j2").render(
        page="tags/index.md", tags=[(tag, len(members[tag.slug])) for tag in derived.all_tags]
    )

    years: dict[str, list[Paper]] = defaultdict(list)
    months: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        if paper.year:
            years[paper.year].append(paper)
        if paper.month:
            months[paper.month].append(paper)
    for year, papers in years.items():
        page = f"archive/{year}.md"
        year_months = sorted({p.month for p in papers if p.month}, reverse=True)
        pages[page] = env.get_template("year.md.j2").render(
            page=page, year=year, papers=papers, months=[(m, len(months[m])) for m in year_months]
        )
    for month, papers in months.items():
        page = f"archive/{month}.md"
        pages[page] = env.get_template("month.md.j2").render(page=page, month=month, papers=papers)
    pages["archive/index.md"] = env.get_template("archive.md.j2").render(
        page="archive/index.md",
        years=[
            (year, len(years[year]), [(m, len(months[m])) for m in sorted(months, reverse=True) if m[:4] == year])
            for year in sorted(years, reverse=True)
        ],
    )

    tags_by_paper = {paper_id: [t.name for t in tags] for paper_id, tags in derived.tags.items()}
    pages["catalog.bib"] = bibliography(catalog.papers, keys, entries)
    if catalog.settings.site_url:  # Atom needs absolute addresses
        pages["feed.xml"] = atom_feed(catalog.papers, catalog.settings, tags=tags_by_paper)
    pages["papers.json"] = catalog_json(catalog.papers, tags_by_paper, catalog.settings.site_url)

    categories: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        # A paper is on the page of each of its categories, cross-lists included.
        for category in paper.categories or ((paper.category,) if paper.category else ()):
            if CATEGORY.fullmatch(category):
                categories[category].append(paper)
    for category, papers in categories.items():
        page = f"categories/{category}.md"
        pages[page] = env.get_template("category.md.j2").render(page=page, category=category, papers=papers)
    pages["categories/index.md"] = env.get_template("categories.md.j2").render(
        page="categories/index.md",
        categories=[(c, len(categories[c])) for c in sorted(categories)],
        uncategorised=sum(
            1 for p in newest if not any(CATEGORY.fullmatch(c) for c in p.categories or (p.category or "",))
        ),
    )
    return pages


def derived_mark(paper: Paper) -> Markup:
    """What follows a title the site derived from the abstract, wherever it is listed."""
    if not paper.title_derived:
        return Markup("")
    return Markup(' <span class="title-derived">(title from the abstract)</span>')


def description(text: str) -> str:
    """The start of the abstract, cut at a word boundary, for meta descriptions."""
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def month_name(month: str) -> str:
    """``2024-07`` -> ``July 2024``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"
