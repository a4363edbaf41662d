"""Text cleaning and the fields derived from text: titles, dates, people, code links.

Pure functions; nothing here reads files or knows about other papers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from itertools import pairwise

from generator.names import coined_names, matches_initials

# Bidirectional controls and zero-width characters: invisible, and able to make
# text display differently from what it says.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Copy-pasted abstracts lose spaces around styled words ("we introduceNatural Plan",
# "presentS3Eval, aSynthetic,Scalable"). Only split after a short list of words
# that never end a proper name, so names like "GitHub" or "vLLM" stay whole.
_GLUE_WORDS = (
    "a about across an and as at between by called dubbed for from in into introduce introduces introducing "
    "is named of on onto our over present presents propose proposes such than that the termed to using via "
    "we with within without"
).split()
_GLUE_SET = frozenset(_GLUE_WORDS)
# Where a glued word may be: a capital right after a small letter, then two more letters
# or digits. The pattern starts with the capital so that the regex engine scans for it
# quickly; which word ends at the small letter is checked in Python (one regex with
# the glue words as alternatives cost more than everything else in enrichment).
_LOWER_UPPER = re.compile(r"[A-Z](?<=[a-z][A-Z])(?=[A-Za-z0-9]{2})")
# A comma between a small letter and a letter; the literal first, for the same reason.
_COMMA_GLUED = re.compile(r",(?<=[a-z],)(?=[A-Za-z])")

_CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|huggingface\.co)"
    r"/[\w.-]+/[\w.-]+",
    re.IGNORECASE,
)
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


def clean_abstract(text: str) -> str:
    """A readable abstract: cleaned like any text, with glued words split apart."""
    text = clean_text(text)
    text = _split_glued(text)
    return _COMMA_GLUED.sub(", ", text)


def _split_glued(text: str) -> str:
    """A space between a glue word and the capitalised word stuck to it ("introduceNatural")."""
    cuts = []
    for match in _LOWER_UPPER.finditer(text):
        end = match.start()
        start = end - 1
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        # The glue word must be a whole word: nothing of a word (\w) right before it.
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        if text[start:end] in _GLUE_SET:
            cuts.append(end)
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    return " ".join(text[a:b] for a, b in pairwise(bounds))


def split_people(value: str | list[str]) -> tuple[str, ...]:
    """Authors from a list or from text separated by ';', ' and ' or ','."""
    if isinstance(value, list):
        parts = value
    elif ";" in value:
        parts = value.split(";")
    elif re.search(r"\s+and\s+", value):
        parts = re.split(r"\s*,\s*|\s+and\s+", value)
    else:
        parts = value.split(",")
    return tuple(name for name in (clean_text(p) for p in parts) if name)


def split_tags(value: str | list[str]) -> tuple[str, ...]:
    """Tags from a list or from text separated by ';' or ','."""
    parts = value if isinstance(value, list) else re.split(r"[;,]", value)
    seen: dict[str, None] = {}
    for part in parts:
        tag = clean_text(part)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_date(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``) or month (``YYYY-MM``); raise ValueError otherwise.

    Accepts ``2024-01-05``, ``2024-01-05T12:00:00Z`` (arXiv's API), ``2024/01/05``,
    ``2024-01`` and ``2024-1``.
    """
    text = clean_text(value).replace("/", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?", text)
    if not match:
        raise ValueError(value)
    year, month, day = int(match[1]), int(match[2]), match[3]
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError(value)
        return f"{year:04d}-{month:02d}"
    return date(year, month, int(day)).isoformat()


def find_code_url(abstract: str) -> str | None:
    """The first repository URL (GitHub, GitLab, Hugging Face, ...) named in the abstract."""
    # A quick test first: the regex, case-insensitive, is tried at every position.
    match = _CODE_URL.search(abstract) if "://" in abstract else None
    if not match:
        return None
    return match.group(0).rstrip(".,;:)")


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
