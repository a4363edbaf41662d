"""The ``catalog`` command: the only module that prints or exits."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.build import PROJECT_ROOT, build_site, check_catalog, generate
from generator.catalog.fetch import DEFAULT_API, MIN_WAIT
from generator.catalog.readers import supported_extensions
from generator.config import DEFAULT_CONFIG, SITE_URL_VARIABLE, describe_options, load_settings
from generator.models import CatalogError, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="catalog",
        description="Turn a table of arXiv papers into a browsable, searchable website.",
    )
    main.add_argument(
        "--config",
        metavar="FILE",
        help=f"catalog settings file; paths in it are relative to the folder above it "
        f"(default: the project's {DEFAULT_CONFIG})",
    )
    main.add_argument("--help-settings", action="store_true", help="list every catalog setting and exit")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    def inputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--input",
            action="append",
            metavar="FILE",
            help=f"catalog file to read ({supported_extensions()}); repeat to merge several; "
            "default: the inputs in the settings file",
        )

    def keep_going(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--keep-going",
            action="store_true",
            help="publish the valid rows even if some are rejected (the exit status is still 1)",
        )

    build = commands.add_parser("build", help="generate the pages and build the site with MkDocs")
    inputs(build)
    keep_going(build)
    build.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site/)")
    build.add_argument(
        "--site-url",
        metavar="URL",
        help="the site's public address, for canonical links, previews, the feed and the sitemap "
        f"(default: ${SITE_URL_VARIABLE}, else site_url in the settings)",
    )

    gen = commands.add_parser("generate", help="generate the Markdown pages only")
    inputs(gen)
    keep_going(gen)

    check = commands.add_parser("check", help="read and validate the catalog, report problems, write nothing")
    inputs(check)

    fetch = commands.add_parser(
        "fetch",
        help="get titles, authors, abstracts, dates and categories from arXiv for the catalog's IDs",
        description="Ask arXiv's API for what it knows about the catalog's papers and keep it in the "
        "settings' `fetched` file (content/arxiv.jsonl), which builds read offline. Only IDs not yet "
        "in that file are asked for, unless --refresh.",
    )
    inputs(fetch)
    fetch.add_argument("--refresh", action="store_true", help="ask again for IDs already fetched")
    fetch.add_argument(
        "--api-url", default=DEFAULT_API, metavar="URL", help=f"arXiv API endpoint (default: {DEFAULT_API})"
    )
    fetch.add_argument(
        "--wait",
        type=float,
        default=MIN_WAIT,
        metavar="SECONDS",
        help=f"pause between requests (default and minimum for arXiv itself: {MIN_WAIT:g})",
    )

    serve = commands.add_parser("serve", help="live preview of the configured catalog")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="address to serve on")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.help_settings:
        for key, doc, default in describe_options():
            print(f"{key}: {doc} Default: {default!r}")
        return EXIT_OK
    if not args.command:
        parser().print_help()
        return EXIT_USAGE
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    previous = os.environ.get(SITE_URL_VARIABLE)
    if getattr(args, "site_url", None):
        # Through the environment, so that the plugin's own reading of the settings
        # agrees; restored afterwards (main may run in a longer process, as in tests).
        os.environ[SITE_URL_VARIABLE] = args.site_url
    try:
        settings = load_settings(Path(args.config) if args.config else PROJECT_ROOT / DEFAULT_CONFIG)
        return COMMANDS[args.command](args, settings)
    except CatalogError as error:
        _print_problems(error.problems)
        count = len(error.problems)
        advice = (
            "No row is valid, so there is nothing to publish."
            if getattr(args, "keep_going", False)
            else "Fix them, or run with --keep-going to publish the valid rows."
        )
        print(f"error: {count} problem{'s' if count != 1 else ''}; nothing was written. {advice}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    finally:
        if previous is None:
            os.environ.pop(SITE_URL_VARIABLE, None)
        else:
            os.environ[SITE_URL_VARIABLE] = previous


def _check(args: argparse.Namespace, settings) -> int:
    report, _ = check_catalog(settings, args.input)
    _print_warnings(report.warnings)
    _print_problems(report.problems)
    valid = len(report.papers)
    if report.problems:
        counted = f"{valid} of {report.row_count} rows are valid" if report.row_count else "no row could be read"
        print(f"{counted}; {_rejected(report.problems)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{valid} papers, no problems")
    return EXIT_OK


def _generate(args: argparse.Namespace, settings) -> int:
    report = generate(settings, args.input, args.keep_going)
    return _summarise(report, settings, built_site=None)


def _build(args: argparse.Namespace, settings) -> int:
    from mkdocs.exceptions import MkDocsException

    _quiet_mkdocs()
    try:
        report = build_site(settings, args.input, args.keep_going, args.site_dir)
    except MkDocsException as error:
        print(f"error: MkDocs could not build the site: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    return _summarise(report, settings, built_site=args.site_dir or "site")


def _fetch(args: argparse.Namespace, settings) -> int:
    from generator.build import catalog_ids
    from generator.catalog.fetch import (
        ArxivUnavailable,
        fetch,
        load_fetched,
        write_fetched,
    )

    if not settings.fetched:
        print("error: the settings give no `fetched` file to keep arXiv's metadata in", file=sys.stderr)
        return EXIT_USAGE
    if not args.api_url.startswith(("http://", "https://")):
        print(f"error: --api-url must be an http(s) address, got {args.api_url!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.api_url == DEFAULT_API and args.wait < MIN_WAIT:
        print(f"error: arXiv asks for at least {MIN_WAIT:g} seconds between requests (--wait)", file=sys.stderr)
        return EXIT_USAGE
    ids, problems = catalog_ids(settings, args.input)
    if problems:
        raise CatalogError(problems)
    target = settings.path(settings.fetched)
    known = load_fetched(target)
    wanted = ids if args.refresh else [i for i in ids if i not in known]
    if not wanted:
        print(f"all {len(ids)} papers are already in {settings.fetched}; --refresh asks arXiv again")
        return EXIT_OK
    print(f"asking arXiv for {_plural(len(wanted), 'paper')} ({args.api_url})", file=sys.stderr)
    try:
        report = fetch(
            wanted, args.api_url, max(args.wait, 0.0), progress=lambda line: print(line, file=sys.stderr)
        )
    except ArxivUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    merged = {**known, **report.found}
    write_fetched(target, merged)
    print(
        f"{len(report.found)} of {len(wanted)} papers fetched in {_plural(report.requests, 'request')}"
        + (f" ({_plural(report.retries, 'retry', 'retries')})" if report.retries else "")
        + f"; {settings.fetched} holds {len(merged)}"
    )
    if report.unknown:
        shown = ", ".join(report.unknown[:20]) + (", ..." if len(report.unknown) > 20 else "")
        print(f"warning: arXiv does not know {_plural(len(report.unknown), 'ID')}: {shown}", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace, settings) -> int:
    from mkdocs.commands.serve import serve

    from generator.build import MKDOCS_CONFIG
    from generator.plugin import SETTINGS_VARIABLE

    # The plugin reads the same settings file on every rebuild, in this process.
    os.environ[SETTINGS_VARIABLE] = str(Path(args.config).resolve() if args.config else PROJECT_ROOT / DEFAULT_CONFIG)
    serve(
        config_file=str(MKDOCS_CONFIG),
        dev_addr=args.dev_addr,
        livereload=True,
        docs_dir=str(settings.output_path.resolve()),
    )
    return EXIT_OK


COMMANDS = {"build": _build, "generate": _generate, "check": _check, "fetch": _fetch, "serve": _serve}


def _summarise(report, settings, built_site: str | None) -> int:
    _print_warnings(report.check.warnings)
    _print_problems(report.check.problems)
    stats = report.written
    total = sum(seconds for name, seconds in report.timings.items() if "." not in name)
    print(
        f"{len(report.check.papers)} papers -> {settings.output_dir}/ "
        f"({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed)"
        + (f" -> {built_site}/" if built_site else "")
        + f" in {total:.1f} s"
    )
    if built_site and report.converted is not None:
        total = len(report.check.papers) + len(report.author_pages)
        print(
            f"paper and author pages: {report.converted} converted from Markdown, "
            f"{total - report.converted} from the cache",
            file=sys.stderr,
        )
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timings.items() if "." not in name)
    print(f"stages: {stages}", file=sys.stderr)
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timings.items() if "." in name)
    if parts:
        print(f"within stages: {parts}", file=sys.stderr)
    if report.check.problems:
        print(f"{_rejected(report.check.problems)}; the valid rows were published", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _rejected(problems: list[Problem]) -> str:
    rows = {(p.source, p.line) for p in problems}
    return f"{_plural(len(problems), 'problem')} in {_plural(len(rows), 'place')}"


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{problem}", file=sys.stderr)


def _print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _quiet_mkdocs() -> None:
    logging.basicConfig(format="%(levelname)s - %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
