"""Safe YAML: the C parser's nodes turned into plain data, with each value's line and column.

Only plain data is built: tags, anchors and aliases are refused, duplicate keys are errors,
and dates stay ISO strings (checked to be real dates) so that JSON Schema can validate them.
Depth, the size of each value and the number of values are bounded while the events stream in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import yaml

from generator.io import yamlsubset

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is in every wheel PyYAML ships
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

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
_WILDCARD = tuple(_SafeLoader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {
    first: (*found, *_WILDCARD) for first, found in _SafeLoader.yaml_implicit_resolvers.items() if first is not None
}


def _resolve(loader: object, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    """`Resolver.resolve` as the safe loader has it (no path resolvers), without its per-call list building: the
    C parser calls it for every node of every file."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):  # type: ignore[index]
                if pattern.match(value):
                    return str(tag)
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _no_path_resolvers(loader: object, *_: object) -> None:
    """The safe loader has no path resolvers: nothing to track while descending."""


class _Loader(_SafeLoader):
    """libyaml's safe loader, resolving implicit tags with the same table, faster."""

    resolve = _resolve
    descend_resolver = _no_path_resolvers  # type: ignore[assignment]
    ascend_resolver = _no_path_resolvers


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class Mark(NamedTuple):
    """A 1-based line and column in the file the YAML came from (a tuple: thousands are made for each file)."""

    line: int
    column: int


