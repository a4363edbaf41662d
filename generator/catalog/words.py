"""English words, and words that lost the space between them.

Copy-pasted abstracts lose spaces: where a line break was joined without one
("dailypractices", "ispresented"), and around words that were styled in the original
("introducingcomposable", "S3Evalenables", "Natural Planto", "TheLOFTbenchmark").
``repair_glued`` puts the spaces back. Every run of letters that may be such a join is
graded by the evidence that it is one:

- certain: a shape that words do not have. A small word glued to another ("ofthe",
  "showthat", "riskthat", "Thisdiscrepancy"), a word glued to a capitalised name
  ("trainToRA", "introduceNatural"), a name glued to a word ("S3Evalenables",
  "LOFTbenchmark"), a number glued to a word ("13fewer", "Section3");
- likely: no word, but two common ones ("runsfaster", "dailypractices");
- possible: no word, but rarer words or names ("Ramondstates", "HadronCollider").

Certain joins are always split. Likely and possible ones are split only in an
abstract that shows several joins, about one every fifty words or more, as text whose
line breaks were joined without spaces does: in clean text a word the model does not
know ("partonic", "topcolor", "handlebody") is far more often a term of the field
than two glued words. In such an abstract, punctuation glued to the next word
("$x$,which", "mass(GeV", "$\\alpha$through") is set apart too.

Safeguards against splitting a word that was right:

- a word-frequency model of English (``wordfreq``): a run that is itself a word
  (``autoencoder``, ``indifferent``, ``ImageNet``) is not split, unless it is two very
  common words that web text happens to glue ("isnot", "thesame");
- the catalog's own words (``CatalogWords``): a token the catalog writes more than once
  or in a title is a term of the field or a coined name (``MobileLLM``, ``partonic``),
  and names the catalog writes on their own (``ToRA``, ``S3Eval``) may be parts;
- parts must be words, common ones when short; a part that is a prefix or an ending
  makes a compound, not two words (``semisupervised``, ``explainability``); names
  joined by hyphens (``Randall-Sundrum``) are left whole.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

CERTAIN, LIKELY, POSSIBLE = 3, 2, 1
# An abstract with at least this many likely joins, and one per this many words, is
# one whose spaces were lost: its likely and possible joins are split too.
DENSE_JOINS = 2
WORDS_PER_JOIN = 50
KNOWN_ZIPF = 1.0  # a run at least this frequent is a word (wordfreq's Zipf scale: once per billion words)

# Words of two letters or fewer that may be a part: the small words that glue to their
# neighbours. Other short parts would split almost anything.
SHORT_WORDS = frozenset("a an as at be by do if in is it no of on or so to up us we".split())
# Small words that glue to the next word and never begin a longer one by themselves.
_LEADING = frozenset(
    """also and are as at by for from has have if in into is its of on or our such than that the their these
    this those to using was we were which with""".split()
)
# Small words that glue to the word before them.
_TRAILING = frozenset(
    "and are as at by can for from in into is of on or that the these this to was we which with".split()
)
# Small words that are also prefixes of longer ones ("in|homogenous", "a|thermal").
_ARTICLES = frozenset("a an the".split())
_DETERMINERS = _ARTICLES | frozenset("this these that those its our their".split())
_PREFIX_LIKE = frozenset("a an as at be by in is on or to".split())
# The privative "a-" makes adjectives: "athermal", "achiral", "acyclic", "amorphous".
_ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ive", "ar", "ary")
# Of those, the ones that also end longer words ("polar|on", "bipolar|on", "tachyon|in")
# are not trusted after a rare word.
_TRAILING_AFTER_RARE = _TRAILING - frozenset("as at by in on or".split())
# Capitalised small words that begin sentences and glue to the next word ("Thisdiscrepancy").
_SENTENCE_LEADS = frozenset(
    """a all an as at both by each for from here in it its on our since such that the their there these they
    this to using we when while with""".split()
)
# Joins of two small words that are words themselves.
_REAL_PAIRS = frozenset("fora into onto within thereof therein thereby whereas upon".split())
# Verbs and prepositions glued to the name that follows: "we presentS3Eval", "calledGLiNER".
_INTRODUCING = frozenset(
    """about across between called dubbed for from introduce introduces introducing named onto our over present
    presents propose proposes such than termed using via within without""".split()
)
# A first part that is a prefix makes a compound, not two words: "semisupervised", "underdamped".
PREFIXES = frozenset(
    """aero allo anti astro auto bi bio cardio chrono co cosmo counter cross cyber de deca demi dis electro extra
    ferro geo giga heli helio hemi hepta hetero hexa homo hydro hyper immuno infra inter intra iso kilo macro
    magneto mega meta micro mid milli mis mono multi nano neuro non octa oligo opto ortho out over para penta
    photo pico piezo poly post pre pro proto pseudo psycho pyro quasi re retro self semi socio spectro sub
    super techno tera tetra thermo trans tri tribo ultra un under uni visco""".split()
)
# A part that is an ending: "explain|ability", "ensembl|ing", "threefold".
SUFFIXES = frozenset(
    """ability able al ance ate ation ations ator ators based ed ence ent er ers fold free ful ian ians ibility ic
    ical ics ified ifies ify iness ing ings ion ions ism ist ists ity ive ives ize ized izer izes ization less
    like ly ment ments ness ous ure wise""".split()
)
_UNIT_WORDS = frozenset("fold times bit bits byte bytes".split())  # "3fold", "10times": quantities
_NUMBERED = frozenset(
    "section sections figure figures fig table tables appendix chapter equation eq theorem lemma".split()
)
_SIZED_NUMBER = re.compile(r"\d+(?:\.\d+)?[KMBkmb]?")  # "125M", "7B", "16k"
_MODEL_SIZE = re.compile(r"\d+(?:\.\d+)?[KMB]")

_SMALL_THEN_NAME = re.compile(r"([a-z]+)([A-Z][A-Za-z0-9]{2,})")
_SMALL_THEN_NAME_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([a-z]+)([A-Z][A-Za-z0-9]{2,})(?![A-Za-z0-9])")
_ACRONYM_THEN_WORD_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,})([a-z]{3,})(?![A-Za-z0-9])")
_LEADING_START = re.compile("|".join(sorted((w for w in _LEADING if len(w) >= 2), key=len, reverse=True)))
_ACRONYM_THEN_WORD = re.compile(r"([A-Z]{2,})([a-z]{3,})")
_RUN = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"[a-z]+")
# How an English word can begin: a vowel, or consonants that begin words ("tw", "str"), then a vowel.
_ONSET = re.compile(
    r"(?:[aeiouy]|(?:[bcdfgkpt][lr]|s[cklmnpqtw]?|sch|scr|spl|spr|str|ch|ph|sh|th|thr|wh|wr|kn|gn|ps|qu"
    r"|[bcdfghjklmnpqrstvwxz]))[aeiouy]"
)
# Runs worth a look: four characters or more, or three small letters (a join like "isa").
_CANDIDATE = re.compile(r"[A-Za-z0-9]{4,}|(?<![A-Za-z0-9])[a-z]{3}(?![A-Za-z0-9])")
# Characters of addresses, paths and code identifiers, whose runs are left alone.
_IDENTIFIER_MARKS = ("_", "\\", "@", "=", "#")
MAX_PARTS = 3
# How common a part of a word must be, by its length, where rarer parts are allowed:
# short rare "words" are mostly fragments ("calo|rons", "inte|pret").
_RELAXED_FLOOR = {3: 4.0, 4: 3.0, 5: 2.5, 6: 2.0}
_LONG_FLOOR = 1.2
# Math kept out of the text by the caller is marked with this character (``MATH_MARK``
# and one character of its own); in an abstract whose spaces were lost, a word glued to
# it is set apart.
MATH_MARK = "\ue000"
_DENSE_SPACING = (
    # "baryons$\Xi$", "of$10^{-4}$", "$\alpha$through": a word glued to math (not "$\Lambda$CDM")
    (re.compile(r"(?<=[a-z]{3})(?=\ue000)|(?<![A-Za-z])(?<=of|on|or|an|in|at|to|by|is|as|be)(?=\ue000)"), " "),
    (re.compile(r"(?<=\ue000.)(?=[a-z]{3})", re.DOTALL), " "),
    # "interactions(NSI": an acronym's brackets glued to the word before
    (re.compile(r"(?<=[a-z]{4})(?=\([A-Z]{2})"), " "),
    # "certain\"optimal\"", "with“twistfree”", "“generic”type"
    (re.compile(r"(?<=[a-z]{2})(?=[“][A-Za-z])|(?<=[a-z][”])(?=[a-z]{2})"), " "),
    # "$x$,which": a comma after math
    (re.compile(r"(?<=\ue000.)([,;])(?=[A-Za-z\ue000])", re.DOTALL), r"\1 "),
    # "Maxwell'sequations"
    (re.compile(r"(?<=[a-z]['\u2019]s)(?=[a-z]{3})"), " "),
)


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
    """What the catalog itself says is a word: its tokens and how often it writes each."""

    counts: Counter[str] = field(default_factory=Counter)  # token (as written) -> occurrences
    titles: frozenset[str] = frozenset()  # tokens of the titles, as written
    # How often the catalog writes apart two words that it also writes glued together
    # ("field theory" beside "fieldtheory"), for the unknown runs of small letters.
    apart: Counter[tuple[str, ...]] = field(default_factory=Counter)
    # What ``_split`` made of each run so far: the same runs come back in abstract after abstract.
    splits: dict[str, tuple[list[str] | None, int]] = field(default_factory=dict, compare=False, repr=False)
    whole: set[str] = field(default_factory=set, compare=False, repr=False)  # runs ``_split`` leaves whole

    @classmethod
    def of(cls, abstracts: Iterable[str], titles: Iterable[str] = ()) -> CatalogWords:
        texts = list(abstracts)
        counts: Counter[str] = Counter()
        for text in texts:
            runs = _RUN.findall(text)
            # A name glued to the word before it counts as written on its own ("introduceLOFT"),
            # and an acronym glued to the word after it ("PPNparameters").
            runs += [lead.group(2) for lead in _SMALL_THEN_NAME_IN_TEXT.finditer(text) if _leads(lead)]
            runs += [head.group(1) for head in _ACRONYM_THEN_WORD_IN_TEXT.finditer(text)]
            counts.update(runs)
        title_tokens = {token for title in titles for token in _RUN.findall(title)}
        counts.update(title_tokens)
        words = cls(counts, frozenset(title_tokens))
        # The two words each unknown run would be split into, then how often the
        # catalog writes them apart: a second pass that counts only those pairs.
        wanted = set()
        for run in counts:
            if len(run) >= 6 and run.isalpha() and run.islower() and zipf(run) < KNOWN_ZIPF:
                parts = _segment(run, words, relaxed=True)
                if parts and len(parts) == 2:
                    wanted.add(tuple(parts))
        apart: Counter[tuple[str, ...]] = Counter()
        if wanted:
            for text in texts:
                tokens = _WORD.findall(text.lower())
                apart.update(filter(wanted.__contains__, zip(tokens, tokens[1:], strict=False)))
        return cls(counts, frozenset(title_tokens), apart)


def repair_glued(text: str, catalog: CatalogWords | None = None) -> str:
    """The text with a space put back wherever two words were glued together."""
    catalog = catalog or CatalogWords()
    joins: list[tuple[int, int, list[str], int]] = []
    splits, whole = catalog.splits, catalog.whole
    # Most runs are words already seen whole: a quick pass over them, in C where it can be.
    if not any(run not in whole for run in _CANDIDATE.findall(text)):
        return text
    for match in _CANDIDATE.finditer(text):
        run = match.group(0)
        found = splits.get(run)
        if found is None:
            found = splits[run] = _split(run, catalog)
            if found[0] is None:
                whole.add(run)
        if found[0] and not _protected(text, match.start(), match.end(), run):
            joins.append((match.start(), match.end(), found[0], found[1]))
    evident = sum(1 for *_, strength in joins if strength >= LIKELY)
    certain = sum(1 for *_, strength in joins if strength == CERTAIN)
    dense = evident >= DENSE_JOINS and evident * WORDS_PER_JOIN >= text.count(" ") + 1
    # A certain join shows that the abstract lost spaces: then likely ones are trusted too.
    floor = POSSIBLE if dense else LIKELY if certain and evident >= DENSE_JOINS else CERTAIN
    out, position = [], 0
    for start, end, parts, strength in joins:
        if strength >= floor:
            out += [text[position:start], " ".join(parts)]
            position = end
    out.append(text[position:])
    text = "".join(out)
    if dense:
        for pattern, replacement in _DENSE_SPACING:
            text = pattern.sub(replacement, text)
        text = _CLOSING_GLUED.sub(_space_after_bracket, text)
    return text


def _space_after_bracket(match: re.Match[str]) -> str:
    """ "(quark)distribution", "(resonances)have": a space after the bracket, unless it
    closes a word's optional part ("(anti)quark", "(non-)Abelian")."""
    inside = match.group(1)
    if len(inside) < 5 or inside.endswith("-") or inside.lower() in PREFIXES:
        return match.group(0)
    return f"({inside}) "


