"""Paper pages: one Markdown page per paper (``papers/<id>.md``), from ``paper.md.j2``."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment
from markupsafe import Markup

from generator.catalog.ids import parse_arxiv_id
from generator.catalog.urls import find_urls
from generator.derive.links import Mention
from generator.models import Paper
from generator.site import markup
from generator.site.addresses import relative_link
from generator.site.cite import plain_citation, ris_record, scholar_name
from generator.site.exports import newest_first
from generator.site.render import CATEGORY, Catalog, category_names, description, environment
from generator.site.structured import scholarly_article

# A method every other paper builds on (LoRA in a big catalog) would otherwise list
# thousands of papers on its page: show the newest, and the count.
MENTIONED_BY_LISTED = 10


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
    bibtex_entries = catalog.bibtex_entries
    settings = catalog.settings
    template = env.get_template("paper.md.j2")
    authors = catalog.authors
    names = category_names()
    on_map = frozenset(derived.map.ids)
    pages: dict[str, str] = {}
    for paper in catalog.papers if only is None else only:
        page = f"{paper.path}.md"
        mentioned_by = derived.mentioned_by.get(paper.id, ())
        mentions = derived.mentions.get(paper.id, ())
        note = notes.get(paper.id)
        summary = description(paper.abstract)
        canonical = f"{settings.site_url}{paper.path}/" if settings.site_url else ""
        tags = derived.tags.get(paper.id, ())
        pages[page] = template.render(
            page=page,
            paper=paper,
            byline=[(name, authors.slug_for(name)) for name in paper.authors],
            description=summary,
            canonical=canonical,
            scholar_authors=scholar_authors(paper),
            jsonld=scholarly_article(paper, canonical, summary, [tag.name for tag in tags]),
            links=paper_links(paper),
            abstract=abstract_markdown(paper, mentions, page),
            # The site owners' own Markdown: trusted, unlike every catalog field.
            note=Markup(note.strip()) if note and note.strip() else None,  # noqa: S704
            tags=tags,
            related=[(by_id[r.id], r) for r in derived.related.get(paper.id, ())],
            tag_names=tag_names,
            mentions=[(by_id[m.target], m) for m in mentions],
            mentioned_by=newest_first([by_id[i] for i in mentioned_by])[:MENTIONED_BY_LISTED],
            mentioned_by_count=len(mentioned_by),
            bibtex=bibtex_entries[paper.id],
            citation=plain_citation(paper),
            ris=ris_record(paper, keys[paper.id]),
            # Primary first; each with a page (render.listing_pages) is a link to it.
            categories=paper.categories or ((paper.category,) if paper.category else ()),
            category_names=names,
            category_page=CATEGORY.fullmatch,
            on_map=paper.id in on_map,
        )
    return pages


def abstract_markdown(paper: Paper, mentions: tuple[Mention, ...], page: str) -> Markup:
    """The abstract as escaped Markdown with its math, the first mention of each catalog
    paper a relative ``.md`` link to it, and every complete web address a link."""
    links = [(m.start, m.end, relative_link(page, f"papers/{m.target}.md")) for m in mentions]
    taken = [(start, end) for start, end, _ in links]
    for span in find_urls(paper.abstract):
        if not any(span.start < end and start < span.end for start, end in taken):
            links.append((span.start, span.end, span.url))
    return markup.rich_text(paper.abstract, sorted(links))


def scholar_authors(paper: Paper) -> list[str]:
    """Each author as "Last, First" (``cite.scholar_name``), with the family name the input gives."""
    families = paper.family_names
    return [
        scholar_name(name, families[index] if index < len(families) else None)
        for index, name in enumerate(paper.authors)
    ]


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