class SourceMap:
    """Where each value (and each mapping key) of a loaded document stands in its file.

    A map made by `load(..., lazy=True)` keeps the composed nodes instead of its tables: `mark` finds a place by
    walking them, and the tables are built (by the same builder `load` uses) only when first read or pickled, so
    a file that is never reported pays nothing for them.
    """

    __slots__ = ("_keys", "_node", "_offset", "_positions", "_raw", "_scalars", "_text", "_values", "refused")

    tables_built: ClassVar[int] = 0
    """How many lazy maps have had their tables built (tests hold a clean file to none)."""
    hand_parsed: ClassVar[int] = 0
    """How many documents `yamlsubset` parsed (tests hold a clean referral to being one of them)."""

    def __init__(
        self,
        values: dict[Path, Mark] | None = None,
        keys: dict[Path, Mark] | None = None,
        raw: dict[Path, str] | None = None,
        refused: list[Path] | None = None,
    ) -> None:
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._raw = {} if raw is None else raw
        self.refused: list[Path] = [] if refused is None else refused  # values refused (tags, aliases): None
        self._node: yaml.Node | None = None
        self._offset = 0
        self._scalars: list[str] | None = None
        self._text: str | None = None
        self._positions: yamlsubset.Position | None = None

    @classmethod
    def _lazy(cls, node: yaml.Node, line_offset: int, scalars: list[str]) -> SourceMap:
        """The map of a document `_plain_data` built without a problem: no value was refused."""
        source = cls()
        source._node, source._offset, source._scalars = node, line_offset, scalars
        return source

    @classmethod
    def _parsed(cls, text: str, line_offset: int, scalars: list[str], positions: yamlsubset.Position) -> SourceMap:
        """The map of a document `yamlsubset` parsed: marks from its positions; the tables, when read, from the
        nodes libyaml composes then (the same as for any lazy map)."""
        source = cls()
        source._text, source._offset, source._scalars, source._positions = text, line_offset, scalars, positions
        SourceMap.hand_parsed += 1
        return source

    def _tables(self) -> None:
        if self._text is not None:
            loader = _Loader(self._text)
            try:
                self._node = loader.get_single_node()
            finally:
                loader.dispose()
            self._text = self._positions = None
        node = self._node
        if node is not None:
            builder = _NodeBuilder(self._offset, False)
            builder.build(node, ())
            built = builder.source
            self._values, self._keys, self._raw = built._values, built._keys, built._raw
            self._node = self._scalars = None
            SourceMap.tables_built += 1

    @property
    def values(self) -> dict[Path, Mark]:
        """The place of each value (the document itself at ())."""
        self._tables()
        return self._values

    @property
    def keys(self) -> dict[Path, Mark]:
        """The place of each mapping key, by the path of its value."""
        self._tables()
        return self._keys

    @property
    def raw(self) -> dict[Path, str]:
        """Each scalar value's text as loaded (escapes resolved), in document order."""
        self._tables()
        return self._raw

    def scalars(self) -> list[str]:
        """The scalar values' text as loaded, in document order (`raw`'s values, without building the tables)."""
        return list(self._raw.values()) if self._scalars is None else self._scalars

    def scalar_mark(self, index: int) -> Mark:
        """The place of the `index`-th of `scalars()`."""
        self._tables()
        path = next(p for n, p in enumerate(self._raw) if n == index)
        return self._values[path]

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The nearest known place for `path`, falling back to its parents."""
        if self._positions is not None:
            return self._walk_positions(self._positions, path, key)
        if self._node is not None:
            return self._walk(self._node, path, key)
        table = self._keys if key else self._values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self._values:
                return self._values[probe]
            probe = probe[:-1]
        return self._values.get((), Mark(1, 1))

    def _walk(self, node: yaml.Node, path: Path, key: bool) -> Mark:
        """`mark` found in the nodes: the tables would hold every node's path, each mapping key once."""
        found, found_key = node, None
        for step in path:
            if node.__class__ is yaml.MappingNode:
                pair = next((pair for pair in node.value if pair[0].value == step), None)
                if pair is None:
                    break
                found_key, node = pair
            elif node.__class__ is yaml.SequenceNode and isinstance(step, int) and 0 <= step < len(node.value):
                found_key, node = None, node.value[step]
            else:
                break
            found = node
        start = (found_key if key and found_key is not None else found).start_mark
        return Mark(start.line + 1 + self._offset, start.column + 1)

    def _walk_positions(self, position: yamlsubset.Position, path: Path, key: bool) -> Mark:
        """`_walk` over the positions `yamlsubset` recorded (the same places libyaml's nodes hold)."""
        found, found_key = position, None
        for step in path:
            children = position[2]
            if children.__class__ is dict:
                entry = children.get(step)
                if entry is None:
                    break
                found_key, position = entry, entry[2]
            elif children.__class__ is list and isinstance(step, int) and 0 <= step < len(children):
                found_key, position = None, children[step]
            else:
                break
            found = position
        at = found_key if key and found_key is not None else found
        return Mark(at[0] + 1 + self._offset, at[1] + 1)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.values, self.keys, self.raw, self.refused) == (other.values, other.keys, other.raw, other.refused)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap(values={self.values!r}, keys={self.keys!r}, raw={self.raw!r}, refused={self.refused!r})"

    def __reduce__(self) -> tuple[type[SourceMap], tuple[Any, ...]]:
        return SourceMap, (self.values, self.keys, self.raw, self.refused)


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


MAX_DEPTH = 16
"""Nesting of mappings and lists; the deepest record (panel.yml) needs 5."""
MAX_VALUE_CHARS = 20_000
"""Characters in one value or key; a long rationale is a few thousand."""
MAX_NODES = 50_000
"""Values, keys, mappings and lists in one document; a large panel.yml has a few thousand."""
_REPORTED = 20
"""At most this many anchors and aliases are reported per document: the first few say what to fix."""


