"""English words, and words that lost the space between them.

Copy-pasted abstracts lose spaces: where a line break was joined without one
("dailypractices", "ispacked"), and around words that were styled in the original
("introducingcomposable", "S3Evalenables", "Natural Planto", "TheLOFTbenchmark").
``repair_glued`` puts the spaces back, with three safeguards against splitting a
word that was right:

- a word-frequency model of English (``wordfreq``): a run of letters that is itself a
  word (``autoencoder``, ``nonzero``, ``ImageNet``) is never split, and the parts of a
  split must be words, common ones when short;
- the catalog's own words (``CatalogWords``): a token found more than once in the
  catalog, or in any title, is a word of the field or a coined name (``MobileLLM``,
  ``tokenizer``), and names found on their own (``ToRA``, ``S3Eval``) are parts that
  a glued token may be split into;
- the shape of the join: a token with capitals is split only where a word ends and a
  capitalised one begins (``trainToRA``), a name or acronym meets a small word
  (``LOFTbenchmark``), or a number meets a word (``13fewer``); a token of small
  letters only when it is no word at all, every part is a known word and no part is
  a prefix (``semi``, ``multi``: ``semisupervised`` stays). Parts that are only
  plausible (rare words, "a" + word) are accepted only in an abstract that shows
  several certain joins, as text whose line breaks were lost does.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# Words of two letters or fewer that may be a part of a split: the small words that
# glue to their neighbours. Other short parts would split almost anything.
SHORT_WORDS = frozenset("a an as at be by do if in is it no of on or so to up us we".split())
# Small words that end or start a join of two small words ("ofthe", "isa", "forthe").
_GLUE_FIRST = frozenset("of in on at to for with from by and or is are was were that as into".split())
_GLUE_SECOND = frozenset("a an the this that these those its our their".split())
# Joins of two small words that are words themselves.
_REAL_PAIRS = frozenset("fora into onto within thereof therein thereby whereas upon".split())
# Small words that glue to a neighbour ("Attentionand", "Hubcan", "riskthat").
_SMALL = SHORT_WORDS | _GLUE_FIRST | _GLUE_SECOND | frozenset("but can has have it not we which".split())
# Verbs that introduce a name, often glued to it: "we presentS3Eval", "a model calledGLiNER".
_INTRODUCING = frozenset(
    "about across between called dubbed for from introduce introduces introducing named onto our over present "
    "presents propose proposes such than termed using via within without".split()
)
# Capitals, then small letters: an acronym glued to a word ("LOFTbenchmark"), never a part.
_CAPS_THEN_WORD = re.compile(r"[A-Z][A-Z0-9]+[a-z]{2,}$")
_SMALL_THEN_NAME = re.compile(r"([a-z]+)([A-Z][A-Za-z0-9]{2,})")
# A part that is a prefix makes a compound, not two words: "semisupervised", "underdamped".
PREFIXES = frozenset(
    """
    anti auto bi bio co counter cross de dis electro geo hyper inter intra macro magneto meta micro mid
    mis mono multi nano neuro non out over photo poly post pre pro proto pseudo quasi re self semi sub
    super thermo trans tri ultra un under uni
    """.split()
)
# A last part that is a suffix or a combining form: "tokenizer", "stepwise", "threefold".
SUFFIXES = frozenset(
    "ability able al ate ation ations ator ators based ed er ers fold free ful ibility ing ings ism ist ists ity "
    "ize ized izer izes ization less like ly ment ments ness wise".split()
)
# Words after a number that make a quantity ("3fold", "10times"), not a glued word.
_UNIT_WORDS = frozenset("fold times bit bits byte bytes".split())
# Section words followed by their number ("Section3", "Figure2").
_NUMBERED = frozenset("section sections figure figures fig table tables appendix chapter equation eq theorem lemma".split())
# A number with a size suffix, as model sizes are written ("125M", "7B", "16k").
_SIZED_NUMBER = re.compile(r"\d+(?:\.\d+)?[KMBkmb]?")
_RUN = re.compile(r"[A-Za-z0-9]+")
# Runs worth a look: four characters or more, or three small letters (a join like "isa").
_CANDIDATE = re.compile(r"[A-Za-z0-9]{4,}|(?<![A-Za-z0-9])[a-z]{3}(?![A-Za-z0-9])")
# Characters of addresses, paths and code identifiers, whose runs are left alone.
_IDENTIFIER_MARKS = ("_", "\\", "@", "=", "#")
MAX_PARTS = 3
KNOWN_ZIPF = 1.0  # a run at least this frequent is a word (wordfreq's Zipf scale: 1 per billion words)


@functools.cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="large")


def zipf(word: str) -> float:
    """How common a word is in English: log10 of its frequency per billion words, 0 if unknown."""
    frequency = _frequencies().get(word.lower())
    return math.log10(frequency) + 9 if frequency else 0.0


@dataclass(frozen=True, slots=True)
class CatalogWords:
    """What the catalog itself says is a word: its tokens and how many papers use each."""

    counts: Counter[str] = field(default_factory=Counter)  # token (as written) -> papers using it
    titles: frozenset[str] = frozenset()  # tokens of the titles, as written

    @classmethod
    def of(cls, abstracts: Iterable[str], titles: Iterable[str] = ()) -> CatalogWords:
        counts: Counter[str] = Counter()
        for text in abstracts:
            runs = set(_RUN.findall(text))
            # A name glued to the word before it counts as written on its own ("introduceLOFT").
            runs.update(lead.group(2) for lead in map(_SMALL_THEN_NAME.fullmatch, list(runs)) if _leads(lead))
            counts.update(runs)
        title_tokens = {token for title in titles for token in _RUN.findall(title)}
        counts.update(title_tokens)
        return cls(counts, frozenset(title_tokens))


def repair_glued(text: str, catalog: CatalogWords | None = None) -> str:
    """The text with a space put back wherever two words were glued together."""
    catalog = catalog or CatalogWords()
    found = [(m.start(), m.end(), m.group(0)) for m in _CANDIDATE.finditer(text)]
    certain: list[tuple[int, int, list[str]]] = []
    plausible: list[tuple[int, int, list[str]]] = []
    for start, end, run in found:
        token = _token_at(text, start, end)
        if any(mark in token for mark in _IDENTIFIER_MARKS) or (run.isalpha() and run.islower() and any(c.isdigit() for c in token)):
            continue  # a path, an address or an identifier (DotaMath-deepseek-7B)
        parts, sure = _split(run, catalog)
        if parts:
            (certain if sure else plausible).append((start, end, parts))
    if not certain and not plausible:
        return text
    # Joins that are only plausible count where the text shows several certain ones.
    words = text.count(" ") + 1
    if len(certain) >= 3 or (len(certain) >= 2 and len(certain) * 40 >= words):
        certain += plausible
    out, position = [], 0
    for start, end, parts in sorted(certain):
        out += [text[position:start], " ".join(parts)]
        position = end
    out.append(text[position:])
    return "".join(out)


def _leads(match: re.Match[str] | None) -> bool:
    """Whether a ``_SMALL_THEN_NAME`` match is a small word glued to the name after it."""
    return match is not None and (match.group(1) in _SMALL or match.group(1) in _INTRODUCING)


def _token_at(text: str, start: int, end: int) -> str:
    """The white-space delimited token around text[start:end]."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return text[left : right if right >= 0 else len(text)]


