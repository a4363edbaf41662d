"""Rendering: the whole catalog, already derived, becomes Markdown pages via Jinja2.

Templates hold layout only; everything they print is escaped by ``markup.finalize``
unless this module marks it as ``Markup``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import markup
from generator.cite import bibtex_entry
from generator.config import Settings
from generator.models import Paper

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"
DESCRIPTION_CHARS = 200


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the pages are rendered from, gathered before any page is rendered."""

    papers: tuple[Paper, ...]
    settings: Settings

    @property
    def newest_first(self) -> list[Paper]:
        by_id = sorted(self.papers, key=lambda p: p.id)
        return sorted(by_id, key=lambda p: p.date or "", reverse=True)


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        finalize=markup.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        yaml_string=markup.yaml_string,
        url=markup.url,
        code_block=markup.code_block,
        page_link=page_link,
        description=description,
    )
    return env


def render_site(catalog: Catalog, env: Environment | None = None) -> dict[str, str]:
    """Every generated page: path below the docs folder -> Markdown text."""
    env = env or environment()
    pages: dict[str, str] = {}
    paper_template = env.get_template("paper.md.j2")
    for paper in catalog.papers:
        pages[f"{paper.path}.md"] = paper_template.render(
            paper=paper,
            links=paper_links(paper),
            bibtex=bibtex_entry(paper),
            settings=catalog.settings,
            home=relative_link(f"{paper.path}.md", "index.md"),
        )
    newest = catalog.newest_first
    pages["index.md"] = env.get_template("home.md.j2").render(
        settings=catalog.settings, count=len(newest), newest=newest[: catalog.settings.newest_count]
    )
    pages["papers/index.md"] = env.get_template("all_papers.md.j2").render(papers=newest)
    return pages


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of the places to read the paper and its code."""
    versioned = paper.id + (paper.version or "")
    links = [
        ("arXiv page", f"https://arxiv.org/abs/{versioned}"),
        ("PDF", f"https://arxiv.org/pdf/{versioned}"),
    ]
    year, month = _year_month(paper.id)
    # arXiv renders HTML for papers from December 2023 on; ar5iv covers the rest.
    if (year, month) >= (2023, 12):
        links.append(("HTML", f"https://arxiv.org/html/{versioned}"))
    else:
        links.append(("HTML (ar5iv)", f"https://ar5iv.labs.arxiv.org/html/{paper.id}"))
    if paper.code_url:
        links.append(("Code", paper.code_url))
    return links


def _year_month(arxiv_id: str) -> tuple[int, int]:
    digits = arxiv_id.rsplit("/", 1)[-1]
    yy, mm = int(digits[:2]), int(digits[2:4])
    return (1900 + yy if yy >= 91 else 2000 + yy), mm


def relative_link(from_page: str, to_page: str) -> str:
    """Relative path from one generated Markdown file to another (MkDocs checks these)."""
    depth = from_page.count("/")
    return "../" * depth + to_page


def page_link(paper: Paper, from_page: str) -> markup.Markup:
    return markup.url(relative_link(from_page, f"{paper.path}.md"))


def description(text: str) -> str:
    """The start of the abstract, cut at a word boundary, for meta descriptions."""
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
