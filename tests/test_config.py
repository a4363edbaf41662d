"""Catalog settings: defaults, and every bad value reported at once, word for word."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from generator.config import Settings, describe_options, load_settings
from generator.models import CatalogError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWN = (
    "fetched, inputs, metadata, newest_count, notes_dir, output_dir, pages_dir, prefer_fetched, search, "
    "site_description, site_name, site_url, taxonomy"
)


@pytest.fixture
def settings_file(tmp_path):
    """Write site_config/catalog.yml in a scratch project; returns its path."""

    def make(text: str) -> Path:
        path = tmp_path / "site_config" / "catalog.yml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return make


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as raised:
        load_settings(path)
    return [str(p) for p in raised.value.problems]


def test_defaults():
    settings = Settings()
    assert settings.site_name == "Paper catalog"
    assert settings.site_url == ""
    assert settings.site_description == "A browsable, searchable catalog of arXiv papers."
    assert settings.inputs == ("content/000_3ed5e3014f54c171.txt",)
    assert settings.metadata == "content/metadata.yml"
    assert settings.pages_dir == "content/pages"
    assert settings.output_dir == "docs"
    assert settings.newest_count == 10
    assert settings.root == Path(".")
    assert Settings(root=Path("/p")).output_path == Path("/p/docs")
    assert Settings(root=Path("/p")).path("content/x.csv") == Path("/p/content/x.csv")


def test_describe_options_lists_every_yaml_key_with_its_default():
    options = describe_options()
    assert [key for key, _, _ in options] == [f.name for f in fields(Settings) if f.name != "root"]
    assert all(doc.endswith(".") for _, doc, _ in options)
    assert ("newest_count", "How many of the newest papers the home page lists.", 10) in options


@pytest.mark.parametrize("text", ["", "# only a comment\n", "site_name: Paper catalog\n"])
def test_an_empty_file_or_a_partial_one_gives_the_defaults_relative_to_the_project(settings_file, tmp_path, text):
    path = settings_file(text)
    # Regression: with no output_dir key, loading used to crash on the dataclass's slot descriptor.
    assert load_settings(path) == Settings(root=tmp_path)
    assert load_settings(path, root=Path("/elsewhere")).root == Path("/elsewhere")


def test_the_bundled_settings_load_with_no_placeholder_address(monkeypatch):
    monkeypatch.delenv("CATALOG_SITE_URL", raising=False)
    settings = load_settings(PROJECT_ROOT / "site_config" / "catalog.yml", PROJECT_ROOT)
    assert settings.site_url == ""  # the deploy workflow passes GitHub Pages' address
    assert settings.inputs == ("content/000_3ed5e3014f54c171.txt",)


def test_no_shipped_file_carries_a_placeholder_address():
    shipped = [PROJECT_ROOT / "mkdocs.yml", PROJECT_ROOT / "README.md", *(PROJECT_ROOT / "site_config").glob("*")]
    shipped += [*(PROJECT_ROOT / ".github").rglob("*.yml"), *(PROJECT_ROOT / "templates").rglob("*.*")]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert "example.github.io" not in text and "example.io" not in text, path


def test_the_address_from_the_environment_overrides_the_settings(settings_file, monkeypatch):
    path = settings_file("site_url: https://example.org/old/\n")
    monkeypatch.setenv("CATALOG_SITE_URL", "https://lab.github.io/papers")
    assert load_settings(path).site_url == "https://lab.github.io/papers/"
    monkeypatch.setenv("CATALOG_SITE_URL", "")
    assert load_settings(path).site_url == "https://example.org/old/"
    monkeypatch.setenv("CATALOG_SITE_URL", "javascript:alert(1)")
    with pytest.raises(CatalogError) as caught:
        load_settings(path)
    assert "$CATALOG_SITE_URL: expected an http(s) URL" in str(caught.value)


def test_good_values_are_normalised(settings_file, tmp_path):
    path = settings_file(
        "site_name: '  My papers '\n"
        "site_url: https://example.org/catalog\n"
        "inputs: content/one.csv\n"
        "metadata: null\n"
        "pages_dir: pages\n"
        "output_dir: build/docs\n"
        "newest_count: 25\n"
    )
    assert load_settings(path) == Settings(
        site_name="My papers",
        site_url="https://example.org/catalog/",
        inputs=("content/one.csv",),
        metadata="",
        pages_dir="pages",
        output_dir="build/docs",
        newest_count=25,
        root=tmp_path,
    )


def test_every_bad_value_is_reported_together_with_file_key_expected_and_got(settings_file):
    path = settings_file(
        "site_name: ''\n"
        "site_description: [a, b]\n"
        "site_url: ftp://example.org\n"
        "inputs: []\n"
        "metadata: 3\n"  # YAML numbers stay text, so this one is a fine path
        "pages_dir: null\n"
        "output_dir: false\n"
        "newest_count: 0\n"
        "colour: blue\n"
    )
    assert problems_of(path) == [
        f"{path}: key 'site_name': expected non-empty text, got empty text",
        f"{path}: key 'site_description': expected non-empty text, got a list of 2 items",
        f"{path}: key 'site_url': expected an http(s) URL such as https://example.org/catalog/, got 'ftp://example.org'",
        f"{path}: key 'inputs': expected a non-empty list of catalog file paths, got an empty list",
        f"{path}: key 'pages_dir': expected a path relative to the project root, got nothing (null)",
        f"{path}: key 'output_dir': expected a path relative to the project root, got the boolean false",
        f"{path}: key 'newest_count': expected a whole number of at least 1, got '0'",
        f"{path}: unknown key 'colour': known keys are {KNOWN}",
    ]


@pytest.mark.parametrize(
    ("value", "got"),
    [("many", "'many'"), ("-3", "'-3'"), ("2.5", "'2.5'"), ("'²'", "'²'"), ("[1]", "a list of 1 item"), ("{}", "a mapping")],
)
def test_newest_count_must_be_a_whole_number(settings_file, value, got):
    path = settings_file(f"newest_count: {value}\n")
    assert problems_of(path) == [f"{path}: key 'newest_count': expected a whole number of at least 1, got {got}"]


@pytest.mark.parametrize(
    "value",
    [
        ".",  # the project root: every run would delete the project's files
        "./",
        "content",
        "content/site",
        "../outside",
        "/tmp/absolute",
        "site_config",  # would hold the settings file
        "data",  # would hold the input below
        "pages/generated",  # inside the hand-written pages
    ],
)
def test_output_dir_must_be_a_folder_of_its_own(settings_file, value):
    path = settings_file(f"inputs: [data/papers.csv]\npages_dir: pages\noutput_dir: '{value}'\n")
    assert problems_of(path) == [
        f"{path}: key 'output_dir': expected a folder of its own inside the project (not the project root, "
        f"not in content/, not holding inputs, pages or settings), got '{value}'"
    ]


def test_default_output_dir_is_checked_too(settings_file):
    path = settings_file("inputs: [docs/papers.csv]\n")
    assert problems_of(path) == [
        f"{path}: key 'output_dir': expected a folder of its own inside the project (not the project root, "
        "not in content/, not holding inputs, pages or settings), got 'docs'"
    ]


def test_file_level_problems(settings_file, tmp_path):
    assert problems_of(tmp_path / "absent.yml") == [f"{tmp_path / 'absent.yml'}: settings file not found"]
    listing = settings_file("- a\n- b\n")
    assert problems_of(listing) == [f"{listing}: expected a mapping of settings, got a list of 2 items"]
    broken = settings_file("site_name: [unclosed\n")
    [message] = problems_of(broken)
    assert message.startswith(f"{broken}:2: invalid YAML: ")
    latin1 = settings_file("")
    latin1.write_bytes(b"site_name: caf\xe9\n")
    assert problems_of(latin1) == [f"{latin1}:1: not UTF-8 text: save the file with UTF-8 encoding"]
