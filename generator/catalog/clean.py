"""Text cleaning and the fields derived from text: titles, dates, people, code links.

Pure functions; nothing here reads files or knows about other papers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from generator.catalog.latex import tex_to_text
from generator.catalog.urls import code_repository, find_urls, separate_urls
from generator.catalog.words import MATH_MARK, CatalogWords, repair_glued
from generator.derive.names import coined_names, matches_initials
from generator.site.texmath import find_math

# Bidirectional controls and zero-width characters: invisible, and able to make
# text display differently from what it says.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_URL_MARK = "\ue001"  # stands for a web address while the text around it is cleaned
# Stands for math that is a sub- or superscript of the word it touches ("MgB$_2$", "$^3$He").
_ATTACHED_MARK = "\ue002"
# Math that belongs to the word it touches: a sub- or superscript, or an accented letter ("M$\ddot{o}$ller").
_ATTACHED_MATH = re.compile(
    r"[_^]|\\(?:ddot|dot|hat|tilde|bar|acute|grave|breve|check|vec|mathring)\s*\{?\\?[A-Za-z]\}?$"
)
# Copy-paste debris (see _remove_debris).
_EMAIL_ADDRESS = r"(?:\{[^{}@]{1,200}\}|[\w.+-]+)@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}|\[email\s*protected\]"
_EMAIL = re.compile(r"(?:\s*[,;]?\s*(?:" + _EMAIL_ADDRESS + r"))+")
_CORRESPONDENCE = re.compile(
    r"[*†‡§¶]*\s*(?:Correspondence(?: to)?|Corresponding authors?|E-?mails?|Contact)\s*:?\s*"
    r"(?:" + _EMAIL_ADDRESS + r")(?:\s*(?:[,;]|and)?\s*(?:" + _EMAIL_ADDRESS + r"))*",
    re.IGNORECASE,
)
# Footnote marks: "111" (a superscript 1 pasted thrice) or a dagger, glued between a
# word or sentence end and the footnote's first word.
# (Each alternative starts with its literal, which the regex engine scans for quickly.)
_FOOTNOTE = re.compile(
    r"111(?<=[a-z]111)(?=[A-Z])"
    r"|(?:111(?<=[.)]111)|11(?<=[.)]11)|1(?<=[.)]1))(?=[A-Z][a-z])"
    r"|[†‡§¶]+(?<=[\w.)][†‡§¶])(?=\s*[A-Z]|$)"
)
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)(?=[\s.,;:]|$)|\s*\[\s*\](?=[\s.,;:]|$)")
_STRAY_STOP = re.compile(r"\x00[.,;]")
_DOUBLE_STOP = re.compile(r"(?<![.\s])\.\.(?![.\w])")  # "ToRA.." (a footnote's stop), not an ellipsis
_DOUBLE_DASH = re.compile(r"—[–—-]+|[–-]—")
# Markdown emphasis, which an abstract shows as typed ("*weights*", "**ReFT**", "__x__"):
# markers around a word or phrase, not a lone star ("A* search", "C*-algebra").
_EMPHASIS = re.compile(
    r"(?<![\w*_\\}^$])(?P<mark>\*\*|__|\*|_)(?=[A-Za-z0-9(\"'])(?P<text>[^*_\n{}^$\\]{1,200}?)"
    r"(?<=[A-Za-z0-9).\"'])(?P=mark)(?![\w*_{])"
)
# Punctuation spacing (see _respace).
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:!?])(?<=[\w)\]] [,.;:!?])(?=\s|$)")
_GLUED_SENTENCE = re.compile(r"[.!?](?=[A-Z][a-z]|[A-Z]{2}(?![A-Z]*/\d)|[AI]\s)")  # not math.AG/0703131
_GLUED_COLON = re.compile(r":(?<=[A-Za-z0-9)]:)(?=[A-Z][a-z])")
_COMMA_GLUED = re.compile(r",(?:(?<=[a-z]{2},)|(?<=[.)],))(?=[A-Za-z][A-Za-z0-9])")
_POSSESSIVE_GLUED = re.compile(r"(?<=[A-Za-z]s)\u2019(?=[A-Z][a-z])")

# A space after '.', '!' or '?' (the space first: the regex engine then scans for it
# quickly, where a leading lookbehind is tried at every position).
_SENTENCE_END = re.compile(r"\s(?<=[.!?]\s)\s*(?=[A-Z0-9\"'(])")
_INTRO = re.compile(
    r"(?:\b(?:we|this (?:paper|work|report)|here,? we)\s+(?:first\s+|also\s+|further\s+)?"
    r"(?:introduce|present|propose|develop|describe|release|build|design|create|construct|curate|offer)s?"
    r"|\bby\s+(?:introducing|presenting|proposing|developing|designing|building|constructing|creating|curating))"
    r"\s+(.+)",
    re.IGNORECASE,
)
# Every verb of _INTRO has one of these stems: a sentence without any cannot match.
_INTRO_STEMS = tuple("introduc present propos develop describ releas build design creat construct curat offer".split())
# Only bold: a single '*' is as likely to be maths as emphasis, and is kept as written.
_BOLD = re.compile(r"(?<![\w*])\*\*(?=\S)([^*]+?)(?<=\S)\*\*(?![\w*])")
_URL_TAIL = re.compile(r"\s*(?:\b(?:at|from|on|in|via)\s+)?<?https?://\S+")
TITLE_WORDS = 14
TITLE_CHARS = 150
UNTITLED = "Untitled"


def clean_text(text: str) -> str:
    """One line of readable text: NFC, no invisible or control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    # Invisible and control characters are all unprintable: a quick test first.
    if not text.isprintable():
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", text)
    # str.split() splits on exactly the characters that \s matches, and faster.
    return " ".join(text.split())


