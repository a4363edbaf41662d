"""One full build of a project, stage by stage, in its own process.

Run by ``bench.run`` as ``python -m bench.build_one CONFIG SITE_DIR RESULT``: reads
the project's settings, generates the Markdown tree and builds the site with
MkDocs exactly as ``catalog build`` does, and writes the timings of every stage as
JSON to RESULT. The time spent in the search plugin (Material's, which writes
``search/search_index.json``) is measured by wrapping its event handlers.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

from generator.build import generate, run_mkdocs_build
from generator.config import load_settings


def time_search_plugin() -> dict[str, float]:
    """Wrap the search plugin's event handlers so that their time adds up in the returned dict."""
    from material.plugins.search.plugin import SearchPlugin

    spent = {"search": 0.0}

    def timed(method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent["search"] += time.perf_counter() - started

        return wrapper

    for name in ("on_config", "on_page_context", "on_post_build"):
        setattr(SearchPlugin, name, timed(getattr(SearchPlugin, name)))
    return spent


def build(config: Path, site_dir: Path) -> dict:
    settings = load_settings(config, config.resolve().parent.parent)
    search = time_search_plugin()
    report = generate(settings)
    started = time.perf_counter()
    run_mkdocs_build(settings, report, str(site_dir))
    timings = dict(report.timings)
    timings["mkdocs"] = time.perf_counter() - started
    timings["mkdocs.search"] = search["search"]
    return {
        "papers": len(report.check.papers),
        "problems": len(report.check.problems),
        "written": report.written.written,
        "search_engine": report.search_engine,
        "timings": timings,
    }


def main(argv: list[str]) -> int:
    config, site_dir, result = (Path(a) for a in argv)
    result.write_text(json.dumps(build(config, site_dir), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
