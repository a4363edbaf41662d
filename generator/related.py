"""Related papers: for each paper, up to five others worth reading next, with reasons.

Signals, combined into one score:

- text: TF-IDF cosine over title and abstract (unigrams and bigrams, sublinear
  term frequency, English stop words and words in over half the papers dropped);
- concepts: latent semantic similarity (truncated SVD of the TF-IDF matrix), which
  links papers that share ideas through co-occurring words but few exact words;
- tags: Jaccard overlap of the papers' topic tags (the taxonomy maps different
  wordings of one idea to one tag);
- mentions: one paper names the other's method or cites its ID.

Scores are computed a block of rows at a time, so memory stays O(block x n), never
n x n. Ties are broken by arXiv ID, so the output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from generator.models import Paper

WEIGHTS = {"text": 0.6, "concepts": 0.2, "tags": 0.3, "mention": 0.3}
MIN_SCORE = 0.05
BLOCK = 512
TERMS_PER_PAPER = 48
CONCEPTS = 64
# Words every abstract uses: they may add to a score but explain nothing to a reader.
GENERIC_WORDS = frozenset(
    """
    approach approaches based demonstrate existing method methods model models novel paper
    performance propose proposed result results show shows significantly state study task tasks
    use used using work
    """.split()
)
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”]+\s")
_WORD = re.compile(r"\b[a-z][a-z0-9]+\b")
TOP_TERMS = 3


@dataclass(frozen=True, slots=True)
class Related:
    """One related paper and the reasons a reader can check."""

    id: str
    score: float
    shared_tags: tuple[str, ...]
    shared_terms: tuple[str, ...]
    mention: bool


def related_papers(
    papers: Sequence[Paper],
    tags: Mapping[str, Sequence[str]],
    mentions: set[tuple[str, str]] | None = None,
    limit: int = 5,
) -> dict[str, tuple[Related, ...]]:
    """Up to ``limit`` related papers for each paper, best first."""
    n = len(papers)
    if n < 2:
        return {p.id: () for p in papers}
    order = sorted(range(n), key=lambda i: papers[i].id)
    papers = [papers[i] for i in order]
    ids = [p.id for p in papers]
    position = {paper_id: i for i, paper_id in enumerate(ids)}

    text, terms = _tfidf([f"{p.title}. {p.title}. {p.abstract}" for p in papers])
    concepts = _concepts(text)
    tag_matrix = _tag_matrix(ids, tags)
    tag_counts = np.asarray(tag_matrix.sum(axis=1)).ravel()
    mention_matrix = _mention_matrix(position, mentions or set())
    tag_sets = [frozenset(tags.get(paper_id, ())) for paper_id in ids]
    row_terms = [_row_terms(text, i) for i in range(n)]

    result: dict[str, tuple[Related, ...]] = {}
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        score = WEIGHTS["text"] * (text[start:stop] @ text.T).toarray()
        if concepts is not None:
            score += WEIGHTS["concepts"] * np.clip(concepts[start:stop] @ concepts.T, 0, None)
        shared = (tag_matrix[start:stop] @ tag_matrix.T).toarray()
        union = tag_counts[start:stop, None] + tag_counts[None, :] - shared
        score += WEIGHTS["tags"] * np.divide(shared, union, out=np.zeros_like(shared, dtype=float), where=union > 0)
        mentioned = mention_matrix[start:stop].toarray() > 0
        score += WEIGHTS["mention"] * mentioned
        for row in range(stop - start):
            i = start + row
            score[row, i] = -np.inf
            best = _top(score[row], limit)
            result[ids[i]] = tuple(
                Related(
                    id=ids[j],
                    score=round(float(score[row, j]), 4),
                    shared_tags=tuple(sorted(tag_sets[i] & tag_sets[j])),
                    shared_terms=_shared_terms(row_terms[i], row_terms[j], terms),
                    mention=bool(mentioned[row, j]),
                )
                for j in best
                if score[row, j] >= MIN_SCORE
            )
    return result


def _tfidf(documents: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    vectorizer = TfidfVectorizer(
        analyzer=_terms,
        sublinear_tf=True,
        # Words in most papers say nothing about a pair; tiny catalogs keep every word.
        max_df=0.5 if len(documents) >= 20 else 1.0,
        min_df=1 if len(documents) < 200 else 2,
        dtype=np.float32,
    )
    matrix = _keep_top_terms(vectorizer.fit_transform(documents).tocsr(), TERMS_PER_PAPER)
    return matrix, vectorizer.get_feature_names_out()


def _keep_top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row keeps its ``keep`` heaviest terms, renormalised: the terms that say what a
    paper is about. Similarities then cost O(keep) per pair instead of O(abstract length)."""
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        begin, end = matrix.indptr[i], matrix.indptr[i + 1]
        data, indices = matrix.data[begin:end], matrix.indices[begin:end]
        if data.size > keep:
            top = np.argpartition(-data, keep)[:keep]
            data, indices = data[top], indices[top]
        rows.append(np.full(data.size, i))
        cols.append(indices)
        vals.append(data)
    pruned = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape, dtype=np.float32
    )
    return normalize(pruned).tocsr()


