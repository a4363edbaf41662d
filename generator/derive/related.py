"""Related papers: for each paper, up to five others a researcher would read next,
shown only with evidence, each with the reasons a reader can check.

A pair of papers is related when one of these holds:

- one names the other: its coined name or its arXiv ID (``generator.derive.links``);
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

from generator.catalog.words import zipf
from generator.models import Paper

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
# A word (hyphenated compounds whole), or what ends a phrase: punctuation, brackets, dashes.
_TOKEN = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)|([.,;:!?()\[\]{}\"“”]|\s[-–—]+\s|[^\sa-z0-9-])")
_SKIPPED = ENGLISH_STOP_WORDS | GENERIC_WORDS


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
    weight *= np.array([specificity(term) for term in terms])
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
    previous: tuple[str, str, int] | None = None  # the last kept word: stem, word, compound number
    for number, (token, brk) in enumerate(_TOKEN.findall(text.lower())):
        if brk:
            previous = None
            continue
        parts = token.split("-") if "-" in token else (token,)
        group = number if len(parts) > 1 else -1
        for word in parts:
            if len(word) < 3 or word in _SKIPPED or not word[0].isalpha():
                previous = None
                continue
            stem = _stem(word)
            found.append((stem, word))
            # a phrase within one compound, or between two plain words
            if previous is not None and (previous[2] == group and (group >= 0 or len(parts) == 1)):
                found.append((f"{previous[0]} {stem}", f"{previous[1]} {word}"))
            previous = (stem, word, group)
    return found


@functools.lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@functools.lru_cache(maxsize=1 << 17)
def specificity(term: str) -> float:
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
    """The evidence for every pair of a block of papers with the whole catalog, as arrays."""

    def __init__(
        self,
        papers: Sequence[Paper],
        signals: TextSignals,
        tags: Mapping[str, Sequence[str]],
        mentions: set[tuple[str, str]],
        limit: int,
    ) -> None:
        self.ids = list(signals.ids)
        position = {paper_id: k for k, paper_id in enumerate(self.ids)}
        self.limit = limit
        self.text = signals.text
        self.text_t = signals.text.T.tocsr()
        self.terms = signals.terms
        n = len(self.ids)
        # Terms that may be given as a reason: a phrase with a word that is not common in
        # English, or a word rare in English and in the catalog ("retrieval" in a catalog
        # on RAG explains no pair).
        rare = np.bincount(signals.text.indices, minlength=signals.text.shape[1]) <= max(2, 0.1 * n)
        self.telling = np.array([telling(term, bool(r)) for term, r in zip(self.terms, rare, strict=True)], dtype=bool)
        self.is_word = np.array([" " not in term for term in self.terms], dtype=bool)
        by_id = {p.id: p for p in papers}
        share = Counter(tag for paper_id in self.ids for tag in set(tags.get(paper_id, ())))
        specific = sorted(tag for tag, count in share.items() if 2 <= count <= SPECIFIC_TAG_SHARE * n)
        self.tags = [frozenset(tags.get(paper_id, ())) & frozenset(specific) for paper_id in self.ids]
        self.tag_matrix = indicator([sorted(t) for t in self.tags], specific, n)
        archives = [sorted(_archives(by_id[paper_id])) for paper_id in self.ids]
        self.archive_matrix = indicator(archives, sorted({a for names in archives for a in names}), n)
        self.has_field = np.array([bool(names) for names in archives])
        pairs = [(position[a], position[b]) for a, b in mentions if a in position and b in position and a != b]
        rows = [a for a, b in pairs] + [b for a, b in pairs]
        cols = [b for a, b in pairs] + [a for a, b in pairs]
        self.named = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, n))
        self.named.data[:] = 1.0  # a pair named both ways counts once

    def block(self, start: int, stop: int) -> list[tuple[str, tuple[Related, ...]]]:
        cosine = (self.text[start:stop] @ self.text_t).toarray()
        shared = (self.tag_matrix[start:stop] @ self.tag_matrix.T).toarray()
        common_field = (self.archive_matrix[start:stop] @ self.archive_matrix.T).toarray() > 0
        other_field = self.has_field[start:stop, None] & self.has_field[None, :] & ~common_field
        named = self.named[start:stop].toarray() > 0
        strong = (cosine >= STRONG_TEXT) | ((cosine >= SOME_TEXT) & (shared >= 2))
        strong |= (cosine >= CLOSE_TEXT) & (shared >= 1)
        shown = np.where(other_field, cosine >= CROSS_FIELD_TEXT, strong) | named
        score = np.where(other_field, cosine, cosine + TAG_BONUS * shared) + MENTION_BONUS * named
        score = np.where(shown, score, -np.inf)
        rows = np.arange(stop - start)
        score[rows, rows + start] = -np.inf
        result = []
        for row in range(stop - start):
            i = start + row
            candidates = np.flatnonzero(score[row] > -np.inf)
            # best first; equal scores in ID order (columns are in ID order)
            order = candidates[np.lexsort((candidates, -score[row, candidates]))][: self.limit]
            related = tuple(
                Related(
                    id=self.ids[j],
                    score=round(float(score[row, j]), 4),
                    shared_tags=tuple(sorted(self.tags[i] & self.tags[j])),
                    shared_terms=self.shared_terms(i, j),
                    mention=bool(named[row, j]),
                )
                for j in order.tolist()
            )
            result.append((self.ids[i], related))
        return result

    def shared_terms(self, i: int, j: int) -> tuple[str, ...]:
        """Up to ``TOP_TERMS`` terms both papers are about, most telling first: a phrase
        before its words ("tree search", not then "search"), words common in English never."""
        text = self.text
        a = slice(text.indptr[i], text.indptr[i + 1])
        b = slice(text.indptr[j], text.indptr[j + 1])
        common, in_a, in_b = np.intersect1d(text.indices[a], text.indices[b], assume_unique=True, return_indices=True)
        if not common.size:
            return ()
        weight = text.data[a][in_a] * text.data[b][in_b]
        keep = self.telling[common]
        common, weight = common[keep], weight[keep]
        chosen: list[str] = []
        inside: set[str] = set()
        for k in np.lexsort((common, -weight, self.is_word[common])).tolist():
            term = self.terms[common[k]]
            if term in inside:
                continue
            chosen.append(term)
            inside.update(term.split())
            if len(chosen) == TOP_TERMS:
                break
        return tuple(chosen)


def telling(term: str, rare: bool) -> bool:
    """Whether a term can be given as the reason two papers are related (see ``_Scorer``)."""
    words = term.split()
    if all(zipf(w) >= 4.5 or w in GENERIC_WORDS for w in words):
        return False
    return len(words) > 1 or (rare and zipf(term) < 4.0)


def indicator(items: list[list[str]], names: list[str], n: int) -> sparse.csr_matrix:
    """A 0/1 matrix: row k has a 1 in the column of each of ``items[k]`` found in ``names``."""
    column = {name: k for k, name in enumerate(names)}
    rows = [k for k, values in enumerate(items) for value in values if value in column]
    cols = [column[value] for values in items for value in values if value in column]
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, max(1, len(names)))
    )


def _archives(paper: Paper) -> frozenset[str]:
    """The arXiv archives of a paper's categories ("hep-th", "cs"), if known."""
    categories = paper.categories or ((paper.category,) if paper.category else ())
    return frozenset(category.split(".")[0] for category in categories)

