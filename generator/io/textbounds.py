"""Bounds on the work a file's text can cause later: in Python-Markdown (the site) and pandoc (the pack).

Checked on the body of every record and on every value of its front matter and of panel.yml (as loaded, so
escapes count), with one budget per file, in linear time, so that a file the check accepts is built in bounded
time. Found by measurement: every character of `& < > [` becomes an HTML
entity on the site, and Python-Markdown's time grows faster than the square of their number in a paragraph
(80 kB of `&#` took 22 s); lists or quotes nested about a thousand deep, and runs of thousands of `*`,
exhaust its recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.io.yamlsafe import SourceMap

MAX_ESCAPED = 5_000
"""Characters among & < > [ in one file; a long referral has a few dozen."""
MAX_NESTING = 10
"""Lists and quotes nested in one another (each four columns of indentation counts as a level)."""
MAX_RUN = 100
"""Repeats of one of * _ ~ ` in a row."""

_ESCAPED = re.compile(r"[&<>\[]")
_MARKERS = re.compile(r"[ \t]*(?:>|[*+-]|\d{1,9}[.)])(?=[ \t]|$)")
_RUN = re.compile(rf"([*_~`])\1{{{MAX_RUN},}}")
_LONG_INDENT = re.compile(rf"^[ \t]{{{4 * MAX_NESTING},}}", re.MULTILINE)
_NOT_MARKER = re.compile(r"[^>*+\-.)\n]+")
_MANY_MARKERS = re.compile(rf"\n(?:[^>*+\-.)\n]*+[>*+\-.)]){{{MAX_NESTING + 1}}}")
"""A line break and a line holding more than MAX_NESTING marker characters: only such a line can nest too deep.
Searched for in the text after a line break put before it: a pattern starting with a line break is tried only after
each, one starting '^' at each position; the possessive `*+` never backtracks."""
_LONG_INDENT_LINE = re.compile(rf"\n[ \t]{{{4 * MAX_NESTING}}}")
"""`_LONG_INDENT`, searched for as `_MANY_MARKERS` is."""
_RUNS = tuple(c * (MAX_RUN + 1) for c in "*_~`")
"""What `_RUN` finds the first of: each is looked for as plain text first (a run is rare)."""


@dataclass(frozen=True)
class TextProblem:
    """A bound the text exceeds, where it first does."""

    line: int
    column: int
    code: str
    message: str
    hint: str


class TextBudget:
    """The bounds for one file, checked piece by piece (its body, then each value of its front matter)."""

    def __init__(self) -> None:
        self.escaped = 0
        self.problems: list[TextProblem] = []
        self._codes: set[str] = set()
        self._at_start: tuple[int, int] | None = None

    def check(self, text: str, first_line: int = 1, first_column: int = 1, *, at_start: bool = False) -> None:
        """Add `text` (starting at `first_line`, `first_column`) to the file's count; record any bound it exceeds.

        With `at_start` every problem is placed at the start of `text` (a YAML value, whose lines as loaded are not
        the file's lines).
        """
        self._at_start = (first_line, first_column) if at_start else None
        count = sum(text.count(c) for c in "&<>[")
        if self.escaped + count > MAX_ESCAPED and "text-too-many-symbols" not in self._codes:
            match = next(m for n, m in enumerate(_ESCAPED.finditer(text)) if n == MAX_ESCAPED - self.escaped)
            line, column = _where(text, match.start(), first_line, first_column)
            self._add(
                TextProblem(
                    line,
                    column,
                    "text-too-many-symbols",
                    f"more than {MAX_ESCAPED:,} of the characters & < > [ in one file",
                    "write 'and' for '&' and remove repeated symbols; no record needs this many",
                )
            )
        self.escaped += count
        deep = _deepest(text, first_line)
        if deep is not None:
            self._add(deep)
        run = _RUN.search(text) if any(r in text for r in _RUNS) else None
        if run is not None:
            line, column = _where(text, run.start(), first_line, first_column)
            self._add(
                TextProblem(
                    line,
                    column,
                    "text-long-run",
                    f"{len(run.group(0)):,} '{run.group(1)}' characters in a row; at most {MAX_RUN} are allowed",
                    "shorten the run: for a dividing line write '---' on a line of its own",
                )
            )

    def _add(self, problem: TextProblem) -> None:
        if self._at_start is not None:
            problem = TextProblem(*self._at_start, problem.code, problem.message, problem.hint)
        if problem.code not in self._codes:
            self._codes.add(problem.code)
            self.problems.append(problem)


