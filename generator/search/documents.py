"""What the search indexes for each paper and tag page."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.models import Paper
from generator.search.index import SearchDoc
from generator.site.render import Catalog


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