_CLOSING_GLUED = re.compile(r"\(([^()\s]{1,40}|[^()]{1,40}\s[^()]{0,40})\)(?=[a-z]{4})")


def _protected(text: str, start: int, end: int, run: str) -> bool:
    """Runs left whole whatever they look like: parts of addresses and identifiers
    (``DotaMath-deepseek-7B``), and of names joined by hyphens (``Randall-Sundrum``)."""
    if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
        return True  # part of a word with letters beyond ASCII ("Kümmel")
    if run.islower() and len(run) >= 6 and run.endswith("o") and text[end : end + 1] == "-":
        return True  # a combining form: "gravito-electro-magnetic"
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    token = text[left : right if right >= 0 else len(text)]
    if any(mark in token for mark in _IDENTIFIER_MARKS):
        return True
    pieces = token.split("-")
    if len(pieces) > 1 and run[0].isupper() and sum(1 for p in pieces if re.match(r"[A-Z][a-z]", p)) >= 2:
        return True  # Randall-Sundrum, Cartan-Helgason
    # a word in a model or data set name (WizardMath-70B, DotaMath-deepseek-7B): another
    # piece mixes letters and digits; but a small word may be glued to the name's start
    # ("ofgpt-4-turbo")
    if run.islower() and token.startswith(run) and _LEADING_START.match(run):
        return False
    return len(pieces) > 1 and any(re.search(r"\d", p) and re.search(r"[A-Za-z]", p) for p in pieces)


