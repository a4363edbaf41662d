"""Citations: BibTeX entries in arXiv's own style.

Keys follow arXiv's pattern, ``<first author's surname><year><first significant
title word>`` in ASCII lowercase (``wu2024reft``). Two papers of a catalog can
share that key; ``unique_bibtex_keys`` settles it for the whole catalog: the
paper with the lowest arXiv ID keeps the plain key, the others get a suffix
``a``, ``b``, ... ``z``, ``aa``, ... in ID order, skipping any key another paper
already has. The ID is permanent, so a paper's key only changes when a paper
with a lower ID and the same key joins the catalog.

Field values are TeX, kept as written where that is safe, and always safe
inside ``{...}``, for BibTeX, biber and bibtexparser alike:

- whitespace (line breaks included) is collapsed to single spaces and other
  control characters are dropped, so every field stays on its line;
- ``&``, ``%``, ``#`` are escaped everywhere, ``_`` and ``^`` outside math;
  ``$...$`` and ``$$...$$`` stay as written, a ``$`` without its partner is
  escaped;
- braces are balanced: plain ``{``/``}`` and escaped ``\\{``/``\\}`` each among
  themselves (BibTeX counts both, bibtexparser only the plain ones), and
  unmatched ones are dropped, so a hostile ``}, note={x`` cannot close the value
  or start a new field;
- an ``@`` that would read as the start of an entry (``@misc{``) is wrapped as
  ``{@}``, a trailing backslash is dropped, and ``\\\\`` before a brace gets a
  space so that no parser takes the brace as escaped;
- in author names a free-standing ``and`` is braced (``{and}``), so that one
  name never becomes two.

TeX commands are otherwise passed through, as arXiv does: the entries are meant
to be pasted into a LaTeX document, which will interpret them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from generator.catalog.people import family_name
from generator.models import Paper

_STOP = set("a an the on of in for to and with via is are do does how what why".split())
_MATH = re.compile(r"(\$[^$]*\$)")
_KEY = re.compile(r"[A-Za-z0-9]+")
# No TeX specials, no control characters: such text needs no work.
_PLAIN = re.compile(r"[^\\{}$&%#_^@\x00-\x1f\x7f-\x9f]*")
_AND = re.compile(r"(?<!\S)(and)(?!\S)", re.IGNORECASE)


def bibtex_key(paper: Paper) -> str:
    """``<first author's surname><year><first significant title word>``, ASCII lowercase.

    Blank author names are skipped. Without a usable surname (no authors, or a name with no ASCII letters or digits)
    the key is ``arxiv`` and the ID's letters and digits (``arxiv231108526``).
    """
    families = paper.family_names or tuple(family_name(a) for a in paper.authors)
    surname = next((_ascii_word(f) for f in families if _ascii_word(f)), "")
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—/]+", _MATH.sub(" ", paper.title))]
    first = next((w for w in words if w and w not in _STOP), "")
    if not surname:
        return "arxiv" + re.sub(r"[^0-9a-z]", "", paper.id.lower())
    return f"{surname}{paper.year or ''}{first}"


def unique_bibtex_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper ID -> a BibTeX key unique in the catalog, whatever the order of ``papers``.

    Every paper whose own ``bibtex_key`` no other paper shares keeps it. Within a group
    sharing a key, the lowest ID (plain string order) keeps the key and the others, in
    ID order, get the first free suffix of ``a``, ``b``, ... ``z``, ``aa``, ``ab``, ...;
    a suffixed key that is some other paper's plain key is skipped.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.id):
        groups[bibtex_key(paper)].append(paper.id)
    taken = set(groups)
    keys: dict[str, str] = {}
    for base in sorted(groups):
        first, *rest = groups[base]
        keys[first] = base
        counter = 0
        for paper_id in rest:
            while True:
                counter += 1
                candidate = base + _letters(counter)
                if candidate not in taken:
                    break
            taken.add(candidate)
            keys[paper_id] = candidate
    return keys


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """The paper as a ``@misc`` entry in arXiv's style; ``key`` defaults to ``bibtex_key(paper)``.

    A given key must be ASCII letters and digits only (``ValueError`` otherwise).
    """
    if key is None:
        key = bibtex_key(paper)
    elif not _KEY.fullmatch(key):
        raise ValueError(f"invalid BibTeX key {key!r}: expected ASCII letters and digits only")
    lines = [f"@misc{{{key},"]
    # A title derived from the abstract is no title: a bibliography would print it as one.
    fields = [] if paper.title_derived else [("title", _value(paper.title))]
    authors = [name for name in (_author(a) for a in paper.authors) if name]
    if authors:
        fields.append(("author", " and ".join(authors)))
    if paper.year:
        fields.append(("year", _value(paper.year)))
    fields += [("eprint", _value(paper.id)), ("archivePrefix", "arXiv")]
    if paper.category and _value(paper.category):
        fields.append(("primaryClass", _value(paper.category)))
    fields.append(("url", _value(f"https://arxiv.org/abs/{paper.id}")))
    lines += [f"      {name}={{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa, ... (bijective base 26)."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _ascii_word(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _author(name: str) -> str:
    return _AND.sub(r"{\1}", _value(name))


def _value(text: str) -> str:
    """Text safe inside a BibTeX ``{...}`` value (see the module's docstring)."""
    if _PLAIN.fullmatch(text) and text == " ".join(text.split()):
        return text  # the common case: nothing to escape, balance or collapse
    tokens = _tokens(_one_line(text))
    tokens = _balanced(tokens)
    while tokens and (tokens[-1].isspace() or tokens[-1] in ("\\\\", "\\ ")):
        tokens.pop()
    while tokens and tokens[0].isspace():
        tokens.pop(0)
    # Right to left, so that each ``@`` is judged by what finally follows it.
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in ("@", "\\@") and _starts_entry(tokens, index + 1):
            tokens[index] = "{" + tokens[index] + "}"
    out: list[str] = []
    for token in tokens:
        if token == " " and out and out[-1] == " ":
            continue  # where a dropped brace stood between two spaces
        if out and out[-1] == "\\\\" and token[0] in "{}":
            out.append(" ")
        out.append(token)
    return "".join(out)


def _starts_entry(tokens: Sequence[str], start: int) -> bool:
    """True if ``tokens[start:]`` reads as ``misc{`` or ``misc (``: after an ``@``, an entry's start."""
    index = start
    while index < len(tokens) and re.fullmatch(r"\w", tokens[index]):
        index += 1
    while index < len(tokens) and tokens[index] == " ":
        index += 1
    return index < len(tokens) and tokens[index][0] in "{("


def _one_line(text: str) -> str:
    chars = (" " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return re.sub(r" {2,}", " ", "".join(chars)).strip()


def _tokens(text: str) -> list[str]:
    """TeX tokens, specials escaped: control sequences whole, everything else a character."""
    math = _math_delimiters(text)
    tokens: list[str] = []
    in_math = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 == len(text):
                break  # a trailing backslash would escape the closing brace
            match = re.match(r"\\[A-Za-z]+", text[i:])
            token = match.group(0) if match else text[i : i + 2]
            tokens.append(token)
            i += len(token)
            continue
        if char == "$":
            width = 2 if text.startswith("$$", i) else 1
            if i in math:
                tokens.append(text[i : i + width])
                in_math = not in_math
            else:
                tokens.append("\\$" * width)
            i += width
            continue
        if char in "&%#":
            tokens.append("\\" + char)
        elif char == "_" and not in_math:
            tokens.append("\\_")
        elif char == "^" and not in_math:
            tokens.append("\\^{}")
        else:
            tokens.append(char)
        i += 1
    return tokens


def _math_delimiters(text: str) -> set[int]:
    """Positions of the ``$``/``$$`` that open or close math; an unpaired one is left out."""
    delimiters: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "$":
            width = 2 if text.startswith("$$", i) else 1
            delimiters.append((i, text[i : i + width]))
            i += width
        else:
            i += 1
    paired: set[int] = set()
    opened: tuple[int, str] | None = None
    for position, kind in delimiters:
        if opened is None:
            opened = (position, kind)
        elif kind == opened[1]:
            paired.update((opened[0], position))
            opened = None
    return paired


def _balanced(tokens: Sequence[str]) -> list[str]:
    """Drop unmatched braces: plain ones and escaped ones (``\\{``, ``\\}``) each balanced."""
    dropped: set[int] = set()
    for opening, closing in (("{", "}"), ("\\{", "\\}")):
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token == opening:
                stack.append(index)
            elif token == closing:
                if stack:
                    stack.pop()
                else:
                    dropped.add(index)
        dropped.update(stack)
    return [token for index, token in enumerate(tokens) if index not in dropped]
