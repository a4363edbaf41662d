"""Related papers: for each paper, up to five others a researcher would read next,
shown only with evidence, each with the reasons a reader can check.

A pair of papers is related when one of these holds:

- one names the other: its coined name or its arXiv ID (``generator.links``);
- their texts are about the same specific thing: the cosine of their term weights is
  at least ``STRONG_TEXT``;
- their texts share specific terms (cosine at least ``SOME_TEXT``) and they share
  specific topic tags: two of them, or one where the texts are close
  (``CLOSE_TEXT``). A tag is specific when at most ``SPECIFIC_TAG_SHARE`` of the
  catalog has it; a broad tag never counts, and tags alone never make a pair.

Papers of different fields (arXiv archives, where both are known) need more:
``CROSS_FIELD_TEXT``. Fewer than five, or none, is the usual answer for a paper with
nothing close in its catalog. The thresholds were calibrated on judged sets from
several fields (``tests/fixtures/judged/related/``); ``bench/quality.py`` prints the
precision they give.

Term weights: words (stemmed, so "truthful" and "truthfulness" meet) and two-word
phrases of the title (counted twice) and the abstract; sublinear term frequency times
inverse document frequency, times how specific the word is in English (``wordfreq``):
"model", "results" or "high" weigh little whatever the catalog, "autoencoder" or
"quark" fully. Words in one paper only or in a third of the catalog or more are
dropped. Scores are computed a block of papers at a time (memory O(block x n)), ties
broken by ID, so the output is deterministic.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import Stemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.preprocessing import normalize

from generator.models import Paper
from generator.words import zipf

STRONG_TEXT = 0.40
SOME_TEXT = 0.10
CLOSE_TEXT = 0.30
CROSS_FIELD_TEXT = 0.50
SPECIFIC_TAG_SHARE = 0.2
LIMIT = 5
BLOCK = 512
TOP_TERMS = 3
TAG_BONUS = 0.05  # per specific shared tag, for the order of the list
MENTION_BONUS = 1.0
MAX_SHARE = 1 / 3  # terms in more papers than this say nothing about a pair
# Words every abstract uses, whatever the field: never terms of a pair.
GENERIC_WORDS = frozenset(
    """
    approach approaches based demonstrate existing method methods model models novel paper papers performance
    propose proposed proposes result results show shows shown significantly state study studies task tasks use
    used using uses work works new present presents presented also however thus well can may might different
    various several many large small high low data find found obtain obtained provide provides consider
    considered given general case cases problem problems first second two three one way ways effect effects
    important including include includes following recent recently order terms term number numbers within
    """.split()
)
_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z][a-z0-9]+")
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”]+(?=\s|$)|(?<=\s)[(\[{\"“]|\s[-–—]+\s|[()\[\]]")


@dataclass(frozen=True, slots=True)
class Related:
    """One related paper and the reasons a reader can check."""

    id: str
    score: float
    shared_tags: tuple[str, ...]
    shared_terms: tuple[str, ...]
    mention: bool


@dataclass(frozen=True, slots=True)
class TextSignals:
    """What related papers take from the papers' text alone, rows in ID order: the
    normalised term weights and, for each term, the words a reader would recognise."""

    ids: tuple[str, ...]
    text: sparse.csr_matrix
    terms: list[str]  # as written, the most common spelling ("tree search" for "tree search")


def text_signals(papers: Sequence[Paper]) -> TextSignals:
    """The term weights of a catalog: most of the cost of ``related_papers``, and
    independent of tags and mentions, so that they can be computed meanwhile."""
    papers = sorted(papers, key=lambda p: p.id)
    vocabulary: dict[str, int] = {}
    spellings: list[Counter[str]] = []
    rows: list[int] = []
    columns: list[int] = []
    for row, paper in enumerate(papers):
        counts: Counter[str] = Counter()
        written: dict[str, str] = {}
        for text in (paper.title, paper.title, paper.abstract):
            for term, spelling in _terms(text):
                counts[term] += 1
                written.setdefault(term, spelling)
        for term, count in counts.items():
            column = vocabulary.get(term)
            if column is None:
                column = vocabulary[term] = len(vocabulary)
                spellings.append(Counter())
            spellings[column][written[term]] += 1
            rows += [row] * count
            columns += [column] * count
    n = len(papers)
    if not vocabulary:
        return TextSignals(tuple(p.id for p in papers), sparse.csr_matrix((n, 0)), [])
    counts_matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, columns)), shape=(n, len(vocabulary))
    )
    counts_matrix.sum_duplicates()
    frequency = np.bincount(counts_matrix.indices, minlength=len(vocabulary))
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    weight = np.log((1 + n) / (1 + frequency)) + 1
    weight *= np.array([_specificity(term) for term in terms])
    weight[frequency < 2] = 0.0  # a term of one paper links nothing
    if n >= 20:
        weight[frequency > MAX_SHARE * n] = 0.0
    matrix = counts_matrix.copy()
    matrix.data = 1 + np.log(matrix.data)
    matrix = normalize(matrix.multiply(weight).tocsr())
    matrix.eliminate_zeros()
    shown = [spelling.most_common(1)[0][0] for spelling in spellings]
    return TextSignals(tuple(p.id for p in papers), matrix.astype(np.float32), shown)


def _terms(text: str) -> list[tuple[str, str]]:
    """(term, spelling) of the words and two-word phrases of a text: words stemmed, stop
    words and generic words left out. A phrase never spans punctuation or a left-out
    word, nor leaves a hyphenated compound ("parameter-efficient fine-tuning" gives
    "parameter efficient" and "fine tuning", not "efficient fine")."""
    found: list[tuple[str, str]] = []
    for chunk in _CLAUSE.split(text.lower()):
        words: list[str] = []
        compound: list[int] = []  # the number of the token each word comes from
        for number, token in enumerate(chunk.split()):
            parts = _WORD.findall(token)
            words += parts
            compound += [number if len(parts) > 1 or "-" in token else -1 - number] * len(parts)
        stems = [_stem(w) for w in words]
        kept = [len(w) > 2 and w not in ENGLISH_STOP_WORDS and w not in GENERIC_WORDS for w in words]
        found += [(s, w) for s, w, keep in zip(stems, words, kept, strict=True) if keep]
        for k in range(len(words) - 1):
            a, b = compound[k], compound[k + 1]
            # within one compound, or between two plain words
            if kept[k] and kept[k + 1] and (a == b or (a < 0 and b < 0)):
                found.append((f"{stems[k]} {stems[k + 1]}", f"{words[k]} {words[k + 1]}"))
    return found


@functools.lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@functools.lru_cache(maxsize=1 << 17)
def _specificity(term: str) -> float:
    """How much a term can say about a pair: 1 for a rare word of English or a term of a
    field, little for words every text uses ("model": 0.3), phrases a little less than
    their rarest word."""
    words = term.split()
    common = max(_english(w) for w in words)
    if len(words) == 1:
        return min(1.0, max(0.15, (6.0 - common) / 2.5))
    return 0.7 * min(1.0, max(0.3, (6.5 - common) / 2.5))


@functools.lru_cache(maxsize=1 << 17)
def _english(stem: str) -> float:
    """The Zipf frequency of a stem's commonest English spelling."""
    return max(zipf(stem), zipf(stem + "s"), zipf(stem + "e"), zipf(stem + "ing"), zipf(stem + "ed"))


