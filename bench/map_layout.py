"""Benchmark: 2-D layouts of a catalog for the map page (issue 16), by build time and quality.

    .venv/bin/python -m bench.map_layout                      (writes bench/out/map_layout.md)
    .venv/bin/python -m bench.map_layout --sizes 1000 --methods svd2 umap-svd50

openTSNE is in the lock; umap-learn is not (``pip install umap-learn`` to compare it);
methods whose library is missing are skipped.

Every layout projects the vectors related papers are computed from
(``generator.derive.related.text_signals``: stemmed words and phrases, sublinear TF-IDF
times English specificity, rows L2-normalised) to 2-D with one method:

- ``svd2``: TruncatedSVD straight to 2-D, the cheap baseline;
- ``sk-tsne``: scikit-learn's Barnes-Hut t-SNE on the sparse vectors (cosine, PCA
  initialisation, fixed seed); ``-svd50``: on the vectors first reduced to 50 dimensions
  with TruncatedSVD and re-normalised; ``-500``: 500 iterations instead of 1,000;
- ``otsne``: openTSNE (2 threads, fixed seed, exact neighbours) on the sparse vectors
  (initialised from ``svd2``) or on the 50-dimension reduction (PCA init), with its
  defaults (FFT gradients) or ``-fast``: Barnes-Hut below 10,000 papers, FFT with a
  coarser grid from 10,000 (``ints_in_interval=2``); ``-250``: fewer iterations too;
- ``umap``: umap-learn (cosine, 15 neighbours, fixed seed, so single-threaded) on either.

Perplexity is 30, lowered to (n - 1) / 3 for small catalogs. The full list and what
each name means: ``--help`` and the end of the report.

Build time: each layout runs in a fresh child process, as in a build, twice. The
figure that counts is import of the method's library plus the layout itself, after
what a build imports anyway (numpy, scipy, scikit-learn's preprocessing). The first run
starts with an empty numba cache (``NUMBA_CACHE_DIR``: a fresh environment, as on CI),
the second with the cache the first one wrote and then lays out once more in the same
process: the warm time, whose difference from the first run's is numba's JIT compile.
Peak memory is the child's. Deterministic: both runs give the same coordinates, rounded
to 3 decimals. Before each run the benchmark waits for other processes to go idle
(``--quiet-wait``) and reports the cores they used meanwhile: on a 2-core machine one
busy neighbour doubles the times.

Quality, from the coordinates:

- ``kNN10``: of each paper's 10 nearest papers by cosine in the vector space (those with
  a positive cosine), the share among its 10 nearest on the map; a random map scores
  about 10 / n;
- ``trust``: scikit-learn's trustworthiness (10 neighbours, cosine), up to 2,000 papers;
- judged pairs: papers a researcher calls related (``tests/fixtures/judged/related/``)
  should lie closer than the median pair of their catalog: the count that do, and the
  mean share of the catalog's pairs that are closer than a judged pair (lower is better);
  on the bundled catalog also the issue's groups (ToRA, MuMath-Code, DotaMath; LUT-NN,
  MADDNESS; CCS, ITI, the truthfulness probes), found by title.

Catalogs: ``bundled`` (39 papers, ``site_config/catalog.yml``), ``fixtures`` (every
catalog of ``tests/fixtures/catalogs/`` together, about 1,300 papers of several fields;
judged pairs compared within their own catalog) and ``synth-N`` (``bench.synth``; its
abstracts are shuffled sentences, so its quality figures say less than the real ones').
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

REPO = Path(__file__).resolve().parent.parent
CATALOGS = REPO / "tests" / "fixtures" / "catalogs"
JUDGED = REPO / "tests" / "fixtures" / "judged" / "related"
OUTPUT = REPO / "bench" / "out" / "map_layout.md"
SEED = 0
NEIGHBOURS = 10
TRUST_LIMIT = 2_000
BLOCK = 512
BUDGET = 10.0  # seconds the layout may add to a build of 10,000 papers
# What a build imports anyway (related papers): not counted as the layout's.
BUILD_IMPORTS = ("numpy", "scipy.sparse", "sklearn.preprocessing", "sklearn.feature_extraction.text")
# The issue's groups of closely related papers in the bundled catalog, by title prefix.
ISSUE_GROUPS = (
    ("ToRA:", "MuMath-Code:", "DotaMath:"),
    ("LUT-NN:", "Multiplying Matrices Without Multiplying"),  # the latter is MADDNESS
    ("Discovering Latent Knowledge", "Inference-Time Intervention:", "Cognitive Dissonance:"),  # CCS, ITI, probes
)


# --- methods ------------------------------------------------------------------------------


def _perplexity(n: int) -> float:
    return max(2.0, min(30.0, (n - 1) / 3))


def _svd(vectors: sparse.csr_matrix, dimensions: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD

    dimensions = max(1, min(dimensions, vectors.shape[0] - 1, vectors.shape[1] - 1))
    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=5, random_state=SEED)
    return svd.fit_transform(vectors)


def _svd50(vectors: sparse.csr_matrix) -> np.ndarray:
    """50 dimensions, rows re-normalised so that Euclidean neighbours are cosine ones."""
    from sklearn.preprocessing import normalize

    return normalize(_svd(vectors, 50))


def svd2(vectors: sparse.csr_matrix) -> np.ndarray:
    return _svd(vectors, 2)


def sk_tsne(vectors: sparse.csr_matrix | np.ndarray, max_iter: int = 1000) -> np.ndarray:
    from sklearn.manifold import TSNE

    tsne = TSNE(
        n_components=2,
        perplexity=_perplexity(vectors.shape[0]),
        metric="cosine",
        init="pca",
        method="barnes_hut",
        max_iter=max_iter,
        random_state=SEED,
        n_jobs=2,
    )
    return tsne.fit_transform(vectors)


def open_tsne(vectors: sparse.csr_matrix | np.ndarray, **tuning) -> np.ndarray:
    import openTSNE
    from openTSNE.initialization import rescale

    options = {
        "n_components": 2,
        "perplexity": _perplexity(vectors.shape[0]),
        "negative_gradient_method": "fft",
        "n_jobs": 2,
        "random_state": SEED,
        **tuning,
    }
    if sparse.issparse(vectors):
        # openTSNE's PCA and cosine neighbours need dense rows; the rows are unit vectors,
        # so exact Euclidean neighbours are the cosine ones.
        options.update(metric="euclidean", neighbors="exact", initialization=rescale(svd2(vectors)))
    else:
        options.update(metric="cosine", neighbors="exact", initialization="pca")
    return np.asarray(openTSNE.TSNE(**options).fit(vectors))


def umap_layout(vectors: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    import umap

    n_neighbors = max(2, min(15, vectors.shape[0] - 1))
    model = umap.UMAP(n_components=2, n_neighbors=n_neighbors, min_dist=0.1, metric="cosine", random_state=SEED)
    return model.fit_transform(vectors)


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    imports: tuple[str, ...]  # the library, imported and timed before the layout
    layout: Callable[[sparse.csr_matrix], np.ndarray]
    about: str
    # Packages the child treats as not installed: openTSNE imports pynndescent (and so
    # numba) whenever it can, which a build that installs openTSNE alone would not.
    absent: tuple[str, ...] = ()


def _sklearn(name: str, about: str, reduce: bool, **tuning) -> Method:
    def layout(v):
        return sk_tsne(_svd50(v) if reduce else v, **tuning)

    return Method(name, ("sklearn.manifold", "sklearn.decomposition"), layout, about)


def _opentsne(name: str, about: str, reduce: bool, **tuning) -> Method:
    def layout(v):
        return open_tsne(_svd50(v) if reduce else v, **tuning)

    return Method(name, ("openTSNE", "sklearn.decomposition"), layout, about, absent=("pynndescent",))


def _umap(name: str, about: str, reduce: bool) -> Method:
    def layout(v):
        return umap_layout(_svd50(v) if reduce else v)

    return Method(name, ("umap", "sklearn.decomposition"), layout, about)


FAST = {"negative_gradient_method": "auto", "ints_in_interval": 2}
METHODS = {
    m.name: m
    for m in (
        Method("svd2", ("sklearn.decomposition",), svd2, "TruncatedSVD to 2-D"),
        _sklearn("sk-tsne", "sklearn TSNE Barnes-Hut on the sparse vectors, 1000 iterations", False),
        _sklearn("sk-tsne-svd50", "SVD-50, then sklearn TSNE Barnes-Hut, 1000 iterations", True),
        _sklearn("sk-tsne-svd50-500", "SVD-50, then sklearn TSNE Barnes-Hut, 500 iterations", True, max_iter=500),
        _opentsne("otsne", "openTSNE on the sparse vectors, FFT, defaults (250 + 500 iterations)", False),
        _opentsne("otsne-svd50", "SVD-50, then openTSNE, FFT, defaults (250 + 500 iterations)", True),
        _opentsne(
            "otsne-fast",
            "openTSNE on the sparse vectors; Barnes-Hut below 10,000 papers, FFT from 10,000 with a "
            "coarser grid (`negative_gradient_method='auto', ints_in_interval=2`)",
            False,
            **FAST,
        ),
        _opentsne("otsne-svd50-fast", "SVD-50, then openTSNE as `otsne-fast`", True, **FAST),
        _opentsne("otsne-svd50-250", "as `otsne-svd50-fast`, 250 + 250 iterations", True, n_iter=250, **FAST),
        _umap("umap", "umap-learn on the sparse vectors (cosine, 15 neighbours)", False),
        _umap("umap-svd50", "SVD-50, then umap-learn (cosine, 15 neighbours)", True),
    )
}


def child(method: str, vectors_path: Path, out: Path, again: bool) -> None:
    """One measurement, in a fresh process: import the library, lay out, write the
    coordinates and the times (wall, and CPU of all threads for the layout)."""
    for name in BUILD_IMPORTS:
        importlib.import_module(name)
    vectors = sparse.load_npz(vectors_path).tocsr()
    chosen = METHODS[method]
    for name in chosen.absent:
        sys.modules[name] = None  # import fails as if not installed
    started = time.perf_counter()
    for name in chosen.imports:
        importlib.import_module(name)
    imported = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    coordinates = np.asarray(chosen.layout(vectors), dtype=np.float64)
    times = {"import": imported, "fit": time.perf_counter() - started, "fit_cpu": time.process_time() - cpu}
    if again:
        started = time.perf_counter()
        second = np.asarray(chosen.layout(vectors), dtype=np.float64)
        times["warm_fit"] = time.perf_counter() - started
        times["same_in_process"] = bool(np.array_equal(np.round(second, 3), np.round(coordinates, 3)))
    np.save(out.with_suffix(".npy"), coordinates)
    out.with_suffix(".json").write_text(json.dumps(times), encoding="utf-8")


# --- catalogs -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    ids: tuple[str, ...]  # the rows of ``vectors``
    vectors: sparse.csr_matrix
    members: dict[str, tuple[str, ...]]  # judged catalog file name -> its papers' IDs
    signals_seconds: float  # text_signals, for scale (the build computes them anyway)
    groups: tuple[tuple[str, ...], ...] = ()  # the issue's groups (IDs), bundled only


def _papers(settings, inputs: Sequence[Path] = ()):
    from generator.build import check_catalog

    if inputs:
        settings = dataclasses.replace(settings, inputs=tuple(str(p) for p in inputs), metadata="")
    report, _ = check_catalog(settings)
    return report.papers


def _dataset(name: str, papers, members: dict[str, tuple[str, ...]], groups=()) -> Dataset:
    from generator.derive.related import text_signals

    started = time.perf_counter()
    signals = text_signals(papers)
    seconds = time.perf_counter() - started
    return Dataset(name, signals.ids, signals.text.tocsr(), members, seconds, groups)


def _settings():
    from generator.config import load_settings

    return load_settings(REPO / "site_config" / "catalog.yml", root=REPO)


def bundled() -> Dataset:
    settings = _settings()
    papers = _papers(settings)
    groups = []
    for prefixes in ISSUE_GROUPS:
        group = []
        for prefix in prefixes:
            found = [p.id for p in papers if p.title.startswith(prefix)]
            if len(found) != 1:
                raise SystemExit(f"bundled catalog: {len(found)} papers titled {prefix!r}…")
            group += found
        groups.append(tuple(group))
    name = Path(settings.inputs[0]).name
    return _dataset("bundled", papers, {name: tuple(p.id for p in papers)}, tuple(groups))


def fixtures() -> Dataset:
    settings = _settings()
    by_id = {}
    members = {}
    for path in sorted(CATALOGS.iterdir()):
        if path.suffix == ".md":
            continue
        papers = _papers(settings, [path])
        members[path.name] = tuple(p.id for p in papers)
        for paper in papers:
            by_id.setdefault(paper.id, paper)
    return _dataset("fixtures", list(by_id.values()), members)


def synthetic(size: int) -> Dataset:
    from bench.synth import synthesise, write_csv

    with tempfile.TemporaryDirectory() as folder:
        catalog = write_csv(synthesise(size), Path(folder) / "papers.csv")
        papers = _papers(_settings(), [catalog])
    return _dataset(f"synth-{size}", papers, {})


# --- quality ------------------------------------------------------------------------------


def knn_preservation(vectors: sparse.csr_matrix, points: np.ndarray, k: int = NEIGHBOURS) -> float:
    """The mean share of each paper's k nearest by cosine (positive only) that are among
    its k nearest on the map."""
    n = vectors.shape[0]
    transposed = vectors.T.tocsr()
    shares = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        rows = np.arange(stop - start)
        cosine = (vectors[start:stop] @ transposed).toarray()
        cosine[rows, rows + start] = -np.inf
        distance = ((points[start:stop, None, :] - points[None, :, :]) ** 2).sum(axis=-1)
        distance[rows, rows + start] = np.inf
        nearest = np.argpartition(-cosine, k, axis=1)[:, :k]
        on_map = np.argpartition(distance, k, axis=1)[:, :k]
        for row in rows:
            true = nearest[row][cosine[row, nearest[row]] > 0]
            if true.size:
                shares.append(np.isin(true, on_map[row]).sum() / true.size)
    return float(np.mean(shares)) if shares else float("nan")


def trust(vectors: sparse.csr_matrix, points: np.ndarray) -> float | None:
    if vectors.shape[0] > TRUST_LIMIT:
        return None
    from sklearn.manifold import trustworthiness

    return float(trustworthiness(vectors, points, n_neighbors=NEIGHBOURS, metric="cosine"))


def judged_pairs(dataset: Dataset) -> list[tuple[str, str, str]]:
    """(catalog, a, b) for every judged related pair of the dataset's catalogs."""
    import yaml

    pairs = set()
    for path in sorted(JUDGED.glob("*.yml")):
        judged = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalog = judged["catalog"]
        if catalog not in dataset.members:
            continue
        inside = set(dataset.members[catalog])
        for query, entry in judged["queries"].items():
            for other in entry.get("related") or ():
                a, b = sorted((str(query), str(other)))
                if a in inside and b in inside and a != b:
                    pairs.add((catalog, a, b))
    return sorted(pairs)


