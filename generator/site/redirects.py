"""Static redirects from arXiv-style addresses (``/abs/<id>/``, ``/abs/<id>vN/``,
``/papers/<id>vN/``) to the paper pages: they work on any host, without its 404 handling."""

from __future__ import annotations

import html

from generator.config import Settings
from generator.models import Paper
from generator.site.addresses import relative_address

# The theme's icon (Material's default `theme.favicon`): without a link to it, a browser asks
# for /favicon.ico at the host's root, which a project site below a path does not have.
FAVICON = "assets/images/favicon.png"

REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="icon" href="{icon}">
{canonical}<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This paper's page is <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def redirect_pages(papers: tuple[Paper, ...], settings: Settings) -> dict[str, str]:
    """Static redirects to each paper's page: ``/abs/<id>/`` (arXiv's own address
    form) and, for every version N up to the newest the catalog knows (its ``version``
    or arXiv's ``latest_version``), ``/abs/<id>vN/`` and ``/papers/<id>vN/``. Other
    versions and spellings are sent on by the not-found page's script."""
    pages: dict[str, str] = {}
    for paper in papers:
        sources = [f"abs/{paper.id}"]
        newest = max(_number(paper.version), _number(paper.latest_version))
        for number in range(1, newest + 1):
            sources += [f"abs/{paper.id}v{number}", f"papers/{paper.id}v{number}"]
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
                icon=html.escape(relative_address(FAVICON, f"{source}/")),
                target=html.escape(target),
            )
    return pages


def _number(version: str | None) -> int:
    """``"v3"`` -> 3; no version (or an unreadable one) -> 0."""
    return int(version[1:]) if version and version[1:].isdigit() else 0