def related_papers(
    papers: Sequence[Paper],
    tags: Mapping[str, Sequence[str]],
    mentions: set[tuple[str, str]] | None = None,
    limit: int = LIMIT,
    signals: TextSignals | None = None,
) -> dict[str, tuple[Related, ...]]:
    """Up to ``limit`` related papers for each paper, best first; none where nothing is
    close enough. ``tags``: each paper's vocabulary tags (slugs); ``signals``:
    ``text_signals(papers)`` if already computed."""
    if len(papers) < 2:
        return {p.id: () for p in papers}
    if signals is None or signals.ids != tuple(sorted(p.id for p in papers)):
        signals = text_signals(papers)
    scorer = _Scorer(papers, signals, tags, mentions or set(), limit)
    found: dict[str, tuple[Related, ...]] = {}
    for start in range(0, len(signals.ids), BLOCK):
        found.update(scorer.block(start, min(start + BLOCK, len(signals.ids))))
    return found


class _Scorer:
    """The evidence for every pair of a block of papers with the whole catalog."""

    def __init__(
        self,
        papers: Sequence[Paper],
        signals: TextSignals,
        tags: Mapping[str, Sequence[str]],
        mentions: set[tuple[str, str]],
        limit: int,
    ) -> None:
        self.ids = list(signals.ids)
        self.position = {paper_id: k for k, paper_id in enumerate(self.ids)}
        self.limit = limit
        self.text = signals.text
        self.text_t = signals.text.T.tocsr()
        self.terms = signals.terms
        n = len(self.ids)
        # A word many papers of the catalog use ("retrieval" in a catalog on RAG) explains no pair.
        self.rare = (np.bincount(signals.text.indices, minlength=signals.text.shape[1]) <= max(2, 0.1 * n)).tolist()
        by_id = {p.id: p for p in papers}
        self.archives = [_archives(by_id[paper_id]) for paper_id in self.ids]
        share = Counter(tag for paper_id in self.ids for tag in set(tags.get(paper_id, ())))
        specific = {tag for tag, count in share.items() if 2 <= count <= SPECIFIC_TAG_SHARE * n}
        self.tags = [frozenset(tags.get(paper_id, ())) & specific for paper_id in self.ids]
        self.named: dict[int, set[int]] = {}
        for source, target in mentions:
            if source in self.position and target in self.position:
                a, b = self.position[source], self.position[target]
                self.named.setdefault(a, set()).add(b)
                self.named.setdefault(b, set()).add(a)

    def block(self, start: int, stop: int) -> list[tuple[str, tuple[Related, ...]]]:
        cosine = (self.text[start:stop] @ self.text_t).toarray()
        result = []
        for row in range(stop - start):
            i = start + row
            candidates = set(np.flatnonzero(cosine[row] >= SOME_TEXT).tolist()) | self.named.get(i, set())
            candidates.discard(i)
            chosen = []
            for j in candidates:
                evidence = self._evidence(i, j, float(cosine[row, j]))
                if evidence is not None:
                    chosen.append((evidence, j))
            chosen.sort(key=lambda item: (-item[0], self.ids[item[1]]))
            related = tuple(self._related(i, j, score) for score, j in chosen[: self.limit])
            result.append((self.ids[i], related))
        return result

    def _evidence(self, i: int, j: int, text: float) -> float | None:
        """The pair's score, or None if the evidence is not strong enough to show it."""
        if j in self.named.get(i, ()):
            return MENTION_BONUS + text
        shared = len(self.tags[i] & self.tags[j])
        if self.archives[i] and self.archives[j] and not self.archives[i] & self.archives[j]:
            return text if text >= CROSS_FIELD_TEXT else None
        strong = text >= STRONG_TEXT or (text >= SOME_TEXT and shared >= 2) or (text >= CLOSE_TEXT and shared >= 1)
        return text + TAG_BONUS * shared if strong else None

    def _related(self, i: int, j: int, score: float) -> Related:
        return Related(
            id=self.ids[j],
            score=round(score, 4),
            shared_tags=tuple(sorted(self.tags[i] & self.tags[j])),
            shared_terms=self.shared_terms(i, j),
            mention=j in self.named.get(i, ()),
        )

    def shared_terms(self, i: int, j: int) -> tuple[str, ...]:
        """Up to ``TOP_TERMS`` terms both papers are about, most telling first: a phrase
        before its words ("tree search", not then "search"), words common in English never."""
        a, b = self.text[i], self.text[j]
        common = np.intersect1d(a.indices, b.indices)
        if not common.size:
            return ()
        weight = np.asarray(a[:, common].todense()).ravel() * np.asarray(b[:, common].todense()).ravel()
        order = sorted(range(common.size), key=lambda k: (" " not in self.terms[common[k]], -weight[k], common[k]))
        chosen: list[str] = []
        inside: set[str] = set()
        for k in order:
            term = self.terms[common[k]]
            words = term.split()
            if term in inside or all(zipf(w) >= 4.5 or w in GENERIC_WORDS for w in words):
                continue
            if len(words) == 1 and (not self.rare[common[k]] or zipf(term) >= 4.0):
                continue  # a word, to be a reason, must be rare in English and in the catalog
            chosen.append(term)
            inside.update(words)
            if len(chosen) == TOP_TERMS:
                break
        return tuple(chosen)


def _archives(paper: Paper) -> frozenset[str]:
    """The arXiv archives of a paper's categories ("hep-th", "cs"), if known."""
    categories = paper.categories or ((paper.category,) if paper.category else ())
    return frozenset(category.split(".")[0] for category in categories)

