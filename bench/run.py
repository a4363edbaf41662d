"""Benchmark: full builds of synthetic catalogs of N papers, against Hugo.

    .venv/bin/python -m bench.run --sizes 1000 10000      (or `make bench`)

For each N: a synthetic catalog (``bench.synth``) is built in a temporary project
(its own ``site_config/catalog.yml``, ``docs/`` and ``site/``; the repository's are
untouched) by ``bench.build_one`` in a child process, so that its peak memory is
its own. Then the site is measured (size, HTML per paper page, search index), the
search is timed in headless Chromium, and Hugo builds the same papers as minimal
pages. Prints a table, checks the targets for the largest N, and writes the table
to ``bench/out/results.md``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.hugo import HugoResult, build_baseline, ensure_hugo, hugo_version
from bench.measure import FolderSize, Measured, folder_size, run_measured
from bench.search import TYPING_DELAY_MS, SearchResult, measure_search
from bench.synth import synthesise, write_csv

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "results.md"
TAXONOMY = REPO / "site_config" / "taxonomy.yml"
KB = 1000
MB = 1000 * 1000

# Targets, checked for the largest N.
MAX_BUILD_SECONDS = 30.0
SCALING_SLACK = 1.1  # time(large) <= 1.1 x (N ratio) x time(small): 11 x from 1,000 to 10,000
MAX_BASELINE_RATIO = 6.0
MAX_PAGE_BYTES = 12 * KB
MAX_SEARCH_SECONDS = 1.0
MAX_SEARCH_BYTES = 1 * MB


@dataclass(slots=True)
class SizeResult:
    n: int
    engine: str
    build: Measured
    stages: dict[str, float]
    site: FolderSize
    page_bytes: list[int]
    index_bytes: int
    index_gzip: int
    index_files: int
    search: SearchResult | None = None
    hugo: HugoResult | None = None
    notes: list[str] = field(default_factory=list)


def write_project(root: Path, catalog: Path, engine: str = "auto") -> Path:
    """A project root with its own settings: the synthetic catalog, no overlay, the
    repository's taxonomy, the Markdown tree in ``docs``."""
    config = root / "site_config" / "catalog.yml"
    config.parent.mkdir(parents=True)
    config.write_text(
        "\n".join(
            [
                "site_name: Benchmark catalog",
                "site_url: https://example.github.io/paper-catalog/",
                "inputs:",
                f"  - {catalog.relative_to(root)}",
                "metadata: ''",
                "output_dir: docs",
                f"taxonomy: {TAXONOMY}",
                f"search: {engine}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def build_ours(root: Path, config: Path) -> tuple[Measured, dict]:
    """The full build in a child process (cwd in the temporary project)."""
    result = root / "build.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    command = [sys.executable, "-m", "bench.build_one", str(config), str(root / "site"), str(result)]
    run = run_measured(command, cwd=root, env=env)
    if run.returncode != 0 or not result.is_file():
        raise RuntimeError(f"the build of {config} failed ({run.returncode}):\n{run.output}")
    return run, json.loads(result.read_text(encoding="utf-8"))


def paper_page_sizes(site: Path) -> list[int]:
    papers = site / "papers"
    return sorted(p.stat().st_size for p in papers.rglob("index.html") if p.parent != papers)


def pick_query(papers: list[dict[str, str]]) -> str:
    """A word from the first paper's abstract (the same for every N: synthesise draws
    the same first papers whatever the count)."""
    words = re.findall(r"[A-Za-z]{8,}", papers[0]["abstract"])
    return words[0].lower() if words else "language"


def search_index_size(site: Path) -> tuple[int, int, int]:
    """Bytes, gzip bytes and files of the search index, whichever the engine: Material's
    one JSON file, or the stub and the sharded index below ``search/``."""
    files = [p for p in (site / "search").rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in files)
    return raw, packed, len(files)


def measure_size(
    n: int, engine: str, args: argparse.Namespace, hugo: str | None, log: Callable[[str], None]
) -> SizeResult:
    with tempfile.TemporaryDirectory(prefix=f"catalog-bench-{n}-") as temporary:
        root = Path(temporary)
        papers = synthesise(n)
        catalog = write_csv(papers, root / "papers.csv")
        config = write_project(root, catalog, engine)

        log(f"[{n:,}] building our site ...")
        run, report = build_ours(root, config)
        if report["papers"] != n:
            raise RuntimeError(f"{n} papers synthesised but {report['papers']} built")
        site = root / "site"
        index_bytes, index_gzip, index_files = search_index_size(site)
        result = SizeResult(
            n=n,
            engine=report["search_engine"],
            build=run,
            stages=report["timings"],
            site=folder_size(site),
            page_bytes=paper_page_sizes(site),
            index_bytes=index_bytes,
            index_gzip=index_gzip,
            index_files=index_files,
        )
        log(f"[{n:,}] built in {run.wall:.1f} s")

        if not args.no_browser:
            query = args.query or pick_query(papers)
            log(f"[{n:,}] timing the search for {query!r} in Chromium ({args.search_runs} runs) ...")
            result.search = measure_search(site, query, runs=args.search_runs)

        if hugo:
            log(f"[{n:,}] building the Hugo baseline ...")
            result.hugo = build_baseline(hugo, papers, root / "hugo")
            if result.hugo.pages != n:
                result.notes.append(f"Hugo wrote {result.hugo.pages} paper pages for {n} papers")
            log(f"[{n:,}] Hugo built in {result.hugo.run.wall:.1f} s")
        if args.keep:
            kept = REPO / "bench" / "out" / f"work-{n}"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(root, kept, symlinks=True)
            log(f"[{n:,}] work folder kept in {kept.relative_to(REPO)}")
    return result


# ---------------------------------------------------------------- the table


def times(value: float) -> str:
    return f"{value:.1f} x"


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def size(value: float) -> str:
    if value >= MB:
        return f"{value / MB:.1f} MB"
    return f"{value / KB:.1f} kB"


STAGE_ROWS = [
    ("read", "read"),
    ("validate", "validate"),
    ("enrich", "enrich"),
    ("derive", "derive"),
    ("derive.tags", "&nbsp;&nbsp;tags"),
    ("derive.mentions", "&nbsp;&nbsp;mentions"),
    ("derive.related", "&nbsp;&nbsp;related"),
    ("render", "render"),
    ("render.papers", "&nbsp;&nbsp;paper pages (in a forked process from 2,000 papers)"),
    ("write", "write (docs/)"),
    ("mkdocs", "MkDocs build, with the hook's last step:"),
    ("mkdocs.search", "&nbsp;&nbsp;Material's search plugin"),
    ("mkdocs.pages", "&nbsp;&nbsp;paper pages framed and written"),
    ("mkdocs.index", "&nbsp;&nbsp;search index for the papers"),
]
TOP_LEVEL = ("read", "validate", "enrich", "derive", "render", "write", "mkdocs")


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: list[str]
    values: list[float | None]  # for the growth column; None where it means nothing


def row(
    label: str, results: list, value: Callable[[Any], float | None], show: Callable[[float], str], scale: bool = True
) -> Row:
    """A table row: ``value`` of each result (None for "-"), shown with ``show``."""
    values = [value(r) if r is not None else None for r in results]
    cells = [show(v) if v is not None else "-" for v in values]
    return Row(label, cells, values if scale else [None] * len(values))


def table(results: list[SizeResult]) -> list[str]:
    rows = [Row("papers", [f"{r.n:,}" for r in results], [r.n for r in results])]
    for key, label in STAGE_ROWS:
        rows.append(row(label, results, lambda r, key=key: r.stages.get(key), seconds))
    rows += [
        row("start-up, imports, rest", results, lambda r: r.build.wall - sum(r.stages[k] for k in TOP_LEVEL), seconds),
        row("**total wall time**", results, lambda r: r.build.wall, lambda v: f"**{seconds(v)}**"),
        row("peak memory (RSS)", results, lambda r: r.build.max_rss, size),
        row("site size", results, lambda r: r.site.bytes, size),
        row("site on disk (du)", results, lambda r: r.site.disk, size),
        row("files in the site", results, lambda r: r.site.files, lambda v: f"{v:,}"),
        row("paper page HTML, median", results, lambda r: statistics.median(r.page_bytes), size),
        row("paper page HTML, max", results, lambda r: max(r.page_bytes), size),
        Row("search engine", [r.engine for r in results], [None] * len(results)),
        row("search index", results, lambda r: r.index_bytes, size),
        row("search index, gzip", results, lambda r: r.index_gzip, size),
        row("search index files", results, lambda r: r.index_files, lambda v: f"{v:,}"),
    ]
    searches = [r.search for r in results]
    if any(searches):
        rows += search_rows(searches)
    hugos = [r.hugo for r in results]
    if any(hugos):
        rows += [
            row("**Hugo build**", hugos, lambda h: h.run.wall, lambda v: f"**{seconds(v)}**"),
            row("Hugo peak memory (RSS)", hugos, lambda h: h.run.max_rss, size),
            row("Hugo site size", hugos, lambda h: h.site.bytes, size),
            row(
                "ours / Hugo", results, lambda r: r.build.wall / r.hugo.run.wall if r.hugo else None, times, scale=False
            ),
        ]
    growth = len(results) > 1
    header = "| | " + " | ".join(f"N = {r.n:,} ({r.engine})" for r in results) + " |"
    rule = "|---" + "|---:" * len(results) + "|"
    if growth:
        largest = [r for r in results if r.engine == results[0].engine][-1]
        header += f" {largest.n:,} / {results[0].n:,} ({results[0].engine}) |"
        rule += "---:|"
    lines = [header, rule]
    for each in rows:
        cells = each.cells
        if growth:
            # The first engine's smallest and largest sizes (other engines sit between).
            same = [i for i, r in enumerate(results) if r.engine == results[0].engine]
            first, last = each.values[same[0]], each.values[same[-1]]
            cells = [*cells, times(last / first) if first and last is not None else ""]
        lines.append(f"| {each.label} | " + " | ".join(cells) + " |")
    return lines


def search_rows(searches: list[SearchResult | None]) -> list[Row]:
    def median(name: str, cold: bool = False) -> Callable[[SearchResult], float]:
        return lambda s: s.median(name, cold)

    def text(label: str, show: Callable[[SearchResult], str]) -> Row:
        return Row(label, [show(s) if s else "-" for s in searches], [None] * len(searches))

    return [
        text("search query (fresh page loads)", lambda s: f"`{s.query}` ({len(s.runs)})"),
        row("search ready after opening the page", searches, median("ready"), seconds),
        row("**first keystroke -> first result**", searches, median("first_result"), lambda v: f"**{ms(v)}**"),
        row("last keystroke -> all results", searches, median("settled"), ms),
        row("results shown", searches, lambda s: s.runs[0].results, str, scale=False),
        row("**fetched until then, gzip**", searches, median("transferred"), lambda v: f"**{size(v)}**"),
        row("the same, uncompressed", searches, median("decoded"), size),
        row("requests until then", searches, lambda s: s.requests, str, scale=False),
        row("typing at once on opening: keystroke -> result", searches, median("first_result", True), ms),
        row("typing at once: page opened -> first result", searches, median("opened_to_result", True), seconds),
    ]


# ---------------------------------------------------------------- the targets


def targets(results: list[SizeResult]) -> list[tuple[bool, str]]:
    """(met, description) for every target, for the largest N."""
    large = results[-1]
    wall = large.build.wall
    checks = [(wall <= MAX_BUILD_SECONDS, f"full build: {wall:.1f} s <= {MAX_BUILD_SECONDS:.0f} s")]
    if len(results) > 1:
        small = results[0]
        ratio = wall / small.build.wall
        limit = SCALING_SLACK * large.n / small.n
        checks.append((ratio <= limit, f"time({large.n:,}) / time({small.n:,}) = {ratio:.1f} <= {limit:.1f}"))
    if large.hugo:
        ratio = wall / large.hugo.run.wall
        checks.append((ratio <= MAX_BASELINE_RATIO, f"ours / Hugo: {ratio:.1f} x <= {MAX_BASELINE_RATIO:.0f} x"))
    largest, median = max(large.page_bytes), statistics.median(large.page_bytes)
    checks.append(
        (
            largest <= MAX_PAGE_BYTES,
            f"HTML per paper page: max {size(largest)} (median {size(median)}) <= {size(MAX_PAGE_BYTES)}",
        )
    )
    if large.search:
        runs = large.search.runs
        first = max(run.first_result for run in runs)
        checks.append(
            (
                first <= MAX_SEARCH_SECONDS,
                f"first search result after the first keystroke: {first * 1000:.0f} ms (slowest of {len(runs)} runs)"
                f" <= {MAX_SEARCH_SECONDS * 1000:.0f} ms",
            )
        )
        fetched = max(run.transferred for run in runs)
        decoded = max(run.decoded for run in runs)
        checks.append(
            (
                fetched <= MAX_SEARCH_BYTES,
                f"fetched from opening the page to the results: {size(fetched)} gzip"
                f" ({size(decoded)} uncompressed) <= {size(MAX_SEARCH_BYTES)}",
            )
        )
    return checks


def revision() -> str:
    """The commit measured, marked dirty if the working tree has changes."""
    git = shutil.which("git")
    if git is None:
        return "?"
    command = [git, "-C", str(REPO), "describe", "--always", "--dirty"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip() or "?"


def report(results: list[SizeResult], hugo: str | None, primary: list[SizeResult] | None = None) -> str:
    """The table of every result; targets and ratios for ``primary`` (the first engine's results)."""
    primary = primary or results
    lines = [
        "# Benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}: {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.platform()}"
        + (f", Hugo {hugo_version(hugo)}" if hugo else ", no Hugo")
        + f"; code {revision()}; load average at the end {os.getloadavg()[0]:.1f}",
        "",
        *table(results),
        "",
    ]
    smallest, largest = primary[0], primary[-1]
    if len(primary) > 1:
        lines.append(
            f"- ours({largest.n:,}) / ours({smallest.n:,}) = {largest.build.wall / smallest.build.wall:.1f} "
            f"for {largest.n / smallest.n:.0f} x the papers"
        )
    if largest.hugo:
        lines.append(f"- ours({largest.n:,}) / hugo({largest.n:,}) = {largest.build.wall / largest.hugo.run.wall:.1f}")
    for r in results:
        lines += [f"- note ({r.n:,}): {note}" for note in r.notes]
    lines += ["", f"## Targets (N = {largest.n:,}, search: {largest.engine})", ""]
    lines += [f"- {'PASS' if ok else 'FAIL'} {text}" for ok, text in targets(primary)]
    lines += [
        "",
        "Build times are wall times of one child process (start-up and imports included); "
        "memory is that process's peak RSS. Search: median of fresh page loads in headless Chromium, "
        f"the query typed at {TYPING_DELAY_MS} ms a key, once the search is ready (and, last two rows, "
        "as soon as the page has loaded); the site is served under /paper-catalog/ with gzip as GitHub "
        "Pages serves it. kB and MB are 1000 and 10^6 bytes.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="catalog sizes")
    parser.add_argument(
        "--engines",
        nargs="+",
        default=["auto"],
        choices=["auto", "lunr", "sharded"],
        help="search engines to build each size with, side by side (default: auto)",
    )
    parser.add_argument("--query", help="search query (default: a word from the first abstract)")
    parser.add_argument("--search-runs", type=int, default=3, help="fresh page loads per size (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timing in Chromium")
    parser.add_argument("--no-baseline", action="store_true", help="skip the Hugo baseline")
    parser.add_argument("--keep", action="store_true", help="keep the work folders in bench/out/work-N/")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Markdown report (default: {OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    hugo = None if args.no_baseline else ensure_hugo()
    engines = list(dict.fromkeys(args.engines))
    measured = [
        (engine, measure_size(n, engine, args, hugo if engine == engines[0] else None, log))
        for n in sorted(set(args.sizes))
        for engine in engines
    ]
    results = [result for _, result in measured]
    text = report(results, hugo, primary=[result for engine, result in measured if engine == engines[0]])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