def load(
    text: str, *, line_offset: int = 0, plain_text: bool = False, lazy: bool = False
) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """Load one YAML document as plain data with its source map and any problems.

    The document is built from the parser's events with an explicit stack, so its depth, the size of each value
    and the number of values are bounded before anything grows: nothing recurses, nothing expands.
    `line_offset` is added to every line, so that front matter reports lines of the .md file. With `plain_text`
    every untagged scalar stays text (no type resolution); `load_text` builds the same data faster. With `lazy`,
    a document without any problem gets a map that builds its tables only when they are read (see SourceMap).
    Raises YamlError when the text is not YAML at all or exceeds a bound.
    """
    if lazy and not plain_text:
        parsed = yamlsubset.parse(text, _plain_value)
        if parsed is not None:
            data, scalars, positions = parsed
            return data, SourceMap._parsed(text, line_offset, scalars, positions), []
    if _provably_bounded(text):
        fast = _load_composed(text, line_offset, plain_text, lazy and not plain_text)
        if fast is not None:
            return fast
    return _load_events(text, line_offset, plain_text)


_PLAIN_VALUES: dict[str, Any] = {}
"""Plain scalars' values by their text (the same words recur in every file); cleared when it grows large."""


def _plain_value(text: str) -> Any:
    """A plain scalar's value, as `_plain_data` makes it from the node libyaml composes (`_resolve`, `_convert`);
    raises yamlsubset.NotMine for a tag `_plain_data` refuses ('=', '<<')."""
    try:
        return _PLAIN_VALUES[text]
    except KeyError:
        pass
    tag = _STR
    for implicit, pattern in _IMPLICIT.get(text[:1], _WILDCARD):
        if pattern.match(text):
            tag = implicit
            break
    if tag not in _PLAIN_TAGS:
        raise yamlsubset.NotMine
    value = text if tag == _STR else _convert(text, tag)
    if len(_PLAIN_VALUES) > 4096:
        _PLAIN_VALUES.clear()
    _PLAIN_VALUES[text] = value
    return value


_UNSAFE = re.compile(r"[&*!]|<<")
_STRUCTURE = re.compile(r"^[ \t]*(?:[-?:](?:[ \t]+|$))*", re.MULTILINE)
_FLOW = re.compile(r"[\[\]{}]")


def _provably_bounded(text: str) -> bool:
    """Cheap proof that `text` has no anchor, alias, tag or merge key and that its nodes nest at most MAX_DEPTH deep.

    Block collections nest only at strictly increasing columns (plus one indentless list per mapping), and each
    such column is where a line's content starts or follows a leading '-', '?' or ':' indicator; flow collections
    nest no deeper than their opening brackets (a line whose brackets balance, outside quotes and comments, opens
    none that stay open). Short text also keeps every value and the count of values within their bounds.
    """
    if len(text) > MAX_VALUE_CHARS or _UNSAFE.search(text):
        return False
    columns = {match.end() - match.start() for match in _STRUCTURE.finditer(text)}
    block = 2 * len(columns)
    if block > MAX_DEPTH:
        return False
    if "[" not in text and "{" not in text:
        return True
    left_open = 0
    deepest_closed = 0
    for line in text.split("\n"):
        if "[" not in line and "{" not in line:
            continue
        depth = deepest = 0
        balanced = '"' not in line and "'" not in line and "#" not in line
        for bracket in _FLOW.findall(line) if balanced else ():
            depth += 1 if bracket in "[{" else -1
            if depth < 0:
                balanced = False
                break
            deepest = max(deepest, depth)
        if balanced and depth == 0:
            deepest_closed = max(deepest_closed, deepest)
        else:
            left_open += line.count("[") + line.count("{")
    return block + left_open + deepest_closed <= MAX_DEPTH


