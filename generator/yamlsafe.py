"""Safe YAML: the C parser's nodes turned into plain data, with each value's line and column.

Only plain data is built: tags, anchors and aliases are refused, duplicate keys are errors,
and dates stay ISO strings (checked to be real dates) so that JSON Schema can validate them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every wheel PyYAML ships
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ}
_TRUE = {"yes", "true", "on", "y"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in the file the YAML came from."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a loaded document stands in its file."""

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    refused: list[Path] = field(default_factory=list)
    """Values the reader refused (tags, aliases): they load as None."""

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The nearest known place for `path`, falling back to its parents."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading YAML."""

    line: int
    column: int
    code: str
    message: str
    hint: str | None = None


class YamlError(Exception):
    """The YAML could not be read at all."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load(text: str, *, line_offset: int = 0) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """Load one YAML document as plain data with its source map and any problems.

    `line_offset` is added to every line, so that front matter reports lines of the .md file.
    Raises YamlError when the text is not YAML at all.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "not valid YAML"
        raise YamlError(
            YamlProblem(
                line,
                column,
                "yaml-syntax",
                f"YAML syntax: {what}",
                "check indentation and that text containing ': ' or '#' is quoted",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(YamlProblem(1 + line_offset, 1, "yaml-syntax", f"YAML: {exc}")) from None
    builder = _Builder(line_offset)
    if node is None:
        return None, builder.source, builder.problems
    data = builder.build(node, ())
    return data, builder.source, builder.problems


class _Builder:
    """Turns composed nodes into plain Python data, recording marks and problems."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.source = SourceMap()
        self.problems: list[YamlProblem] = []
        self._seen: set[int] = set()

    def _mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def _problem(self, node: yaml.Node, code: str, message: str, hint: str | None = None) -> None:
        mark = self._mark(node)
        self.problems.append(YamlProblem(mark.line, mark.column, code, message, hint))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.source.values[path] = self._mark(node)
        if id(node) in self._seen:
            self.source.refused.append(path)
            self._problem(
                node,
                "yaml-alias",
                "anchors and aliases (&name, *name) are not allowed",
                "write the value out in full",
            )
            return None
        if node.tag not in _PLAIN_TAGS:
            self.source.refused.append(path)
            self._problem(
                node,
                "yaml-tag",
                f"YAML tag {node.tag!r} is not allowed",
                "remove the tag (a word starting with '!'); write plain text, numbers or dates",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            self._seen.add(id(node))
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._seen.add(id(node))
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "yaml-alias", "merge keys (<<) are not allowed", "write the values out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self._problem(key_node, "yaml-key", "a mapping key must be plain text")
                continue
            key = str(key_node.value)
            child: Path = (*path, key)
            if key in result:
                self._problem(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key {key!r} (first given on line {first_line[key]})",
                    "keep one of them; a second value would silently replace the first",
                )
                continue
            self.source.keys[child] = self._mark(key_node)
            first_line[key] = self._mark(key_node).line
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        value: str = node.value
        self.source.raw[path] = value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in _TRUE
        if tag == _INT:
            return _int(value)
        if tag == _FLOAT:
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == _TIMESTAMP and _DATE.match(value):
            # Left as text: the schema's date format says whether it is a real date.
            return value
        return value


def _int(text: str) -> int | str:
    cleaned = text.replace("_", "")
    try:
        if cleaned.lower().startswith(("0x", "-0x", "+0x")):
            return int(cleaned, 16)
        if cleaned.lower().startswith(("0o", "-0o", "+0o")):
            return int(cleaned, 8)
        return int(cleaned, 10)
    except ValueError:
        return text
