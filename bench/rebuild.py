"""Benchmark: a cold build of a synthetic catalog, then a rebuild after one abstract changes.

    .venv/bin/python -m bench.rebuild --size 10000      (part of `make bench`)

Both builds run ``catalog build`` in a child process (``bench.measure``: wall time and
peak memory of that child alone) in a temporary project whose page cache starts empty.
Prints the times, their ratio (target: the rebuild at most 40% of the cold build), the
paper pages' HTML size (target: at most 12 kB) and the peak memory.
"""

from __future__ import annotations

import argparse
import csv
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import run_measured
from bench.synth import synthesise, write_csv

REPO = Path(__file__).resolve().parent.parent
MAX_REBUILD_SHARE = 0.40
MAX_PAGE_BYTES = 12_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument(
        "--catalog-command",
        default=str(REPO / ".venv" / "bin" / "catalog"),
        help="the command that runs `catalog` (another checkout's, for a run beside a baseline)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        catalog = write_csv(synthesise(args.size), root / "catalog.csv")
        config = root / "site_config" / "catalog.yml"
        config.parent.mkdir()
        config.write_text(
            f"site_url: https://example.org/bench/\ninputs: [{catalog}]\nmetadata: ''\n"
            f"taxonomy: {REPO / 'site_config' / 'taxonomy.yml'}\n",
            encoding="utf-8",
        )
        site = str(root / "site")
        command = [*shlex.split(args.catalog_command), "--config", str(config), "build", "--site-dir", site]
        cold = run_measured(command)
        if cold.returncode:
            print(cold.output, file=sys.stderr)
            return 1
        rows = list(csv.DictReader(catalog.open(encoding="utf-8")))
        rows[len(rows) // 2]["abstract"] += " We also report a small ablation."
        with catalog.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        again = run_measured(command)
        if again.returncode:
            print(again.output, file=sys.stderr)
            return 1
        sizes = [p.stat().st_size for p in (root / "site" / "papers").glob("*/index.html")]
    share = again.wall / cold.wall
    print(f"papers: {args.size:,}")
    print(f"cold build: {cold.wall:.1f} s, peak memory {cold.max_rss / 1e6:.0f} MB")
    print(f"rebuild after one abstract changed: {again.wall:.1f} s ({share:.0%} of cold; target <= 40%), "
          f"peak memory {again.max_rss / 1e6:.0f} MB")
    print(f"paper page HTML: median {statistics.median(sizes) / 1000:.1f} kB, max {max(sizes) / 1000:.1f} kB "
          f"(target <= 12 kB)")
    for line in again.output.splitlines():
        if line.startswith(("stages:", "within stages:")):
            print(f"rebuild {line}")
    for line in cold.output.splitlines():
        if line.startswith(("stages:", "within stages:")):
            print(f"cold {line}")
    ok = share <= MAX_REBUILD_SHARE and max(sizes) <= MAX_PAGE_BYTES
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
