"""TeX math in titles and abstracts: finding ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``.

A ``$`` counts as math only in a pair that reads like math: the opening ``$`` is
followed by a non-space (or by spaces and then TeX: a command, ``^``, ``_`` or a
brace, as in ``$ f : X \\to D$``), the closing one follows a non-space and is not
followed by a digit, and the two are on one line. So "costs $5 and $10" and a lone ``$``
stay text. ``\\$`` is an escaped dollar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MATH = re.compile(
    r"\$\$(?P<display>[^$]+?)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?![\d$])"
    # "$ f : X \to D$": spaces inside, as arXiv abstracts often have, where the content is TeX
    r"|(?<![\\$])\$(?P<spaced>\s+(?=[^$\n]*[\\^_{])[^$\n]*?[^\s$\\]\s*)\$(?![\d$])",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class MathSpan:
    start: int
    end: int
    tex: str
    display: bool


def find_math(text: str) -> list[MathSpan]:
    """Math spans in text order."""
    if "$" not in text and "\\" not in text:
        return []
    spans = []
    for match in _MATH.finditer(text):
        if match.group("display") is not None:
            spans.append(MathSpan(match.start(), match.end(), match.group("display").strip(), True))
        elif match.group("bracket") is not None:
            spans.append(MathSpan(match.start(), match.end(), match.group("bracket").strip(), True))
        elif match.group("paren") is not None:
            spans.append(MathSpan(match.start(), match.end(), match.group("paren").strip(), False))
        elif match.group("spaced") is not None:
            spans.append(MathSpan(match.start(), match.end(), match.group("spaced").strip(), False))
        else:
            spans.append(MathSpan(match.start(), match.end(), match.group("inline"), False))
    return [span for span in spans if span.tex]
