"""The build, in order: read, validate, enrich, render, write, then MkDocs.

This is the one module that knows the order of the stages. It never prints or
exits: it returns reports and raises ``CatalogError`` for input that stops the
build.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog.enrich import catalog_words, enrich
from generator.catalog.fetch import load_fetched, row_fields
from generator.catalog.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from generator.catalog.overlay import load_overlay
from generator.catalog.readers import read_catalog
from generator.catalog.validate import ValidRow, validate_rows
from generator.config import Settings
from generator.derive import derive, unpublished_keywords
from generator.derive.taxonomy import Taxonomy, load_taxonomy
from generator.forked import ChildFailed, Forked, worth_forking
from generator.models import CatalogError, Paper, Problem, RawRow
from generator.search.documents import search_documents
from generator.search.index import SearchDoc
from generator.site.paper_pages import render_paper_markdown
from generator.site.redirects import redirect_pages
from generator.site.render import Catalog, render_site
from generator.site.write import WriteStats, write_tree

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# More rows than this are refused: related papers and the in-browser search are
# designed and measured for catalogs up to this size.
MAX_PAPERS = 50_000
UNMATCHED_LISTED = 5
UNPUBLISHED_LISTED = 8
MKDOCS_CONFIG = PROJECT_ROOT / "mkdocs.yml"
# Said once per build when the site has no public address: nothing absolute is invented.
NO_ADDRESS = Problem(
    "site_url",
    None,
    "the site has no public address, so canonical links, link previews' og:url, the Atom feed and the sitemap "
    "are left out; set site_url in the settings, $CATALOG_SITE_URL or `catalog build --site-url URL` "
    "(the deploy workflow passes GitHub Pages' address)",
)
# With `search: auto`, catalogs larger than this get the sharded search index. Material's
# own search downloads the whole index on every first visit, searching or not: 0.38 kB
# gzip per paper. Measured with bench.run (query typed on a fresh load, everything
# fetched until its results, gzip): lunr 274 / 465 / 845 kB at 500 / 1,000 / 2,000
# papers, sharded 205 / 196 / 146 kB. Up to 500 papers lunr costs a first visit at most
# a third more than sharded and answers faster (140 against 730 ms here); at 1,000 it
# already costs 2.4 times as much.
SHARDED_FROM = 500


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What reading and validating found: the papers, the rejected rows, the warnings."""

    papers: tuple[Paper, ...]
    problems: list[Problem]
    warnings: list[Problem]
    row_count: int
    taxonomy: Taxonomy | None


@dataclass(slots=True)
class GenerateReport:
    check: CheckReport
    written: WriteStats
    timings: dict[str, float] = field(default_factory=dict)
    # Written straight into the site, past MkDocs: the /abs/ redirects (one per paper
    # and version; MkDocs would only copy them).
    site_files: dict[str, str] = field(default_factory=dict)
    search_docs: list[SearchDoc] = field(default_factory=list)
    search_engine: str = "lunr"
    # Paper pages the MkDocs plugin's fast path converted from Markdown in this build (the
    # others came from its cache); None when MkDocs built them itself.
    converted: int | None = None
    # Author pages (``authors/<slug>.md``): framed by the plugin's fast path like paper pages.
    author_pages: tuple[str, ...] = ()



def catalog_ids(settings: Settings, inputs: Sequence[str] | None = None) -> tuple[list[str], list[Problem]]:
    """The canonical IDs of every row of the inputs (valid or not), in order, for `catalog
    fetch`; and the problems of files that could not be read at all."""
    paths = [Path(p) for p in inputs] if inputs else [settings.path(p) for p in settings.inputs]
    ids: dict[str, None] = {}
    problems: list[Problem] = []
    for path in paths:
        result = read_catalog(path)
        if not result.rows:
            problems.extend(result.problems)
        for row in result.rows:
            raw = row.fields.get("id")
            if isinstance(raw, str):
                try:
                    ids.setdefault(parse_arxiv_id(raw).canonical, None)
                except InvalidArxivId:
                    continue
    return list(ids), problems


