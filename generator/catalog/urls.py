"""Web addresses written in abstracts: where they are, and where they really end.

Abstracts name their code and project pages: ``https://github.com/org/repo``,
``github.com/org/repo`` (no scheme), ``www.example.org``. Pasted text glues them to
their neighbours: a word before (``athttps://...``, ``Code:https://...``), a word
after where a line break or a footnote was lost (``.../sparse_autoencoderand our
visualizer``, ``.../loft.Figure 1:``), and sometimes a space falls inside
(``https://github.com/owner/ repo``). ``find_urls`` finds each address and the
exact span it takes; ``separate_urls`` puts the spaces right around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.catalog.words import zipf

# Code hosts, written without a scheme often enough ("Code at github.com/org/repo").
_HOSTS = r"github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|huggingface\.co|sourceforge\.net"
# No lookbehind at the start, so that the regex engine scans for the first letters
# quickly; what may stand before "www." or a bare host is checked in find_urls.
_URL = re.compile(r"(?:https?://|www\.|(?:" + _HOSTS + r")/)[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
# Before "www." nothing of a word; before a bare host, a word it is glued to ("atgithub.com") at most.
_NOT_BEFORE_WWW = re.compile(r"[\w.@/-]")
_NOT_BEFORE_HOST = re.compile(r"[A-Z0-9_.@/-]")
_TRAILING = ".,;:!?'\"’”»"
# The small words most often glued to the end of an address by a lost space.
_GLUED_WORDS = ("and", "or", "the", "to", "for", "with", "in", "on", "at", "is", "are", "which", "that", "we", "our")
_CODE_HOST = re.compile(r"https?://(?:www\.)?(?:" + _HOSTS + r")/", re.IGNORECASE)
_REPOSITORY = re.compile(r"https?://(?:www\.)?(?:" + _HOSTS + r")/[\w.-]+/[\w.-]+", re.IGNORECASE)
# File name endings that a capitalised word after a dot is not ("README.Md" is rare, ".Figure" is not).
_EXTENSIONS = frozenset("html htm md pdf py ipynb txt json zip tar gz io org com net edu".split())


@dataclass(frozen=True, slots=True)
class UrlSpan:
    """``text[start:end]`` is a web address; ``url`` is where it leads (with a scheme)."""

    start: int
    end: int
    url: str


def find_urls(text: str) -> list[UrlSpan]:
    """The web addresses in the text, without the punctuation or words that follow them."""
    if "://" not in text and "www." not in text and ".com/" not in text and ".org/" not in text and ".co/" not in text:
        return []
    spans = []
    for match in _URL.finditer(text):
        before = text[match.start() - 1 : match.start()]
        if before and match.group(0)[:4].lower() != "http":
            www = match.group(0)[:4].lower() == "www."
            if (_NOT_BEFORE_WWW if www else _NOT_BEFORE_HOST).match(before):
                continue
        start, end = match.start(), _url_end(text, match.start(), match.end())
        if end <= start:
            continue
        written = text[start:end]
        url = written if re.match(r"https?://", written, re.IGNORECASE) else f"https://{written}"
        if _complete(url):
            spans.append(UrlSpan(start, end, url))
    return spans


def separate_urls(text: str, spans: list[UrlSpan] | None = None) -> str:
    """The text with a space before and after every address that was glued to a word,
    and an address that a space cut after its owner (``github.com/owner/ repo``) joined.
    ``spans``: ``find_urls(text)``, if already found."""
    spans = find_urls(text) if spans is None else spans
    if not spans:
        return text
    out, position = [], 0
    for span in spans:
        before = text[position : span.start]
        if before and not before[-1].isspace() and before[-1] not in "(<[\"'“‘":
            before += " "
        out += [before, text[span.start : span.end]]
        position = span.end
        rest = text[position:]
        joined = _cut_repository(text[span.start : span.end], rest)
        if joined:
            out.append(joined)
            position += len(joined) + 1
            rest = text[position:]
        if rest and (rest[0].isalnum() or (rest[0] == "." and rest[1:2].isalpha())):
            out.append(" " if rest[0].isalnum() else ". ")
            if rest[0] == ".":
                position += 1
    out.append(text[position:])
    return "".join(out)


def code_repository(text: str) -> str | None:
    """The first complete repository address (host, owner and name) in the text."""
    for span in find_urls(text):
        match = _REPOSITORY.match(span.url)
        if match:
            return match.group(0).rstrip(".")
    return None


def _cut_repository(url: str, rest: str) -> str | None:
    """``repo`` of "https://github.com/owner/ repo." when the address stops after the owner."""
    if not url.endswith("/") or not _CODE_HOST.match(url if "://" in url else f"https://{url}"):
        return None
    path = re.sub(r"^(?:https?://)?(?:www\.)?[^/]+/", "", url, flags=re.IGNORECASE)
    match = re.match(r" ([\w-]+(?:\.[\w-]+)*?)(?=[.,;]?(?:\s|$))", rest)
    if path.count("/") != 1 or not match:
        return None
    return match.group(1)


def _url_end(text: str, start: int, end: int) -> int:
    """Where the address that the regular expression found from start to end really ends."""
    # Punctuation at the end belongs to the sentence; a ')' only if it opened before.
    while end > start and (text[end - 1] in _TRAILING or text[end - 1] == ")" and _unbalanced(text[start:end])):
        end -= 1
    written = text[start:end]
    slash = written.rfind("/")
    last = written[slash + 1 :]
    # ".../loft.Figure 1": a capitalised word after the last dot starts the next sentence.
    dotted = re.search(r"\.([A-Z][a-z]+)$", last)
    if dotted and dotted.group(1).lower() not in _EXTENSIONS and zipf(dotted.group(1)) >= 3.0:
        return _url_end(text, start, end - len(dotted.group(0)))
    # ".../sparse_autoencoderand our visualizer": a small word glued to the address.
    follows = text[end : end + 2]
    if follows[:1] == " " and follows[1:2].islower():
        word = re.search(r"([a-z]+)$", last)
        for small in _GLUED_WORDS if word else ():
            stem = word.group(1)[: -len(small)]
            if word.group(1).endswith(small) and len(stem) >= 4 and zipf(word.group(1)) < 1.0 and zipf(stem) >= 1.0:
                return end - len(small)
    return end


def _unbalanced(text: str) -> bool:
    return text.count(")") > text.count("(")


def _complete(url: str) -> bool:
    """An address with a host that has a dot and a name after it, and, for a code host, more
    than the host itself."""
    host = re.match(r"https?://([^/?#]+)", url, re.IGNORECASE)
    if not host or not re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?::\d+)?", host.group(1)):
        return False
    if _CODE_HOST.match(url):
        return bool(re.match(r"https?://[^/]+/[\w.-]+", url))
    return True