def _leads(match: re.Match[str] | None) -> bool:
    """Whether a ``_SMALL_THEN_NAME`` match is a small word glued to the name after it."""
    return match is not None and (
        match.group(1) in _LEADING or match.group(1) in SHORT_WORDS or match.group(1) in _INTRODUCING
    )


def _split(run: str, catalog: CatalogWords) -> tuple[list[str] | None, int]:
    """The words a run of letters and digits is made of, if it is a join of several,
    and the strength of the evidence (``CERTAIN``, ``LIKELY`` or ``POSSIBLE``)."""
    if run in catalog.titles or run.isdigit():
        return None, 0
    if run.isalpha() and run.islower():
        return _split_lower(run, catalog)
    if run.isalpha() and run[0].isupper() and run[1:].islower():
        return _split_capitalised(run, catalog)
    return _split_mixed(run, catalog)


def _split_lower(run: str, catalog: CatalogWords) -> tuple[list[str] | None, int]:
    """A run of small letters."""
    if run in _REAL_PAIRS:
        return None, 0
    known = zipf(run)
    if known >= KNOWN_ZIPF:
        # A word, unless two very common words that web text glues often enough to be
        # counted as one ("ofthe", "isnot", "thesame").
        pair = _common_pair(run)
        if pair and _gain(pair) - known >= 1.0:
            return pair, CERTAIN
        return None, 0
    for small in (w for w in _LEADING if len(w) >= 2 and run.startswith(w)):
        rest = run[len(small) :]
        if len(rest) >= 3 and any(catalog.counts[form] for form in (rest, rest.upper(), rest.title())):
            return [small, rest], CERTAIN  # "ofgpt": a small word glued to a name the catalog writes
    if len(run) < 4:
        return None, 0
    parts, strength = _grade_lower(run, catalog)
    apart = catalog.apart[tuple(parts)] if parts and len(parts) == 2 else 0
    if apart and apart >= 2 * catalog.counts[run]:
        # The catalog writes the two words apart far more often than together ("field
        # theory"): stronger evidence. (Not a compound written both ways, "worldsheet".)
        return parts, min(CERTAIN, strength + 1)
    # A token the catalog writes more than once is a term of the field ("partonic"),
    # unless a small word glued to it gives it away ("areexamined" in two abstracts).
    if strength < CERTAIN and catalog.counts[run] >= 2:
        return None, 0
    return parts, strength


