"""Author names: one parser for every input format.

Real catalogs write author lists in many ways, and each reader used to guess on its own:

- arXiv's metadata: ``A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, ...)``
  (affiliations in parentheses, numbered), or its parsed form ``[["Mishchenko", "A. S.", ""]]``;
- BibTeX: ``Dupr{\\'e} la Tour, Tom and others``;
- tables and JSON: ``Sharma, Shashank, Hoffmann, Janina`` ("Last, First" pairs),
  ``Jane Doe1,2, John Roe*``, ``A. Smith et al.``, ``Smith, J.; Jones, A. B.``.

``parse_people`` turns any of these into ``Person``s: given and family names, affiliation
markers and parenthesised affiliations removed, "et al." and "others" dropped, TeX accents
turned into Unicode, particles kept with the family name when the input says where the
family name starts ("Dupré la Tour, Tom" is Tom Dupré la Tour, family name "Dupré la Tour").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.catalog.clean import clean_text
from generator.catalog.latex import tex_to_text


@dataclass(frozen=True, slots=True)
class Person:
    given: str
    family: str
    suffix: str = ""

    @property
    def display(self) -> str:
        """The name as a reader writes it: "Tom Dupré la Tour", "Martin Luther King Jr."."""
        return " ".join(part for part in (self.given, self.family, self.suffix) if part)


# Parts of a list that are no author: "et al.", BibTeX's "others".
_NOT_AUTHOR = re.compile(r"(?:and\s+)?(?:others|et\.?\s*al(?:ii|\.)?\.?|\.\.\.|…)", re.IGNORECASE)
_ET_AL = re.compile(r"\s*,?\s+(?:and\s+)?(?:others|et\.?\s*al(?:ii)?\.?)\s*$", re.IGNORECASE)
# Affiliation and footnote marks glued to a name: "Doe1,2", "Roe*", "Lee†", "Kim^{a}", "Wu¹".
_MARKS = re.compile(r"(?:\^\{?[\w,*]+\}?|[*†‡§¶#⁰¹²³⁴⁵⁶⁷⁸⁹✉]+|(?<=[^\W\d])\d+(?:,\d+)*)+$")
_MARKS_ONLY = re.compile(r"[\d\s,*†‡§¶#⁰¹²³⁴⁵⁶⁷⁸⁹✉^{}]*|\^?\{?[a-z]\}?")
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v".split())
# Lower-case words that begin a family name ("van der Waals", "de la Cruz", "Dupré la Tour").
_PARTICLES = frozenset(
    "van von der den de del della di da das do dos du la le les ter ten zu af al el bin ibn y".split()
)
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.?[\s-]*){1,4}")
_WORD = r"[^\W\d_][\w'’.-]*"
# One family name, possibly after particles: "Sharma", "van der Berg", "O'Neil", "Smith-Jones".
_PARTICLE = rf"(?:{'|'.join(sorted(_PARTICLES))})\s+"
_FAMILY = re.compile(rf"(?:{_PARTICLE})*{_WORD}(?:\s+(?:{_PARTICLE})+{_WORD})?", re.IGNORECASE)


def parse_people(value: str | Sequence[str]) -> tuple[Person, ...]:
    """The authors a field lists, in order, without duplicates of the same name."""
    if isinstance(value, str):
        people = _from_text(value)
    else:
        people = []
        for item in value:
            if isinstance(item, str):
                people.extend(_from_item(item))
    seen: dict[str, Person] = {}
    for person in people:
        seen.setdefault(person.display.casefold(), person)
    return tuple(seen.values())


def from_parsed(parts: Sequence[str]) -> Person | None:
    """A name from arXiv's ``authors_parsed`` item: ``[family, given, suffix, affiliation...]``."""
    family = _clean_name(parts[0]) if parts else ""
    given = _clean_name(parts[1]) if len(parts) > 1 else ""
    suffix = _clean_name(parts[2]) if len(parts) > 2 else ""
    if not family and not given:
        return None
    if not family:
        family, given = given, ""
    return Person(given, family, suffix)


def split_people(value: str | Sequence[str]) -> tuple[str, ...]:
    """The authors' names as displayed."""
    return tuple(person.display for person in parse_people(value))


def _from_item(item: str) -> list[Person]:
    """One list item: usually one name ("Sharma, Shashank" or "Shashank Sharma"), sometimes
    a whole list in one string."""
    text = _prepare(item)
    if not text:
        return []
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and parts[0] and parts[1] and parts[1].lower() not in _SUFFIXES and not _two_names(*parts):
        # The list separates the authors, so one comma in an item is "Last, First" (Zotero
        # writes particles after the given names: "Brun, A. M. C. Le").
        return _person(parts[1], parts[0])
    if len(parts) == 3 and parts[1].lower() in _SUFFIXES:  # BibTeX's "von Last, Jr, First"
        return _person(parts[2], parts[0], parts[1])
    if len(parts) == 1 or (len(parts) == 2 and parts[1].lower() in _SUFFIXES):
        return _from_name(text)
    return _from_text(item)


