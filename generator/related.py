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
n x n (two blocks at a time, on two threads). Ties are broken by arXiv ID, so the
output is deterministic. The text signals (TF-IDF, concepts) depend on nothing else
and can be computed beforehand, elsewhere: ``text_signals``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

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
# A clause break or a word: what _CLAUSE.split and _WORD.findall find, in one pass.
_PIECE = re.compile(f"{_CLAUSE.pattern}|{_WORD.pattern}")
TOP_TERMS = 3


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
    """What related papers takes from the papers' text alone, rows in ID order: the
    pruned TF-IDF matrix, its terms (alphabetical) and the latent concepts."""

    ids: tuple[str, ...]
    text: sparse.csr_matrix
    terms: list[str]
    concepts: np.ndarray | None
    is_word: np.ndarray  # per term: a word, not a two-word phrase
    generic: np.ndarray  # per term: made of GENERIC_WORDS only


def text_signals(papers: Sequence[Paper]) -> TextSignals:
    """The text signals of a catalog: most of the cost of ``related_papers``, and
    independent of tags and mentions, so that they can be computed meanwhile."""
    papers = sorted(papers, key=lambda p: p.id)
    text, terms = _tfidf([f"{p.title}. {p.title}. {p.abstract}" for p in papers])
    # One BLAS thread: the SVD's last bits then no longer depend on the machine's number
    # of cores, and it is as fast (on a busy machine two BLAS threads spinning for each
    # other made it up to ten times slower).
    with threadpool_limits(limits=1, user_api="blas"):
        concepts = _concepts(text)
    return TextSignals(
        ids=tuple(p.id for p in papers),
        text=text,
        terms=terms,
        concepts=concepts,
        is_word=np.array([" " not in term for term in terms], dtype=bool),
        generic=np.array([all(word in GENERIC_WORDS for word in term.split()) for term in terms], dtype=bool),
    )


def related_papers(
    papers: Sequence[Paper],
    tags: Mapping[str, Sequence[str]],
    mentions: set[tuple[str, str]] | None = None,
    limit: int = 5,
    signals: TextSignals | None = None,
) -> dict[str, tuple[Related, ...]]:
    """Up to ``limit`` related papers for each paper, best first. ``signals``:
    ``text_signals(papers)`` if already computed."""
    n = len(papers)
    if n < 2:
        return {p.id: () for p in papers}
    if signals is None or signals.ids != tuple(sorted(p.id for p in papers)):
        signals = text_signals(papers)
    scorer = _Scorer(signals, tags, mentions or set(), limit)
    blocks = range(0, n, BLOCK)
    if len(blocks) == 1:
        return dict(scorer.block(0, n))
    # Blocks are independent. Two threads overlap one block's numpy and scipy work (which
    # runs without the GIL) with another's Python work; the merge keeps block order. BLAS's
    # own threads would only compete with them for the cores.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda start: scorer.block(start, min(start + BLOCK, n)), blocks)
        return {paper_id: related for block in done for paper_id, related in block}


