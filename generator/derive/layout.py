"""The map of the catalog: every paper placed in two dimensions, near the papers whose
text it shares, and the map's regions named by the terms their papers share.

What places a paper is what relates papers (``generator.derive.related``): the term
weights of its title and abstract, plus its specific topic tags at a smaller weight
(``TAG_WEIGHT``; broad tags never count), rows normalised. These are reduced to at
most 50 dimensions (truncated SVD, rows normalised again, so that Euclidean distance
orders pairs as cosine does) and laid out with openTSNE's t-SNE: 250 early-exaggeration
iterations (150 from ``FFT_FROM`` papers) and 250 more, Barnes-Hut gradients below 2,000 papers and FFT ones from
2,000 (``bench/map_layout.py`` measured scikit-learn's t-SNE, openTSNE and umap-learn
on real catalogs and 10,000 synthetic papers: openTSNE so tuned is as good as the
others by neighbours kept and judged pairs, and the only one within 10 s at 10,000).
Small catalogs are laid out from several seeds and keep the layout t-SNE fits best
(lowest KL divergence): with a few dozen papers one seed's layout is a matter of luck.
Below ``FFT_FROM`` papers the layout runs in one thread: a second one gains nothing
there, and on a busy machine its waiting for the first made it 10 to 20 times slower.

A paper with no term and no tag (a bare ID, an abstract of common words only) has no
place: it is left off the map rather than put down at random.

t-SNE keeps neighbours, not distances: near on the map means similar text, but the
gap between two far groups means little. The map page says so.

Regions: k-means over the map's points (fixed seed). A region is named by one term
that many of its papers share (``MIN_SHARE``, and ``MIN_PAPERS``), that the rest of the
catalog mostly lacks (``LIFT``) and few of its papers use at all
(``MAX_CATALOG_SHARE``); never a word common in English, a word of research prose
(``GENERIC_NAMES``, "numerical", "datasets") or a past participle; a word gives way to
the phrase most of its papers use it in. A term names one region only. A region whose
papers share no such term is not named: no name is better than a wrong one. The name
is put over the region's papers that have it. The rules were set on judged names
(``tests/fixtures/judged/map_regions.yml``).

Deterministic: fixed seeds, ties broken by ID, coordinates rounded to integers
(0 to ``SCALE``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from generator.derive.related import TextSignals, indicator, specificity, telling

TAG_WEIGHT = 0.3  # a paper's tags against its text (1); chosen on judged pairs, see the module's docs
DIMENSIONS = 50
SVD_ITERATIONS = 3  # power iterations of the randomised SVD (scikit-learn's default 5: 2 s at 10,000 papers)
PERPLEXITY = 30.0
ITERATIONS = 250  # after as many early-exaggeration ones
EARLY_LARGE = 150  # early-exaggeration iterations from FFT_FROM papers (10,000: the same KL divergence, 1 s less)
FFT_FROM = 2_000  # Barnes-Hut gradients below, FFT ones from here (3,000 papers: FFT in 0.7 of the time)
SEEDS_UNTIL = 300  # catalogs up to this size keep the best of SEEDS layouts
SEEDS = 4
FEW = 8  # below this many placed papers, no t-SNE: the plane of the two main directions
SCALE = 10_000  # coordinates are integers from 0 to SCALE
# Regions: about sqrt(n / 3) of them, at most MAX_REGIONS. A region's name is one term
# (see _candidates), judged against tests/fixtures/judged/map_regions.yml.
MAX_REGIONS = 30
MIN_REGION = 3
MIN_SHARE = 0.4
MIN_PAPERS = 3
LIFT = 3.0
MAX_CATALOG_SHARE = 0.2  # a term a fifth of the catalog uses names no corner of it
PHRASE_BONUS = 1.5  # "mathematical reasoning" says more than "reasoning"
PHRASE_HOLDS = 0.7  # a word gives way to a phrase that holds this share of its papers
# Words of research prose and method, whatever the field: true of a region, telling
# nothing about it (judged "vague" in map_regions.yml).
GENERIC_NAMES = frozenset(
    """
    analysis analyses analytical benchmark benchmarks calculation calculations capabilities capability
    comparison computation computational correlation correlations coupling cumulative dataset datasets
    deployment detection downstream efficiency efficient empirical enable enables equation equations
    estimation estimate estimates evaluation evaluations experiment experiments experimental framework
    frameworks finite formulation implementation improvement improvements measurement measurements metric
    metrics numerical observations optimization optimisation parameter parameters prediction predictions
    simulation simulations statistical technique techniques theoretical training validation variety
    """.split()
)


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # "" when its papers share no telling term
    x: int
    y: int
    size: int


@dataclass(frozen=True, slots=True)
class MapLayout:
    """Placed papers in ID order with integer coordinates, the papers with no place, and
    the named regions with each paper's."""

    ids: tuple[str, ...]
    x: tuple[int, ...]
    y: tuple[int, ...]
    unplaced: tuple[str, ...]
    regions: tuple[Region, ...]
    region: tuple[int, ...] = ()  # each placed paper's named region (index into regions), or -1


