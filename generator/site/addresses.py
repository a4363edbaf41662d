"""Every relative address the site's pages use, in one place.

Pages link to each other in two ways: Markdown links between generated Markdown files
(``relative_link``, ``link``: MkDocs checks them and turns them into addresses), and HTML
addresses between site paths (``relative_address``, ``page_url``, ``paper_url``: listings
and redirects, written as HTML that MkDocs does not touch). Absolute addresses below the
site's address are in ``generator/site/exports.py`` (feeds, JSON).
"""

from __future__ import annotations

from generator.models import Paper
from generator.site import markup


def relative_link(from_page: str, to_page: str) -> str:
    """Relative path from one generated Markdown file to another (MkDocs checks these)."""
    depth = from_page.count("/")
    return "../" * depth + to_page


def link(target: str, from_page: str) -> markup.Markup:
    """Markdown link from a page to another Markdown page or file given by its path
    (MkDocs checks these)."""
    return markup.url(relative_link(from_page, target))


def page_url(target: str, from_page: str) -> markup.Markup:
    """Link in HTML from a Markdown page to a site address such as ``tags/x/``: relative
    to the page's own address, which with directory URLs is ``tags/`` for
    ``tags/index.md`` and ``tags/x/`` for ``tags/x.md``."""
    folder = from_page[: -len("index.md")] if from_page.endswith("index.md") else from_page[: -len(".md")] + "/"
    return markup.url(relative_address(target, folder))


def relative_address(target: str, folder: str) -> str:
    """``target`` (a site path) as seen from ``folder`` (a site path ending in ``/``, or
    empty for the root): ``relative_address("papers/x/", "papers/")`` is ``x/``."""
    here = folder.split("/")[:-1] if folder else []
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def paper_url(paper: Paper, from_page: str) -> markup.Markup:
    """Link in HTML from a Markdown page to a paper's page."""
    return page_url(f"{paper.path}/", from_page)