def _load_composed(
    text: str, line_offset: int, plain_text: bool, lazy: bool = False
) -> tuple[Any, SourceMap, list[YamlProblem]] | None:
    """The document composed by libyaml (only for text `_provably_bounded` admits); None to use the event path."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None  # the event path reports it, with its own wording
    finally:
        loader.dispose()
    if node is None:
        return None, SourceMap(), []
    if lazy:
        scalars: list[str] = []
        try:
            data = _plain_data(node, scalars)
        except _NeedsMarks:
            pass  # a problem to report where it stands: the builder below finds and words it
        else:
            return data, SourceMap._lazy(node, line_offset, scalars), []
    builder = _NodeBuilder(line_offset, plain_text)
    return builder.build(node, ()), builder.source, builder.problems


class _NeedsMarks(Exception):
    """The document has something `_NodeBuilder` reports (a refused tag, a key that is not text, a repeated key)."""


def _plain_data(node: yaml.Node, scalars: list[str]) -> Any:
    """What `_NodeBuilder.build` returns for a document it finds no problem in, without marks; each scalar value's
    text is added to `scalars` in the order the builder adds it to `raw`. Raises _NeedsMarks at any problem."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            raise _NeedsMarks
        value: str = node.value
        scalars.append(value)
        return value if tag == _STR else _convert(value, tag)
    if kind is yaml.SequenceNode:
        return [_plain_data(item, scalars) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode:
            raise _NeedsMarks
        result[key_node.value] = _plain_data(value_node, scalars)
    if len(result) != len(node.value):
        raise _NeedsMarks  # a key given twice
    return result


class _NodeBuilder:
    """Plain data from composed nodes, with the same marks, values and problems as the event path."""

    def __init__(self, line_offset: int, plain_text: bool) -> None:
        self.offset = line_offset
        self.plain_text = plain_text
        self.source = SourceMap()
        self.problems: list[YamlProblem] = []

    def _problem(self, node: yaml.Node, code: str, message: str, hint: str | None = None) -> None:
        start = node.start_mark
        self.problems.append(YamlProblem(start.line + 1 + self.offset, start.column + 1, code, message, hint))

    def build(self, node: yaml.Node, path: Path) -> Any:
        start = node.start_mark
        self.source.values[path] = Mark(start.line + 1 + self.offset, start.column + 1)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            tag = _STR if self.plain_text else node.tag
            if tag not in _PLAIN_TAGS:
                self.source.refused.append(path)
                self._problem(
                    node,
                    "yaml-tag",
                    f"YAML tag {tag!r} is not allowed",
                    "remove the tag (a word starting with '!'); write plain text, numbers or dates",
                )
                return None
            value: str = node.value
            self.source.raw[path] = value
            return value if tag == _STR else _convert(value, tag)
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        keys = self.source.keys
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                self._problem(key_node, "yaml-key", "a mapping key must be plain text")
                continue
            key = str(key_node.value)
            start = key_node.start_mark
            line = start.line + 1 + self.offset
            if key in first_line:
                self._problem(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key {key!r} (first given on line {first_line[key]})",
                    "keep one of them; a second value would silently replace the first",
                )
                continue
            first_line[key] = line
            child = (*path, key)
            keys[child] = Mark(line, start.column + 1)
            result[key] = self.build(value_node, child)
        return result


def _load_events(text: str, line_offset: int, plain_text: bool) -> tuple[Any, SourceMap, list[YamlProblem]]:
    """The document built from the parser's events, every bound checked as they stream in."""
    builder = _Builder(line_offset, plain_text)
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            assert event is not None
            builder.feed(loader, event)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, line_offset) from None
    finally:
        loader.dispose()
    return builder.result, builder.source, builder.problems


def load_text(text: str) -> Any:
    """The data `load` would build if every untagged scalar stayed text: no marks, no problems, one tight loop.

    For readers that want a few strings from thousands of files (`panel status`). The same bounds and
    refusals apply (depth, value size, value count, one document; tags, anchors and aliases load as None;
    a duplicate or refused key keeps the first value); tests hold it to `load(text, plain_text=True)`.
    Raises YamlError as `load` does.
    """
    loader = _Loader(text)
    try:
        return _text_data(loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, 0) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.YAMLError, line_offset: int) -> YamlError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "not valid YAML"
        return YamlError(
            YamlProblem(
                line,
                column,
                "yaml-syntax",
                f"YAML syntax: {what}",
                "check indentation and that text containing ': ' or '#' is quoted",
            )
        )
    return YamlError(YamlProblem(1 + line_offset, 1, "yaml-syntax", f"YAML: {exc}"))


