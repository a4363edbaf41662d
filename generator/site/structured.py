"""What link previews and search engines read from a paper page's head, beyond the
meta tags: schema.org ``ScholarlyArticle`` as JSON-LD.

The JSON is written into a ``<script type="application/ld+json">`` element as it is,
so it is made safe for that place here: ``<``, ``>`` and ``&`` are written as
``\\u003c``, ``\\u003e``, ``\\u0026`` (JSON readers decode them; the HTML parser then
never sees a ``</script>`` or a comment opener in it), and so are U+2028/U+2029.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.models import Paper

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def scholarly_article(
    paper: Paper, canonical: str = "", description: str = "", keywords: Sequence[str] = ()
) -> str:
    """The paper as a schema.org ``ScholarlyArticle``, JSON safe inside a script element.

    ``name`` is the plain-text title (left out when the title was derived from the
    abstract, as for Scholar's ``citation_title``); ``author`` one ``Person`` per author,
    in order; ``datePublished`` the first version's date and ``dateModified`` the latest
    version's; ``identifier`` the arXiv ID (and the DOI when given); ``sameAs`` the paper
    on arXiv (and at its DOI); ``url`` the page itself when the site has an address.
    """
    article: dict[str, object] = {"@context": "https://schema.org", "@type": "ScholarlyArticle"}
    if not paper.title_derived:
        article["name"] = article["headline"] = paper.plain_title
    if paper.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in paper.authors]
    if paper.date:
        article["datePublished"] = paper.date
    if paper.updated and paper.updated != paper.date:
        article["dateModified"] = paper.updated
    identifiers: list[dict[str, str]] = [{"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.id}]
    same_as = [f"https://arxiv.org/abs/{paper.id}"]
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
        same_as.append(f"https://doi.org/{paper.doi}")
    article["identifier"] = identifiers
    article["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
    if canonical:
        article["url"] = canonical
    if description:
        article["description"] = description
    if keywords:
        article["keywords"] = list(keywords)
    article["publisher"] = {"@type": "Organization", "name": "arXiv", "url": "https://arxiv.org/"}
    return json.dumps(article, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
