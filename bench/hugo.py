"""The baseline: Hugo (Debian's package) building the same papers as minimal pages.

Each paper becomes ``content/papers/<arXiv ID>.md`` with its title (or the start
of its abstract) and its abstract; the layout is the tiny one in
``bench/baseline/``. No theme and no network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.measure import FolderSize, Measured, folder_size, run_measured

LAYOUT = Path(__file__).resolve().parent / "baseline"


@dataclass(frozen=True, slots=True)
class HugoResult:
    run: Measured
    site: FolderSize
    pages: int


def ensure_hugo() -> str | None:
    """The hugo command; installs Debian's package (saying so) when it is missing.
    None, with the reason on stderr, if it cannot be had."""
    found = shutil.which("hugo")
    if found:
        return found
    print("hugo is not installed: installing Debian's package (apt-get install -y hugo)", file=sys.stderr)
    apt = shutil.which("apt-get")
    if apt is None:
        print("no apt-get here: the Hugo baseline is skipped", file=sys.stderr)
        return None
    command = [apt, "install", "-y", "--no-install-recommends", "hugo"]
    if subprocess.run(command, check=False).returncode != 0:  # noqa: S603
        print("apt-get install failed: trying again after apt-get update", file=sys.stderr)
        subprocess.run([apt, "update"], check=False)  # noqa: S603
        subprocess.run(command, check=False)  # noqa: S603
    found = shutil.which("hugo")
    if found is None:
        print("hugo could not be installed: the Hugo baseline is skipped", file=sys.stderr)
    return found


def hugo_version(hugo: str) -> str:
    result = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip().split(" ")[1] if result.returncode == 0 else "?"


def page(paper: dict[str, str]) -> str:
    title = paper["title"] or " ".join(paper["abstract"].split()[:10])
    front = json.dumps({"title": title, "arxiv_id": paper["arxiv_id"]}, ensure_ascii=False, indent=1)
    return f"{front}\n\n{paper['abstract']}\n"


def build_baseline(hugo: str, papers: list[dict[str, str]], work: Path) -> HugoResult:
    """Write the Hugo project into ``work`` and build it into ``work/public``."""
    shutil.copytree(LAYOUT, work)
    content = work / "content" / "papers"
    content.mkdir(parents=True)
    (content / "_index.md").write_text('{"title": "All papers"}\n', encoding="utf-8")
    for paper in papers:
        (content / f"{paper['arxiv_id']}.md").write_text(page(paper), encoding="utf-8")
    public = work / "public"
    run = run_measured(
        [hugo, "--source", str(work), "--destination", str(public), "--cacheDir", str(work / "cache"), "--quiet"],
        cwd=work,
    )
    if run.returncode != 0:
        raise RuntimeError(f"hugo failed ({run.returncode}):\n{run.output}")
    pages = sum(1 for _ in (public / "papers").glob("*/index.html"))
    return HugoResult(run, folder_size(public), pages)