class _TextFrame:
    """A mapping or list being built by `load_text` (the same states as `_Frame`)."""

    __slots__ = ("container", "is_map", "key", "refused", "seen", "skip", "state")

    def __init__(self, container: dict[str, Any] | list[Any], refused: bool) -> None:
        self.container = container
        self.is_map = container.__class__ is dict
        self.refused = refused
        self.key: str = ""
        self.state = "key"
        self.seen: set[str] = set()
        self.skip = 0


def _text_data(loader: Any) -> Any:  # one loop on purpose: it runs for every event of every file
    """The event loop of `load_text`: `_Builder.feed` in plain-text mode, without marks or problems."""
    check, get = loader.check_event, loader.get_event
    stack: list[_TextFrame] = []
    result: Any = None
    nodes = documents = 0
    while check():
        event = get()
        kind = event.__class__
        if kind in _IGNORED:
            continue
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(YamlProblem(_line(event, 0), 1, "yaml-syntax", "YAML syntax: more than one document"))
            continue
        top = stack[-1] if stack else None
        if top is not None and (top.skip or top.state in _SKIPPING):
            nodes = _counted(event, nodes, 0)
            _skip_one(top, kind, event, len(stack))
            continue
        if kind in _ENDS:
            frame = stack.pop()
            value: Any = None if frame.refused else frame.container
        else:
            nodes = _counted(event, nodes, 0)
            if top is not None and top.is_map and top.state == "key":
                if kind is not yaml.ScalarEvent:
                    if kind is yaml.AliasEvent:
                        top.state = "drop"
                    else:
                        top.state = "skip-key"
                        nodes = _counted(event, nodes, 0)
                        _skip_one(top, kind, event, len(stack))
                    continue
                tag = event.tag
                key = event.value
                if (
                    (key == "<<" and tag is None and event.implicit[0])
                    or (tag is not None and tag != "!" and tag not in _PLAIN_TAGS)
                    or event.anchor is not None
                    or key in top.seen
                ):
                    top.state = "drop"
                    continue
                top.seen.add(key)
                top.key, top.state = key, "value"
                continue
            tag = None if kind is yaml.AliasEvent else event.tag
            if tag is None or tag == "!":
                tag = _MAP if kind is yaml.MappingStartEvent else _SEQ if kind is yaml.SequenceStartEvent else _STR
            refused = kind is yaml.AliasEvent or event.anchor is not None or tag not in _PLAIN_TAGS
            if kind in _STARTS:
                if len(stack) >= MAX_DEPTH:
                    raise _too_deep(event, 0)
                stack.append(_TextFrame({} if kind is yaml.MappingStartEvent else [], refused))
                continue
            value = None if refused or kind is yaml.AliasEvent else _convert(event.value, tag)
        if not stack:
            result = value
            continue
        parent = stack[-1]
        if parent.is_map:
            parent.container[parent.key] = value  # type: ignore[call-overload]
            parent.key, parent.state = "", "key"
        else:
            parent.container.append(value)  # type: ignore[union-attr]
    return result


def _skip_one(top: _TextFrame, kind: type, event: yaml.Event, depth: int) -> None:
    """`_Builder._skip` for `load_text` (the event is already counted)."""
    if kind in _STARTS:
        top.skip += 1
        if depth + top.skip > MAX_DEPTH:
            raise _too_deep(event, 0)
        return
    if kind in _ENDS:
        top.skip -= 1
    if not top.skip:
        top.state = "drop" if top.state == "skip-key" else "key"