def _grade_lower(run: str, catalog: CatalogWords) -> tuple[list[str] | None, int]:
    parts = _segment(run, catalog, relaxed=True)
    if not parts or not _parts_allowed(parts):
        return _leading_then_unknown(run)
    if len(parts) == 2:
        first, second = parts
        if first in _LEADING and len(second) >= 3 and (first not in _PREFIX_LIKE or zipf(second) >= 4.0):
            return parts, CERTAIN  # "andheterogeneity", "theselookback"; not "in|homogenous"
        if second in _TRAILING_AFTER_RARE and (len(first) >= 5 or (len(first) >= 4 and zipf(first) >= 2.5)):
            return parts, CERTAIN  # "riskthat", "autoencodersto"; not "cooper|on"
        article = first in ("a", "an") and len(second) >= 5 and not second.endswith(_ADJECTIVE_ENDINGS)
        if article and (first == "a" or second[0] in "aeiou"):
            return parts, CERTAIN if zipf(second) >= 4.0 else LIKELY  # "astream", "avisualizer", "anablation"
        if first in ("a", "an"):
            return None, 0  # "a|thermal", "an|harmonic": the privative prefix
        if second == "a" and len(first) >= 5 and zipf(first) >= 3.0:
            return parts, LIKELY  # "providea", "betweena"
        if first in _LEADING and second in _LEADING | _TRAILING | _ARTICLES:
            return parts, CERTAIN  # "arein", "withan"
        if second == "an" and len(first) >= 5 and zipf(first) >= 3.0:
            return parts, LIKELY  # "inducean"
        if min(map(len, parts)) >= 6 and max(map(zipf, parts)) >= 4.0:
            return parts, CERTAIN  # "introducingcomposable": two long words, one of them common
    if sum(len(p) <= 2 for p in parts) > 1 or any(len(p) <= 2 and p not in _LEADING | _TRAILING for p in parts[1:]):
        return None, 0  # "diff|us|on"
    if len(parts) == 3 and len(parts[1]) <= 2:
        return None, 0  # "dec|on|fined", "exit|at|ions"
    small = sum(p in _LEADING or p in _TRAILING for p in parts)
    if len(parts) == 3 and len(run) >= 24:
        return parts, CERTAIN  # "generatingapproximatedversions": no word is that long
    if len(parts) == 3 and (small or len(run) >= 18):
        # "selectingbatchesof", "eitherqueriedfor", "generatingapproximatedversions"
        common = all(p in _LEADING or p in _TRAILING or zipf(p) >= 3.0 for p in parts)
        return parts, CERTAIN if small and common else LIKELY
    if len(parts) == 2 and parts[1] in ("on", "an") and zipf(parts[0]) < 4.5:
        return None, 0  # "cooper|on", "bipolar|on", "median|an"? endings of names of particles and more
    if all(p in _LEADING or p in _TRAILING or zipf(p) >= 3.0 for p in parts):
        return parts, LIKELY
    return parts, POSSIBLE


