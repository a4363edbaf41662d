"""Long lists of papers on the browsing pages, kept out of Markdown.

Tag, year, month and category pages list up to thousands of papers. They are written
as HTML between ``<!--catalog:listing-->`` and ``<!--/catalog:listing-->`` in the
generated Markdown; Markdown would pass that HTML through unchanged, but parsing it
costs seconds at 10,000 papers. The MkDocs plugin cuts each listing out before the
Markdown conversion and puts it back into the converted page.
"""

from __future__ import annotations

import re

START = "<!--catalog:listing-->"
END = "<!--/catalog:listing-->"
_LISTING = re.compile(re.escape(START) + r"(.*?)" + re.escape(END), re.DOTALL)
_PLACEHOLDER = re.compile(r"<!--catalog:listing:(\d+)-->")


def cut(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each listing replaced by a numbered placeholder, and the listings."""
    listings: list[str] = []

    def stash(match: re.Match[str]) -> str:
        listings.append(match.group(1))
        return f"<!--catalog:listing:{len(listings) - 1}-->"

    return _LISTING.sub(stash, markdown), listings


def restore(html: str, listings: list[str]) -> str:
    """The converted page with its listings back in place of the placeholders."""
    if not listings:
        return html
    found = [int(number) for number in _PLACEHOLDER.findall(html)]
    if sorted(found) != list(range(len(listings))):
        raise ValueError(f"expected placeholders for {len(listings)} listings, found {found}")
    return _PLACEHOLDER.sub(lambda match: listings[int(match.group(1))], html)