class _Scorer:
    """The signals of every paper, and the related papers of a block of rows from them."""

    def __init__(
        self, signals: TextSignals, tags: Mapping[str, Sequence[str]], mentions: set[tuple[str, str]], limit: int
    ) -> None:
        ids = list(signals.ids)
        self.ids = ids
        self.limit = limit
        self.text = signals.text
        # Transposed once, not once per block (scipy would convert text.T for every
        # product; the values are the same).
        self.text_t = signals.text.T.tocsr()
        self.concepts = signals.concepts
        self.tag_matrix = _tag_matrix(ids, tags)
        self.tag_counts = np.asarray(self.tag_matrix.sum(axis=1)).ravel()
        self.tags_t = _dense_transpose(self.tag_matrix)
        self.mentions = _mention_matrix({paper_id: i for i, paper_id in enumerate(ids)}, mentions)
        self.tag_sets = [frozenset(tags.get(paper_id, ())) for paper_id in ids]
        # For the reasons: weights as float64, so that products are exact as in Python.
        self.weights = signals.text.astype(np.float64)
        self.names = signals.terms
        self.is_word = signals.is_word
        self.is_word_list = signals.is_word.tolist()  # quicker than the array, one item at a time
        self.generic = signals.generic

    def scores(self, start: int, stop: int) -> np.ndarray:
        """Scores of rows ``start:stop`` against every paper; -inf for a paper itself.

        Every step keeps the element types and the order of the additions of the plain
        formula (float32 scores; the tag and mention terms computed and added in float64),
        so the scores are the same to the last bit whatever the block size.
        """
        score = (self.text[start:stop] @ self.text_t).toarray()
        score *= WEIGHTS["text"]
        if self.concepts is not None:
            latent = self.concepts[start:stop] @ self.concepts.T
            np.clip(latent, 0, None, out=latent)
            latent *= WEIGHTS["concepts"]
            score += latent
        # Tags shared with every paper: sparse times dense is quicker than a sparse product
        # whose result is mostly filled (the counts are small whole numbers, exact either way).
        block = self.tag_matrix[start:stop]
        shared = block @ self.tags_t if self.tags_t is not None else (block @ self.tag_matrix.T).toarray()
        self._add_tag_overlap(score, shared, self.tag_counts[start:stop])
        # Mentions are few: added where they are, not as a dense matrix of zeros (adding
        # 0.0 changes no score).
        named = self.mentions[start:stop]
        rows = np.repeat(np.arange(stop - start), np.diff(named.indptr))
        score[rows, named.indices] = score[rows, named.indices].astype(np.float64) + WEIGHTS["mention"]
        rows = np.arange(stop - start)
        score[rows, rows + start] = -np.inf
        return score

    def _add_tag_overlap(self, score: np.ndarray, shared: np.ndarray, counts: np.ndarray) -> None:
        """``score += WEIGHTS["tags"] * Jaccard`` with ``shared`` tags and the rows' tag ``counts``.

        Jaccard is computed in float32 and scaled and added in float64. A few rows at a
        time, so that the temporary arrays stay in the processor's cache: this is memory
        bound, and twice as fast as whole-block arrays.
        """
        step = 32
        union = np.empty((step, score.shape[1]), dtype=np.float32)
        term = np.empty((step, score.shape[1]), dtype=np.float64)
        for row in range(0, score.shape[0], step):
            end = min(row + step, score.shape[0])
            rows, part, part_term = slice(row, end), union[: end - row], term[: end - row]
            np.add(counts[rows, None], self.tag_counts[None, :], out=part)
            part -= shared[rows]
            # No tags on either side: union 0 and shared 0, and Jaccard 0 (as 0 / 1).
            np.maximum(part, 1, out=part)
            np.divide(shared[rows], part, out=part)
            np.multiply(part, WEIGHTS["tags"], out=part_term, dtype=np.float64)
            score[rows] += part_term

    def block(self, start: int, stop: int) -> list[tuple[str, tuple[Related, ...]]]:
        """The related papers of rows ``start:stop``."""
        score = self.scores(start, stop)
        rows, columns = self.mentions[start:stop].nonzero()
        named = set(zip(rows.tolist(), columns.tolist(), strict=True))
        pairs = []  # (row, column, score) of every related paper of the block, best first
        for row, best in enumerate(_top_rows(score, self.limit)):
            pairs += [(row, j, value) for j, value in zip(best, score[row, best].tolist(), strict=True)]
        pairs = [pair for pair in pairs if pair[2] >= MIN_SCORE]
        first = np.array([start + row for row, _, _ in pairs], dtype=np.intp)
        second = np.array([j for _, j, _ in pairs], dtype=np.intp)
        found: list[list[Related]] = [[] for _ in range(stop - start)]
        for (row, j, value), terms in zip(pairs, self.shared_terms(first, second), strict=True):
            found[row].append(
                Related(
                    id=self.ids[j],
                    score=round(value, 4),
                    shared_tags=tuple(sorted(self.tag_sets[start + row] & self.tag_sets[j])),
                    shared_terms=terms,
                    mention=(row, j) in named,
                )
            )
        return [(self.ids[start + row], tuple(related)) for row, related in enumerate(found)]

    def shared_terms(self, first: np.ndarray, second: np.ndarray) -> list[tuple[str, ...]]:
        """For each pair of papers, up to ``TOP_TERMS`` terms both are about, to show as the reason.

        A shared phrase tells more than its words alone: phrases first, then words, each by
        the product of their weights in the two papers, then alphabetically (the order of
        term numbers). Terms of generic words only are never given, nor a word already
        inside a chosen phrase ("search" after "tree search"). The products of all pairs
        are taken at once, as one sparse elementwise product.
        """
        products = self.weights[first].multiply(self.weights[second]).tocsr()
        products.sort_indices()
        pair = np.repeat(np.arange(len(first)), np.diff(products.indptr))
        term, weight = products.indices, products.data
        keep = ~self.generic[term]
        pair, term, weight = pair[keep], term[keep], weight[keep]
        order = np.lexsort((term, -weight, self.is_word[term], pair))
        bounds = np.searchsorted(pair[order], np.arange(len(first) + 1)).tolist()
        ranked = term[order].tolist()
        names, is_word = self.names, self.is_word_list
        result = []
        for begin, end in pairwise(bounds):
            chosen: list[str] = []
            inside: set[str] = set()  # the words of the chosen phrases
            for k in ranked[begin:end]:
                name = names[k]
                if not is_word[k]:
                    inside.update(name.split())
                elif name in inside:
                    continue
                chosen.append(name)
                if len(chosen) == TOP_TERMS:
                    break
            result.append(tuple(chosen))
        return result


