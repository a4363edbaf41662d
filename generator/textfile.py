"""Reading the project's text files: UTF-8 decoding, and YAML files whose problems
are reported with their file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.models import CatalogError, Problem
from generator.yamlio import YamlSyntaxError, load_yaml


def decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """UTF-8 text with any BOM removed and line endings made ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # error.start counts from after any BOM, in error.object; lines end in \n, \r\n or \r.
        before = error.object[: error.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        return "", Problem(source, line, "not UTF-8 text: save the file with UTF-8 encoding")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_yaml_file(path: Path, what: str) -> Any:
    """The parsed YAML of a settings-like file; ``CatalogError`` naming the file (and
    line) if it is missing, unreadable, not UTF-8 or not valid YAML."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError([Problem(source, None, f"{what} file not found")]) from None
    except OSError as error:
        raise CatalogError([Problem(source, None, f"cannot read {what} file: {error.strerror}")]) from None
    text, problem = decode(raw, source)
    if problem:
        raise CatalogError([problem])
    try:
        return load_yaml(text)
    except YamlSyntaxError as error:
        raise CatalogError([Problem(source, error.line, str(error))]) from None


def describe_value(value: Any) -> str:
    """How a bad setting is shown in an error message: "'many'", "an empty list", ..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"{value!r}" if value.strip() else "empty text"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