def clean_abstract(text: str, catalog: CatalogWords | None = None) -> str:
    """A readable abstract: cleaned like any text, TeX turned into Unicode outside math,
    copy-paste debris removed (footnote markers, correspondence lines and addresses, the
    empty brackets of lost math), web addresses set apart from the words glued to them,
    Markdown emphasis markers dropped and glued words split (``generator.catalog.words``).

    ``catalog``: the words of the whole catalog, which tell coined names and words of
    the field from glued words."""
    text = tex_to_text(clean_text(text))
    text = _remove_debris(text)
    urls = find_urls(text)
    if urls:
        separated = separate_urls(text, urls)
        if separated != text:
            text, urls = separated, find_urls(separated)
    # Math and addresses are kept as written: every rule below sees each as one opaque mark.
    kept: list[str] = []
    spans = [(m.start, m.end, _ATTACHED_MARK if _ATTACHED_MATH.match(m.tex) else MATH_MARK) for m in find_math(text)]
    spans += [(u.start, u.end, _URL_MARK) for u in urls]
    masked, position = [], 0
    for start, end, mark in sorted(spans):
        if start < position:
            continue
        kept.append(text[start:end])
        masked += [text[position:start], mark + chr(0xE100 + len(kept) - 1)]
        position = end
    masked.append(text[position:])
    text = "".join(masked)
    text = _EMPHASIS.sub(r"\g<text>", text) if ("*" in text or "_" in text) else text
    text = _respace(text)
    text = repair_glued(text, catalog)
    marks = f"[{MATH_MARK}{_URL_MARK}{_ATTACHED_MARK}](.)"
    text = re.sub(marks, lambda m: kept[ord(m.group(1)) - 0xE100], text, flags=re.DOTALL)
    return " ".join(text.split())


def _remove_debris(text: str) -> str:
    """Text without what pasting from a PDF or a web page adds: footnote markers
    ("research111Code"), correspondence lines and e-mail addresses (and the
    "[email protected]" that web pages show in their place), brackets left empty where
    math was lost ("FLOPs () ,") and doubled dashes."""
    if "@" in text or "protected]" in text:
        text = _CORRESPONDENCE.sub(_removed, text)
        text = _EMAIL.sub(_removed, text)
    # A mark glued to a word ends the sentence before the footnote ("research111Code").
    if "1" in text or any(mark in text for mark in "†‡§¶"):
        text = _FOOTNOTE.sub(lambda m: ". " if m.string[m.start() - 1].isalpha() else " ", text)
    if "\x00" in text:
        text = _STRAY_STOP.sub("", text)
    if "()" in text or "( )" in text or "[]" in text or "[ ]" in text:
        text = _EMPTY_BRACKETS.sub("", text)
    if ".." in text:
        text = _DOUBLE_STOP.sub(".", text)
    return _DOUBLE_DASH.sub("\u2014", text) if "—" in text else text


def _removed(match: re.Match[str]) -> str:
    """What stands where an address was: a space, and no punctuation left alone after a
    sentence's end ("Contact: a@b.org. We ..." -> "We ...")."""
    before = match.string[: match.start()].rstrip()
    after = match.string[match.end() : match.end() + 1]
    if after in ".,;" and (not before or before[-1] in ".!?:"):
        return " \x00"  # the stop after the address goes too (see _STRAY_STOP)
    return " "


