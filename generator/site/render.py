"""Rendering: the listing pages (home, all papers, tags, archive, categories, feeds) from the
whole catalog, already derived, and the Jinja2 environment every page template uses.

Templates hold layout only; everything they print is escaped by ``markup.finalize``
unless this module marks it as ``Markup``.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.config import Settings
from generator.derive import Derived
from generator.derive.authors import Authors, catalog_authors
from generator.models import Paper
from generator.site import markup, preview
from generator.site.addresses import link, page_url, paper_url
from generator.site.cite import bibtex_entry, unique_bibtex_keys
from generator.site.exports import atom_feed, bibliography, catalog_json, catalog_ris, newest_first
from generator.site.mapdata import points_json
from generator.site.preview import preview_image

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
DESCRIPTION_CHARS = 200
# An arXiv category (cs.CL, hep-th, math.GT); anything else gets no category page.
CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")
# Rows on one page of a listing (all papers, a tag, a year, ...): the pages stay light at
# any catalog size, and the all-papers page filters the whole catalog in the browser.
PAGE_ROWS = 100
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
    def authors(self) -> Authors:
        """Every author with their papers (made once, used by several pages)."""
        if "authors" not in self._cache:
            self._cache["authors"] = catalog_authors(self.papers)
        return self._cache["authors"]

    @property
    def bibtex_keys(self) -> dict[str, str]:
        """arXiv ID -> BibTeX key, unique in the catalog (made once, used by several pages)."""
        if "keys" not in self._cache:
            self._cache["keys"] = unique_bibtex_keys(self.papers)
        return self._cache["keys"]

    @property
    def bibtex_entries(self) -> dict[str, str]:
        """arXiv ID -> BibTeX entry (made once: the catalog's and tags' files and the paper pages use them)."""
        if "entries" not in self._cache:
            keys = self.bibtex_keys
            self._cache["entries"] = {paper.id: bibtex_entry(paper, keys[paper.id]) for paper in self.papers}
        return self._cache["entries"]


@dataclass(frozen=True, slots=True)
class Pager:
    """Page ``number`` of ``count`` of a listing whose first page is at site path ``base``
    (``papers/``, ``tags/x/``); page n > 1 is at ``<base>page/<n>/``."""

    base: str
    number: int
    count: int
    size: int = PAGE_ROWS

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1

    def url(self, number: int, from_page: str) -> Markup:
        return page_url(self.base if number == 1 else f"{self.base}page/{number}/", from_page)

    def window(self) -> list[int | None]:
        """The page numbers to link: the first, the last, two either side of this one;
        None where numbers are left out."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for number in shown:
            if out and number - out[-1] > 1:
                out.append(None)
            out.append(number)
        return out

    @property
    def suffix(self) -> str:
        """What a page's title adds after the first page."""
        return f" (page {self.number} of {self.count})" if self.number > 1 else ""