def _from_text(value: str) -> list[Person]:
    text = _prepare(value)
    if not text:
        return []
    for separator in (";", "|"):
        if separator in text:
            return [person for part in text.split(separator) for person in _from_item(part)]
    if re.search(r"\s+and\s+", text) or "&" in text:
        parts = [p.strip() for p in re.split(r"\s+and\s+|\s*&\s*", text) if p.strip()]
        # BibTeX: "Last, First and Last, First"; arXiv: "A. Smith, B. Jones and C. Lee".
        if all(p.count(",") == 1 and _looks_given(p.split(",")[1]) for p in parts):
            return [person for part in parts for person in _from_item(part)]
        parts = [q for p in parts for q in p.split(",")]
    else:
        parts = text.split(",")
    parts = [p.strip() for p in parts]
    parts = [p for p in parts if p and not _MARKS_ONLY.fullmatch(p) and re.search(r"[^\W\d_]", p)]
    if _last_first_pairs(parts):
        return [person for i in range(0, len(parts), 2) for person in _person(parts[i + 1], parts[i])]
    # "DESI Collaboration, Adame, A. G., Aguilar, J.": a group's name, then pairs.
    if len(parts) > 2 and len(parts[0].split()) > 1 and _last_first_pairs(parts[1:]):
        return _from_name(parts[0]) + [
            person for i in range(1, len(parts), 2) for person in _person(parts[i + 1], parts[i])
        ]
    people: list[Person] = []
    for index, part in enumerate(parts):
        if part.lower() in _SUFFIXES and people:
            last = people.pop()
            people.append(Person(last.given, last.family, part))
        elif index or part:
            people.extend(_from_name(part))
    return people


def _two_names(first: str, second: str) -> bool:
    """"John Smith, Jane Doe" in one item: both sides whole names, with no initials."""
    sides = [first.split(), second.split()]
    return all(len(words) >= 2 and not any(_INITIALS.fullmatch(w) for w in words) for words in sides)


def _last_first_pairs(parts: list[str]) -> bool:
    """``Sharma, Shashank, Hoffmann, Janina`` or ``Smith, J., Jones, A. B.``: an even number
    of parts, each family part one word (after any particles), each given part short."""
    if len(parts) < 2 or len(parts) % 2:
        return False
    families, givens = parts[0::2], parts[1::2]
    if any(f.lower() in _SUFFIXES or len(f.split()) > 3 for f in families):
        return False
    # Most family parts are one word (after particles); a few may have two ("Ried Guachalla").
    strict = sum(1 for f in families if _FAMILY.fullmatch(f))
    if strict == 0 or len(families) - strict > max(1, len(families) // 4):
        return False
    # "John Smith, Jane Doe" puts two-word parts in the family places: not pairs.
    return all(_looks_given(g) for g in givens)


def _looks_given(text: str) -> bool:
    """Given names or initials: at most three words, none of them a particle-led family name."""
    words = text.split()
    if not 1 <= len(words) <= 3:
        return False
    if text.strip().lower() in _SUFFIXES:
        return False
    return all(re.fullmatch(_WORD, w) or _INITIALS.fullmatch(w) or re.fullmatch(r"-[A-Z]\.?", w) for w in words)


def _person(given: str, family: str, suffix: str = "") -> list[Person]:
    given, family, suffix = _clean_name(given), _clean_name(family), _clean_name(suffix)
    if not family:
        return _from_name(given) if given else []
    return [Person(given, family, suffix)]


def _from_name(text: str) -> list[Person]:
    """One "First Last" name: the family name is the last word with any particles before it."""
    name = _clean_name(text)
    if not name or not re.search(r"[^\W\d_]", name):
        return []
    words = name.split()
    suffix = ""
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:  # lower-case particles only
        start -= 1
    return [Person(" ".join(words[:start]), " ".join(words[start:]), suffix)]


def _prepare(text: str) -> str:
    """Parenthesised affiliations, e-mail addresses and "et al." removed, TeX made Unicode."""
    text = clean_text(text)
    if "\\" in text or "{" in text:
        text = tex_to_text(text).replace("~", " ")
    text = _without_parentheses(text)
    text = re.sub(r"\S+@\S+", "", text)
    text = _ET_AL.sub("", text)
    text = text.replace("\n", " ")
    return "" if _NOT_AUTHOR.fullmatch(text.strip()) else text.strip(" ,;")


@lru_cache(maxsize=65536)
def _clean_name(text: str) -> str:
    text = text.strip()
    if not text or _NOT_AUTHOR.fullmatch(text):
        return ""
    if "\\" in text or "{" in text or "~" in text:
        text = tex_to_text(text).replace("~", " ")
    text = re.sub(r"[{}\\]", "", text)  # TeX left over, or a stray escape ("Gonz\\ález")
    text = re.sub(r"(?<=\.)\s+-(?=[A-Z])", "-", text)  # arXiv's parsed "C. -P." is "C.-P."
    text = _MARKS.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    return "" if _NOT_AUTHOR.fullmatch(text) else text


def _without_parentheses(text: str) -> str:
    """Text with every parenthesised or bracketed group removed, nested ones included."""
    if "(" not in text and "[" not in text:
        return text
    out: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return re.sub(r"\s+", " ", "".join(out))


def family_name(display: str) -> str:
    """The family name in a displayed "First Last" name (the last word and its particles)."""
    people = _from_name(display)
    return people[0].family if people else ""
