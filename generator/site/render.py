"""Rendering: the whole catalog, already derived, becomes Markdown pages via Jinja2.

Templates hold layout only; everything they print is escaped by ``markup.finalize``
unless this module marks it as ``Markup``.
"""

from __future__ import annotations

import functools
import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.site import markup
from generator.site.addresses import link, page_url, paper_url, relative_address, relative_link
from generator.site.cite import bibtex_entry, unique_bibtex_keys
from generator.config import Settings
from generator.derive import Derived
from generator.site.exports import atom_feed, bibliography, catalog_json, newest_first
from generator.catalog.ids import parse_arxiv_id
from generator.derive.links import Mention
from generator.models import Paper
from generator.search.index import SearchDoc
from generator.catalog.urls import find_urls

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
DESCRIPTION_CHARS = 200
# A method every other paper builds on (LoRA in a big catalog) would otherwise list
# thousands of papers on its page: show the newest, and the count.
MENTIONED_BY_LISTED = 10
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
        code_block=markup.code_block,
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


def render_paper_markdown(
    catalog: Catalog,
    notes: dict[str, str] | None = None,
    env: Environment | None = None,
    only: Sequence[Paper] | None = None,
) -> dict[str, str]:
    """Every paper's page as Markdown (``papers/<id>.md`` -> text): front matter with what
    the head needs, then the abstract, notes, related papers, mentions and citation.
    ``notes``: paper ID -> the site owners' Markdown note (trusted, included as written);
    ``only``: the papers to render (default: all)."""
    env = env or environment()
    notes = notes or {}
    derived = catalog.derived
    by_id = {p.id: p for p in catalog.papers}
    tag_names = {tag.slug: tag.name for tag in derived.all_tags}
    keys = catalog.bibtex_keys
    settings = catalog.settings
    template = env.get_template("paper.md.j2")
    pages: dict[str, str] = {}
    for paper in catalog.papers if only is None else only:
        page = f"{paper.path}.md"
        mentioned_by = derived.mentioned_by.get(paper.id, ())
        mentions = derived.mentions.get(paper.id, ())
        note = notes.get(paper.id)
        pages[page] = template.render(
            page=page,
            paper=paper,
            description=description(paper.abstract),
            canonical=f"{settings.site_url}{paper.path}/" if settings.site_url else "",
            links=paper_links(paper),
            abstract=abstract_markdown(paper, mentions, page),
            # The site owners' own Markdown: trusted, unlike every catalog field.
            note=Markup(note.strip()) if note and note.strip() else None,  # noqa: S704
            tags=derived.tags.get(paper.id, ()),
            related=[(by_id[r.id], r) for r in derived.related.get(paper.id, ())],
            tag_names=tag_names,
            mentions=[(by_id[m.target], m) for m in mentions],
            mentioned_by=newest_first([by_id[i] for i in mentioned_by])[:MENTIONED_BY_LISTED],
            mentioned_by_count=len(mentioned_by),
            bibtex=bibtex_entry(paper, keys[paper.id]),
        )
    return pages


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


REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
{canonical}<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This paper's page is <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def redirect_pages(papers: tuple[Paper, ...], settings: Settings) -> dict[str, str]:
    """Static redirects to each paper's page: ``/abs/<id>/`` (arXiv's own address
    form) and, when the catalog gives a version, ``/abs/<id>vN/`` for every N up to
    it. Other versions and spellings are sent on by the not-found page's script."""
    pages: dict[str, str] = {}
    for paper in papers:
        sources = [f"abs/{paper.id}"]
        newest = int(paper.version[1:]) if paper.version else 0
        sources += [f"abs/{paper.id}v{number}" for number in range(1, newest + 1)]
        for source in sources:
            page = f"{source}/index.html"
            target = relative_address(f"{paper.path}/", f"{source}/")
            canonical = (
                f'<link rel="canonical" href="{html.escape(settings.site_url + paper.path + "/")}">\n'
                if settings.site_url
                else ""
            )
            pages[page] = REDIRECT.format(
                title=html.escape(f"{paper.shown_title} - {settings.site_name}"),
                canonical=canonical,
                target=html.escape(target),
            )
    return pages