def _split(run: str, catalog: CatalogWords) -> tuple[list[str] | None, bool]:
    """The words a run of letters and digits is made of, if it is a join of several, and
    whether that is certain (or only plausible)."""
    if run in catalog.titles or run.isdigit():
        return None, False
    if run.isalpha() and run.islower():
        return _split_lower(run, catalog)
    return _split_mixed(run, catalog)


def _split_lower(run: str, catalog: CatalogWords) -> tuple[list[str] | None, bool]:
    """A run of small letters: a join of words only if it is no word itself."""
    if run in _REAL_PAIRS:
        return None, False
    for k in range(1, len(run)):
        first, second = run[:k], run[k:]
        if first in _GLUE_FIRST and second in _GLUE_SECOND:
            return [first, second], True  # "ofthe", "isa": however common the typo
    if len(run) < 5 or zipf(run) >= KNOWN_ZIPF or catalog.counts[run] >= 2:
        return None, False
    if run[0] == "a" and len(run) >= 6 and zipf(run[1:]) >= 4.0:
        return ["a", run[1:]], True  # "astream": an article and a common word
    parts = _segment(run, catalog, relaxed=True)
    if not parts or len(parts) < 2 or parts[0] in PREFIXES:
        return None, False
    if any(b in SUFFIXES and a not in _SMALL for a, b in zip(parts, parts[1:], strict=False)):
        return None, False  # "explain ability", "ensembl ing": one word and its ending
    strict = _segment(run, catalog, relaxed=False)
    if strict == parts:
        return parts, True
    # "theselookback": a small word and a long one; "introducingcomposable": a long common
    # word and a long rarer one
    sure = len(parts) == 2 and (
        (parts[0] in _SMALL and len(parts[1]) >= 5)
        or (all(len(p) >= 6 for p in parts) and max(zipf(p) for p in parts) >= 4.0)
    )
    return parts, sure