def _leading_then_unknown(run: str) -> tuple[list[str] | None, int]:
    """ "oftwistors": a small word, then a word the model does not know."""
    for small in sorted(_LEADING, key=len, reverse=True):
        rest = run[len(small) :]
        word_like = len(rest) >= 5 and _ONSET.match(rest) and rest not in SUFFIXES
        if len(small) >= 2 and run.startswith(small) and small not in _PREFIX_LIKE and word_like:
            return [small, rest], POSSIBLE
    return None, 0


def _split_capitalised(run: str, catalog: CatalogWords) -> tuple[list[str] | None, int]:
    """A capitalised run: "Thisdiscrepancy", "Planto", "Ramondstates"."""
    lower = run.lower()
    known = zipf(run)
    if known >= KNOWN_ZIPF:
        pair = _common_pair(lower)
        if pair and pair[0] in _SENTENCE_LEADS and _gain(pair) - known >= 1.0:
            return [run[: len(pair[0])], pair[1]], CERTAIN  # "Inthe", "Itis", "Theyare"
        return None, 0
    repeated = catalog.counts[run] >= 2
    for k in range(1, len(run) - 2):
        head, rest = lower[:k], lower[k:]
        if head in _SENTENCE_LEADS and zipf(rest) >= 2.0 and rest not in SUFFIXES:
            if zipf(rest) >= 3.0:
                return [run[:k], rest], CERTAIN  # "Thisdiscrepancy", "Inaddition"
            return (None, 0) if repeated else ([run[:k], rest], LIKELY)
    for k in range(len(run) - 2, 2, -1):
        head, rest = lower[:k], lower[k:]
        if (rest in _TRAILING or rest in _DETERMINERS) and zipf(head) >= 4.0:
            return [run[:k], rest], CERTAIN  # "Planto", "Hubcan", "Attentionand", "Combiningour"
    if repeated:
        return None, 0
    for k in range(3, len(run) - 3):
        rest = lower[k:]
        word = len(rest) >= 4 and zipf(rest) >= 3.5 and rest not in SUFFIXES and lower[:k] not in PREFIXES
        if word and catalog.counts[run[:k]] >= 1:
            return [run[:k], rest], POSSIBLE  # "Higgsboson": a name the catalog writes alone, then a word
    return None, 0