def _counted(event: yaml.Event, nodes: int, offset: int) -> int:
    """`nodes` + 1, raising when the count or this scalar's size exceeds its bound."""
    nodes += 1
    if nodes > MAX_NODES:
        raise _limit(
            event, offset, f"more than {MAX_NODES:,} values in one file", "split the content: no record needs this many"
        )
    if event.__class__ is yaml.ScalarEvent and len(event.value) > MAX_VALUE_CHARS:
        raise _limit(
            event,
            offset,
            f"a value of {len(event.value):,} characters; at most {MAX_VALUE_CHARS:,} are allowed",
            "summarise it, or put long text in the body below the front matter",
        )
    return nodes


def _line(event: yaml.Event, offset: int) -> int:
    return (event.start_mark.line + 1 if event.start_mark else 1) + offset


def _limit(event: yaml.Event, offset: int, message: str, hint: str) -> YamlError:
    column = event.start_mark.column + 1 if event.start_mark else 1
    return YamlError(YamlProblem(_line(event, offset), column, "yaml-too-large", message, hint))


def _too_deep(event: yaml.Event, offset: int) -> YamlError:
    return _limit(
        event,
        offset,
        f"values are nested more than {MAX_DEPTH} levels deep",
        "flatten the structure: no record needs this depth",
    )


_IGNORED = frozenset({yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent})
_STARTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_ENDS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_SKIPPING = frozenset({"drop", "skip-key"})


@dataclass
class _Frame:
    """A mapping or list being built: its container, path, and (for a mapping) the key awaiting its value."""

    container: dict[str, Any] | list[Any]
    path: Path
    refused: bool
    key: str | None = None
    key_state: str = "key"
    """'key' (a key comes next), 'value' (the value of `key`), 'drop' (a value that is not kept), 'skip-key'."""
    first_line: dict[str, int] = field(default_factory=dict)
    skip_depth: int = 0
    """Inside a refused complex key: how many collections deep."""


