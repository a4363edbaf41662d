"""YAML loading that keeps every scalar as text and remembers line numbers.

Catalog files must not have ``2311.10010`` turned into the float ``2311.1001`` or
``2024-01-05`` into a date object, so numbers and timestamps stay strings; ``null``
and booleans keep their meaning. Every mapping remembers the line it starts on,
so problems can be reported as ``FILE:LINE``.
"""

from __future__ import annotations

from typing import Any

import yaml


class _TextLoader(yaml.SafeLoader):
    """SafeLoader without the int, float and timestamp resolvers."""


_TextLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LineDict(dict):
    """A dict from YAML that knows the (1-based) line where it started, and each key's line."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int | None:
        """The line of ``key``, else of the mapping; None for a mapping not read from YAML."""
        return getattr(self, "key_lines", {}).get(key, self.line or None)


class LineList(list):
    """A list from YAML that knows the (1-based) line of each item."""

    lines: list[int]

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "lines", [])
        return lines[index] if 0 <= index < len(lines) else None


def _construct_mapping(loader: _TextLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            # A repeated key keeps its last value, so it keeps its last line too.
            mapping.key_lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _TextLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_TextLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_TextLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(ValueError):
    """Invalid YAML, with the line where the parser stopped."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load_yaml(text: str) -> Any:
    """Parse YAML text, keeping scalars as strings; raise ``YamlSyntaxError``."""
    try:
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or error.context or "invalid YAML"
        raise YamlSyntaxError(f"invalid YAML: {reason}", line) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"invalid YAML: {error}", None) from None
