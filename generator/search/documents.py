"""What the search indexes for each paper and tag page."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from generator.models import Paper
from generator.search.index import SearchDoc
from generator.site.render import Catalog


def search_documents(catalog: Catalog) -> list[SearchDoc]:
    """What the search indexes for each paper: the title, a text that starts with a
    byline (the first authors and the date, shown under the title in the results)
    and goes on with the abstract after BYLINE_END, its tags (shown as chips), and the
    words a reader types to find it (every author, the ID; searched, not shown).
    Related lists, mentions and BibTeX are left out. Each tag page is indexed by its
    name and description (parsing its list of papers would cost seconds and find
    nothing), with LISTING_BOOST so that papers come before listing pages."""
    docs = []
    for paper in catalog.papers:
        tags = catalog.derived.tags.get(paper.id, ())
        docs.append(
            SearchDoc(
                location=f"{paper.path}/",
                title=paper.shown_title,
                text=f"{byline(paper)}{BYLINE_END}{paper.abstract}",
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
        docs.append(
            SearchDoc(
                location=f"tags/{tag.slug}/",
                title=tag.name,
                text=f"{tag.description} {papers}.",
                boost=LISTING_BOOST,
            )
        )
    return docs


# Ends a paper's byline in its search text; catalog.js shows the byline on its own
# line, above a snippet of the abstract around the first match.
BYLINE_END = " \u2014 "
# A tag page's title holds the tag's words, which the papers carrying the tag hold in
# their tags field (boost 100 against the title's 1000 in mkdocs.yml): a document
# boost under 0.1 ranks the tag page after those papers, so a query that names a
# topic (or misspells it: "halucination") lists papers first.
LISTING_BOOST = 0.05
BYLINE_AUTHORS = 3


def byline(paper: Paper) -> str:
    """The first authors ("et al." after BYLINE_AUTHORS), the arXiv ID and the date."""
    names = list(paper.authors[:BYLINE_AUTHORS])
    if len(paper.authors) > BYLINE_AUTHORS:
        names[-1] += " et al."
    parts = [", ".join(names)] if names else []
    parts += [part for part in (f"arXiv:{paper.id}", paper.date) if part]
    return " \u00b7 ".join(parts)


def search_terms(paper: Paper, tags: tuple) -> list[str]:
    """Words a reader types to find a paper, beyond its title and abstract: the ID
    (with its version), author names, tag names, the code repository's owner and name,
    and the letters and digits of a title whose math is shown in Unicode ("Memory³" is
    found by "memory")."""
    terms = [paper.id]
    if paper.plain_title != paper.title:
        terms += re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFKC", paper.plain_title))
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