def pair_figures(dataset: Dataset, points: np.ndarray, pairs: Sequence[tuple[str, str, str]]) -> tuple[int, int, float]:
    """(pairs closer than their catalog's median pair, pairs, mean share of the catalog's
    pairs closer than a judged pair)."""
    position = {paper_id: k for k, paper_id in enumerate(dataset.ids)}
    pair_distances = {}
    for catalog, ids in dataset.members.items():
        chosen = points[[position[i] for i in ids if i in position]]
        d = np.sqrt(((chosen[:, None, :] - chosen[None, :, :]) ** 2).sum(axis=-1))
        pair_distances[catalog] = np.sort(d[np.triu_indices(len(chosen), 1)])
    closer = 0
    shares = []
    for catalog, a, b in pairs:
        everything = pair_distances[catalog]
        d = float(np.linalg.norm(points[position[a]] - points[position[b]]))
        closer += d < float(np.median(everything))
        shares.append(np.searchsorted(everything, d) / everything.size)
    return closer, len(pairs), float(np.mean(shares)) if shares else float("nan")


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Result:
    dataset: str
    n: int
    method: str
    cold: dict  # first run: empty numba cache
    cached: dict  # second run: numba cache of the first; also warm_fit
    wall: float
    peak_mb: float
    other_load: float  # cores other processes used during the runs (the larger of the two)
    deterministic: bool
    knn: float
    trust: float | None = None
    judged: tuple[int, int, float] | None = None
    issue: tuple[int, int, float] | None = None

    @property
    def added(self) -> float:
        return self.cold["import"] + self.cold["fit"]

    @property
    def added_cached(self) -> float:
        return self.cached["import"] + self.cached["fit"]


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float) -> None:
    """Wait (at most ``limit`` seconds) until other processes use under a fifth of a core,
    so that another benchmark on the machine does not skew the times."""
    if not Path("/proc/stat").exists():
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = _busy_seconds()
        time.sleep(1.0)
        if _busy_seconds() - before < 0.2:
            return
        time.sleep(4.0)