def _split_mixed(run: str, catalog: CatalogWords) -> tuple[list[str] | None, int]:
    """A run with capitals inside or digits: split where the case or kind changes at a word's end."""
    if zipf(run) >= KNOWN_ZIPF or _SIZED_NUMBER.fullmatch(run):
        return None, 0  # ImageNet, PyTorch, YouTube; 100K
    numbered = re.fullmatch(r"([A-Za-z]+)(\d+)", run)
    if numbered and numbered.group(1).lower() in _NUMBERED:
        return [numbered.group(1), numbered.group(2)], CERTAIN  # "Section3"
    if numbered and numbered.group(1) in _LEADING and len(numbered.group(2)) >= 2:
        return [numbered.group(1), numbered.group(2)], LIKELY  # "to1974"
    if run[0].isdigit():
        quantity = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]{4,})", run)
        if quantity and quantity.group(2) not in _UNIT_WORDS:
            if zipf(quantity.group(2)) >= 4.0:
                return [quantity.group(1), quantity.group(2)], CERTAIN  # "13fewer", "2techniques"
            if zipf(quantity.group(2)) >= 2.0:
                return [quantity.group(1), quantity.group(2)], POSSIBLE  # "2supergravity"
        return None, 0
    lead = _SMALL_THEN_NAME.fullmatch(run)
    if _leads(lead):
        # "withLLaMA", "introduceNatural"; "ofS3Evalprovides" in three
        rest, _ = _split(lead.group(2), catalog)
        return [lead.group(1), *(rest or [lead.group(2)])], CERTAIN
    parts = _segment(run, catalog, relaxed=False)
    if not parts or len(parts) < 2:
        return None, 0
    glued = [_glue_boundary(a, b, catalog) for a, b in zip(parts, parts[1:], strict=False)]
    # A token the catalog writes again and again is a name ("MobileLLM"), unless it is a
    # name glued to a word ("LOFTbenchmark", twice in one abstract).
    repeated = catalog.counts[run] >= 2 and not (len(parts) == 2 and parts[1].islower() and not parts[0].islower())
    if repeated:
        return None, 0
    if any(strength == CERTAIN for strength in glued):
        return parts, CERTAIN
    if any(glued):
        return parts, max(glued)
    return None, 0


def _glue_boundary(left: str, right: str, catalog: CatalogWords) -> int:
    """How surely two parts meet as glued words rather than as the halves of one name."""
    if left.islower() and right[0].isupper():
        # "trainToRA", "integratedReasoning", "nilpotentBecchi": a whole word, then a capital
        if left in _LEADING or left in SHORT_WORDS or zipf(left) >= 3.0:
            return CERTAIN
        return LIKELY if zipf(left) >= KNOWN_ZIPF else 0
    if right.islower():
        if left.isdigit() or _SIZED_NUMBER.fullmatch(left):
            return 0
        if left[1:].islower():
            # "Planto", "Hubcan", "Attentionand": a capitalised word and a small word
            return CERTAIN if right in _TRAILING or (len(right) >= 4 and zipf(right) >= 4.0) else 0
        # "LOFTbenchmark", "ToRAmodels", "S3Evalenables": a name the catalog uses, then a word
        # (not "SISCone": a short word may end a name)
        word = right in _TRAILING_AFTER_RARE or (len(right) >= 4 and zipf(right) >= 3.0)
        return CERTAIN if catalog.counts[left] >= 1 and word else 0
    if _MODEL_SIZE.fullmatch(right):
        return CERTAIN if catalog.counts[left] >= 1 and not left[1:].islower() else 0  # "MobileLLM125M", not "PEP2"
    if left[0].isupper() and left[1:].islower() and right[0].isupper() and right[1:].islower():
        return POSSIBLE if min(zipf(left), zipf(right)) >= 2.5 else 0  # "HadronCollider"
    return 0


