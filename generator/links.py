"""Mentions: where one paper's abstract names what another paper introduced.

Each paper's coined names come from its own title and abstract (``generator.names``).
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

from generator.ids import InvalidArxivId, parse_arxiv_id
from generator.models import Paper
from generator.names import coined_names

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_ARXIV_IN_TEXT = re.compile(
    r"(?:arXiv:\s*)?(?<![\w.])(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?![\w])"
)
MAX_NAME_TOKENS = 8
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
    """The first mention of each other paper in each abstract, in text order."""
    names = _name_index(papers)
    catalog = {p.id for p in papers}
    first_tokens: dict[str, set[int]] = {}
    for key in names:
        parts = key.split(" ")
        first_tokens.setdefault(parts[0], set()).add(len(parts))

    mentions: list[Mention] = []
    for paper in papers:
        found: dict[str, Mention] = {}
        text = paper.abstract
        tokens = list(_TOKEN.finditer(text))
        lowered = [t.group(0).lower() for t in tokens]
        for i, token in enumerate(lowered):
            lengths = first_tokens.get(token)
            if not lengths and token.endswith("s"):
                lengths = first_tokens.get(token[:-1])  # a plural of a one-word name
            if not lengths:
                continue
            for length in sorted(lengths, reverse=True):
                if i + length > len(tokens):
                    continue
                name = _lookup(names, lowered[i : i + length])
                if name is None or name.owner == paper.id or name.owner in found:
                    continue
                start, end = tokens[i].start(), tokens[i + length - 1].end()
                if name.exact_case and not _same_capitals(text[start:end], name.text):
                    continue
                if not _standalone(text, start, end):
                    continue
                found[name.owner] = Mention(paper.id, name.owner, name.text, start, end)
                break
        for match in _ARXIV_IN_TEXT.finditer(text):
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
    index: dict[str, _Name] = {}
    for key, owners in claims.items():
        owners.sort()
        best_rank = owners[0][0]
        best = {owner for rank, owner, _ in owners if rank == best_rank}
        if len(best) > 1:
            continue  # claimed equally by several papers: nobody's name
        _, owner, text = owners[0]
        index[key] = _Name(owner, text, exact_case=len(re.sub(r"[^A-Za-z0-9]", "", text)) <= 4)
    return index


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
