"""Mentions: where one paper's abstract names what another paper introduced.

Each paper's coined names come from its own title and abstract (``generator.derive.names``).
A name is matched in other abstracts token by token, so hyphens, spaces and case
do not matter (``Rephrase-and-Respond``, ``rephrase and respond``); names of four
letters or fewer must match their capitals exactly (``SoS`` is not ``sos``), and a
plural ``s`` is allowed. A name claimed by two papers with equal certainty belongs to
neither. An arXiv ID of a catalog paper written in an abstract is a mention too.

Matching looks up token n-grams in a dictionary keyed by first token, so the cost
grows with the length of the abstracts, not with the number of names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import numpy as np

from generator.catalog.ids import InvalidArxivId, parse_arxiv_id
from generator.catalog.words import zipf
from generator.derive.names import coined_names
from generator.models import Paper

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_ARXIV_IN_TEXT = re.compile(
    r"(?:arXiv:\s*)?(?<![\w.])(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?![\w])"
)
# Every ID the pattern above finds has "dddd.dddd" (new style) or "/ddddddd" (old style):
# abstracts with neither, nearly all, skip that slower pattern. (Literal first, so that
# the regex engine scans for "." and "/" quickly.)
_MAYBE_ID = re.compile(r"\.(?<=\d{4}\.)\d{4}|/\d{7}")
# A byte table for bytes.translate: ASCII letters in lowercase, digits as they are, any
# other byte a space.
_ASCII_ALNUM = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TOKEN_BYTES = bytes(ord(chr(c).lower()) if c in _ASCII_ALNUM else ord(" ") for c in range(256))
MAX_NAME_TOKENS = 8
# An acronym defined in an abstract: a parenthesised run of letters right after words.
_DEFINED = re.compile(r"\w\s*\(([A-Za-z][A-Za-z0-9-]{1,15})\)")
_HYPHENATED_COINAGE = re.compile(r"[A-Z][a-z]+-(?:of|and|to|in|on|for|as|by)-[A-Za-z]+(?:-[A-Za-z]+)?")
MIN_NAME_CHARS = 3


@dataclass(frozen=True, slots=True)
class Mention:
    """``source`` names ``target`` at ``start:end`` of its abstract."""

    source: str
    target: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Name:
    owner: str
    text: str
    exact_case: bool


def find_mentions(papers: Sequence[Paper]) -> list[Mention]:
    """The first mention of each other paper in each abstract, in text order.

    A name that a paper older than its owner already uses was not coined by the owner
    (it is a term of the field): it mentions nobody. Nor can a paper mention one that
    came out after it."""
    found = _find_by_name(papers, _name_index(papers))
    month = {p.id: _months(p.date) for p in papers}
    borrowed = {
        m.name
        for m in found
        if month[m.source] is not None and month[m.target] is not None and month[m.source] < month[m.target]
    }
    mentions = [m for m in found if m.name not in borrowed]
    return _with_arxiv_ids(papers, mentions)


def _months(date: str | None) -> int | None:
    """A date as a count of months, for comparing when papers came out."""
    if not date or len(date) < 7:
        return None
    return int(date[:4]) * 12 + int(date[5:7])


def _find_by_name(papers: Sequence[Paper], names: dict[str, _Name]) -> list[Mention]:
    """The first mention by name of each other paper in each abstract."""
    by_id = {p.id: p for p in papers}
    first_tokens: dict[str, set[int]] = {}
    for key in names:
        parts = key.split(" ")
        first_tokens.setdefault(parts[0], set()).add(len(parts))
    # Token -> lengths (in tokens) of the names it may start, longest first. A token that
    # starts no name may be the plural of one that does ("LoRAs"): "-s" forms are keys
    # too, and the token's own entry wins.
    starts = {token + "s": lengths for token, lengths in first_tokens.items()}
    starts.update(first_tokens)
    name_lengths = {token: sorted(lengths, reverse=True) for token, lengths in starts.items()}

    mentions: list[Mention] = []
    for paper in papers:
        found: dict[str, Mention] = {}
        text = paper.abstract
        lowered = _lowered_tokens(text)
        spans: tuple[list[int], list[int]] | None = None  # the tokens' offsets, found when first needed
        # Only the tokens that start some name are looked at; finding them runs in C.
        for i in compress(range(len(lowered)), map(name_lengths.__contains__, lowered)):
            for length in name_lengths[lowered[i]]:
                if i + length > len(lowered):
                    continue
                name = _lookup(names, lowered[i : i + length])
                if name is None or name.owner == paper.id or name.owner in found:
                    continue
                if spans is None:
                    spans = _token_spans(text)
                start, end = spans[0][i], spans[1][i + length - 1]
                if name.exact_case and not _same_capitals(text[start:end], name.text):
                    continue
                if not _standalone(text, start, end):
                    continue
                if _defined_otherwise(paper.abstract, by_id[name.owner].abstract, name.text):
                    continue
                found[name.owner] = Mention(paper.id, name.owner, name.text, start, end)
                break
        mentions.extend(found.values())
    return mentions


def _with_arxiv_ids(papers: Sequence[Paper], by_name: list[Mention]) -> list[Mention]:
    """The mentions by name plus the catalog's arXiv IDs written in abstracts: the first
    mention of each paper in each abstract, in text order."""
    catalog = {p.id for p in papers}
    per_source: dict[str, dict[str, Mention]] = {}
    for mention in by_name:
        per_source.setdefault(mention.source, {})[mention.target] = mention
    mentions: list[Mention] = []
    for paper in papers:
        found = per_source.get(paper.id, {})
        text = paper.abstract
        for match in _ARXIV_IN_TEXT.finditer(text) if _MAYBE_ID.search(text) else ():
            try:
                target = parse_arxiv_id(match.group(1)).canonical
            except InvalidArxivId:
                continue
            if target in catalog and target != paper.id and target not in found:
                found[target] = Mention(paper.id, target, match.group(0), match.start(), match.end())
        mentions.extend(sorted(found.values(), key=lambda m: (m.start, m.target)))
    return mentions


def _name_index(papers: Sequence[Paper]) -> dict[str, _Name]:
    claims: dict[str, list[tuple[int, str, str]]] = {}
    for paper in papers:
        for rank, name in enumerate(coined_names(paper.title, paper.abstract)):
            key = _key(name)
            if not key or len(name) < MIN_NAME_CHARS or key.count(" ") >= MAX_NAME_TOKENS:
                continue
            claims.setdefault(key, []).append((rank, paper.id, name))
            squashed = key.replace(" ", "")
            if " " in key and len(squashed) >= 5:
                # "Llama 2" is also written "Llama2", "Mixture-of-Modules" "MixtureOfModules".
                claims.setdefault(squashed, []).append((rank, paper.id, name))
    # Acronyms that papers define in their abstracts ("electroencephalography (EEG)"):
    # an acronym another paper defines too is a term of the field, not a coinage.
    defined: dict[str, set[str]] = {}
    for paper in papers:
        for acronym in _DEFINED.findall(paper.abstract) if "(" in paper.abstract else ():
            defined.setdefault(acronym, set()).add(paper.id)
    index: dict[str, _Name] = {}
    for key, owners in claims.items():
        owners.sort()
        best_rank = owners[0][0]
        best = {owner for rank, owner, _ in owners if rank == best_rank}
        if len(best) > 1:
            continue  # claimed equally by several papers: nobody's name
        rank, owner, text = owners[0]
        if rank > 0 and defined.get(text, set()) - {owner}:
            continue
        index[key] = _Name(owner, text, exact_case=_case_matters(text))
    return index


def _case_matters(name: str) -> bool:
    """Whether a name matches only with its own capitals.

    Case carries the meaning of short names (``SoS``), of names that are English words
    (``TRACE``, ``SCORE``, ``Gains``) and of names made of words (``Lookback Lens``,
    ``Test-Time Training``): in small letters they are ordinary text. A coinage that is
    no word (``GLiNER``, ``DotaMath``) and a hyphenated phrase with a small word inside
    (``Chain-of-Thought``) match in any case."""
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    if len(letters) <= 4:
        return True
    if _HYPHENATED_COINAGE.fullmatch(name):
        return False
    if " " in name.strip() or "-" in name:
        return True
    return zipf(letters.lower()) > 0


def _defined_otherwise(source: str, owner: str, name: str) -> bool:
    """Whether the source abstract defines the acronym with other words than its owner
    does: "Rotating Vector Model (RVM)" is not the "Running Vacuum Model (RVM)"."""
    if "(" not in source or f"({name})" not in source:
        return False
    theirs, ours = _long_form(source, name), _long_form(owner, name)
    return bool(theirs and ours) and theirs != ours


def _long_form(abstract: str, acronym: str) -> tuple[str, ...]:
    """The words before ``(ACRONYM)`` in an abstract, as many as the acronym has letters, in lower case."""
    at = abstract.find(f"({acronym})")
    if at < 0:
        return ()
    words = re.findall(r"[A-Za-z]+", abstract[:at])
    count = sum(1 for c in acronym if c.isupper()) or len(acronym)
    return tuple(w.lower() for w in words[-count:])


def _lowered_tokens(text: str) -> list[str]:
    """``_TOKEN``'s matches, lowercased: every byte of the UTF-8 text that is not an ASCII
    letter or digit becomes a space (bytes beyond ASCII are never part of a token), then
    the text is split; both steps run in C, unlike a regular expression's matches."""
    return text.encode("utf-8", "surrogatepass").translate(_TOKEN_BYTES).decode("ascii").split()