def _tfidf(documents: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    # Words in most papers say nothing about a pair; tiny catalogs keep every word.
    counts, terms = _term_counts(
        documents, max_df=0.5 if len(documents) >= 20 else 1.0, min_df=1 if len(documents) < 200 else 2
    )
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return _keep_top_terms(weights.tocsr(), TERMS_PER_PAPER), terms


def _term_counts(documents: list[str], max_df: float, min_df: int) -> tuple[sparse.csr_matrix, list[str]]:
    """How often each term of ``_terms`` occurs in each document, and the terms in
    alphabetical order: the same matrix, to the order of the entries within a row, as
    ``CountVectorizer(analyzer=_terms, max_df=max_df, min_df=min_df, dtype=float32)``.

    That one counts term by term in Python; here the text is cut into pieces (words and
    clause breaks) by one regular expression per document, and the terms are counted for
    the whole catalog at once with numpy: about twice as fast at 10,000 papers. Terms are
    numbered in order of first appearance, as in scikit-learn, because that order decides
    the order of a row's entries, and with it ties in ``_keep_top_terms`` and the last bits
    of the normalised weights.
    """
    numbers: defaultdict[str, int] = defaultdict()
    numbers.default_factory = numbers.__len__  # a new piece gets the next number
    sequence: list[int] = []
    lengths: list[int] = []
    for document in documents:
        found = _PIECE.findall(document.lower().replace("-", " "))
        sequence += map(numbers.__getitem__, found)
        lengths.append(len(found))
    pieces = list(numbers)
    width = len(pieces)
    codes = np.array(sequence, dtype=np.int64)
    size = codes.size
    position = np.arange(size)
    doc = np.repeat(np.arange(len(documents)), lengths)
    # A clause break ends with white space; a word never does.
    is_break = np.array([piece[-1].isspace() for piece in pieces], dtype=bool)[codes]
    content = ~is_break & ~np.array([piece in ENGLISH_STOP_WORDS for piece in pieces], dtype=bool)[codes]
    # Clauses: each starts at a document's start or after a break, ends at a break or the document's end.
    first = np.zeros(size, dtype=bool)
    first[np.cumsum([0, *lengths[:-1]])[np.asarray(lengths) > 0]] = True
    first[1:] |= is_break[:-1]
    clause_start = np.maximum.accumulate(np.where(first, position, 0))
    last = np.zeros(size, dtype=bool)
    last[(np.cumsum(lengths) - 1)[np.asarray(lengths) > 0]] = True
    last[:-1] |= is_break[1:]
    clause_end = np.minimum.accumulate(np.where(last, position, size)[::-1])[::-1] + 1
    # A term's place in _terms' output: a clause's words, then its phrases, clause by
    # clause. Clause [s, e) gets the slots [2s, 2e): its words from 2s, its phrases after.
    words = np.flatnonzero(content)
    phrases = np.flatnonzero(content[:-1] & content[1:] & (doc[:-1] == doc[1:]))
    slots = np.concatenate([clause_start[words] + words, clause_end[phrases] + phrases])
    # A word is coded by its piece number, a phrase by the pair of them.
    term_codes = np.concatenate([codes[words], width + codes[phrases] * width + codes[phrases + 1]])
    term_doc = np.concatenate([doc[words], doc[phrases]])
    by_slot = np.full(2 * size, -1)
    by_slot[slots] = np.arange(slots.size)
    in_order = by_slot[by_slot >= 0]
    term_codes, term_doc = term_codes[in_order], term_doc[in_order]
    if not term_codes.size:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    # Number the terms in order of first appearance.
    distinct, first_seen, inverse = np.unique(term_codes, return_index=True, return_inverse=True)
    by_first_seen = np.argsort(first_seen)
    number = np.empty(distinct.size, dtype=np.int64)
    number[by_first_seen] = np.arange(distinct.size)
    vocabulary = distinct[by_first_seen]
    cells, counts = np.unique(term_doc * distinct.size + number[inverse], return_counts=True)
    rows, columns = np.divmod(cells, distinct.size)
    indptr = np.zeros(len(documents) + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=len(documents)), out=indptr[1:])
    matrix = sparse.csr_matrix(
        (counts.astype(np.float32), columns.astype(np.int32), indptr), shape=(len(documents), distinct.size)
    )
    # Terms in too many or too few documents are dropped, as scikit-learn does.
    frequency = np.bincount(matrix.indices, minlength=distinct.size)
    kept = np.flatnonzero((frequency <= max_df * len(documents)) & (frequency >= min_df))
    if not kept.size:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    matrix = matrix[:, kept]
    names = [
        pieces[code] if code < width else " ".join(pieces[k] for k in divmod(code - width, width))
        for code in vocabulary[kept].tolist()
    ]
    alphabetical = sorted(range(len(names)), key=names.__getitem__)
    renumber = np.empty(len(names), dtype=matrix.indices.dtype)
    renumber[alphabetical] = np.arange(len(names))
    matrix.indices = renumber.take(matrix.indices)
    return matrix, [names[k] for k in alphabetical]


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
    """Words and two-word phrases; a phrase never spans punctuation or a stop word.

    The definition of the terms; ``_term_counts`` counts the same terms faster (a test
    checks that they agree)."""
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


def _dense_transpose(matrix: sparse.csr_matrix, max_cells: int = 1 << 24) -> np.ndarray | None:
    """The transposed matrix as a dense array, or None if it would be too large."""
    rows, columns = matrix.shape
    return matrix.T.toarray() if rows * columns <= max_cells else None


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


def _top_rows(scores: np.ndarray, limit: int) -> list[list[int]]:
    """For each row, the column indices of the best scores, best first; equal scores keep
    ID order (columns are ID-sorted). Infinite scores (a paper itself) are never chosen."""
    n = scores.shape[1]
    count = min(limit, n - 1)
    # Every score at least the count-th best of its row, ordered by row, score, column.
    threshold = np.partition(scores, n - count, axis=1)[:, n - count]
    rows, cols = np.divmod(np.flatnonzero(scores >= threshold[:, None]), n)
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    finite = np.isfinite(values)
    rows, cols = rows[finite], cols[finite]
    bounds = np.searchsorted(rows, np.arange(scores.shape[0] + 1)).tolist()
    chosen = cols.tolist()
    return [chosen[begin:end][:limit] for begin, end in pairwise(bounds)]