def map_layout(signals: TextSignals, tags: Mapping[str, Sequence[str]]) -> MapLayout:
    """The map of a catalog from its text signals and each paper's specific tags (slugs)."""
    vectors = _vectors(signals, tags)
    has_terms = vectors.getnnz(axis=1) > 0
    placed = np.flatnonzero(has_terms)
    ids = tuple(signals.ids[k] for k in placed)
    unplaced = tuple(signals.ids[k] for k in np.flatnonzero(~has_terms))
    if not ids:
        return MapLayout((), (), (), unplaced, ())
    rows = vectors[placed]
    points = _scaled(_layout(rows))
    x = tuple(int(v) for v in points[:, 0])
    y = tuple(int(v) for v in points[:, 1])
    text = signals.text[placed]
    regions, region = _regions(points, text, signals.terms)
    return MapLayout(ids, x, y, unplaced, regions, region)


def _vectors(signals: TextSignals, tags: Mapping[str, Sequence[str]]) -> sparse.csr_matrix:
    items = [list(tags.get(paper_id, ())) for paper_id in signals.ids]
    names = sorted({slug for values in items for slug in values})
    tag_rows = indicator(items, names, len(items))
    tag_rows = normalize(tag_rows) * TAG_WEIGHT
    combined = sparse.hstack([signals.text.astype(np.float64), tag_rows]).tocsr()
    combined.eliminate_zeros()
    return normalize(combined)


def _layout(rows: sparse.csr_matrix) -> np.ndarray:
    n = rows.shape[0]
    if n == 1:
        return np.zeros((1, 2))
    reduced = _reduce(rows, min(DIMENSIONS, n - 1, rows.shape[1] - 1))
    if n < FEW or reduced.shape[1] < 2:
        return _plane(rows)
    import openTSNE  # noqa: PLC0415 - only builds with a map pay for the import

    perplexity = max(2.0, min(PERPLEXITY, (n - 1) / 3))
    # A second thread pays only for large catalogs; for small ones, on a busy machine,
    # its waiting for the first costs many times the work.
    large = n >= FFT_FROM
    threads = 2 if large else 1
    # Unit rows: Euclidean neighbours are cosine ones, and a row that SVD left at zero
    # is as far from all as can be rather than undefined.
    affinities = openTSNE.affinity.PerplexityBasedNN(
        reduced,
        perplexity=perplexity,
        metric="euclidean",
        method="exact",
        n_jobs=threads,
        random_state=0,
        verbose=False,
    )
    best: tuple[float, np.ndarray] | None = None
    for seed in range(SEEDS if n <= SEEDS_UNTIL else 1):
        init = openTSNE.initialization.pca(reduced, random_state=seed)
        embedding = openTSNE.TSNEEmbedding(
            init,
            affinities,
            negative_gradient_method="fft" if large else "bh",
            ints_in_interval=2,
            n_jobs=threads,
            random_state=seed,
            verbose=False,
        )
        embedding = embedding.optimize(EARLY_LARGE if large else ITERATIONS, exaggeration=12, momentum=0.5)
        embedding = embedding.optimize(ITERATIONS, momentum=0.8)
        divergence = float(embedding.kl_divergence)
        if best is None or divergence < best[0] - 1e-9:
            best = (divergence, np.asarray(embedding))
    return best[1]


def _reduce(rows: sparse.csr_matrix, dimensions: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415

    if dimensions < 1:
        return np.zeros((rows.shape[0], 0))
    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=SVD_ITERATIONS, random_state=0)
    return normalize(svd.fit_transform(rows))


def _plane(rows: sparse.csr_matrix) -> np.ndarray:
    """A few papers: their coordinates along the two main directions of their vectors."""
    dense = rows.toarray()
    dense -= dense.mean(axis=0)
    if not dense.any():
        return np.zeros((rows.shape[0], 2))
    u, s, _ = np.linalg.svd(dense, full_matrices=False)
    points = u[:, :2] * s[:2]
    if points.shape[1] < 2:
        points = np.hstack([points, np.zeros((points.shape[0], 1))])
    # the sign of a singular vector is arbitrary: fix it by the first paper
    for column in range(2):
        nonzero = np.flatnonzero(np.abs(points[:, column]) > 1e-12)
        if nonzero.size and points[nonzero[0], column] < 0:
            points[:, column] *= -1
    return points


