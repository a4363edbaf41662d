"""Escaping of input text for the generated Markdown pages.

Every value a template prints is escaped unless it is ``Markup`` (something this
project built, not something from the input). Escaping turns every character that
Markdown, HTML or the enabled Markdown extensions give a meaning to into an HTML
character reference, so the browser shows exactly the input text and nothing in it
becomes a tag, a link, emphasis, an attribute list or math.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote

from markupsafe import Markup

from generator.site.texmath import find_math

_SPECIAL = "\\`*_{}[]()#+!|$~^=:"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\n"): " ", ord("\r"): " "})
# What only means something at the start of a line: a list marker or rule ("- ",
# "---"), an ordered-list number ("1. ", "1) "); leading spaces (code) are stripped.
_LINE_START = re.compile(r"^(?:(-)(?=\s|-|$)|(\d+)([.)])(?=\s|$))")


def md_escape(value: object) -> Markup:
    """Plain text made safe to place anywhere in a Markdown line."""
    if isinstance(value, Markup):
        return value
    # Leading spaces would make an indented code block.
    text = str(value).translate(_TABLE).lstrip()
    text = _LINE_START.sub(_escape_line_start, text)
    return Markup(text)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return f"&#{ord(match.group(1))};"
    return f"{match.group(2)}&#{ord(match.group(3))};"


def rich_text(value: object, links: Sequence[tuple[int, int, str]] = ()) -> Markup:
    """Escaped Markdown text in which TeX math becomes a math element and the given
    ``(start, end, url)`` ranges become links. Links that overlap math are dropped."""
    return _rich(str(value), links, md_escape, lambda text, target: f"[{md_escape(text)}]({url(target)})")


def rich_html(value: object, links: Sequence[tuple[int, int, str]] = ()) -> Markup:
    """The same as ``rich_text`` for pages written as HTML rather than Markdown."""
    def link(text: str, target: str) -> str:
        return f'<a href="{html_escape(url(target))}">{html_escape(text)}</a>'

    return _rich(str(value), links, html_escape, link)


def html_escape(value: object) -> Markup:
    """Plain text made safe as HTML text or a quoted attribute value."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def _rich(
    text: str,
    links: Sequence[tuple[int, int, str]],
    escape: Callable[[object], Markup],
    link: Callable[[str, str], str],
) -> Markup:
    math = find_math(text)
    pieces: list[tuple[int, int, str, object]] = [(m.start, m.end, "math", m) for m in math]
    for start, end, target in links:
        if not any(start < m.end and m.start < end for m in math):
            pieces.append((start, end, "link", target))
    out: list[str] = []
    position = 0

    def plain(piece: str, first: bool) -> str:
        # Escaping strips the leading spaces of a line; between a link or math and the
        # next words they are spaces of the sentence and stay.
        if first:
            return escape(piece)
        stripped = piece.lstrip(" ")
        return piece[: len(piece) - len(stripped)] + escape(stripped)

    for start, end, kind, extra in sorted(pieces, key=lambda p: p[0]):
        if start < position:
            continue
        out.append(plain(text[position:start], position == 0) if position < start else "")
        if kind == "math":
            css = "math display" if extra.display else "math"
            out.append(f'<span class="{css}">{escape(extra.tex)}</span>')
        else:
            out.append(link(text[start:end], extra))
        position = end
    out.append(plain(text[position:], position == 0) if position < len(text) else "")
    return Markup("".join(out))


def yaml_string(value: object) -> Markup:
    """A double-quoted YAML scalar holding the HTML-escaped text.

    Front matter values reach the HTML through the theme's templates, which do not
    escape them, so they are stored escaped.
    """
    return Markup(json.dumps(html.escape(str(value), quote=True), ensure_ascii=False))


def yaml_script(value: object) -> Markup:
    """A double-quoted YAML scalar holding a script element's text as it is (JSON-LD
    from ``structured.scholarly_article``, which writes ``<``, ``>`` and ``&`` as JSON
    escapes). Anything else that could end the element is refused."""
    text = str(value)
    if "<" in text or ">" in text or "&" in text:
        raise ValueError("script text must not hold <, > or &: escape them in the JSON")
    return Markup(json.dumps(text, ensure_ascii=False))


def url(value: object) -> Markup:
    """A URL made safe as a Markdown link target (spaces, quotes, brackets encoded)."""
    return Markup(quote(str(value), safe=":/?#@!$&*+,;=%~-._"))


def pre_block(value: object) -> Markup:
    """Preformatted text as an HTML block in the Markdown (Markdown leaves it as it is),
    marked up as the theme marks up a highlighted block so that it looks and copies alike."""
    return Markup(f'<div class="highlight"><pre><code>{html.escape(str(value), quote=False)}</code></pre></div>')


def finalize(value: object) -> object:
    """Jinja ``finalize`` hook: escape every printed value that is not ``Markup``."""
    if value is None:
        raise TypeError("a template printed None; check the value before printing it")
    return md_escape(value)