def run_child(command: list[str], env: dict[str, str]) -> tuple[int, float, float, float, str]:
    """(return code, wall s, peak memory MB, other processes' load in cores, output) of a
    child; the load is the machine's busy CPU time less the child's own, over the wall time."""
    with tempfile.TemporaryFile() as log:
        busy = _busy_seconds() if Path("/proc/stat").exists() else None
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        other = float("nan") if busy is None else (_busy_seconds() - busy - usage.ru_utime - usage.ru_stime) / wall
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024, max(0.0, other), output


def measure(dataset: Dataset, method: str, folder: Path, quiet: float) -> Result:
    vectors_path = folder / f"{dataset.name}.npz"
    if not vectors_path.exists():
        sparse.save_npz(vectors_path, dataset.vectors)
    cache = folder / f"numba-{dataset.name}-{method}"
    cache.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    runs = []
    for number, again in ((1, False), (2, True)):
        out = folder / f"{dataset.name}-{method}-{number}"
        command = [sys.executable, "-m", "bench.map_layout", "--child", method, str(vectors_path), str(out)]
        if again:
            command.append("--again")
        wait_quiet(quiet)
        code, wall, peak, other, output = run_child(command, env)
        if code != 0:
            raise RuntimeError(f"{method} on {dataset.name} failed:\n{output}")
        times = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        runs.append((wall, peak, other, times, np.load(out.with_suffix(".npy"))))
    (wall, peak, other, cold, points), (_, _, other_again, cached, points_again) = runs
    deterministic = bool(np.array_equal(np.round(points, 3), np.round(points_again, 3)))
    result = Result(
        dataset.name,
        len(dataset.ids),
        method,
        cold,
        cached,
        wall,
        peak,
        max(other, other_again),
        deterministic and bool(cached.get("same_in_process", True)),
        knn_preservation(dataset.vectors, points),
        trust(dataset.vectors, points),
    )
    pairs = judged_pairs(dataset)
    if pairs:
        result.judged = pair_figures(dataset, points, pairs)
    if dataset.groups:
        catalog = next(iter(dataset.members))
        issue = [(catalog, *sorted((a, b))) for g in dataset.groups for i, a in enumerate(g) for b in g[i + 1 :]]
        result.issue = pair_figures(dataset, points, issue)
    return result


