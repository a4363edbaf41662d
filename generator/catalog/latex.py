"""Text-mode LaTeX in catalog fields turned into the characters it stands for.

arXiv's own metadata is written in TeX: accents (``Gr\\"obner``, ``Koll\\'ar``), text
commands (``\\emph{...}``, ``\\textit{...}``, ``{\\it ...}``), escapes (``\\%``, ``\\&``),
TeX quotes (````...''``) and dashes. Outside math they become Unicode text; math
(``$...$``, ``\\(...\\)``) stays as written, for KaTeX to render.

Only the commands (with their arguments) are handed to pylatexenc, one at a time, so
that the rest of the text is never read as TeX: a ``%`` in "improves by 5%" is a per
cent sign, not a comment, and braces that are not a command's stay as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

from generator.site.texmath import find_math

# One balanced {...} argument, with one level of nested braces ({\"o} inside \emph{...}).
_ARG = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
_COMMAND = re.compile(
    # {\em text}, {\"o}: a group that starts with a command is converted whole
    r"\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
    # accents: \"o, \'{e}, \v{C}, \c c, \H{o}, and \i, \j
    r"|\\[\"'`^~=.](?:" + _ARG + r"|\\?[A-Za-z])"
    r"|\\[uvHckbdrt](?:" + _ARG + r"|\s+[A-Za-z](?![A-Za-z]))"
    # named commands with optional [..] and {..} arguments: \emph{..}, \href{..}{..}, \ss
    r"|\\[A-Za-z]+\*?(?:\s*\[[^\]]*\])?(?:\s*" + _ARG + r")*"
    # escapes and spacing: \%, \&, \_, \#, \$, \{, \}, \\, \,, \;, \ , \-
    r"|\\[%&_#${}\\,;:! \-/@]"
)
_QUICK = re.compile(r"\\[A-Za-z\"'`^~=.%&_#${}\\,;:! \-/@]|``|''|\{\\")
_DROPPED = frozenset("cite citep citet citealp ref eqref label footnote footnotemark thanks vspace hspace".split())
# The command name at the start of a span, for the few handled here rather than by pylatexenc.
_NAME = re.compile(r"\\([A-Za-z]+)\*?")
_URL_COMMAND = re.compile(r"\\(url|href)\s*\{([^{}]*)\}(?:\s*\{([^{}]*)\})?")
# TeX's non-breaking space between words or after an abbreviation ("Fig.~1", "et~al."),
# not a tilde meaning "about" ("~10%", which has a space or nothing before it).
_WRAPPED_MATH = re.compile(r"\\(?:emph|text[a-z]{2}|text|mbox)\s*\{\s*(\$[^${}]+\$)\s*\}")
_COMMAND_START = re.compile(r"\\(?:[A-Za-z]+|[\"'`^~=.])")
_TIE = re.compile(r"(?<=[A-Za-z.,])~(?=[A-Za-z0-9\\$])")


def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "paper-catalog",
        prepend=True,
        macros=[
            MacroTextSpec("mbox", simplify_repl="%s"),
            MacroTextSpec("textless", simplify_repl="<"),
            MacroTextSpec("textgreater", simplify_repl=">"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
        ],
    )
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


_CONVERTER = _converter()


def has_tex(text: str) -> bool:
    """Whether the text has a TeX command, group or quote anywhere (math included)."""
    return bool(_QUICK.search(text))


def tex_to_text(text: str) -> str:
    """The text with its text-mode TeX turned into Unicode; math kept as written.

    Text without a backslash command or TeX quotes comes back unchanged."""
    if not has_tex(text):
        return text
    # A text command around nothing but math (\emph{$d=3$}) keeps the math alone.
    text = _WRAPPED_MATH.sub(r"\1", text)
    # TeX's dashes only where the text is TeX: elsewhere "--" may be meant as typed.
    dashes = bool(_COMMAND_START.search(text))
    out: list[str] = []
    position = 0
    for span in find_math(text):
        out.append(_text_part(text[position : span.start], dashes))
        out.append(text[span.start : span.end])
        position = span.end
    out.append(_text_part(text[position:], dashes))
    return unicodedata.normalize("NFC", "".join(out))


def _text_part(text: str, dashes: bool) -> str:
    if not text:
        return text
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    if "\\" in text or "{" in text:
        text = _TIE.sub(" ", text)
        text = _COMMAND.sub(lambda m: _convert(m.group(0)), text)
    if dashes and "--" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    return text


@functools.lru_cache(maxsize=1 << 14)  # the same accents and commands come back in paper after paper
def _convert(span: str) -> str:
    """One command (or group) as text."""
    url = _URL_COMMAND.fullmatch(span)
    if url:
        target, label = url.group(2), url.group(3)
        return f"{label} ({target})" if label and label != target else target
    name = _NAME.match(span)
    if name and name.group(1) in _DROPPED and name.end() < len(span) or span in ("\\-", "\\/"):
        return ""
    if span in ("\\\\", "\\,", "\\;", "\\:", "\\!", "\\ "):
        return " "
    # Inside the span '%', '&' and '#' are text too, not a comment, a table cell or a parameter.
    guarded = re.sub(r"(?<!\\)([%&#])", r"\\\1", span)
    try:
        converted = _CONVERTER.latex_to_text(guarded)
    except Exception:  # a parser error must not lose the text: keep the letters, drop the markup
        converted = re.sub(r"\\[A-Za-z]+\*?|[{}\\]", "", span)
    return converted.replace("\xa0", " ")


# --- Math as plain text -------------------------------------------------------------
#
# Where markup cannot render (the browser tab, link previews, the feed, search
# results, reference managers' titles), math is written out in Unicode: symbols by
# pylatexenc's tables (\alpha -> α, \leq -> ≤, \mathbb{R} -> ℝ), scripts as Unicode
# superscripts and subscripts where every character has one (x^{-1} -> x⁻¹,
# H_0 -> H₀, \text{Memory}^3 -> Memory³), written with ^ and _ otherwise (T_c). A
# command pylatexenc does not know keeps its name (\XQM -> XQM) rather than vanish.

_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()niaeoxhjklmprstuvwyABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵉᵒˣʰʲᵏˡᵐᵖʳˢᵗᵘᵛʷʸᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUPERSCRIPTS.update({"−": "⁻", "'": "′", "′": "′", "*": "*", "∗": "*"})
_SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True))
_SUBSCRIPTS["−"] = "₋"
# ^ or _ and its argument: a balanced group (one level of nesting), a command, or one character.
_SCRIPT = re.compile(r"([\^_])\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\[A-Za-z]+|[^\s{}\\])")
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Old font switches ({\sf CK}, {\rm d}): no text of their own.
_FONT_SWITCHES = frozenset("rm sf tt bf it sl sc cal mit em".split())


def _math_converter() -> LatexNodes2Text:
    return LatexNodes2Text(
        latex_context=get_default_latex_context_db(), math_mode="text", strict_latex_spaces="based-on-source"
    )


_MATH_CONVERTER = _math_converter()
_KNOWN_MACROS = get_default_latex_context_db()


@functools.lru_cache(maxsize=1 << 12)
def math_to_text(tex: str) -> str:
    """One math span's TeX (without its ``$``) as readable Unicode text."""
    tex = _MATH_COMMAND.sub(
        lambda m: (
            ""
            if m.group(1) in _FONT_SWITCHES
            else m.group(0)
            if _KNOWN_MACROS.get_macro_spec(m.group(1)) is not None
            # braced, so that it never runs into a command before it (\to\pip -> \to{pip})
            else "{" + m.group(1) + "}"
        ),
        tex,
    )
    tex = _SCRIPT.sub(_script, tex)
    try:
        text = _MATH_CONVERTER.latex_to_text(tex)
    except Exception:  # a parser error must not lose the text: keep the letters, drop the markup
        text = re.sub(r"\\[A-Za-z]+\*?|[{}\\]", "", tex)
    text = text.replace("\xa0", " ").replace("\u2009", " ")
    return " ".join(text.split())


def _script(match: re.Match[str]) -> str:
    kind, argument = match.groups()
    inner = argument[1:-1] if argument.startswith("{") else argument
    text = math_to_text(inner) if ("\\" in inner or "{" in inner or "^" in inner or "_" in inner) else inner
    text = text.replace(" ", "")
    table = _SUPERSCRIPTS if kind == "^" else _SUBSCRIPTS
    # Braced: a script character is a letter to the parser, which would read \ellᵖ as one command.
    if text and all(char in table for char in text):
        return "{" + "".join(table[char] for char in text) + "}"
    if text == "∘" and kind == "^":
        return "{°}"
    # No Unicode script for some character: TeX's own notation, grouped where it needs it.
    if len(text) == 1:
        return "{" + kind + text + "}"
    return "{" + f"{kind}({text})" + "}" if text else ""


def plain_text(text: str) -> str:
    """Text whose math (``$...$`` and the like) is written out as Unicode (``math_to_text``)."""
    spans = find_math(text)
    if not spans:
        return text
    out: list[str] = []
    position = 0
    for span in spans:
        out.append(text[position : span.start])
        out.append(math_to_text(span.tex))
        position = span.end
    out.append(text[position:])
    return unicodedata.normalize("NFC", "".join(out))
