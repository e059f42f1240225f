"""YAML reading that remembers line numbers, so every knowledge error can name `file:line`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cdsbot import strings


class LineDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML that knows its own line and each item's line."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlProblem(Exception):
    """A YAML file that cannot be read; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines and reports duplicate keys instead of overwriting them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)):
            raise YamlProblem(key_node.start_mark.line + 1, strings.knowledge.KEY_NOT_STRING)
        key = str(key)
        if key in result:
            loader.duplicates.append((key_node.start_mark.line + 1, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _release(node: yaml.Node | None) -> None:
    """Free a composed document node by node: freed in one go, the nodes of a large file (one
    per scalar, a few hundred thousand at 10 000 entries) hold the interpreter lock 50 ms, and
    a reload in a thread would stall the bot that long."""
    stack = [node]
    while stack:
        top = stack.pop()
        if isinstance(top, yaml.MappingNode):
            stack.extend(part for pair in top.value for part in pair)
            top.value = []
        elif isinstance(top, yaml.SequenceNode):
            stack.extend(top.value)
            top.value = []


def load(path: Path) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one YAML file -> (data, [(line, duplicate key)]). Raises YamlProblem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(1, strings.knowledge.not_utf8(exc.reason)) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
        _release(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, strings.knowledge.yaml_syntax(exc.problem or exc.context)) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(1, strings.knowledge.yaml_syntax(exc)) from exc
    finally:
        loader.dispose()
    return data, loader.duplicates
