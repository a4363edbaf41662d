"""Benchmark: what browsing costs a reader at N papers, for this code or another checkout.

    .venv/bin/python -m bench.browse --sizes 1000 10000 [--repo /path/to/other/checkout]

For each N, a synthetic catalog (``bench.synth``, the same papers as ``bench.run``)
is built in a temporary project by the chosen checkout's own ``bench.build_one``
(so an older commit can be measured beside this one: ``git worktree add``). Then the
pages a reader browses first are measured: the all-papers page, the largest tag
page, the authors index and a paper page. For each: HTML bytes (raw and gzip), the
number of elements, and the time to open it in headless Chromium, served with gzip
as GitHub Pages serves it (median of ``--runs`` fresh loads: navigation start to
the load event, and to the first paint of content).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.run import write_project
from bench.search import serve
from bench.synth import synthesise, write_csv
from tests.browser import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parent.parent

_OPEN = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {load: nav.loadEventEnd, dom: nav.domContentLoadedEventEnd, paint: paint ? paint.startTime : null,
          elements: document.getElementsByTagName('*').length,
          height: document.documentElement.scrollHeight};
}"""


def build(repo: Path, size: int, root: Path, engine: str) -> Path:
    """The synthetic catalog of ``size`` papers built by ``repo``'s code; the site folder."""
    catalog = write_csv(synthesise(size), root / "papers.csv")
    config = write_project(root, catalog, engine)
    env = dict(os.environ, PYTHONPATH=str(repo), NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "bench.build_one", str(config), str(root / "site"), str(root / "build.json")]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"the build with {repo} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return root / "site"


def largest_tag_page(site: Path) -> str:
    """The address of the tag page (its first page) with the most HTML."""
    pages = [p for p in (site / "tags").glob("*/index.html")]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    return f"tags/{biggest.parent.name}/"


def first_paper(site: Path) -> str:
    source = (site / "papers" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'href="(?:\.\./)?(?:papers/)?([0-9]{4}\.[0-9]{4,5})/"', source)
    return f"papers/{match.group(1)}/" if match else "papers/"


def weigh(site: Path, address: str) -> dict[str, int]:
    body = (site / address / "index.html").read_bytes()
    return {"bytes": len(body), "gzip": len(gzip.compress(body, compresslevel=6))}


def open_times(site: Path, addresses: list[str], runs: int) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            for address in addresses:
                samples = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.goto(url + address, wait_until="load", timeout=300_000)
                    samples.append(page.evaluate(_OPEN))
                    context.close()
                found[address] = {
                    "load_ms": statistics.median(s["load"] for s in samples),
                    "dom_ms": statistics.median(s["dom"] for s in samples),
                    "paint_ms": statistics.median(s["paint"] or 0 for s in samples),
                    "elements": samples[0]["elements"],
                    "height_px": samples[0]["height"],
                }
        finally:
            browser.close()
    return found


def measure(repo: Path, size: int, runs: int, engine: str) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"catalog-browse-{size}-") as temporary:
        site = build(repo, size, Path(temporary), engine)
        pages = {
            "all papers": "papers/",
            "largest tag page": largest_tag_page(site),
            "authors index": "authors/" if (site / "authors" / "index.html").is_file() else None,
            "paper page": first_paper(site),
        }
        pages = {name: address for name, address in pages.items() if address}
        times = open_times(site, list(pages.values()), runs)
        return {
            name: {"address": address, **weigh(site, address), **times[address]} for name, address in pages.items()
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--repo", type=Path, default=REPO, help="checkout whose code builds the site (default: this one)"
    )
    parser.add_argument("--runs", type=int, default=3, help="fresh page loads per page (default: 3)")
    parser.add_argument("--engine", default="auto", help="search engine setting (default: auto)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    results = {}
    for size in args.sizes:
        print(f"[{size:,}] building with {args.repo} ...", flush=True)
        results[size] = measure(args.repo.resolve(), size, args.runs, args.engine)
        for name, figures in results[size].items():
            print(
                f"[{size:,}] {name:17} {figures['address']:28} {figures['bytes'] / 1000:8.1f} kB"
                f" ({figures['gzip'] / 1000:6.1f} kB gzip) {figures['elements']:7,} elements"
                f" {figures['height_px']:9,} px  open {figures['load_ms']:7.0f} ms"
                f" (first paint {figures['paint_ms']:.0f} ms)",
                flush=True,
            )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