def _split_mixed(run: str, catalog: CatalogWords) -> tuple[list[str] | None, bool]:
    """A run with capitals or digits: split where the case or kind changes at a word's end."""
    if zipf(run) >= KNOWN_ZIPF or _SIZED_NUMBER.fullmatch(run):
        return None, False  # ImageNet, PyTorch, YouTube; 100K
    numbered = re.fullmatch(r"([A-Za-z]+)(\d+)", run)
    if numbered and numbered.group(1).lower() in _NUMBERED:
        return [numbered.group(1), numbered.group(2)], True  # "Section3"
    if run[0].isdigit():
        quantity = re.fullmatch(r"(\d+)([a-z]{4,})", run)
        if quantity and zipf(quantity.group(2)) >= 4.0 and quantity.group(2) not in _UNIT_WORDS:
            return [quantity.group(1), quantity.group(2)], True  # "13fewer", "2techniques"
        return None, False
    lead = _SMALL_THEN_NAME.fullmatch(run)
    if _leads(lead):
        # "withLLaMA", "introduceNatural", "aSynthetic"; "ofS3Evalprovides" in three
        rest, _ = _split(lead.group(2), catalog)
        return [lead.group(1), *(rest or [lead.group(2)])], True
    parts = _segment(run, catalog, relaxed=False)
    if not parts or len(parts) < 2:
        return None, False
    glued = [_glue_boundary(a, b, catalog) for a, b in zip(parts, parts[1:], strict=False)]
    if not any(glued):
        return None, False
    # A token the catalog uses again and again is a name ("MobileLLM"), unless it is a
    # name glued to a small word ("LOFTbenchmark", twice in one abstract).
    if catalog.counts[run] >= 2 and not (len(parts) == 2 and parts[1].islower() and not parts[0].islower()):
        return None, False
    return parts, True


def _glue_boundary(left: str, right: str, catalog: CatalogWords) -> bool:
    """Whether two parts meet as glued words rather than as the halves of one name."""
    if left.islower() and right[0].isupper():
        # "trainToRA", "introduceNatural", "integratedReasoning": a whole word, then a capital
        return left in _SMALL or zipf(left) >= 3.0
    if right.islower():
        if left.isdigit() or _SIZED_NUMBER.fullmatch(left):
            return False
        if left[1:].islower():
            # "Planto", "Hubcan", "Attentionand": a capitalised word and a small word
            return right in _SMALL or (len(right) >= 4 and zipf(right) >= 4.0)
        # "LOFTbenchmark", "ToRAmodels", "S3Evalenables": a name the catalog uses, then a word
        return catalog.counts[left] >= 1 and (right in _SMALL or zipf(right) >= 3.0)
    if _SIZED_NUMBER.fullmatch(right):
        return catalog.counts[left] >= 1 and not left[1:].islower()  # "MobileLLM125M"
    return False


def _segment(run: str, catalog: CatalogWords, relaxed: bool) -> list[str] | None:
    """The most probable way to cut the run into at most ``MAX_PARTS`` known parts."""
    n = len(run)
    # best[i] = (cost, parts) of the best segmentation of run[:i]
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for end in range(1, n + 1):
        for start in range(end):
            previous = best[start]
            if previous is None or len(previous[1]) >= MAX_PARTS:
                continue
            piece = run[start:end]
            cost = _part_cost(piece, catalog, relaxed, first=start == 0, whole=piece == run)
            if cost is None:
                continue
            total = previous[0] + cost
            if best[end] is None or total < best[end][0]:
                best[end] = (total, [*previous[1], piece])
    found = best[n]
    return found[1] if found else None


def _part_cost(piece: str, catalog: CatalogWords, relaxed: bool, first: bool, whole: bool) -> float | None:
    """How unlikely a part is (-log10 of its probability, plus a price per part), or None
    if it cannot be a part."""
    split_price = 1.5
    if whole:
        return None  # the run itself is not a join
    if piece.isdigit() or _SIZED_NUMBER.fullmatch(piece):
        return 5.0 + split_price
    if piece.islower():
        if len(piece) <= 2:
            if piece not in SHORT_WORDS or (piece == "a" and not (first and relaxed)):
                return None
            return 9 - zipf(piece) + split_price
        z = zipf(piece)
        floor = 4.0 if len(piece) == 3 else (KNOWN_ZIPF if relaxed else 2.5)
        if z < floor and catalog.counts[piece] < 2:
            return None
        return 9 - max(z, 3.0 if catalog.counts[piece] >= 2 else 0.0) + split_price
    if piece[:1].isupper() and piece[1:].islower():
        z = zipf(piece)
        if len(piece) >= 3 and z >= 3.0:
            return 9 - z + split_price
    # A name or an acronym the catalog writes on its own ("ToRA", "LOFT", "S3Eval", "LLMs").
    if len(piece) >= 2 and catalog.counts[piece] >= 1 and not piece.islower() and not _CAPS_THEN_WORD.match(piece):
        return 4.0 + split_price
    return None