def search_documents(catalog: Catalog) -> list[SearchDoc]:
    """What the search indexes for each paper: the title, a text that starts with the
    authors and the facts (shown under the title in the results), its tags (shown as
    chips), and the words a reader types to find it (searched, not shown). Related
    lists, mentions and BibTeX are left out. Each tag page is indexed by its name and
    description (parsing its list of papers would cost seconds and find nothing)."""
    docs = []
    for paper in catalog.papers:
        tags = catalog.derived.tags.get(paper.id, ())
        facts = " · ".join(part for part in (f"arXiv:{paper.id}", paper.date, paper.category) if part)
        lead = f"{', '.join(paper.authors)} · {facts}" if paper.authors else facts
        docs.append(
            SearchDoc(
                location=f"{paper.path}/",
                title=paper.shown_title,
                text=f"{lead}. {paper.abstract}",
                tags=tuple(tag.name for tag in tags),
                terms=" ".join(search_terms(paper, tags)),
            )
        )
    counts: dict[str, int] = defaultdict(int)
    for tags in catalog.derived.tags.values():
        for tag in tags:
            counts[tag.slug] += 1
    for tag in catalog.derived.all_tags:
        papers = f"{counts[tag.slug]} paper{'s' if counts[tag.slug] != 1 else ''}"
        docs.append(SearchDoc(location=f"tags/{tag.slug}/", title=tag.name, text=f"{tag.description} {papers}."))
    return docs


def search_terms(paper: Paper, tags: tuple) -> list[str]:
    """Words a reader types to find a paper, beyond its title and abstract: the ID
    (with its version), author names, tag names, the code repository's owner and name."""
    terms = [paper.id]
    if paper.version:
        terms.append(paper.id + paper.version)
    for author in paper.authors:
        terms += author.replace(".", " ").split()
    for tag in tags:
        terms += re.split(r"[\s\-,]+", tag.name)
    if paper.code_url:
        path = [part for part in paper.code_url.split("://", 1)[-1].split("/")[1:3] if part]
        terms += path + [word for part in path for word in re.split(r"[-_.]+", part)]
    seen: dict[str, None] = {}
    for term in terms:
        if len(term) > 1 and term.lower() not in _SMALL_WORDS:
            seen.setdefault(term.lower(), None)
    return list(seen)


_SMALL_WORDS = frozenset("and or of the for in on to with de van von der".split())


def abstract_markdown(paper: Paper, mentions: tuple[Mention, ...], page: str) -> Markup:
    """The abstract as escaped Markdown with its math, the first mention of each catalog
    paper a relative ``.md`` link to it, and every complete web address a link."""
    links = [(m.start, m.end, relative_link(page, f"papers/{m.target}.md")) for m in mentions]
    taken = [(start, end) for start, end, _ in links]
    for span in find_urls(paper.abstract):
        if not any(span.start < end and start < span.end for start, end in taken):
            links.append((span.start, span.end, span.url))
    return markup.rich_text(paper.abstract, sorted(links))


def derived_mark(paper: Paper) -> Markup:
    """What follows a title the site derived from the abstract, wherever it is listed."""
    if not paper.title_derived:
        return Markup("")
    return Markup(' <span class="title-derived">(title from the abstract)</span>')


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of the places to read the paper and its code."""
    versioned = paper.id + (paper.version or "")
    links = [
        ("arXiv page", f"https://arxiv.org/abs/{versioned}"),
        ("PDF", f"https://arxiv.org/pdf/{versioned}"),
    ]
    year, month = parse_arxiv_id(paper.id).year_month
    # arXiv renders HTML for papers from December 2023 on; ar5iv covers the rest.
    if (year, month) >= (2023, 12):
        links.append(("HTML", f"https://arxiv.org/html/{versioned}"))
    else:
        links.append(("HTML (ar5iv)", f"https://ar5iv.labs.arxiv.org/html/{paper.id}"))
    if paper.code_url:
        links.append(("Code", paper.code_url))
    return links


def description(text: str) -> str:
    """The start of the abstract, cut at a word boundary, for meta descriptions."""
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def month_name(month: str) -> str:
    """``2024-07`` -> ``July 2024``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"