class _Builder:
    """Turns parser events into plain Python data, recording marks and problems, within the bounds."""

    def __init__(self, line_offset: int, plain_text: bool) -> None:
        self.offset = line_offset
        self.plain_text = plain_text
        self.source = SourceMap()
        self.problems: list[YamlProblem] = []
        self.result: Any = None
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.documents = 0
        self.reported = 0

    def _mark(self, event: yaml.Event) -> Mark:
        start = event.start_mark
        return Mark(start.line + 1 + self.offset, start.column + 1) if start else Mark(1 + self.offset, 1)

    def _problem(self, event: yaml.Event, code: str, message: str, hint: str | None = None) -> None:
        mark = self._mark(event)
        self.problems.append(YamlProblem(mark.line, mark.column, code, message, hint))

    def feed(self, loader: Any, event: yaml.Event) -> None:
        """Take one parser event."""
        kind = event.__class__
        if kind in _IGNORED:
            return
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise YamlError(
                    YamlProblem(self._mark(event).line, 1, "yaml-syntax", "YAML syntax: more than one document")
                )
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and (top.skip_depth or top.key_state in _SKIPPING):
            self._skip(top, event)
            return
        if kind in _ENDS:
            frame = self.stack.pop()
            self._place(None if frame.refused else frame.container, frame.path)
            return
        self._count(event)
        if top is not None and top.key_state == "key" and top.container.__class__ is dict:
            self._key(top, loader, event)
            return
        path = self._child_path(top)
        self.source.values[path] = self._mark(event)
        tag = self._tag(loader, event)
        refused = self._refused(event, tag, path)
        if kind in _STARTS:
            if len(self.stack) >= MAX_DEPTH:
                raise _too_deep(event, self.offset)
            container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
            self.stack.append(_Frame(container, path, refused))
            return
        if kind is yaml.AliasEvent:
            self._place(None, path)
            return
        assert isinstance(event, yaml.ScalarEvent)
        self._place(None if refused else self._scalar(event, tag, path), path)

    def _skip(self, top: _Frame, event: yaml.Event) -> None:
        """Consume a refused key or a value that is not kept, however nested, building nothing."""
        self._count(event)
        if event.__class__ in _STARTS:
            top.skip_depth += 1
            if len(self.stack) + top.skip_depth > MAX_DEPTH:
                raise _too_deep(event, self.offset)
            return
        if event.__class__ in _ENDS:
            top.skip_depth -= 1
        if not top.skip_depth:
            top.key_state = "drop" if top.key_state == "skip-key" else "key"

    def _count(self, event: yaml.Event) -> None:
        self.nodes = _counted(event, self.nodes, self.offset)

    def _child_path(self, top: _Frame | None) -> Path:
        if top is None:
            return ()
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        assert top.key is not None
        return (*top.path, top.key)

    def _refused(self, event: yaml.Event, tag: str, path: Path) -> bool:
        """Report and refuse anchors, aliases and tags; True when the value is refused."""
        if event.__class__ is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            self.source.refused.append(path)
            self.reported += 1
            if self.reported <= _REPORTED:
                self._problem(
                    event,
                    "yaml-alias",
                    "anchors and aliases (&name, *name) are not allowed",
                    "write the value out in full",
                )
            return True
        if tag not in _PLAIN_TAGS:
            self.source.refused.append(path)
            self._problem(
                event,
                "yaml-tag",
                f"YAML tag {tag!r} is not allowed",
                "remove the tag (a word starting with '!'); write plain text, numbers or dates",
            )
            return True
        return False

    def _tag(self, loader: Any, event: yaml.Event) -> str:
        kind = event.__class__
        if kind is yaml.AliasEvent:
            return _STR
        tag: str | None = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            return tag
        if kind is yaml.MappingStartEvent:
            return _MAP
        if kind is yaml.SequenceStartEvent:
            return _SEQ
        assert isinstance(event, yaml.ScalarEvent)
        if self.plain_text or tag == "!" or not event.implicit[0]:
            return _STR
        resolved: str = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return resolved

    def _key(self, top: _Frame, loader: Any, event: yaml.Event) -> None:
        assert isinstance(top.container, dict)
        if not isinstance(event, yaml.ScalarEvent):
            self._problem(event, "yaml-key", "a mapping key must be plain text")
            if isinstance(event, yaml.AliasEvent):
                top.key_state = "drop"
            else:
                top.key_state = "skip-key"
                self._skip(top, event)
            return
        if event.value == "<<" and event.tag is None and event.implicit[0]:
            self._problem(event, "yaml-alias", "merge keys (<<) are not allowed", "write the values out in full")
            top.key_state = "drop"
            return
        if (event.tag is not None and self._tag(loader, event) not in _PLAIN_TAGS) or event.anchor is not None:
            self._problem(event, "yaml-key", "a mapping key must be plain text")
            top.key_state = "drop"
            return
        key = str(event.value)
        mark = self._mark(event)
        if key in top.first_line:
            self._problem(
                event,
                "yaml-duplicate-key",
                f"duplicate key {key!r} (first given on line {top.first_line[key]})",
                "keep one of them; a second value would silently replace the first",
            )
            top.key_state = "drop"
            return
        top.first_line[key] = mark.line
        self.source.keys[(*top.path, key)] = mark
        top.key, top.key_state = key, "value"

    def _place(self, value: Any, path: Path) -> None:
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            return
        assert top.key is not None
        top.container[top.key] = value
        top.key, top.key_state = None, "key"

    def _scalar(self, event: yaml.ScalarEvent, tag: str, path: Path) -> Any:
        value: str = event.value
        self.source.raw[path] = value
        return _convert(value, tag)


def _convert(value: str, tag: str) -> Any:
    """The plain value of a scalar with its resolved tag."""
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
            number = float(value.replace("_", ""))
        except ValueError:
            return value
        # .inf, .nan and 1.0e+400 are no amount anyone means: left as text, the schema says a number was expected.
        return number if math.isfinite(number) else value
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