def _respace(text: str) -> str:
    """Spaces where pasting lost or added them around punctuation: none before a comma or
    full stop ("(LLMs) ."), one after a sentence's end, a colon or a comma glued to the
    next word ("output.IXC-2.5", "tasks:Trip", "e.g.,CLIP", "LLMs’Citation")."""
    if " ," in text or " ." in text or " ;" in text or " :" in text or " !" in text or " ?" in text:
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = _GLUED_SENTENCE.sub(lambda m: m.group(0) + " " if _ends_word(text, m.start()) else m.group(0), text)
    if ":" in text:
        text = _GLUED_COLON.sub(": ", text)
    text = _COMMA_GLUED.sub(", ", text)
    return _POSSESSIVE_GLUED.sub("\u2019 ", text) if "\u2019" in text else text


def _ends_word(text: str, dot: int) -> bool:
    """Whether the word before ``text[dot]`` is a word of three letters or more that ends
    a sentence, not an abbreviation ("Ph.D") or a name with dots ("java.util.List")."""
    if dot >= 2 and text[dot - 2] in (MATH_MARK, _ATTACHED_MARK):
        return True  # "$\alpha$.Reparametrization"
    word = re.search(r"[A-Za-z)]+$", text[:dot])
    if not word or (len(word.group(0)) < 3 and not word.group(0).endswith(")")):
        return False
    return text[max(0, word.start() - 1) : word.start()] not in (".", "_", "/")


def is_arxiv_category(text: str) -> bool:
    """``cs.CL``, ``hep-ph``, ``math.GT``, ``q-bio.PE``: an arXiv category's code (a known
    archive, and a subject class where the archive has them)."""
    match = re.fullmatch(r"([a-z][a-z-]*)(?:\.([A-Za-z][A-Za-z-]*))?", text)
    return bool(match) and match.group(1) in ARCHIVES


# arXiv's archives: the part of a category code before the dot.
ARCHIVES = frozenset(
    """astro-ph cond-mat cs econ eess gr-qc hep-ex hep-lat hep-ph hep-th math math-ph nlin nucl-ex nucl-th
    physics q-bio q-fin quant-ph stat adap-org alg-geom ao-sci atom-ph bayes-an chao-dyn chem-ph cmp-lg
    comp-gas dg-ga funct-an mtrl-th patt-sol plasm-ph q-alg solv-int supr-con acc-phys""".split()
)


def split_categories(value: str | list[str]) -> tuple[str, ...]:
    """arXiv categories from a list or from text separated by spaces, ',', ';' or '|'
    ("math.CO cs.CG"); other codes in the same field (MSC classes such as 92D30) are left out."""
    parts = value if isinstance(value, list) else re.split(r"[\s,;|]+", value)
    found = (clean_text(part) for part in parts)
    return tuple(dict.fromkeys(part for part in found if is_arxiv_category(part)))


def split_tags(value: str | list[str]) -> tuple[str, ...]:
    """Tags from a list or from text separated by ';' or ','."""
    parts = value if isinstance(value, list) else re.split(r"[;,]", value)
    seen: dict[str, None] = {}
    for part in parts:
        tag = clean_text(part)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ][0-9:.]+(?:\s*(?:Z|GMT|UTC|[+-]\d\d:?\d\d))?)?"


def parse_date(value: str, near: tuple[int, int] | None = None) -> str | None:
    """An ISO date (``YYYY-MM-DD``) or month (``YYYY-MM``); None for a year alone (the month
    then comes from the arXiv ID); ValueError for anything else.

    Accepts ``2024-01-05``, ``2024-01-05T12:00:00Z`` (arXiv's API), ``2024/01/05``, ``2024-01``,
    ``2024-1``, ``Mon, 2 Apr 2007 19:18:42 GMT`` (arXiv's metadata), ``14 Nov 2023``,
    ``Nov 14, 2023``, ``November 2023``, and day-month-year with slashes or dots as
    spreadsheets write them (``2/13/2023``, ``13.2.2023``). Where day and month could be
    swapped (``6/9/2020``), ``near`` (the year and month in the arXiv ID) decides; without
    it, or when neither reading is that month, ``AmbiguousDate`` is raised.
    """
    text = clean_text(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return None
    iso = re.fullmatch(r"(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?" + _TIME, text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), iso[3]
        if day is None:
            if not 1 <= month <= 12:
                raise ValueError(value)
            return f"{year:04d}-{month:02d}"
        return date(year, month, int(day)).isoformat()
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})" + _TIME, text)
    if numeric:
        return _day_month(int(numeric[1]), int(numeric[2]), int(numeric[3]), near, value)
    named = re.fullmatch(
        r"(?:[A-Za-z]{3},?\s+)?(?:(\d{1,2})\s+([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+(\d{1,2}),?)?\s*"
        r"(?:([A-Za-z]+)\.?\s+)?(\d{4})" + _TIME,
        text,
    )
    if named:
        day = named[1] or named[4]
        month_name = (named[2] or named[3] or named[5] or "").lower()
        month = _MONTH_NAMES.get(month_name)
        if month is None or (named[5] and (named[2] or named[3])):
            raise ValueError(value)
        year = int(named[6])
        return date(year, month, int(day)).isoformat() if day else f"{year:04d}-{month:02d}"
    raise ValueError(value)


