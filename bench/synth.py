"""Synthetic catalogs of N papers for benchmarks.

Abstracts are built from the sentences of the bundled catalog, shuffled and with
words swapped between papers, so they keep a real word distribution and coined
names; IDs are distinct new-style IDs spread over several years; a part of the
papers get titles and authors, the rest derive them.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

from generator.catalog.readers import read_catalog

BUNDLED = Path(__file__).resolve().parent.parent / "content" / "000_3ed5e3014f54c171.txt"
SURNAMES = "Chen Wang Li Zhang Liu Smith Garcia Müller Kim Nguyen Rossi Silva Kumar Ivanova Okafor Dubois".split()
GIVEN = "Ada Wei Lina Omar Sara Jonas Mei Ravi Ana Tomás Yuki Eva Kofi Nadia Lars Ines".split()


def sentences() -> list[str]:
    rows = read_catalog(BUNDLED).rows
    found: list[str] = []
    for row in rows:
        text = " ".join(str(row.fields["abstract"]).split())
        found += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 5]
    return found


def synthesise(count: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    pool = sentences()
    words = sorted({w for s in pool for w in s.split() if w.isalpha() and len(w) > 3})
    ids: set[str] = set()
    papers = []
    while len(papers) < count:
        year = rng.randint(19, 24)
        month = rng.randint(1, 12)
        arxiv_id = f"{year:02d}{month:02d}.{rng.randint(1, 99999):05d}"
        if arxiv_id in ids:
            continue
        ids.add(arxiv_id)
        chosen = rng.sample(pool, rng.randint(5, 9))
        abstract = " ".join(
            " ".join(rng.choice(words) if rng.random() < 0.08 else w for w in s.split()) for s in chosen
        )
        paper = {"arxiv_id": arxiv_id, "abstract": abstract, "title": "", "authors": "", "date": ""}
        if rng.random() < 0.6:
            paper["title"] = " ".join(rng.sample(words, rng.randint(4, 9))).capitalize()
            paper["authors"] = "; ".join(
                f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 6))
            )
            paper["date"] = f"20{year:02d}-{month:02d}-{rng.randint(1, 28):02d}"
        papers.append(paper)
    return papers


def write_csv(papers: list[dict[str, str]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(papers[0]))
        writer.writeheader()
        writer.writerows(papers)
    return path