def paginated(first_page: str, base: str, papers: Sequence[Paper]) -> list[tuple[str, list[Paper], Pager]]:
    """A listing cut into pages of ``PAGE_ROWS``: (Markdown path, papers, pager) for each.
    ``first_page``: the Markdown file of page 1 (``papers/index.md``, ``tags/x.md``), whose
    address is ``base``; the others are ``<base>page/<n>.md``."""
    count = max(1, -(-len(papers) // PAGE_ROWS))
    out = []
    for number in range(1, count + 1):
        page = first_page if number == 1 else f"{base}page/{number}.md"
        chunk = list(papers[(number - 1) * PAGE_ROWS : number * PAGE_ROWS])
        out.append((page, chunk, Pager(base, number, count)))
    return out


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
        yaml_script=markup.yaml_script,
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
    entries = catalog.bibtex_entries

    authors = catalog.authors
    # What every listing row shows besides the paper: its authors and tags.
    rows = {
        "authors": authors,
        "tags": derived.tags,
        "category_names": category_names(),
        "has_map": bool(derived.map.ids),  # listings link to their papers on the map
    }

    def listing(template_name: str, first_page: str, base: str, papers: Sequence[Paper], **context) -> None:
        template = env.get_template(template_name)
        for page, chunk, pager in paginated(first_page, base, papers):
            pages[page] = template.render(page=page, papers=chunk, pager=pager, total=len(papers), **rows, **context)

    pages["index.md"] = env.get_template("home.md.j2").render(
        page="index.md",
        settings=catalog.settings,
        count=len(newest),
        newest=newest[: catalog.settings.newest_count],
        tag_count=len(derived.all_tags),
        author_count=len(authors.by_slug),
        pager=None,
        **rows,
    )

    members: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        for tag in derived.tags.get(paper.id, ()):
            members[tag.slug].append(paper)
    years: dict[str, list[Paper]] = defaultdict(list)
    months: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        if paper.year:
            years[paper.year].append(paper)
        if paper.month:
            months[paper.month].append(paper)
    categories: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        # A paper is on the page of each of its categories, cross-lists included.
        for category in paper.categories or ((paper.category,) if paper.category else ()):
            if CATEGORY.fullmatch(category):
                categories[category].append(paper)

    listing(
        "all_papers.md.j2", "papers/index.md", "papers/", newest,
        all_tags=[(tag, len(members[tag.slug])) for tag in derived.all_tags],
        years=sorted(years, reverse=True),
        categories=sorted(categories),
    )
    pages["papers/list.json"] = listing_json(newest, derived, authors)

    for tag in derived.all_tags:
        listing("tag.md.j2", f"tags/{tag.slug}.md", f"tags/{tag.slug}/", members[tag.slug], tag=tag)
    for tag in derived.all_tags:
        pages[f"tags/{tag.slug}.bib"] = bibliography(members[tag.slug], keys, entries)
    pages["tags/index.md"] = env.get_template("tags.md.j2").render(
        page="tags/index.md",
        # Most papers first, then by name; catalog.js sorts by name on request.
        tags=sorted(
            ((tag, len(members[tag.slug])) for tag in derived.all_tags),
            key=lambda pair: (-pair[1], pair[0].name.casefold()),
        ),
    )

    for year, papers in years.items():
        year_months = sorted({p.month for p in papers if p.month}, reverse=True)
        listing(
            "year.md.j2", f"archive/{year}.md", f"archive/{year}/", papers,
            year=year, months=[(m, len(months[m])) for m in year_months],
        )
    for month, papers in months.items():
        listing("month.md.j2", f"archive/{month}.md", f"archive/{month}/", papers, month=month)
    pages["archive/index.md"] = env.get_template("archive.md.j2").render(
        page="archive/index.md",
        years=[
            (year, len(years[year]), [(m, len(months[m])) for m in sorted(months, reverse=True) if m[:4] == year])
            for year in sorted(years, reverse=True)
        ],
    )

    by_id = {paper.id: paper for paper in catalog.papers}
    author_template = env.get_template("author.md.j2")
    for author in authors.by_slug.values():
        page = f"authors/{author.slug}.md"
        # An author's own page lists all their papers (no page 2: it is framed like a paper page).
        papers = newest_first([by_id[paper_id] for paper_id in author.papers])
        pages[page] = author_template.render(page=page, author=author, papers=papers, pager=None, **rows)
    ordered = authors.ordered()
    letters: dict[str, list] = defaultdict(list)
    for author in ordered:
        letters[_letter(author.family)].append(author)
    if len(ordered) <= AUTHORS_ON_ONE_PAGE:
        pages["authors/index.md"] = env.get_template("authors.md.j2").render(
            page="authors/index.md", letters=letters, count=len(ordered), split=False
        )
    else:
        pages["authors/index.md"] = env.get_template("authors.md.j2").render(
            page="authors/index.md", letters={k: [] for k in letters}, counts={k: len(v) for k, v in letters.items()},
            count=len(ordered), split=True,
        )
        for letter, members_ in letters.items():
            page = f"authors/letters/{letter.lower()}.md"
            pages[page] = env.get_template("authors_letter.md.j2").render(
                page=page, letter=letter, authors=members_, count=len(ordered)
            )

    tags_by_paper = {paper_id: [t.name for t in tags] for paper_id, tags in derived.tags.items()}
    pages["catalog.bib"] = bibliography(catalog.papers, keys, entries)
    pages["catalog.ris"] = catalog_ris(catalog.papers, keys)
    if catalog.settings.site_url:  # Atom needs absolute addresses
        pages["feed.xml"] = atom_feed(catalog.papers, catalog.settings, tags=tags_by_paper)
    pages["papers.json"] = catalog_json(catalog.papers, tags_by_paper, catalog.settings.site_url)
    # The map page is always there (a tab), even with no paper to place.
    placed = set(derived.map.ids)
    pages["map/points.json"] = points_json(derived.map, catalog.papers, derived.tags, derived.all_tags)
    on_map = [p for p in newest if p.id in placed]
    tag_counts = Counter(tag.slug for p in on_map for tag in derived.tags.get(p.id, ()))
    pages["map/index.md"] = env.get_template("map.md.j2").render(
        page="map/index.md",
        placed=len(on_map),
        total=len(newest),
        unplaced=len(derived.map.unplaced),
        regions=len(derived.map.regions),
        tags=[(tag, tag_counts[tag.slug]) for tag in derived.all_tags if tag_counts[tag.slug]],
        years=sorted({p.year for p in on_map if p.year}, reverse=True),
    )
    if catalog.settings.site_url:  # og:image needs an absolute address
        settings = catalog.settings
        pages[preview.PATH] = preview_image(settings.site_name, settings.site_description, len(catalog.papers))

    for category, papers in categories.items():
        listing("category.md.j2", f"categories/{category}.md", f"categories/{category}/", papers, category=category)
    pages["categories/index.md"] = env.get_template("categories.md.j2").render(
        page="categories/index.md",
        categories=[(c, len(categories[c])) for c in sorted(categories)],
        category_names=category_names(),
        uncategorised=sum(
            1 for p in newest if not any(CATEGORY.fullmatch(c) for c in p.categories or (p.category or "",))
        ),
    )
    return pages


CATEGORY_NAMES = Path(__file__).resolve().parents[1] / "data" / "arxiv_categories.yml"


@functools.cache
def category_names() -> dict[str, str]:
    """arXiv category code -> name (cs.CL -> Computation and Language), from arXiv's
    taxonomy kept in the repository (generator/data/arxiv_categories.yml)."""
    import yaml

    if not CATEGORY_NAMES.is_file():
        return {}
    return dict(yaml.safe_load(CATEGORY_NAMES.read_text(encoding="utf-8"))["categories"])


# Above this many authors, the authors index lists initial letters, each with a page.
AUTHORS_ON_ONE_PAGE = 1500


def _letter(family: str) -> str:
    first = family[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def listing_json(newest: Sequence[Paper], derived: Derived, authors: Authors) -> str:
    """What the all-papers page filters and sorts in the browser, compact: the tags and
    authors once each, then one row per paper, newest first:
    ``[id, title, date, title derived (0/1), [tag numbers], [author numbers], [categories]]``.
    Loaded only when a reader filters or sorts."""
    tag_numbers = {tag.slug: number for number, tag in enumerate(derived.all_tags)}
    slugs = list(authors.by_slug)
    author_numbers = {slug: number for number, slug in enumerate(slugs)}
    papers = [
        [
            paper.id,
            paper.plain_title,
            paper.date,
            int(paper.title_derived),
            [tag_numbers[tag.slug] for tag in derived.tags.get(paper.id, ()) if tag.slug in tag_numbers],
            [author_numbers[slug] for slug in authors.of_paper.get(paper.id, ())],
            [c for c in paper.categories or ((paper.category,) if paper.category else ()) if CATEGORY.fullmatch(c)],
        ]
        for paper in newest
    ]
    data = {
        "tags": [[tag.slug, tag.name] for tag in derived.all_tags],
        "authors": [[slug, authors.by_slug[slug].name] for slug in slugs],
        "papers": papers,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