def _day_month(first: int, second: int, year: int, near: tuple[int, int] | None, value: str) -> str:
    readings = []
    for month, day in ((first, second), (second, first)):  # month first (US), then day first
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        raise ValueError(value)
    if len(readings) == 1:
        return readings[0].isoformat()
    matching = [d for d in readings if near and (d.year, d.month) == near]
    if len(matching) == 1:
        return matching[0].isoformat()
    raise AmbiguousDate(value)


class AmbiguousDate(ValueError):
    """A day and month that could be swapped, neither reading in the arXiv ID's month: the
    date is not used (the ID gives the month), and the row is not refused for it."""


def find_code_url(abstract: str) -> str | None:
    """The first complete repository address (GitHub, GitLab, Hugging Face, ...) named in the abstract."""
    return code_repository(abstract)


def derive_title(abstract: str) -> str:
    """A title for a paper that has none: the system the abstract introduces, if any.

    ``NAME: what it is`` when the abstract coins a name and says what it introduces,
    else the introducing phrase or the first sentence, cut to a title's length.
    Never empty, and never longer than ``TITLE_WORDS`` words or ``TITLE_CHARS`` characters
    (plus the name).
    """
    names = coined_names("", abstract)  # before _plain: bold marks a name
    abstract = _plain(abstract)
    sentences = _SENTENCE_END.split(abstract)
    name = names[0] if names else None
    lead, phrase = name, None
    for sentence in sentences:
        match = _intro(sentence)
        if match:
            lead, phrase = _describe(match.group(1), name)
            break
    if lead and phrase and lead not in phrase:
        return f"{lead}: {phrase}"
    if phrase:
        return phrase
    first = _shorten(sentences[0].strip().rstrip("."))
    if not any(c.isalnum() for c in first):
        return UNTITLED  # nothing to name the paper by ("", ".", "…")
    return f"{name}: {first}" if name and name not in first else first


def _intro(sentence: str) -> re.Match[str] | None:
    """The phrase the sentence introduces (``_INTRO``), if any."""
    # A substring test rules most sentences out quicker than the regex; only for ASCII,
    # where IGNORECASE means plain lowercase (beyond it, the Kelvin sign matches "k" too).
    if sentence.isascii():
        lowered = sentence.lower()
        if not any(stem in lowered for stem in _INTRO_STEMS):
            return None
    return _INTRO.search(sentence)


def _plain(text: str) -> str:
    """Text without Markdown bold markers (``**ReFT**`` -> ``ReFT``)."""
    return _BOLD.sub(r"\1", text) if "**" in text else text


def _describe(phrase: str, name: str | None) -> tuple[str | None, str | None]:
    """The title's lead (the name, or its long form) and what the paper introduces."""
    phrase = _URL_TAIL.sub("", phrase).strip().rstrip(".")
    lead = name
    if name:
        defined = re.match(r"^([^,;:()]{3,80}?)\s*\(\s*" + re.escape(name) + r"\s*\)\s*[,:—–-]?\s*", phrase)
        if defined and matches_initials(defined.group(1), name):
            # "Inference-Time Intervention (ITI), a technique ..." -> lead "Inference-Time Intervention"
            lead, phrase = defined.group(1).strip(), phrase[defined.end() :]
        else:
            # "TRACE, a novel benchmark ..." -> "a novel benchmark ..."
            phrase = re.sub(
                r"^[\"'‘“]?" + re.escape(name) + r"[\"'’”]?\s*(?:\([^)]*\))?\s*[,:—–-]?\s*", "", phrase
            )
        # "a method named 'Rephrase and Respond' (RaR), which ..." -> "a method ..."
        phrase = re.sub(r"\s*\b(?:called|named|dubbed|termed)\b.*$", "", phrase)
    phrase = re.split(r",\s*(?:which|that|where|and)\b|;", phrase)[0].strip(" ,")
    if len(phrase.split()) < 2:
        return lead, None
    phrase = _shorten(phrase)
    return lead, phrase[0].upper() + phrase[1:]


def _shorten(text: str) -> str:
    words = text.split()
    if len(words) > TITLE_WORDS:
        text = " ".join(words[:TITLE_WORDS]).rstrip(",;:") + "…"
    if len(text) > TITLE_CHARS:
        cut = text[:TITLE_CHARS]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:…") + "…"
    return text