def check_catalog(settings: Settings, inputs: Sequence[str] | None = None) -> tuple[CheckReport, dict[str, float]]:
    """Read and validate every input and the overlay; collect every problem."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    rows: list[RawRow] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    paths = [Path(p) for p in inputs] if inputs else [settings.path(p) for p in settings.inputs]
    for path in paths:
        result = read_catalog(path)
        rows.extend(result.rows)
        problems.extend(result.problems)
        warnings.extend(result.warnings)
    fetched: dict[str, dict] = {}
    if settings.fetched:
        try:
            fetched = load_fetched(settings.path(settings.fetched))
        except CatalogError as error:
            problems.extend(error.problems)
        rows = [with_fetched(row, fetched, settings.prefer_fetched) for row in rows]
    timings["read"] = time.perf_counter() - started
    if len(rows) > MAX_PAPERS:
        raise CatalogError(
            [Problem(", ".join(str(p) for p in paths), None, f"{len(rows):,} rows; the limit is {MAX_PAPERS:,} papers")]
        )

    started = time.perf_counter()
    valid, row_problems = validate_rows(rows)
    problems.extend(row_problems)
    overlay = load_overlay(settings.path(settings.metadata) if settings.metadata else None)
    problems.extend(overlay.problems)
    warnings.extend(overlay.warnings)
    taxonomy = None
    try:
        taxonomy = load_taxonomy(settings.path(settings.taxonomy))
    except CatalogError as error:
        problems.extend(error.problems)
    timings["validate"] = time.perf_counter() - started

    started = time.perf_counter()
    words = catalog_words(valid, overlay.entries)
    papers = tuple(
        enrich(v, overlay.entries.get(v.arxiv_id.canonical), words, fetched.get(v.arxiv_id.canonical))
        for v in valid
    )
    known = {v.arxiv_id.canonical for v in valid} | {
        p.canonical for p in _ids_of_rejected(rows, valid)
    }
    unmatched = [entry for entry_id, entry in sorted(overlay.entries.items()) if entry_id not in known]
    if len(unmatched) > UNMATCHED_LISTED:
        # Most likely the overlay belongs to another catalog: one line, not hundreds.
        first = unmatched[0]
        warnings.append(
            Problem(
                first.source,
                None,
                f"{len(unmatched)} metadata entries match no catalog row (first: {first.id} at line {first.line}); "
                "is `metadata` in the settings meant for this catalog?",
            )
        )
    else:
        for entry in unmatched:
            warnings.append(Problem(entry.source, entry.line, f"metadata for {entry.id} matches no catalog row"))
    timings["enrich"] = time.perf_counter() - started
    if taxonomy is not None:
        unpublished = unpublished_keywords(papers, taxonomy)
        if unpublished:
            shown = ", ".join(f"'{k}' ({n})" for k, n in list(unpublished.items())[:UNPUBLISHED_LISTED])
            more = f" and {len(unpublished) - UNPUBLISHED_LISTED} more" if len(unpublished) > UNPUBLISHED_LISTED else ""
            warnings.append(
                Problem(
                    settings.taxonomy,
                    None,
                    f"{_count(len(unpublished), 'keyword')} from the input "
                    f"{'name' if len(unpublished) > 1 else 'names'} no tag of the vocabulary and "
                    f"{'are' if len(unpublished) > 1 else 'is'} not published: {shown}{more}; "
                    "list the ones to publish under input_tags",
                )
            )
    return CheckReport(papers, problems, warnings, len(rows), taxonomy), timings


def with_fetched(row: RawRow, fetched: dict[str, dict], prefer: Sequence[str] = ()) -> RawRow:
    """The row with what arXiv gave for its ID filled in. Precedence: the row's own fields
    win over fetched ones, except the fields listed in ``prefer`` (the overlay, applied later,
    wins over both)."""
    raw_id = row.fields.get("id")
    if not fetched or not isinstance(raw_id, str):
        return row
    try:
        record = fetched.get(parse_arxiv_id(raw_id).canonical)
    except InvalidArxivId:
        return row
    if record is None:
        return row
    extra = row_fields(record)
    preferred = {name for field in prefer for name in _FETCHED_NAMES.get(field, (field,))}
    fields = dict(row.fields)
    for name, value in extra.items():
        empty = fields.get(name) in (None, "", []) or (isinstance(fields.get(name), str) and not fields[name].strip())
        if empty or name in preferred:
            fields[name] = value
    if "authors" in preferred and "authors" in extra:
        fields.pop("people", None)  # the row's parsed names give way too
    return RawRow(row.source, row.line, fields, row.keys)


# The row fields each `prefer_fetched` entry stands for.
_FETCHED_NAMES = {"categories": ("categories", "category")}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ids_of_rejected(rows: list[RawRow], valid: list[ValidRow]) -> list[ArxivId]:
    """IDs of rows rejected for other reasons, so their overlay entries are not 'unmatched'."""
    accepted = {id(v.row) for v in valid}
    found = []
    for row in rows:
        if id(row) in accepted or not isinstance(row.fields.get("id"), str):
            continue
        try:
            found.append(parse_arxiv_id(row.fields["id"]))
        except InvalidArxivId:
            continue
    return found


def generate(settings: Settings, inputs: Sequence[str] | None = None, keep_going: bool = False) -> GenerateReport:
    """Write the Markdown tree. Raises ``CatalogError`` (writing nothing) on bad input,
    unless ``keep_going``, in which case the valid rows are written and the problems
    are in the report."""
    report, timings = check_catalog(settings, inputs)
    if report.problems and (not keep_going or report.taxonomy is None):
        raise CatalogError(report.problems)
    if not report.papers:
        raise CatalogError(report.problems or [Problem("catalog", None, "no papers: every input is empty")])

    started = time.perf_counter()
    derived = derive(report.papers, report.taxonomy)
    timings["derive"] = time.perf_counter() - started
    timings.update({f"derive.{k}": v for k, v in derived.timings.items()})

    started = time.perf_counter()
    catalog = Catalog(report.papers, settings, derived)
    pages = render_site(catalog)
    pages.update(_hand_written_pages(settings, pages))
    pages.update(vendored_assets())
    notes, note_warnings = load_notes(settings, {paper.id for paper in report.papers})
    report.warnings.extend(note_warnings)
    if not settings.site_url:
        report.warnings.append(NO_ADDRESS)
    pages.update(paper_markdown(catalog, notes))
    site_files = redirect_pages(catalog.papers, settings)
    docs = search_documents(catalog)
    timings["render"] = time.perf_counter() - started

    started = time.perf_counter()
    written = write_tree(settings.output_path, pages)
    timings["write"] = time.perf_counter() - started
    engine = settings.search
    if engine == "auto":
        engine = "sharded" if len(report.papers) > SHARDED_FROM else "lunr"
    author_pages = tuple(f"authors/{slug}.md" for slug in catalog.authors.by_slug)
    return GenerateReport(report, written, timings, site_files, docs, engine, author_pages=author_pages)


# From this many papers, a forked process renders half of the paper pages' Markdown.
PARALLEL_RENDER_FROM = 2_000


def paper_markdown(catalog: Catalog, notes: dict[str, str]) -> dict[str, str]:
    """Every paper's Markdown page; with a second core and many papers, half of them are
    rendered in a forked process (the same templates and data: the same pages)."""
    papers = catalog.papers
    if not worth_forking(len(papers), PARALLEL_RENDER_FROM):
        return render_paper_markdown(catalog, notes)
    catalog.bibtex_entries  # noqa: B018 - computed once (with the keys), before the fork, for both processes
    half = len(papers) // 2
    child = Forked(render_paper_markdown, catalog, notes, None, papers[half:])
    pages = render_paper_markdown(catalog, notes, None, papers[:half])
    try:
        rest, _ = child.result()
    except ChildFailed as error:
        raise RuntimeError(f"rendering the paper pages failed:\n{error}") from None
    pages.update(rest)
    return pages


def load_notes(settings: Settings, ids: set[str]) -> tuple[dict[str, str], list[Problem]]:
    """The site owners' notes: ``<notes_dir>/<arXiv ID>.md`` (old-style IDs nest like their
    pages: ``hep-th/9901001.md``), by paper ID; a warning for each note that matches no
    paper (a typo in its name would hide it otherwise)."""
    folder = settings.path(settings.notes_dir) if settings.notes_dir else None
    if folder is None or not folder.is_dir():
        return {}, []
    notes: dict[str, str] = {}
    warnings: list[Problem] = []
    for path in sorted(folder.rglob("*.md")):
        name = path.relative_to(folder).with_suffix("").as_posix()
        try:
            paper_id = parse_arxiv_id(name).canonical
        except InvalidArxivId:
            paper_id = None
        if paper_id not in ids:
            warnings.append(Problem(str(path), None, "note matches no paper of the catalog (name it <arXiv ID>.md)"))
            continue
        notes[paper_id] = path.read_text(encoding="utf-8")
    return notes, warnings


KATEX = PROJECT_ROOT / "node_modules" / "katex" / "dist"


def vendored_assets() -> dict[str, bytes]:
    """KaTeX (script, styles, fonts) from the npm package installed by `make`, served by
    the site itself so that math renders without any request to another host."""
    if not (KATEX / "katex.min.js").is_file():
        raise CatalogError(
            [Problem(str(KATEX), None, "KaTeX is not installed: run `make site` (it runs `npm ci`)")]
        )
    assets = {
        f"assets/katex/{name}": (KATEX / name).read_bytes() for name in ("katex.min.js", "katex.min.css")
    }
    for font in sorted((KATEX / "fonts").iterdir()):
        assets[f"assets/katex/fonts/{font.name}"] = font.read_bytes()
    return assets


def _hand_written_pages(settings: Settings, generated: dict[str, str | bytes]) -> dict[str, str]:
    folder = settings.path(settings.pages_dir)
    if not folder.is_dir():
        return {}
    pages = {}
    problems = []
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder).as_posix()
        if relative in generated:
            problems.append(Problem(str(path), None, f"hand-written page clashes with the generated page {relative}"))
            continue
        pages[relative] = path.read_text(encoding="utf-8")
    if problems:
        raise CatalogError(problems)
    return pages


def build_site(
    settings: Settings,
    inputs: Sequence[str] | None = None,
    keep_going: bool = False,
    site_dir: str | None = None,
) -> GenerateReport:
    """Generate the Markdown tree, then build the HTML site with MkDocs (strict)."""
    report = generate(settings, inputs, keep_going)
    started = time.perf_counter()
    run_mkdocs_build(settings, report, site_dir)
    report.timings["mkdocs"] = time.perf_counter() - started
    return report


def run_mkdocs_build(settings: Settings, report: GenerateReport, site_dir: str | None = None) -> None:
    """MkDocs over the generated tree, with ``mkdocs.yml`` from the project; the catalog
    plugin takes this run's report instead of generating again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        str(MKDOCS_CONFIG),
        docs_dir=str(settings.output_path.resolve()),
        site_dir=str(Path(site_dir).resolve()) if site_dir else str(settings.root.resolve() / "site"),
        strict=True,
    )
    plugin = config.plugins.get("catalog")
    if plugin is None:
        raise CatalogError([Problem(str(MKDOCS_CONFIG), None, "the `catalog` plugin is not in the plugins list")])
    plugin.use_report(settings, report)
    build(config)


def apply_settings(config, settings: Settings) -> None:
    """Copy the catalog's name, description and URL into a MkDocs config."""
    config.site_name = settings.site_name
    config.site_description = settings.site_description
    if settings.site_url:
        config.site_url = settings.site_url
