"""Paper pages outside MkDocs: the page content is rendered by the generator, the
frame around it (header, search, palette, footer) by the theme, once.

MkDocs with Material takes about 5 ms and 22 kB per page (measured on this project's
2-core machines), mostly for Markdown and for navigation markup a paper page does not
need; at 10,000 papers that is close to a minute of a build that otherwise takes
seconds. So MkDocs renders one stand-in page per folder depth (``FRAME_PAGE``, added
by the plugin as a generated file) with markers where a paper's title, head and
content go, and the build fills that frame for every paper: same theme, same assets,
same search, a fraction of the cost.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from markupsafe import escape

# The stand-in pages, by folder depth of the page they frame: papers/2405.12130/
# has depth 2, papers/hep-th/9901001/ depth 3.
FRAME_SOURCES = {2: "papers/_frame.md", 3: "papers/_frame/deep.md"}
TITLE_MARKER = "CATALOGFRAMETITLE"
FRAME_PAGE = f"""---
title: {TITLE_MARKER}
catalog_frame: true
hide:
  - navigation
  - toc
search:
  exclude: true
---

# Title {{ #title }}
"""
# The heading above gives the frame Material's "Skip to content" link, to #title: the
# heading id of every framed page (paper.md.j2, author.md.j2). The theme prints the
# content marker in its place.
# Where the theme (templates/theme/main.html) leaves room in a frame page, in order.
MARKERS = ("<!--catalog:title-->", "<!--catalog:head-->", TITLE_MARKER, "<!--catalog:content-->")


@dataclass(frozen=True, slots=True)
class PaperPage:
    """A paper's page before framing: ``path`` like ``papers/2405.12130``; ``head`` and
    ``content`` are HTML made by the autoescaping templates, ``title`` plain text."""

    path: str
    title: str
    head: str
    content: str

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1


class FrameError(ValueError):
    """The theme's frame page lacks a marker (the theme override is out of date)."""


ICONS = "assets/catalog/icons.svg"


@dataclass(frozen=True, slots=True)
class Frame:
    """A rendered frame page cut at its markers, its inline icons moved to a sprite
    (``icons``: id -> SVG markup) that every paper page shares from the browser cache."""

    parts: tuple[str, ...]
    site_name: str
    icons: dict[str, str]
    scripts: dict[str, str]  # site path -> the inline script moved there
    # The parts with the tab of a folder marked active (templates/theme/partials/
    # tabs-item.html leaves data-catalog-tab on each tab of a frame), by folder.
    by_folder: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_html(cls, html: str, site_name: str, root: str) -> Frame:
        """``root``: the relative address of the site root from the framed pages (``../../``)."""
        icons: dict[str, str] = {}
        html = _SVG.sub(lambda match: _use_icon(match, icons, root), html)
        scripts: dict[str, str] = {}
        html = _SCRIPT.sub(lambda match: _external_script(match, scripts, root), html)
        parts = []
        rest = html
        for marker in MARKERS:
            if rest.count(marker) != 1:
                raise FrameError(f"the frame page has {rest.count(marker)} of {marker!r}, expected 1")
            before, rest = rest.split(marker)
            parts.append(_collapse(before))
        parts.append(_collapse(rest))
        return cls(tuple(parts), site_name, icons, scripts)

    def parts_for(self, folder: str) -> tuple[str, ...]:
        """The parts with the tab of ``folder`` (papers, authors) marked active."""
        parts = self.by_folder.get(folder)
        if parts is None:
            plain = f'<li class="md-tabs__item" data-catalog-tab="{escape(folder)}">'
            active = f'<li class="md-tabs__item md-tabs__item--active" data-catalog-tab="{escape(folder)}">'
            parts = self.by_folder[folder] = tuple(part.replace(plain, active) for part in self.parts)
        return parts

    def fill(self, page: PaperPage) -> str:
        title = escape(page.title)
        values = (f"<title>{title} - {escape(self.site_name)}</title>", page.head, title, page.content)
        parts = self.parts_for(page.path.split("/", 1)[0])
        out = [parts[0]]
        for value, part in zip(values, parts[1:], strict=True):
            out.append(value)
            out.append(part)
        return "".join(out)


_BLANKS = re.compile(r"[ \t\r]*\n\s*")
# Material's inline icons: 24x24 paths, no attributes beyond these (checked by the match).
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="(0 0 \d+ \d+)">(<path d="[^"<>]*"/>)</svg>')


def _use_icon(match: re.Match[str], icons: dict[str, str], root: str) -> str:
    view_box, path = match.groups()
    name = "i" + hashlib.sha1(match.group(0).encode()).hexdigest()[:8]  # noqa: S324 - a name, not security
    icons[name] = f'<symbol id="{name}" viewBox="{view_box}">{path}</symbol>'
    return f'<svg viewBox="{view_box}"><use href="{root}{ICONS}#{name}"/></svg>'


# The theme's inline scripts (palette, storage scope): plain <script> elements. They
# run where they stand, so an external script in their place behaves the same.
_SCRIPT = re.compile(r"<script>(.+?)</script>", re.DOTALL)


def _external_script(match: re.Match[str], scripts: dict[str, str], root: str) -> str:
    code = match.group(1)
    path = f"assets/catalog/{hashlib.sha1(code.encode()).hexdigest()[:12]}.js"  # noqa: S324 - a name
    scripts[path] = code + "\n"
    return f'<script src="{root}{path}"></script>'


def icon_sprite(icons: dict[str, str]) -> str:
    """The SVG file the framed pages' icons point into."""
    symbols = "".join(icons[name] for name in sorted(icons))
    return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'


def _collapse(html: str) -> str:
    """Indentation and blank lines out of the theme's markup. A run of whitespace
    that holds a line break becomes one line break: the same to HTML and to the
    inline scripts (no statement is joined to the next), and the frame has no <pre>."""
    return _BLANKS.sub("\n", html)
