"""Citations: BibTeX entries in arXiv's own style."""

from __future__ import annotations

import re
import unicodedata

from generator.models import Paper

_STOP = set("a an the on of in for to and with via is are do does how what why".split())
_MATH = re.compile(r"(\$[^$]*\$)")


def bibtex_key(paper: Paper) -> str:
    """``<first author's surname><year><first significant title word>``, ASCII lowercase."""
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else ""
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—/]+", _MATH.sub(" ", paper.title))]
    first = next((w for w in words if w and w not in _STOP), "")
    if not surname:
        return "arxiv" + re.sub(r"[^0-9a-z]", "", paper.id.lower())
    return f"{surname}{paper.year or ''}{first}"


def bibtex_entry(paper: Paper) -> str:
    lines = [f"@misc{{{bibtex_key(paper)},"]
    fields = [("title", _value(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(_value(a) for a in paper.authors)))
    if paper.year:
        fields.append(("year", paper.year))
    fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
    if paper.category:
        fields.append(("primaryClass", _value(paper.category)))
    fields.append(("url", f"https://arxiv.org/abs/{paper.id}"))
    lines += [f"      {name}={{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _ascii_word(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _value(text: str) -> str:
    """Text safe inside a BibTeX ``{...}`` value: specials escaped, braces balanced."""
    parts = _MATH.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 1:
            out.append(part)  # TeX math stays as written
        else:
            out.append(re.sub(r"(?<!\\)([&%#_])", r"\\\1", part))
    return _balance("".join(out))


def _balance(text: str) -> str:
    depth = 0
    kept = []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    result = "".join(kept)
    if depth:
        # Drop unmatched opening braces, from the right.
        chars = list(result)
        for i in range(len(chars) - 1, -1, -1):
            if depth == 0:
                break
            if chars[i] == "{":
                chars[i] = ""
                depth -= 1
        result = "".join(chars)
    return result