def _terms(document: str) -> list[str]:
    """Words and two-word phrases; a phrase never spans punctuation or a stop word."""
    terms: list[str] = []
    # "fine-tuning", "fine tuning": the same words.
    for chunk in _CLAUSE.split(document.lower().replace("-", " ")):
        words = _WORD.findall(chunk)
        kept = [w not in ENGLISH_STOP_WORDS for w in words]
        terms += [w for w, keep in zip(words, kept, strict=True) if keep]
        # Phrases of two adjacent content words ("tree search"), not across a stop word.
        terms += [
            f"{words[k]} {words[k + 1]}" for k in range(len(words) - 1) if kept[k] and kept[k + 1]
        ]
    return terms


def _concepts(text: sparse.csr_matrix) -> np.ndarray | None:
    rows, columns = text.shape
    dimensions = min(CONCEPTS, rows - 1, columns - 1)
    if dimensions < 2:
        return None
    svd = TruncatedSVD(n_components=dimensions, random_state=0, algorithm="randomized", n_iter=3)
    return normalize(svd.fit_transform(text)).astype(np.float32)


def _tag_matrix(ids: list[str], tags: Mapping[str, Sequence[str]]) -> sparse.csr_matrix:
    names = sorted({tag for paper_id in ids for tag in tags.get(paper_id, ())})
    column = {name: k for k, name in enumerate(names)}
    rows, cols = [], []
    for i, paper_id in enumerate(ids):
        for tag in set(tags.get(paper_id, ())):
            rows.append(i)
            cols.append(column[tag])
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(ids), max(len(names), 1)))


def _mention_matrix(position: dict[str, int], mentions: set[tuple[str, str]]) -> sparse.csr_matrix:
    rows, cols = [], []
    for source, target in mentions:
        if source in position and target in position:
            rows += [position[source], position[target]]
            cols += [position[target], position[source]]
    n = len(position)
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(n, n))
    matrix.data[:] = 1.0  # a pair named both ways counts once
    return matrix


def _top(scores: np.ndarray, limit: int) -> list[int]:
    """Indices of the best scores; equal scores keep ID order (indices are ID-sorted)."""
    count = min(limit, scores.size - 1)
    candidates = np.argpartition(-scores, count)[: count + 1] if scores.size > count + 1 else np.arange(scores.size)
    threshold = np.sort(scores[candidates])[::-1][count - 1]
    tied = np.flatnonzero(scores >= threshold)
    ranked = sorted(tied.tolist(), key=lambda j: (-scores[j], j))
    return [j for j in ranked if np.isfinite(scores[j])][:limit]


def _row_terms(text: sparse.csr_matrix, i: int) -> dict[int, float]:
    begin, end = text.indptr[i], text.indptr[i + 1]
    return dict(zip(text.indices[begin:end].tolist(), text.data[begin:end].tolist(), strict=True))


def _shared_terms(terms_i: dict[int, float], terms_j: dict[int, float], terms: np.ndarray) -> tuple[str, ...]:
    common = terms_i.keys() & terms_j.keys()
    if not common:
        return ()
    # A shared phrase tells more than its words alone: phrases first, then words.
    ranked = sorted(
        ((terms_i[c] * terms_j[c], str(terms[c])) for c in common),
        key=lambda t: (" " not in t[1], -t[0], t[1]),
    )
    chosen: list[str] = []
    for _, term in ranked:
        if all(word in GENERIC_WORDS for word in term.split()):
            continue
        # Skip a word already inside a chosen phrase ("search" after "tree search").
        if any(term in other.split() or other in term.split() for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == TOP_TERMS:
            break
    return tuple(chosen)
