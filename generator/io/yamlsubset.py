"""The YAML subset front matter is written in, parsed by hand: or "not mine", and libyaml reads it as before.

Block mappings and lists by indentation, `- ` items holding mappings, plain scalars on one line, quoted scalars
without escapes on one line, one-line flow lists and mappings of plain scalars, comments. Anything else (anchors,
aliases, tags, merge keys, '?' or '%', block scalars, multi-line scalars, escapes, tabs, odd characters, a key
given twice, deep nesting, long text, odd indentation) is refused, and `yamlsafe` reads the text with libyaml as
it always did. The tests hold what this accepts to libyaml's reading: the same data, types and marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Position = tuple[int, int, Any]
"""A node's 0-based line and column, and its children: {key: (key line, key column, child)}, [child], or None."""

MAX_CHARS = 20_000
"""Longer text is refused (yamlsafe's bounds on each value and the count of values then hold by its length)."""
MAX_DEPTH = 8
"""Deeper nesting is refused (yamlsafe's bound is 16; front matter needs 3)."""

# Outside YAML's printable set, or a line break YAML knows and Python's split does not, or a BOM, or a tab.
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = "[A-Za-z_][A-Za-z0-9_-]*"
_ENTRY = re.compile(rf"({_KEY}):(?: +(.*))?\Z")
_FLOW_KEY = re.compile(rf"({_KEY}): +")
_AFTER = "(?: +#.*| *)\\Z"
_DOUBLE = re.compile(rf'"([^"\\]*)"{_AFTER}')
_SINGLE = re.compile(rf"'([^']*)'{_AFTER}")
_FLOW_SEQ = re.compile(rf"\[([^\[\]{{}}]*)\]{_AFTER}")
_FLOW_MAP = re.compile(rf"\{{([^\[\]{{}}]*)\}}{_AFTER}")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class NotMine(Exception):
    """The text (or a scalar in it) is outside the subset: read it with libyaml."""


def parse(text: str, plain: Callable[[str], Any] | None) -> tuple[Any, list[str], Position] | None:
    """(data, each scalar value's text in document order, positions), or None when the text is not in the subset.

    `plain` turns a plain scalar's text into its value (raising NotMine for one it will not have); None keeps
    every scalar as text. Quoted scalars are always text.
    """
    if len(text) > MAX_CHARS or _ODD.search(text) is not None:
        return None
    lines: list[tuple[int, str, int]] = []
    for number, line in enumerate(text.split("\n")):
        rest = line.lstrip(" ")
        if rest and rest[0] != "#":
            lines.append((len(line) - len(rest), rest, number))
    if not lines:
        return None
    parser = _Parser(lines, plain)
    try:
        data, position, end = parser.block(0, 1)
    except NotMine:
        return None
    if end != len(lines):
        return None
    return data, parser.scalars, position


def _is_item(rest: str) -> bool:
    return rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")


