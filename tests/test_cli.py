"""The catalog command: exit codes, messages, --keep-going, nothing written on error."""

import subprocess
import sys
from pathlib import Path

from generator import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad" / "three_bad_rows.csv"
GOOD = FIXTURES / "golden" / "catalog.csv"


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_reports_every_bad_row_with_file_and_line(capsys, scratch_project):
    config = scratch_project([BAD])
    status, out, err = run(capsys, "--config", str(config), "check")
    assert status == 1
    assert err.splitlines() == [
        f"{BAD}:3: invalid arXiv ID 'not-an-id': expected a new-style ID like 2311.08526 "
        "or an old-style one like hep-th/9901001",
        f"{BAD}:4: empty abstract: run `catalog fetch` to get it from arXiv",
        f"{BAD}:5: duplicate arXiv ID 2311.08526 (first listed at {BAD}:2)",
        "2 of 5 rows are valid; 3 problems in 3 places",
    ]
    assert out == ""


def test_check_of_a_good_catalog_says_so(capsys, scratch_project):
    config = scratch_project([GOOD])
    status, out, err = run(capsys, "--config", str(config), "check")
    assert (status, out, err) == (0, "2 papers, no problems\n", "")


def test_build_with_bad_rows_writes_nothing_and_exits_1(capsys, scratch_project, tmp_path):
    config = scratch_project([BAD])
    site = tmp_path / "out"
    status, out, err = run(capsys, "--config", str(config), "build", "--site-dir", str(site))
    assert status == 1
    assert err.splitlines()[-1] == (
        "error: 3 problems; nothing was written. Fix them, or run with --keep-going to publish the valid rows."
    )
    assert not site.exists()
    assert not (config.parent.parent / "docs").exists()


def test_keep_going_publishes_every_valid_row_and_still_exits_1(capsys, scratch_project, tmp_path):
    config = scratch_project([BAD])
    site = tmp_path / "out"
    status, out, err = run(capsys, "--config", str(config), "build", "--keep-going", "--site-dir", str(site))
    assert status == 1
    assert "3 problems in 3 places; the valid rows were published" in err
    assert (site / "papers" / "2311.08526" / "index.html").is_file()
    assert (site / "papers" / "2404.03683" / "index.html").is_file()
    assert not (site / "papers" / "2404.03592").exists()
    assert out.startswith("2 papers -> docs/")


def test_several_inputs_merge(capsys, scratch_project, tmp_path):
    other = tmp_path / "more.jsonl"
    other.write_text('{"id": "2406.04520", "abstract": "We introduce Natural Plan, a planning benchmark."}\n')
    config = scratch_project([GOOD])
    status, out, _ = run(capsys, "--config", str(config), "check", "--input", str(GOOD), "--input", str(other))
    assert (status, out) == (0, "3 papers, no problems\n")


def test_unknown_format_is_a_message_not_a_traceback(capsys, scratch_project, tmp_path):
    odd = tmp_path / "papers.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    config = scratch_project([GOOD])
    status, _, err = run(capsys, "--config", str(config), "check", "--input", str(odd))
    assert status == 1
    assert err.splitlines()[0] == (
        f"{odd}: unknown catalog format '.xlsx': use one of "
        ".bib, .csv, .json, .jsonl, .list, .md, .ndjson, .parquet, .pq, .tab, .tsv, .txt, .yaml, .yml"
    )
    assert "Traceback" not in err


def test_bad_settings_are_reported_not_raised(capsys, scratch_project):
    config = scratch_project([GOOD], extra="newest_count: many\n")
    status, _, err = run(capsys, "--config", str(config), "check")
    assert status == 1
    assert f"{config}: key 'newest_count': expected a whole number of at least 1, got 'many'" in err


def test_every_command_has_help():
    for command in ("build", "generate", "check", "serve"):
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", command, "--help"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, command
        assert f"usage: catalog {command}" in result.stdout
    build_help = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--help"], capture_output=True, text=True, check=False
    ).stdout
    for option in ("--input", "--site-dir", "--keep-going"):
        assert option in build_help


def test_no_command_prints_usage_and_exits_2(capsys):
    status, out, _ = run(capsys)
    assert status == 2 and "usage: catalog" in out


def test_check_validates_the_taxonomy_too(capsys, scratch_project, tmp_path):
    taxonomy = tmp_path / "taxonomy.yml"
    taxonomy.write_text("tags:\n  - name: Broken\n    slug: Not A Slug\n    description: x\n    phrases: [broken]\n")
    config = scratch_project([GOOD], taxonomy=taxonomy)
    status, _, err = run(capsys, "--config", str(config), "check")
    assert status == 1
    assert f"{taxonomy}:" in err and "slug" in err
    status, _, err = run(capsys, "--config", str(config), "build", "--keep-going", "--site-dir", str(tmp_path / "s"))
    assert status == 1 and "nothing was written" in err


def test_progress_is_shown_on_a_terminal_and_never_in_ci(monkeypatch, capsys):
    import io

    from generator import plugin

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for ci, expected in (("", True), ("true", False)):
        terminal = Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        monkeypatch.setenv("CI", ci)
        progress = plugin._Progress(4500)
        for count in (2000, 2000, 500):
            progress.add(count)
        shown = terminal.getvalue()
        assert ("Writing paper pages: 4,500/4,500\n" in shown) is expected
        assert ("Writing paper pages: 2,000/4,500" in shown) is expected
    # Small catalogs print nothing, even on a terminal.
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("CI", "")
    plugin._Progress(1500).add(1500)
    assert terminal.getvalue() == ""


def test_a_relative_config_path_roots_the_project_where_the_config_is(capsys, tmp_path, monkeypatch):
    project = tmp_path / "elsewhere"
    (project / "site_config").mkdir(parents=True)
    (project / "papers.csv").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    taxonomy = Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml"
    (project / "site_config" / "catalog.yml").write_text(
        f"inputs: [papers.csv]\nmetadata: ''\ntaxonomy: {taxonomy}\n", encoding="utf-8"
    )
    monkeypatch.chdir(project)
    status, out, _ = run(capsys, "--config", "site_config/catalog.yml", "generate")
    assert status == 0, out
    assert (project / "docs" / "index.md").is_file()
    assert "2311.04205" in (project / "docs" / "index.md").read_text(encoding="utf-8")


def test_keep_going_with_no_valid_row_does_not_advise_keep_going(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,abstract\nnot-an-id,Text.\n")
    status = cli.main(["generate", "--keep-going", "--input", str(bad)])
    err = capsys.readouterr().err
    assert status == 1
    assert "No row is valid" in err and "run with --keep-going" not in err


def test_check_of_a_headerless_csv_says_no_row_could_be_read(tmp_path, capsys):
    headerless = tmp_path / "dump.csv"
    headerless.write_text("2212.08221v1,A title,http://arxiv.org/abs/2212.08221v1,An abstract.\n")
    assert cli.main(["check", "--input", str(headerless)]) == 1
    err = capsys.readouterr().err
    assert "not a header" in err and "no row could be read; 1 problem in 1 place" in err
    assert "0 of 0" not in err