def text_problems(text: str, first_line: int = 1) -> list[TextProblem]:
    """Every bound `text` exceeds (at most one problem per kind); `first_line` is the line `text` starts on."""
    budget = TextBudget()
    budget.check(text, first_line)
    return budget.problems


def file_problems(body: str, body_line: int, source: SourceMap) -> list[TextProblem]:
    """Every bound a file's body and front matter's values exceed (see `TextBudget`, `value_problems`).

    A file within every bound, as nearly all are, is proved so by one pass over its body and values together:
    every bound but the symbols' count is judged line by line, and values and body are joined by line breaks,
    so no line, run or count of the joined text hides one of a piece, and a piece's line judged within the
    joined text is judged no more leniently (tests/check/test_text_bounds.py). Anything else is checked piece by
    piece, which places each problem.
    """
    if _clearly_within("\n".join([body, *source.scalars()])):
        return []
    budget = TextBudget()
    budget.check(body, body_line)
    value_problems(source, budget)
    return budget.problems


def _clearly_within(text: str) -> bool:
    """True when `text` exceeds no bound: too few symbols, no long run, nothing nested too deep."""
    if sum(text.count(c) for c in "&<>[") > MAX_ESCAPED or any(r in text for r in _RUNS):
        return False
    return _deepest(text, 1) is None


def value_problems(source: SourceMap, budget: TextBudget) -> None:
    """Check each YAML value (as loaded: escapes resolved) against the file's `budget`, at its place."""
    for index, value in enumerate(source.scalars()):
        if len(value) < 2 * MAX_NESTING and not _ESCAPED.search(value):
            continue
        if len(value) <= MAX_RUN and len(_NOT_MARKER.sub("", value)) <= MAX_NESTING and not _LONG_INDENT.search(value):
            # Too short for a run and too few markers or indents to nest: only its symbols count, unless they overflow.
            count = len(_ESCAPED.findall(value))
            if budget.escaped + count <= MAX_ESCAPED:
                budget.escaped += count
                continue
        before = len(budget.problems)
        budget.check(value, 1, 1, at_start=True)
        if len(budget.problems) > before:  # every problem of a value stands at its start: only now is it looked up
            mark = source.scalar_mark(index)
            found = budget.problems[before:]
            budget.problems[before:] = [replace(p, line=mark.line, column=mark.column) for p in found]


def _deepest(text: str, first_line: int) -> TextProblem | None:
    for index, line in _candidates(text):
        stripped = len(line) - len(line.lstrip(" \t"))
        if stripped < 4 * MAX_NESTING and not _could_nest(line):
            continue
        indent = len(line[:stripped].expandtabs(4))
        markers = 0
        position = 0
        while markers <= MAX_NESTING and (match := _MARKERS.match(line, position)):
            markers += 1
            position = match.end()
        depth = indent // 4 + markers
        if depth > MAX_NESTING:
            return TextProblem(
                first_line + index,
                1,
                "text-too-deep",
                f"lists or quotes nested more than {MAX_NESTING} levels deep",
                "flatten the list: no record needs this depth",
            )
    return None


def _candidates(text: str) -> Iterator[tuple[int, str]]:
    """(index, text) of each line of `text` that may nest too deep: every line when one is indented far enough,
    else only those with more than MAX_NESTING marker characters (found in C, not line by line)."""
    text = "\n" + text
    if _LONG_INDENT_LINE.search(text):
        yield from enumerate(text[1:].split("\n"))
        return
    index = offset = 0
    for match in _MANY_MARKERS.finditer(text):
        start = match.start()
        index += text.count("\n", offset, start)
        offset = start
        end = text.find("\n", start + 1)
        yield index, text[start + 1 : end if end >= 0 else len(text)]


def _could_nest(line: str) -> bool:
    """Cheap test: enough list or quote markers at the start of the line to exceed the bound."""
    head = line[: 4 * MAX_NESTING + 64]
    return sum(head.count(c) for c in ">*+-.)") > MAX_NESTING


def _where(text: str, offset: int, first_line: int, first_column: int = 1) -> tuple[int, int]:
    before = text.rfind("\n", 0, offset)
    column = offset - before if before >= 0 else offset + first_column
    return first_line + text.count("\n", 0, offset), column
