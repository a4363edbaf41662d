"""The MkDocs plugin: its state lives on the instance, and the settings file it builds is
the one it is given (plugin option, CATALOG_SETTINGS, or the project's default)."""

from __future__ import annotations

import importlib.metadata
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import build as build_module
from generator.config import load_settings
from generator.derive import derive
from generator.plugin import SETTINGS_VARIABLE, CatalogPlugin

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "catalog.csv"


def test_the_plugin_is_registered_as_an_entry_point():
    entry = next(e for e in importlib.metadata.entry_points(group="mkdocs.plugins") if e.name == "catalog")
    assert entry.load() is CatalogPlugin


def test_no_module_level_state_passes_between_generator_and_mkdocs():
    assert not hasattr(build_module, "_last_generated") and not hasattr(build_module, "last_generated")
    first, second = CatalogPlugin(), CatalogPlugin()
    assert first._frames is not second._frames and first._listings is not second._listings


def test_plain_mkdocs_build_builds_the_catalog_the_environment_names(scratch_project, tmp_path, monkeypatch):
    config_path = scratch_project([GOLDEN])
    monkeypatch.setenv(SETTINGS_VARIABLE, str(config_path))
    site = tmp_path / "site"
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    papers = sorted(
        p.parent.relative_to(site / "papers").as_posix()
        for p in (site / "papers").glob("*/**/index.html")
        if not re.search(r"v\d+$", p.parent.name)  # a version's redirect to the paper's page
    )
    # Exactly the scratch catalog's papers, not the bundled ones.
    expected = build_module.check_catalog(load_settings(config_path))[0].papers
    assert papers == sorted(p.id for p in expected) and "hep-th/9901001" in papers
    plugin = config.plugins["catalog"]
    assert plugin.settings.root == config_path.resolve().parent.parent
    assert Path(config.docs_dir) == plugin.settings.output_path.resolve()


def _built(settings, site: Path, fast_path: bool, cache_dir: str = "") -> None:
    report = build_module.generate(settings)
    config = load_config(
        str(build_module.MKDOCS_CONFIG),
        docs_dir=str(settings.output_path.resolve()),
        site_dir=str(site),
        strict=True,
    )
    plugin = config.plugins["catalog"]
    plugin.use_report(settings, report)
    plugin.config.fast_path = fast_path
    plugin.config.cache_dir = cache_dir
    build(config)
    return report


def _article(page: str) -> str:
    """The page's article, its whitespace between lines folded as the frame folds it."""
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"[ \t\r]*\n\s*", "\n", article).strip()


def _paper_head(page: str) -> list[str]:
    head = page.split("</head>", 1)[0]
    return sorted(re.findall(r'<(?:meta (?:name|property)="(?:description|og:[a-z_]+|twitter:card|citation_[a-z_]+)"|link rel="canonical")[^>]*>', head))


def test_the_fast_path_gives_the_paper_pages_mkdocs_gives(tmp_path, monkeypatch):
    """The bundled catalog's paper pages, converted by the plugin and framed, equal the
    pages MkDocs builds itself from the same Markdown: content and head."""
    monkeypatch.setenv("CATALOG_SITE_URL", "https://lab.github.io/papers/")  # heads with their canonical links
    settings = load_settings(ROOT / "site_config" / "catalog.yml")
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    _built(settings, fast, fast_path=True)
    _built(settings, slow, fast_path=False)
    pages = sorted(p.relative_to(fast).as_posix() for p in (fast / "papers").glob("*/index.html"))
    assert len(pages) == 39
    authors = sorted(p.relative_to(fast).as_posix() for p in (fast / "authors").glob("*/index.html"))
    assert len(authors) > 250  # author pages take the fast path too
    for relative in authors:
        quick, own = (fast / relative).read_text(encoding="utf-8"), (slow / relative).read_text(encoding="utf-8")
        assert _article(quick) == _article(own), relative
    for relative in pages:
        quick, own = (fast / relative).read_text(encoding="utf-8"), (slow / relative).read_text(encoding="utf-8")
        assert _article(quick) == _article(own), relative
        assert _paper_head(quick) == _paper_head(own) and len(_paper_head(own)) >= 12, relative


