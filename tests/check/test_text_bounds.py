"""A file's text bounds proved in one pass over its body and values: never looser than checking piece by piece."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.io import textbounds, yamlsafe
from generator.io.textbounds import MAX_ESCAPED, MAX_NESTING, MAX_RUN, TextBudget, file_problems, value_problems

PIECES = (
    "Text & more",
    "<b>",
    "[link]",
    "- item",
    "  " * MAX_NESTING + "- - - deep",
    " " * (4 * MAX_NESTING) + "indented",
    "> " * (MAX_NESTING + 1) + "quoted",
    "- " * (MAX_NESTING - 1) + "nearly",
    "1. " * (MAX_NESTING + 2),
    "." * (MAX_NESTING + 3),
    "*" * (MAX_RUN + 1),
    "*" * MAX_RUN,
    "_" * (MAX_RUN // 2),
    "&" * (MAX_ESCAPED // 3),
    "",
    "plain words",
)
TEXT = st.lists(st.sampled_from(PIECES), max_size=6).map("\n".join)


def piece_by_piece(body: str, body_line: int, source: yamlsafe.SourceMap) -> list[textbounds.TextProblem]:
    """The bounds as checked before: the body, then each value against the same budget."""
    budget = TextBudget()
    budget.check(body, body_line)
    value_problems(source, budget)
    return budget.problems


@settings(max_examples=300, deadline=None)
@given(body=TEXT, values=st.lists(TEXT, max_size=4))
def test_one_pass_finds_what_piece_by_piece_finds(body: str, values: list[str]) -> None:
    """Each problem (code, line, column) is the same whether the file is proved clean in one pass or not."""
    front = "\n".join(f"v{n}: {json.dumps(value)}" for n, value in enumerate(values))
    _, source, problems = yamlsafe.load(front, line_offset=1)
    assert not problems
    assert file_problems(body, 9, source) == piece_by_piece(body, 9, source)


def test_a_clean_file_is_proved_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file within every bound is never checked piece by piece; one beyond a bound is, and its problem placed."""
    checked: list[str] = []
    original = TextBudget.check

    def counted(self: TextBudget, text: str, *args: object, **kwargs: object) -> None:
        checked.append(text)
        original(self, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TextBudget, "check", counted)
    _, source, _ = yamlsafe.load('title: "A & B [draft]"\nitems:\n  - "- - a list"', line_offset=1)
    assert file_problems("## Needs\n\n- a & b\n" * 20, 5, source) == [] and checked == []
    _, source, _ = yamlsafe.load(f'title: "{"*" * (MAX_RUN + 1)}"', line_offset=1)
    found = file_problems("## Needs\n", 5, source)
    assert [(p.code, p.line) for p in found] == [("text-long-run", 2)] and checked


@pytest.mark.parametrize("lines_before", [0, 1, 5])
@pytest.mark.parametrize("indented", [False, True], ids=["markers", "indented-elsewhere"])
def test_each_problem_stands_at_its_own_line(lines_before: int, indented: bool) -> None:
    """Nesting, a run and too many symbols are each placed at the line (and column) where they are."""
    before = ["plain"] * lines_before + ([" " * (4 * MAX_NESTING) + "far"] if indented else [])
    first = 7 + len(before)
    text = "\n".join(
        [*before, "- " * (MAX_NESTING + 1) + "deep", "ok", "x " + "*" * (MAX_RUN + 1), "&" * MAX_ESCAPED + "&"]
    )
    found = [(p.code, p.line, p.column) for p in textbounds.text_problems(text, 7)]
    assert ("text-too-deep", first, 1) in found and ("text-long-run", first + 2, 3) in found
    assert ("text-too-many-symbols", first + 3, MAX_ESCAPED + 1) in found