def _token_spans(text: str) -> tuple[list[int], list[int]]:
    """Where ``_TOKEN``'s matches start and end: the edges of the runs of ASCII letters and
    digits among the text's code points."""
    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = chars | 32  # ASCII capitals to small letters; no other character lands on a-z
    inside = np.zeros(chars.size + 2, dtype=bool)  # with a non-token at each end
    inside[1:-1] = ((chars >= 48) & (chars <= 57)) | ((folded >= 97) & (folded <= 122))
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    return edges[0::2].tolist(), edges[1::2].tolist()


def _key(name: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(name))


def _lookup(names: dict[str, _Name], tokens: list[str]) -> _Name | None:
    key = " ".join(tokens)
    if key in names:
        return names[key]
    if tokens[-1].endswith("s"):
        return names.get(" ".join([*tokens[:-1], tokens[-1][:-1]]))
    return None


def _same_capitals(found: str, name: str) -> bool:
    letters = lambda s: re.sub(r"[^A-Za-z0-9]", "", s)  # noqa: E731
    found_letters, name_letters = letters(found), letters(name)
    return found_letters == name_letters or found_letters == name_letters + "s"


def _standalone(text: str, start: int, end: int) -> bool:
    """Not part of a longer word or identifier (``LoRA`` is not in ``LoRAX``)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())