def _acronym_then_word(token: str) -> bool:
    """An acronym glued to a word ("LOFTbenchmark"): never a part, even if the catalog has it."""
    match = _ACRONYM_THEN_WORD.fullmatch(token)
    return bool(match) and zipf(match.group(2)) >= 3.0


def _common_pair(run: str) -> list[str] | None:
    """Two very common words (or small ones) that make the run: "isnot", "thesame"."""
    best = None
    for k in range(1, len(run)):
        first, second = run[:k], run[k:]
        if (first in PREFIXES and second not in _ARTICLES) or second in SUFFIXES:
            continue  # "pre|trained", "de|noise" (but "under|the")
        if any(len(p) <= 2 and p not in SHORT_WORDS for p in (first, second)):
            continue  # "mm|el"
        if second == "a" and first not in _LEADING:
            continue  # "moment|a", "formul|a": "a" ends words
        common = (first in _LEADING or zipf(first) >= 4.5) and (
            second in _LEADING or second in _TRAILING or zipf(second) >= 4.5
        )
        whole = (len(first) >= 2 or first == "a") and (len(second) >= 2 or second == "a")
        small = min(len(first), len(second)) <= 3 or first in _LEADING or second in _TRAILING | _LEADING
        if common and whole and small and (best is None or _gain([first, second]) > _gain(best)):
            best = [first, second]
    return best


def _gain(parts: list[str]) -> float:
    """log10 of the probability of the parts as separate words, per billion, as a Zipf value."""
    return sum(zipf(p) for p in parts) - 9 * (len(parts) - 1)


def _parts_allowed(parts: list[str]) -> bool:
    """No prefix first ("semi|supervised"), no ending after a word ("explain|ability")."""
    if len(parts) < 2 or any(p in PREFIXES and q not in _DETERMINERS for p, q in zip(parts, parts[1:], strict=False)):
        return False  # "sub|varieties", but "under|the", "out|this"
    small = _LEADING | _TRAILING | SHORT_WORDS
    return not any(b in SUFFIXES and a not in small for a, b in zip(parts, parts[1:], strict=False))


def _segment(run: str, catalog: CatalogWords, relaxed: bool) -> list[str] | None:
    """The most probable way to cut the run into at most ``MAX_PARTS`` parts."""
    n = len(run)
    # best[i] = (cost, parts) of the best segmentation of run[:i]
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for end in range(1, n + 1):
        for start in range(end):
            previous = best[start]
            if previous is None or len(previous[1]) >= MAX_PARTS or (start == 0 and end == n):
                continue
            cost = _part_cost(run[start:end], catalog, relaxed, first=start == 0)
            if cost is not None and (best[end] is None or previous[0] + cost < best[end][0]):
                best[end] = (previous[0] + cost, [*previous[1], run[start:end]])
    found = best[n]
    return found[1] if found else None


def _part_cost(piece: str, catalog: CatalogWords, relaxed: bool, first: bool) -> float | None:
    """How unlikely a part is (-log10 of its probability, plus a price per part), or None
    if it cannot be a part."""
    price = 1.5
    if piece.isdigit() or _SIZED_NUMBER.fullmatch(piece):
        return 5.0 + price
    if piece.islower():
        if len(piece) <= 2:
            if piece not in SHORT_WORDS:
                return None
            return 9 - zipf(piece) + price
        z = zipf(piece)
        floor = _RELAXED_FLOOR.get(len(piece), _LONG_FLOOR) if relaxed else (4.0 if len(piece) == 3 else 2.5)
        seen = catalog.counts[piece] >= 2
        if z < floor and not (seen and len(piece) >= 4):
            return None
        return 9 - max(z, 3.0 if seen else 0.0) + price
    if piece[0].isupper() and piece[1:].islower():
        z = zipf(piece)
        if (len(piece) >= 3 and z >= 3.0) or (len(piece) >= 6 and z >= 2.0) or catalog.counts[piece] >= 2:
            return 9 - max(z, 3.0) + price
    # A name or an acronym the catalog writes on its own ("ToRA", "LOFT", "S3Eval", "LLMs").
    if (
        len(piece) >= 2
        and not piece[1:].islower()
        and catalog.counts[piece] >= 1
        and not _acronym_then_word(piece)
    ):
        return 4.0 + price
    return None
