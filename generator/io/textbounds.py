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
        run = _RUN.search(text)
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
    lines = text.split("\n")
    if not _LONG_INDENT.search(text):
        # Only lines with more than MAX_NESTING marker characters can nest too deep: find them in C, check them here.
        only_markers = _NOT_MARKER.sub("", text).split("\n")
        candidates = [index for index, found in enumerate(only_markers) if len(found) > MAX_NESTING]
    else:
        candidates = list(range(len(lines)))
    for index in candidates:
        line = lines[index]
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


def _could_nest(line: str) -> bool:
    """Cheap test: enough list or quote markers at the start of the line to exceed the bound."""
    head = line[: 4 * MAX_NESTING + 64]
    return sum(head.count(c) for c in ">*+-.)") > MAX_NESTING


def _where(text: str, offset: int, first_line: int, first_column: int = 1) -> tuple[int, int]:
    before = text.rfind("\n", 0, offset)
    column = offset - before if before >= 0 else offset + first_column
    return first_line + text.count("\n", 0, offset), column