def _scaled(points: np.ndarray) -> np.ndarray:
    """Integers from 0 to SCALE, the same scale on both axes, the longer axis filled and
    the map centred; a single point (or all in one place) at the centre."""
    low = points.min(axis=0)
    extent = float((points.max(axis=0) - low).max())
    if extent <= 0:
        return np.full(points.shape, SCALE // 2, dtype=np.int64)
    scaled = (points - low) / extent * SCALE
    scaled += (SCALE - scaled.max(axis=0)) / 2
    return np.rint(scaled).astype(np.int64)


def clusters(points: np.ndarray) -> np.ndarray:
    """The region of each point (k-means, fixed seed), or all -1 when the map is too small
    to have regions."""
    n = points.shape[0]
    k = min(MAX_REGIONS, round(math.sqrt(n / 3)))
    if k < 2 or n < 2 * MIN_REGION:
        return np.full(n, -1)
    from sklearn.cluster import KMeans  # noqa: PLC0415

    return KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(points.astype(np.float64))


def _regions(
    points: np.ndarray, text: sparse.csr_matrix, terms: Sequence[str]
) -> tuple[tuple[Region, ...], tuple[int, ...]]:
    """The named regions, largest first, and each paper's (an index into them, or -1)."""
    labels = clusters(points)
    if labels.max() < 0:
        return (), tuple(-1 for _ in range(points.shape[0]))
    n = points.shape[0]
    present = (text > 0).astype(np.float32).tocsr()
    catalog_share = np.asarray(present.sum(axis=0)).ravel() / n
    weights = np.array([specificity(term) for term in terms]) if terms else np.zeros(0)
    phrases = _phrases_of(terms)
    # Every region's candidate names, then the best first: a term names one region only.
    proposals = []
    members_of = {}
    for label in range(int(labels.max()) + 1):
        members = np.flatnonzero(labels == label)
        if members.size < MIN_REGION:
            continue
        members_of[label] = members
        rows = present[members]
        for score, column in _candidates(rows, catalog_share, weights, terms, phrases):
            proposals.append((-score, label, column))
    proposals.sort()
    named: dict[int, int] = {}
    used: set[int] = set()
    for _, label, column in proposals:
        if label not in named and column not in used:
            named[label] = column
            used.add(column)
    found = []
    for label, column in named.items():
        members = members_of[label]
        holders = members[present[members][:, column].nonzero()[0]]
        # The name sits over the papers that have it, not over the region's middle, which
        # may be papers about something else.
        centre = np.median(points[holders], axis=0)
        region = Region(terms[column].lower(), int(round(centre[0])), int(round(centre[1])), int(members.size))
        found.append((region, label))
    found.sort(key=lambda pair: (-pair[0].size, pair[0].x, pair[0].y))
    number = {label: k for k, (_, label) in enumerate(found)}
    return tuple(r for r, _ in found), tuple(number.get(int(label), -1) for label in labels)


def _phrases_of(terms: Sequence[str]) -> dict[str, list[int]]:
    """Each word's two-word phrases (columns), by the word as written."""
    found: dict[str, list[int]] = {}
    for column, term in enumerate(terms):
        words = term.lower().split()
        if len(words) == 2:
            for word in words:
                found.setdefault(word, []).append(column)
    return found


def _nameable(term: str) -> bool:
    """Whether a term can name a region: a phrase with a word that is not generic, or a
    word of four letters or more that is not generic, not a past participle ("computed",
    "labeled": prose, not topics) and rare in English."""
    words = term.lower().split()
    if not telling(term, rare=True):
        return False
    if len(words) > 1:
        return not all(w in GENERIC_NAMES or w.endswith("ed") for w in words)
    word = words[0]
    return len(word) >= 4 and word not in GENERIC_NAMES and not word.endswith("ed")


def _candidates(
    present: sparse.csr_matrix,
    catalog_share: np.ndarray,
    weights: np.ndarray,
    terms: Sequence[str],
    phrases: dict[str, list[int]],
) -> list[tuple[float, int]]:
    """(score, column) of the terms that can name a region (its papers' rows), best first:
    at least MIN_SHARE of its papers (and MIN_PAPERS) have it, at most MAX_CATALOG_SHARE of
    the catalog, and it is at least LIFT times as common in the region as in the catalog.
    A word most of whose papers here use it in one phrase gives way to the phrase
    ("reproduction" to "reproduction number"), which must then meet MIN_SHARE itself."""
    if not terms:
        return []
    size = present.shape[0]
    counts = np.asarray(present.sum(axis=0)).ravel()
    share = counts / size
    lift = np.divide(share, catalog_share, out=np.zeros_like(share), where=catalog_share > 0)
    eligible = (counts >= MIN_PAPERS) & (share >= MIN_SHARE) & (lift >= LIFT) & (catalog_share <= MAX_CATALOG_SHARE)
    found: dict[int, float] = {}
    for column in np.flatnonzero(eligible).tolist():
        term = terms[column]
        if " " not in term:
            holds = PHRASE_HOLDS * counts[column]
            inside = [(counts[p], p) for p in phrases.get(term.lower(), ()) if counts[p] >= holds]
            if inside:
                column = max(inside, key=lambda pair: (pair[0], -pair[1]))[1]
                term = terms[column]
                if share[column] < MIN_SHARE:
                    continue  # the word is mostly this phrase, which too few papers here have
        if not _nameable(term) or column in found:
            continue
        bonus = PHRASE_BONUS if " " in term else 1.0
        found[column] = float(share[column] * np.log(max(lift[column], 1.0 + 1e-9)) * weights[column] * bonus)
    return sorted(((score, column) for column, score in found.items()), key=lambda pair: (-pair[0], terms[pair[1]]))
