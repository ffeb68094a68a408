"""Bounds on the work a file's text can cause later: in Python-Markdown (the site) and pandoc (the pack).

Checked once, on the whole text of every record and of panel.yml, in one linear pass, so that a file the check
accepts is always built in bounded time. Found by measurement: every character of `& < > [` becomes an HTML
entity on the site, and Python-Markdown's time grows faster than the square of their number in a paragraph
(80 kB of `&#` took 22 s); lists or quotes nested about a thousand deep, and runs of thousands of `*`,
exhaust its recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ESCAPED = 5_000
"""Characters among & < > [ in one file; a long referral has a few dozen."""
MAX_NESTING = 10
"""Lists and quotes nested in one another (each four columns of indentation counts as a level)."""
MAX_RUN = 100
"""Repeats of one of * _ ~ ` in a row."""

_ESCAPED = re.compile(r"[&<>\[]")
_MARKERS = re.compile(r"[ \t]*(?:>|[*+-]|\d{1,9}[.)])(?=[ \t]|$)")
_RUN = re.compile(rf"([*_~`])\1{{{MAX_RUN},}}")


@dataclass(frozen=True)
class TextProblem:
    """A bound the text exceeds, where it first does."""

    line: int
    column: int
    code: str
    message: str
    hint: str


def text_problems(text: str, first_line: int = 1) -> list[TextProblem]:
    """Every bound `text` exceeds (at most one problem per kind); `first_line` is the line `text` starts on."""
    found: list[TextProblem] = []
    if sum(text.count(c) for c in "&<>[") > MAX_ESCAPED:
        match = next(m for n, m in enumerate(_ESCAPED.finditer(text)) if n == MAX_ESCAPED)
        line, column = _where(text, match.start(), first_line)
        found.append(
            TextProblem(
                line,
                column,
                "text-too-many-symbols",
                f"more than {MAX_ESCAPED:,} of the characters & < > [ in one file",
                "write 'and' for '&' and remove repeated symbols; no record needs this many",
            )
        )
    deep = _deepest(text, first_line)
    if deep is not None:
        found.append(deep)
    run = _RUN.search(text)
    if run is not None:
        line, column = _where(text, run.start(), first_line)
        length = len(run.group(0))
        found.append(
            TextProblem(
                line,
                column,
                "text-long-run",
                f"{length:,} '{run.group(1)}' characters in a row; at most {MAX_RUN} are allowed",
                "shorten the run: for a dividing line write '---' on a line of its own",
            )
        )
    return found


def _deepest(text: str, first_line: int) -> TextProblem | None:
    for index, line in enumerate(text.split("\n")):
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


def _where(text: str, offset: int, first_line: int) -> tuple[int, int]:
    before = text.rfind("\n", 0, offset)
    return first_line + text.count("\n", 0, offset), offset - before