# --- report -------------------------------------------------------------------------------


def _installed_mb(distribution: str) -> float | None:
    try:
        files = importlib.metadata.distribution(distribution).files or ()
    except importlib.metadata.PackageNotFoundError:
        return None
    total = 0
    for file in files:
        path = Path(file.locate())
        if path.is_file():
            total += path.stat().st_size
    return total / 2**20


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _locked() -> set[str]:
    lock = REPO / "requirements.lock"
    names = set()
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and "==" in line:
            names.add(line.split("==")[0].strip().lower())
    return names


def machine() -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        models = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 2**20:.1f} GiB RAM"
    lines = [
        f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}{memory}",
        f"- Python {platform.python_version()} on {platform.platform()}",
    ]
    locked = _locked()
    libraries = []
    for name in ("numpy", "scipy", "scikit-learn", "openTSNE", "umap-learn", "pynndescent", "numba", "llvmlite"):
        size = _installed_mb(name)
        where = "in requirements.lock" if name.lower() in locked else "not in the lock"
        libraries.append(f"{name} {_version(name)} ({where}" + (f", {size:.1f} MB installed)" if size else ")"))
    lines.append("- libraries: " + "; ".join(libraries))
    return lines


def _f(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pairs(figures: tuple[int, int, float] | None) -> str:
    return "–" if figures is None else f"{figures[0]}/{figures[1]} ({figures[2]:.2f})"


def report(results: Sequence[Result], datasets: Sequence[Dataset]) -> str:
    lines = ["# 2-D layouts for the catalog map (issue 16)", "", *machine(), ""]
    lines.append(
        "Vectors (`text_signals`, computed by the build anyway): "
        + "; ".join(
            f"{d.name} {len(d.ids):,} papers × {d.vectors.shape[1]:,} terms, {d.signals_seconds:.1f} s"
            for d in datasets
        )
    )
    lines += [
        "",
        "## Build time (fresh process per run)",
        "",
        "*added*: library import + layout, the first run (empty numba cache, as a fresh "
        "environment); *cached*: the same with the numba cache the first run wrote; *warm*: "
        "the layout again in the same process (no JIT); *JIT* ≈ first layout − warm; *CPU*: "
        "CPU time of the first layout, all threads; *wall*: the whole child process of the first "
        "run (Python start, numpy/scipy, reading the vectors); *other*: cores used by other "
        "processes meanwhile (the larger of the two runs; above 0.2 the times are skewed); "
        f"*det.*: both runs give the same coordinates to 3 decimals. Budget: {BUDGET:.0f} s added at 10,000.",
        "",
        "| catalog | n | method | import s | layout s | **added s** | cached s | warm s | JIT s | CPU s | wall s "
        "| peak MB | other | det. | kNN10 |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        warm = r.cached.get("warm_fit")
        jit = None if warm is None else max(0.0, r.cold["fit"] - warm)
        lines.append(
            f"| {r.dataset} | {r.n:,} | {r.method} | {_f(r.cold['import'])} | {_f(r.cold['fit'])} | "
            f"**{_f(r.added)}** | {_f(r.added_cached)} | {_f(warm)} | {_f(jit)} | {_f(r.cold['fit_cpu'])} | "
            f"{_f(r.wall)} | {r.peak_mb:.0f} | {_f(r.other_load)} | {'yes' if r.deterministic else '**no**'} | "
            f"{_f(r.knn, 3)} |"
        )
    real = [r for r in results if r.judged is not None or r.issue is not None]
    if real:
        lines += [
            "",
            "## Quality on real catalogs",
            "",
            "*kNN10*: share of each paper's 10 nearest by cosine that are among its 10 nearest on "
            "the map (a random map: about 10/n); *trust*: trustworthiness at 10 neighbours; *judged*: "
            "judged related pairs closer than the median pair of their catalog (in brackets, the "
            "mean share of the catalog's pairs closer than a judged pair: lower is better); *issue*: "
            "the same for the issue's groups on the bundled catalog.",
            "",
            "| catalog | n | method | kNN10 | trust | judged | issue |",
            "|---|---:|---|---:|---:|---|---|",
        ]
        for r in real:
            lines.append(
                f"| {r.dataset} | {r.n:,} | {r.method} | {_f(r.knn, 3)} | {_f(r.trust, 3)} | "
                f"{_pairs(r.judged)} | {_pairs(r.issue)} |"
            )
    lines += ["", "## Methods", ""]
    lines += [f"- `{m.name}`: {m.about}" for m in METHODS.values() if any(r.method == m.name for r in results)]
    return "\n".join(lines) + "\n"


def available(method: Method) -> bool:
    top = {name.split(".")[0] for name in method.imports}
    return all(importlib.util.find_spec(name) is not None for name in top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000], help="synthetic catalog sizes")
    parser.add_argument("--methods", nargs="*", default=list(METHODS), choices=list(METHODS), help="default: all")
    parser.add_argument("--no-real", action="store_true", help="skip the bundled and fixture catalogs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--quiet-wait", type=float, default=300.0, help="seconds to wait for other processes to go idle before a run"
    )
    parser.add_argument("--child", nargs=3, metavar=("METHOD", "VECTORS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--again", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, vectors, out = args.child
        child(method, Path(vectors), Path(out), args.again)
        return 0

    methods = [m for m in args.methods if available(METHODS[m])]
    skipped = sorted(set(args.methods) - set(methods))
    if skipped:
        print(f"skipped (library not installed): {', '.join(skipped)}", file=sys.stderr)
    datasets = ([] if args.no_real else [bundled(), fixtures()]) + [synthetic(n) for n in args.sizes]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for dataset in datasets:
            for method in methods:
                result = measure(dataset, method, Path(folder), args.quiet_wait)
                results.append(result)
                print(
                    f"{dataset.name:>12} {result.n:>6} {method:<18} added {result.added:6.2f} s "
                    f"(cached {result.added_cached:6.2f}) other={result.other_load:.2f} det={result.deterministic} "
                    f"kNN10={result.knn:.3f} "
                    f"judged={_pairs(result.judged)} issue={_pairs(result.issue)}",
                    flush=True,
                )
    text = report(results, datasets)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
