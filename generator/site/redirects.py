"""Static redirects from arXiv-style addresses (``/abs/<id>/``, ``/abs/<id>vN/``) to the paper pages."""

from __future__ import annotations

import html

from generator.config import Settings
from generator.models import Paper
from generator.site.addresses import relative_address

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