class _Parser:
    """One document's content lines (indent, text after it, 0-based line number), read top-down."""

    def __init__(self, lines: list[tuple[int, str, int]], plain: Callable[[str], Any] | None) -> None:
        self.lines = lines
        self.plain = plain
        self.scalars: list[str] = []

    def block(self, index: int, depth: int) -> tuple[Any, Position, int]:
        """The mapping or list whose first line is `index`."""
        if depth > MAX_DEPTH:
            raise NotMine
        if _is_item(self.lines[index][1]):
            return self.sequence(index, self.lines[index][0], depth)
        return self.mapping(index, self.lines[index][0], depth)

    def mapping(self, index: int, column: int, depth: int) -> tuple[Any, Position, int]:
        lines = self.lines
        count = len(lines)
        result: dict[str, Any] = {}
        children: dict[str, tuple[int, int, Position]] = {}
        first = lines[index][2]
        scalars, plain = self.scalars, self.plain
        while index < count:
            indent, rest, number = lines[index]
            if indent != column:
                if indent > column:
                    raise NotMine  # a continued scalar, or indentation YAML would refuse
                break
            match = _ENTRY.match(rest)
            if match is None:
                raise NotMine
            key, value_text = match.group(1, 2)
            if key in result:
                raise NotMine  # yamlsafe reports it where it stands
            index += 1
            if not value_text or value_text[0] == "#":
                if index < count and lines[index][0] > column:
                    value, position, index = self.block(index, depth + 1)
                elif index < count and lines[index][0] == column and _is_item(lines[index][1]):
                    value, position, index = self.sequence(index, column, depth + 1)
                else:
                    value, position = self.scalar("", number, column + len(key) + 1)
            elif value_text[0] in _INDICATORS:
                value, position = self.value(value_text, number, column + match.start(2))
            else:  # a plain scalar, the usual value: `value` inlined
                cut = value_text.find(" #")
                if cut >= 0:
                    value_text = value_text[:cut]
                value_text = value_text.rstrip(" ")
                if ": " in value_text or value_text[-1] == ":":
                    raise NotMine
                scalars.append(value_text)
                value = value_text if plain is None else plain(value_text)
                position = (number, column + match.start(2), None)
            result[key] = value
            children[key] = (number, column, position)
        return result, (first, column, children), index

    def sequence(self, index: int, column: int, depth: int) -> tuple[Any, Position, int]:
        lines = self.lines
        count = len(lines)
        result: list[Any] = []
        children: list[Position] = []
        first = lines[index][2]
        while index < count:
            indent, rest, number = lines[index]
            if indent != column:
                if indent > column:
                    raise NotMine
                break
            if not _is_item(rest):
                break  # the next key of the mapping this list is the value of, written at its column
            after = rest[1:].lstrip(" ")
            index += 1
            if not after or after[0] == "#":
                if index < count and lines[index][0] > column:
                    value, position, index = self.block(index, depth + 1)
                else:
                    value, position = self.scalar("", number, column + 1)
            else:
                inner = column + len(rest) - len(after)
                if _is_item(after):
                    raise NotMine
                if _ENTRY.match(after) is not None:
                    if depth + 1 > MAX_DEPTH:
                        raise NotMine
                    lines[index - 1] = (inner, after, number)
                    value, position, index = self.mapping(index - 1, inner, depth + 1)
                else:
                    value, position = self.value(after, number, inner)
            result.append(value)
            children.append(position)
        return result, (first, column, children), index

    def value(self, text: str, line: int, column: int) -> tuple[Any, Position]:
        """A value written on one line, from `column` to the line's end."""
        first = text[0]
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(text)
            if match is None:
                raise NotMine
            quoted: str = match.group(1)
            self.scalars.append(quoted)
            return quoted, (line, column, None)
        if first == "[":
            return self.flow_sequence(text, line, column)
        if first == "{":
            return self.flow_mapping(text, line, column)
        if first in _INDICATORS and (first != "-" or len(text) == 1 or text[1] == " "):
            raise NotMine
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise NotMine
        return self.scalar(text, line, column)

    def scalar(self, text: str, line: int, column: int) -> tuple[Any, Position]:
        self.scalars.append(text)
        return (text if self.plain is None else self.plain(text)), (line, column, None)

    def flow_value(self, inner: str, at: int, line: int, column: int) -> tuple[Any, Position, int]:
        """The scalar at `inner[at]` (`column` is where `inner` starts), and where the text after it starts: a quoted
        scalar without escapes, or a plain one up to the next ',' (':' or '#' in it, or a leading indicator, is
        refused)."""
        first = inner[at : at + 1]
        if first == '"' or first == "'":
            end = inner.find(first, at + 1)
            if end < 0:
                raise NotMine
            text = inner[at + 1 : end]
            if first == '"' and "\\" in text:
                raise NotMine
            self.scalars.append(text)
            return text, (line, column + at, None), end + 1
        end = inner.find(",", at)
        if end < 0:
            end = len(inner)
        text = inner[at:end].rstrip(" ")
        if not text or ":" in text or "#" in text:
            raise NotMine
        if first in _INDICATORS and (first != "-" or len(text) == 1 or text[1] == " "):
            raise NotMine
        value, position = self.scalar(text, line, column + at)
        return value, position, at + len(text)

    def flow_sequence(self, text: str, line: int, column: int) -> tuple[Any, Position]:
        match = _FLOW_SEQ.match(text)
        if match is None:
            raise NotMine
        inner: str = match.group(1)
        result: list[Any] = []
        children: list[Position] = []
        at = _after_spaces(inner, 0)
        while at < len(inner):
            value, position, at = self.flow_value(inner, at, line, column + 1)
            result.append(value)
            children.append(position)
            at = _next_entry(inner, at)
        return result, (line, column, children)

    def flow_mapping(self, text: str, line: int, column: int) -> tuple[Any, Position]:
        match = _FLOW_MAP.match(text)
        if match is None:
            raise NotMine
        inner: str = match.group(1)
        result: dict[str, Any] = {}
        children: dict[str, tuple[int, int, Position]] = {}
        at = _after_spaces(inner, 0)
        while at < len(inner):
            entry = _FLOW_KEY.match(inner, at)
            if entry is None:
                raise NotMine
            key = entry.group(1)
            if key in result:
                raise NotMine
            value, position, end = self.flow_value(inner, entry.end(), line, column + 1)
            result[key] = value
            children[key] = (line, column + 1 + at, position)
            at = _next_entry(inner, end)
        return result, (line, column, children)


def _after_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _next_entry(inner: str, at: int) -> int:
    """Past the ',' after an entry, at the next entry; the end of `inner` after the last (a ',' then nothing, or
    anything but a ',' after an entry, is refused)."""
    at = _after_spaces(inner, at)
    if at == len(inner):
        return at
    if inner[at] != ",":
        raise NotMine
    at = _after_spaces(inner, at + 1)
    if at == len(inner):
        raise NotMine
    return at