def test_a_rebuild_converts_only_the_pages_that_changed(scratch_project, tmp_path):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(GOLDEN.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(scratch_project([catalog]))
    site, cache = tmp_path / "site", str(tmp_path / "cache")
    first = _built(settings, site, fast_path=True, cache_dir=cache)
    count = len(first.check.papers) + len(first.author_pages)  # author pages are framed too
    assert first.converted == count and first.author_pages
    assert _built(settings, site, fast_path=True, cache_dir=cache).converted == 0
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("reasoning", "reasoning carefully", 1), encoding="utf-8")
    again = _built(settings, site, fast_path=True, cache_dir=cache)
    assert 1 <= again.converted < count
    with sqlite3.connect(Path(cache) / "pages.sqlite") as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == count  # entries no page uses are pruned


def test_a_page_converted_with_a_broken_link_is_not_cached(scratch_project, tmp_path):
    """Its HTML depends on a file that is not there yet: once that file is written, the
    page must link to it, not keep the unresolved link from the cache."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2311.04205.md").write_text("Read [our guide](../guide.md) first.\n", encoding="utf-8")
    settings = load_settings(scratch_project([GOLDEN], extra="notes_dir: notes\npages_dir: pages\n"))
    site, cache = tmp_path / "site", str(tmp_path / "cache")
    with pytest.raises(Abort):  # strict: the link's target is missing
        _built(settings, site, fast_path=True, cache_dir=cache)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    _built(settings, site, fast_path=True, cache_dir=cache)
    page = (site / "papers" / "2311.04205" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../guide/">our guide</a>' in page


def test_a_damaged_page_cache_is_started_afresh(scratch_project, tmp_path):
    settings = load_settings(scratch_project([GOLDEN]))
    site, cache = tmp_path / "site", tmp_path / "cache"
    cache.mkdir()
    (cache / "pages.sqlite").write_bytes(b"not a database" * 100)
    (cache / ("0" * 64 + ".json")).write_text("[]", encoding="utf-8")
    report = _built(settings, site, fast_path=True, cache_dir=str(cache))
    assert report.converted == len(report.check.papers) + len(report.author_pages)
    assert _built(settings, site, fast_path=True, cache_dir=str(cache)).converted == 0
    assert [p.name for p in cache.iterdir()] == ["pages.sqlite"]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_keeps_unchanged_files_and_equals_a_fresh_build(scratch_project, tmp_path):
    """The last build is set aside, not deleted: unchanged paper pages are moved back (the
    same file, not rewritten), the changed one is written, and the result is byte for byte
    what a build into an empty folder gives. Nothing of the old build is left behind."""
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(GOLDEN.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(scratch_project([catalog]))
    site = tmp_path / "site"
    report = _built(settings, site, fast_path=True)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    papers = sorted(p.id for p in report.check.papers)
    first = {paper: (site / "papers" / paper / "index.html").stat().st_ino for paper in papers}
    (site / "stale.html").write_text("from an old build", encoding="utf-8")

    text = catalog.read_text(encoding="utf-8")
    edited = text.replace("reasoning", "reasoning carefully", 1)
    assert edited != text
    catalog.write_text(edited, encoding="utf-8")
    _built(settings, site, fast_path=True)
    fresh = tmp_path / "fresh"
    _built(settings, fresh, fast_path=True)

    assert not (site / ".catalog-previous").exists() and not (site / "stale.html").exists()
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8").startswith("ref:")
    rebuilt = {k: v for k, v in _tree(site).items() if not k.startswith(".git/")}
    assert rebuilt == _tree(fresh)
    now = {paper: (site / "papers" / paper / "index.html").stat().st_ino for paper in papers}
    kept = [paper for paper in papers if now[paper] == first[paper]]
    assert 0 < len(kept) < len(papers)  # most pages moved back; the edited paper's rewritten


def test_docs_hold_one_markdown_page_per_paper_with_relative_md_links(scratch_project, tmp_path):
    settings = load_settings(scratch_project([GOLDEN]))
    report = build_module.generate(settings)
    report_tags = derive(report.check.papers, report.check.taxonomy).tags
    assert any(report_tags.values())
    for paper in report.check.papers:
        text = (settings.output_path / f"{paper.path}.md").read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        assert front.startswith("---\ntitle: ") and "catalog_paper:" in front
        meta = yaml.safe_load(front.removeprefix("---\n"))
        assert meta["date"] == paper.date and meta["authors"] == list(paper.authors)
        assert meta["tags"] == [tag.name for tag in report_tags.get(paper.id, ())]
        assert "<h2 class=\"paper-label\">Abstract</h2>" in body and "## Cite" in body
        for target in re.findall(r"\]\(([^)]+\.md)\)", body):
            assert (settings.output_path / paper.path).parent.joinpath(target).resolve().is_file(), target


def test_a_note_shows_on_its_papers_page_as_markdown(scratch_project, tmp_path):
    config = scratch_project([GOLDEN])
    notes = config.parent.parent / "content" / "notes"
    (notes / "hep-th").mkdir(parents=True)
    (notes / "2311.04205.md").write_text("Discussed on **3 May**: see [the archive](../archive/index.md).\n")
    (notes / "2499.99999.md").write_text("No such paper.\n")
    settings = load_settings(config)
    site = tmp_path / "site"
    report = _built(settings, site, fast_path=True)
    assert 'id="notes"' not in (site / "papers" / "hep-th" / "9901001" / "index.html").read_text(encoding="utf-8")
    (notes / "hep-th" / "9901001.md").write_text("An old-style ID's note.\n")
    report = _built(settings, site, fast_path=True)
    page = (site / "papers" / "2311.04205" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="notes">Notes</h2>' in page
    assert "Discussed on <strong>3 May</strong>" in page and 'href="../../archive/"' in page
    old_style = (site / "papers" / "hep-th" / "9901001" / "index.html").read_text(encoding="utf-8")
    assert "An old-style ID" in old_style and '<h2 id="notes">Notes</h2>' in old_style
    assert any("2499.99999.md" in w.source and "matches no paper" in w.message for w in report.check.warnings)


def test_plain_mkdocs_properdocs_and_catalog_build_give_the_same_paper_pages(tmp_path):
    """The docs tree is a complete source: MkDocs and ProperDocs (its drop-in fork), run on
    their own, build paper pages byte-identical to `catalog build`'s."""
    import os
    import subprocess
    import sys

    from generator import cli

    ours = tmp_path / "catalog"
    assert cli.main(["build", "--site-dir", str(ours)]) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(SETTINGS_VARIABLE, None)
    bin_dir = Path(sys.executable).parent
    for tool in ("mkdocs", "properdocs"):
        site = tmp_path / tool
        subprocess.run(  # noqa: S603 - our own venv's tools
            [str(bin_dir / tool), "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
            check=True, cwd=ROOT, env=env, capture_output=True,
        )
        pages = sorted(p.relative_to(ours) for p in (ours / "papers").glob("*/index.html"))
        assert len(pages) == 39
        for page in pages:
            assert (site / page).read_bytes() == (ours / page).read_bytes(), (tool, page)


def test_catalog_serve_with_a_config_previews_that_catalog(scratch_project, monkeypatch):
    """`catalog --config X serve` hands X to the plugin (through CATALOG_SETTINGS) and serves
    X's generated tree."""
    import os

    import mkdocs.commands.serve

    from generator import cli

    config_path = scratch_project([GOLDEN])
    seen = {}

    def fake_serve(**kwargs):
        seen.update(kwargs, settings=os.environ.get(SETTINGS_VARIABLE))

    monkeypatch.setattr(mkdocs.commands.serve, "serve", fake_serve)
    monkeypatch.setenv(SETTINGS_VARIABLE, "")  # restored (removed) after the test, whatever serve sets
    assert cli.main(["--config", str(config_path), "serve", "--dev-addr", "127.0.0.1:8765"]) == 0
    assert seen["settings"] == str(config_path.resolve())
    assert seen["docs_dir"] == str(load_settings(config_path).output_path.resolve())
    assert seen["dev_addr"] == "127.0.0.1:8765"
