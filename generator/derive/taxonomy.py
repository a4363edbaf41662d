"""Topic tags from a controlled vocabulary: the taxonomy as data, ``site_config/taxonomy.yml``.

Every tag has a display name, a URL slug, a one-sentence description and rules
that find it in a paper's title and abstract:

- ``phrases``: whole words, case-insensitive; between the words of a phrase a
  hyphen, white space or nothing are the same, so ``fine-tuning`` matches
  ``fine tuning`` and ``Finetuning``; a plural ending ``-s`` or ``-es`` matches
  too. Punctuation such as ``.`` or ``,`` ends a phrase.
- ``patterns``: Python regular expressions, case-insensitive.
- ``exclude`` (phrases) and ``exclude_patterns`` (regular expressions): one of
  them in the title or the abstract vetoes the tag's matches in that text.
- ``min_hits`` (default 1): the score the tag needs. A match in the title counts
  ``TITLE_WEIGHT`` (2), a match in the abstract 1; matches of one tag do not
  overlap (the longest phrase wins).

``assign_tags`` is pure and fast. Phrases are compiled once into a table keyed
by the word a match starts with, shared by all tags, so a text is tokenized once
and each of its words costs one dictionary look-up whatever the size of the
taxonomy. (A regular expression per tag was measured at about half a millisecond
per tag and abstract, far too slow for 10,000 papers.) The patterns of a tag are
compiled into one regular expression; a tag with patterns is tried on every text,
so the bundled taxonomy uses phrases only.

``load_taxonomy`` checks the file like any other setting: every problem is
collected, naming the file, the line, the key, what was expected and what came,
and all are raised together as ``CatalogError``.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from generator.models import CatalogError, Problem
from generator.textfile import describe_value, read_yaml_file
from generator.yamlio import LineDict

DEFAULT_TAXONOMY = Path("site_config/taxonomy.yml")
DEFAULT_MAX_TAGS = 6
# A tag needs more than one passing phrase: a match in the title (which counts
# ``TITLE_WEIGHT``) or two in the abstract.
DEFAULT_MIN_HITS = 2
TITLE_WEIGHT = 2
MAX_PHRASE_WORDS = 8

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SEPARATORS = r"\s\-\u2010\u2011"  # white space and hyphens: may join the words of a phrase
_PHRASE_RE = re.compile(rf"\w+(?:[{_SEPARATORS}]+\w+)*")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(rf"\w+|[^\w{_SEPARATORS}]+")  # a word, or punctuation, which ends a phrase
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# ASCII punctuation -> "|", hyphen -> space; letters, digits, "_" and white space stay.
_ASCII_TABLE = {
    ord(c): " " if c == "-" else "|" for c in map(chr, range(128)) if not (c.isalnum() or c == "_" or c.isspace())
}
_SEPARATORS_SET = frozenset("\u2010\u2011")
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_TOP_KEYS = ("max_tags", "domain", "input_tags", "tags")
_TAG_KEYS = ("name", "slug", "description", "phrases", "patterns", "exclude", "exclude_patterns", "min_hits", "broad")
_SLUG_EXPECTED = "a slug of lowercase letters and digits in words joined by single hyphens, like long-context"
_PHRASE_EXPECTED = "words of letters and digits separated by spaces or hyphens (use 'patterns' for other characters)"

Variant = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tag:
    """One topic of the vocabulary and the rules that find it in a paper's title and abstract."""

    slug: str
    name: str
    description: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    min_hits: int = DEFAULT_MIN_HITS
    # A broad topic (benchmarks, architecture): never evidence that two papers are related.
    broad: bool = False
    # Compiled rules: token sequences of the phrases (every spelling), regular expressions of the patterns.
    _variants: tuple[Variant, ...] = field(init=False, repr=False, compare=False)
    _veto_variants: tuple[Variant, ...] = field(init=False, repr=False, compare=False)
    _patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    _veto_patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_variants", _all_variants(self.phrases))
        object.__setattr__(self, "_veto_variants", _all_variants(self.exclude))
        object.__setattr__(self, "_patterns", _compile_patterns(self.patterns))
        object.__setattr__(self, "_veto_patterns", _compile_patterns(self.exclude_patterns))


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The controlled vocabulary, in display order, and how many tags a paper gets at most.

    ``domain``: the arXiv categories the vocabulary is for (``cs.CL``, or ``cs.*`` for a
    whole archive); a paper whose categories are known and all outside it gets none of
    its tags. Empty: every paper. ``input_tags``: keywords from the input (a ``tags``
    column, BibTeX ``keywords``) published as tags of their own; other keywords count
    only where they name a tag of the vocabulary."""

    tags: tuple[Tag, ...]
    max_tags: int = DEFAULT_MAX_TAGS
    domain: tuple[str, ...] = ()
    input_tags: tuple[str, ...] = ()
    _slugs: dict[str, Tag] = field(init=False, repr=False, compare=False)
    _names: dict[str, Tag] = field(init=False, repr=False, compare=False)
    # First word of a phrase spelling -> (number of words, {spelling: ((tag position, is a veto), ...)}), longest first.
    _starts: dict[str, tuple[tuple[int, dict[Variant, tuple[tuple[int, bool], ...]]], ...]] = field(
        init=False, repr=False, compare=False
    )
    _with_patterns: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        slugs: dict[str, Tag] = {}
        names: dict[str, Tag] = {}
        starts: dict[str, dict[int, dict[Variant, list[tuple[int, bool]]]]] = {}
        for position, tag in enumerate(self.tags):
            slugs.setdefault(tag.slug.casefold(), tag)
            names.setdefault(" ".join(tag.name.split()).casefold(), tag)
            for variants, veto in ((tag._variants, False), (tag._veto_variants, True)):
                for variant in variants:
                    by_length = starts.setdefault(variant[0], {}).setdefault(len(variant), {})
                    by_length.setdefault(variant, []).append((position, veto))
        object.__setattr__(self, "_slugs", slugs)
        object.__setattr__(self, "_names", names)
        object.__setattr__(
            self,
            "_starts",
            {
                word: tuple(
                    (length, {variant: tuple(found) for variant, found in by_length[length].items()})
                    for length in sorted(by_length, reverse=True)
                )
                for word, by_length in starts.items()
            },
        )
        object.__setattr__(
            self, "_with_patterns", tuple(p for p, t in enumerate(self.tags) if t._patterns or t._veto_patterns)
        )

    def covers(self, categories: Iterable[str]) -> bool:
        """Whether the vocabulary is for a paper of these arXiv categories (unknown: yes)."""
        known = [c for c in categories if c]
        if not self.domain or not known:
            return True
        return any(fnmatch.fnmatchcase(category, pattern) for category in known for pattern in self.domain)

    def for_keyword(self, text: str) -> Tag | None:
        """The tag a keyword from the input names: by name or slug, or as one of its
        phrases ("prompting", "LoRA"), in any case."""
        tag = self.by_name_or_slug(text)
        if tag is not None:
            return tag
        words = _tokens(text)
        for length, spellings in self._starts.get(words[0], ()) if words else ():
            if length == len(words):
                found = [position for position, veto in spellings.get(words, ()) if not veto]
                if found:
                    return self.tags[found[0]]
        return None

    def keeps_input_tag(self, text: str) -> bool:
        """Whether a keyword from the input is published as a tag of its own (``input_tags``)."""
        key = " ".join(text.split()).casefold()
        return any(key == " ".join(t.split()).casefold() for t in self.input_tags)

    def by_slug(self, slug: str) -> Tag | None:
        """The tag with this slug (case-insensitive), or None."""
        return self._slugs.get(slug.strip().casefold())

    def by_name_or_slug(self, text: str) -> Tag | None:
        """The tag with this slug or name, case-insensitive (``Long Context`` also finds ``long-context``), or None."""
        key = " ".join(text.split()).casefold()
        if not key:
            return None
        return self._slugs.get(key) or self._names.get(key) or self._slugs.get(_slugify(key))


def assign_tags(taxonomy: Taxonomy, title: str | None, abstract: str | None) -> tuple[str, ...]:
    """Slugs of the taxonomy tags that match a paper, strongest first, at most ``taxonomy.max_tags``.

    A tag's score is ``TITLE_WEIGHT`` times its matches in the title plus its matches in
    the abstract; the tag is assigned when the score reaches its ``min_hits``. Higher
    scores come first; ties keep the taxonomy's order.
    """
    scores = _scores(taxonomy, title or "", abstract or "")
    chosen = sorted(
        (position for position, score in scores.items() if score >= taxonomy.tags[position].min_hits),
        key=lambda position: (-scores[position], position),
    )
    return tuple(taxonomy.tags[position].slug for position in chosen[: taxonomy.max_tags])


def _scores(taxonomy: Taxonomy, title: str, abstract: str) -> dict[int, int]:
    """Score of every tag with a match, by position in the taxonomy. In the abstract,
    passing mentions do not count: sentences on future work or limitations, examples
    (``such as``, ``e.g.``, ``including``) and the items of lists ("tasks including
    code generation, multilingual capabilities and mathematical reasoning"); a tag that
    a veto phrase excludes anywhere in a text is excluded from that text."""
    scores: dict[int, int] = {}
    for text, weight in ((title, TITLE_WEIGHT), (abstract, 1)):
        if text:
            counted = text if weight == TITLE_WEIGHT else substantive_text(text)
            hits = _hits(taxonomy, counted)
            if counted != text:
                vetoed = _hits(taxonomy, text, vetoes_only=True)
                hits = {position: n for position, n in hits.items() if position not in vetoed}
            for position, n in hits.items():
                scores[position] = scores.get(position, 0) + weight * n
    return scores


# Sentences about what is left to do say nothing about what a paper is about.
_FUTURE_WORK = re.compile(
    r"\b(?:future (?:work|research|directions?|studies|investigations?)|we leave|left (?:for|to) future|"
    r"could be extended|can be extended|remains? (?:an )?open|limitations?)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
# Examples: from "such as" to the end of the clause.
_EXAMPLES = re.compile(
    r"\b(?:such as|e\.g\.,?|for example|for instance|including|like)\s[^.;:()]*", re.IGNORECASE
)
# Lists of three items or more: "A, B, C, and D".
_EXAMPLE_CUES = (
    "such as", "e.g.", "E.g.", "for example", "For example", "for instance", "For instance", "ncluding", "like"
)


def substantive_text(abstract: str) -> str:
    """The abstract without its passing mentions (see ``_scores``): a list or an example
    is masked with ``|``, which ends any phrase."""
    kept = []
    for sentence in _SENTENCE_BREAK.split(abstract):
        if _FUTURE_WORK.search(sentence):
            continue
        if any(cue in sentence for cue in _EXAMPLE_CUES):
            sentence = _EXAMPLES.sub(" | ", sentence)
        kept.append(_mask_lists(sentence) if sentence.count(",") >= 2 else sentence)
    return " | ".join(kept)


def _mask_lists(sentence: str) -> str:
    """The sentence with its lists of three or more short items masked ("code generation,
    multilingual capabilities, and mathematical reasoning"); a list of clauses ("we train
    X, test Y and find Z") is a sentence, kept."""
    pieces = sentence.split(",")
    short = [len(p.split()) <= 5 or (p.count(" and ") + p.count(" or ") == 1 and len(p.split()) <= 8) for p in pieces]
    out: list[str] = []
    k = 0
    while k < len(pieces):
        end = k
        while end < len(pieces) and short[end]:
            end += 1
        if end - k >= 2 and out and end - k + 1 >= 3:
            # the first item ends the clause before: "... on eight reasoning tasks, A, and B"
            words = out[-1].split()
            out[-1] = " ".join(words[:-5]) + " |"
            out.append(" |")
            k = end
        elif end - k >= 3:
            out.append(" |")
            k = end
        else:
            out.append(pieces[k])
            k += 1
    return ",".join(out)


def _hits(taxonomy: Taxonomy, text: str, vetoes_only: bool = False) -> dict[int, int]:
    """How often each tag matches one text, without the vetoed tags (with
    ``vetoes_only``: the vetoed tags)."""
    tokens = _tokens(text)
    starts = taxonomy._starts
    hits: dict[int, int] = {}
    vetoed: set[int] = set()
    free_from: dict[int, int] = {}  # a tag's next match may start at this token, so that matches do not overlap
    # Only the tokens that start some phrase are looked at; finding them runs in C.
    for i in compress(range(len(tokens)), map(starts.__contains__, tokens)):
        for length, spellings in starts[tokens[i]]:
            found = spellings.get(tokens[i : i + length])
            if found is None:
                continue
            for position, veto in found:
                if veto:
                    vetoed.add(position)
                elif free_from.get(position, 0) <= i:
                    hits[position] = hits.get(position, 0) + 1
                    free_from[position] = i + length
    for position in taxonomy._with_patterns:
        tag = taxonomy.tags[position]
        count = sum(1 for regex in tag._patterns for m in regex.finditer(text) if m.end() > m.start())
        if count:
            hits[position] = hits.get(position, 0) + count
        if position in hits and any(m.end() > m.start() for r in tag._veto_patterns for m in r.finditer(text)):
            vetoed.add(position)
    if vetoes_only:
        return dict.fromkeys(vetoed, 1)
    for position in vetoed:
        hits.pop(position, None)
    return hits


def _tokens(text: str) -> tuple[str, ...]:
    """The words of the NFKC-normalized, case-folded text, and ``|`` for punctuation, which no phrase crosses.

    The same words as ``_TOKEN.findall``, found faster: the few distinct non-ASCII
    characters of a text are classified once (punctuation becomes ``|``, white space and
    hyphens a space), which usually leaves ASCII text that ``str.translate`` and
    ``str.split`` cut into words in C. Only text with letters beyond ASCII takes the
    (slower) regular expression.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for char in set(_NON_ASCII.findall(text)):
            if char.casefold() != char:
                continue  # a letter with case
            if char.isspace() or char in _SEPARATORS_SET:
                text = text.replace(char, " ")
            elif not char.isalnum():
                text = text.replace(char, "|")
        if not text.isascii():
            return tuple(_TOKEN.findall(text.casefold()))
    return tuple(text.lower().translate(_ASCII_TABLE).replace("|", " | ").split())


def _all_variants(phrases: Iterable[str]) -> tuple[Variant, ...]:
    """Every spelling of every phrase as a token sequence: words joined or not, with or without -s/-es."""
    variants: dict[Variant, None] = {}
    for phrase in phrases:
        words = _WORD.findall(unicodedata.normalize("NFKC", phrase).casefold())
        if not words:
            continue
        for joins in range(2 ** (len(words) - 1)):
            tokens = [words[0]]
            for k, word in enumerate(words[1:]):
                if joins >> k & 1:
                    tokens[-1] += word
                else:
                    tokens.append(word)
            for ending in ("", "s", "es"):
                variants[(*tokens[:-1], tokens[-1] + ending)] = None
    return tuple(variants)


def _compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One case-insensitive regular expression for all patterns that can share one; the rest alone."""
    shared = [f"(?:{p})" for p in patterns if _combinable(p)]
    alone = [re.compile(p, re.IGNORECASE) for p in patterns if not _combinable(p)]
    return ((re.compile("|".join(shared), re.IGNORECASE),) if shared else ()) + tuple(alone)


def _combinable(pattern: str) -> bool:
    """Whether a pattern can join an alternation unchanged (no groups to renumber, no global flags)."""
    try:
        return re.compile(f"(?:{pattern})").groups == 0
    except re.error:
        return False


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> Taxonomy:
    """Read and check a taxonomy file; raise ``CatalogError`` listing every problem."""
    source = str(path)
    data = read_yaml_file(path, "taxonomy")
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        message = f"expected a mapping with the keys max_tags and tags, got {describe_value(data)}"
        raise CatalogError([Problem(source, _line(data, 0), message)])

    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            message = f"unknown key '{key}': known keys are {', '.join(_TOP_KEYS)}"
            problems.append(Problem(source, _line(data, key), message))
    domain = _text_list(data, "domain", source, problems, _category_problem)
    input_tags = _text_list(data, "input_tags", source, problems, None)
    max_tags = DEFAULT_MAX_TAGS
    if "max_tags" in data:
        number = _whole_number(data["max_tags"])
        if number is None:
            message = f"key 'max_tags': expected a whole number of at least 1, got {describe_value(data['max_tags'])}"
            problems.append(Problem(source, _line(data, "max_tags"), message))
        else:
            max_tags = number
    tags: list[Tag] = []
    items = data.get("tags")
    if "tags" not in data:
        message = "key 'tags' is missing: expected a list of at least one tag"
        problems.append(Problem(source, _line(data, None), message))
    elif not isinstance(items, list) or not items:
        message = f"key 'tags': expected a list of at least one tag, got {describe_value(items)}"
        problems.append(Problem(source, _line(data, "tags"), message))
    else:
        first_use: dict[tuple[str, str], tuple[int, int | None]] = {}
        for index, item in enumerate(items):
            tag = _check_tag(source, index + 1, item, _line(items, index), problems)
            if tag is not None:
                tags.append(tag)
            for key in ("slug", "name") if isinstance(item, dict) else ():
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    continue
                value = " ".join(value.split())
                if key == "slug" and not SLUG_RE.match(value):
                    continue
                first = first_use.setdefault((key, value.casefold()), (index + 1, _line(item, None)))
                if first[0] != index + 1:
                    where = f"tag {first[0]}" + (f" at line {first[1]}" if first[1] else "")
                    message = f"tag {index + 1}: key '{key}': duplicate {key} '{value}' (first used by {where})"
                    problems.append(Problem(source, _line(item, key), message))
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise CatalogError(problems)
    return Taxonomy(tuple(tags), max_tags, domain, input_tags)


def _text_list(data: Any, key: str, source: str, problems: list[Problem], check: Any) -> tuple[str, ...]:
    """A top-level list of text (``domain``, ``input_tags``), its bad items reported."""
    if key not in data:
        return ()
    items = data[key]
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append(Problem(source, _line(data, key), f"key '{key}': expected a list, got {describe_value(items)}"))
        return ()
    found = []
    for index, item in enumerate(items):
        message = None
        if not isinstance(item, str) or not item.strip():
            message = f"expected non-empty text, got {describe_value(item)}"
        elif check is not None:
            message = check(item.strip())
        if message:
            line = _line(items, index) or _line(data, key)
            problems.append(Problem(source, line, f"key '{key}' item {index + 1}: {message}"))
        else:
            found.append(" ".join(item.split()))
    return tuple(found)


def _category_problem(text: str) -> str | None:
    if re.fullmatch(r"[a-z][a-z-]*(?:\.(?:[A-Za-z][A-Za-z-]*|\*))?|[a-z][a-z-]*\*?", text):
        return None
    return f"expected an arXiv category such as cs.CL, or cs.* for all of cs, got {text!r}"


def _check_tag(source: str, number: int, item: Any, line: int | None, problems: list[Problem]) -> Tag | None:
    """A ``Tag`` from one entry of ``tags:``, or None after adding its problems."""
    label = f"tag {number}"
    if not isinstance(item, dict):
        expected = "a mapping with the keys name, slug, description and phrases"
        message = f"{label}: expected {expected}, got {describe_value(item)}"
        problems.append(Problem(source, line, message))
        return None
    before = len(problems)

    def problem(key: Any, message: str, at: int | None = None) -> None:
        problems.append(Problem(source, at or _line(item, key), f"{label}: {message}"))

    for key in item:
        if key not in _TAG_KEYS:
            problem(key, f"unknown key '{key}': known keys are {', '.join(sorted(_TAG_KEYS))}")
    values: dict[str, Any] = {}
    for key, expected in (("name", "non-empty text"), ("slug", _SLUG_EXPECTED), ("description", "non-empty text")):
        if key not in item:
            problem(None, f"key '{key}' is missing: expected {expected}")
            continue
        value = item[key]
        if not isinstance(value, str) or not value.strip() or (key == "slug" and not SLUG_RE.match(value.strip())):
            problem(key, f"key '{key}': expected {expected}, got {describe_value(value)}")
        else:
            values[key] = " ".join(value.split())
    for key, what, check in (
        ("phrases", "phrases", _phrase_problem),
        ("exclude", "phrases", _phrase_problem),
        ("patterns", "Python regular expressions", _pattern_problem),
        ("exclude_patterns", "Python regular expressions", _pattern_problem),
    ):
        if key not in item:
            continue
        entries = item[key]
        if not isinstance(entries, list) or not entries:
            problem(key, f"key '{key}': expected a list of {what}, got {describe_value(entries)}")
            continue
        for index, entry in enumerate(entries):
            message = check(entry)
            if message:
                problem(key, f"key '{key}' item {index + 1}: {message}", _line(entries, index))
        values[key] = tuple(e.strip() for e in entries if isinstance(e, str))
    if "phrases" not in item and "patterns" not in item:
        problem(None, "expected 'phrases' or 'patterns' with at least one entry, got neither")
    if "broad" in item:
        if not isinstance(item["broad"], bool):
            problem("broad", f"key 'broad': expected true or false, got {describe_value(item['broad'])}")
        else:
            values["broad"] = item["broad"]
    if "min_hits" in item:
        number = _whole_number(item["min_hits"])
        if number is None:
            got = describe_value(item["min_hits"])
            problem("min_hits", f"key 'min_hits': expected a whole number of at least 1, got {got}")
        values["min_hits"] = number
    if len(problems) > before:
        return None
    return Tag(**values)


def _phrase_problem(entry: Any) -> str | None:
    if not isinstance(entry, str) or not entry.strip():
        return f"expected non-empty text, got {describe_value(entry)}"
    if not _PHRASE_RE.fullmatch(entry.strip()):
        return f"expected {_PHRASE_EXPECTED}, got {entry.strip()!r}"
    if len(_WORD.findall(entry)) > MAX_PHRASE_WORDS:
        return f"expected a phrase of at most {MAX_PHRASE_WORDS} words, got {entry.strip()!r}"
    return None


def _pattern_problem(entry: Any) -> str | None:
    if not isinstance(entry, str) or not entry.strip():
        return f"expected a Python regular expression, got {describe_value(entry)}"
    try:
        regex = re.compile(entry.strip(), re.IGNORECASE)
    except re.error as error:
        return f"expected a Python regular expression, got {entry.strip()!r} ({error})"
    if regex.search(""):
        return f"expected a regular expression that cannot match empty text, got {entry.strip()!r}"
    return None


def _whole_number(value: Any) -> int | None:
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()) and int(value) >= 1:
        return int(value)
    return None


def _slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _line(container: Any, key: Any) -> int | None:
    """The line of ``key`` in a YAML mapping or list; the mapping's own line for None or an unknown key."""
    line_of = getattr(container, "line_of", None)
    line = line_of(key) if key is not None and callable(line_of) else None
    if line is None and not isinstance(container, list):
        line = getattr(container, "line", None)
    return line or None
