"""Golden tests: each case in fixtures/check_cases.txt patches a valid referral and expects exact output.

A failing case is named by its line in the fixture file. `make golden` rewrites the expectations
(PANEL_UPDATE_GOLDEN=1); review the diff before committing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.commands.repository import read_repository
from generator.rendering.report import render
from tests.conftest import FIXTURES, TODAY, WriteReferral

CASES_FILE = FIXTURES / "check_cases.txt"


@dataclass
class Case:
    """One golden case."""

    name: str
    line: int
    edits: list[tuple[str, str]] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    expect_line: int = 0


def parse_cases(text: str) -> list[Case]:
    """Cases: '### case: name', then '<<<' old '>>>' new blocks, then '=== expect' and the output."""
    cases: list[Case] = []
    mode = ""
    old: list[str] = []
    new: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("### case: "):
            if cases and mode == ">>>":
                cases[-1].edits.append(("\n".join(old), "\n".join(new)))
            cases.append(Case(line.removeprefix("### case: ").strip(), number))
            mode = ""
        elif line == "<<<":
            if mode == ">>>":
                cases[-1].edits.append(("\n".join(old), "\n".join(new)))
            mode, old, new = "<<<", [], []
        elif line == ">>>":
            mode = ">>>"
        elif line == "=== expect":
            if mode == ">>>":
                cases[-1].edits.append(("\n".join(old), "\n".join(new)))
            mode = "expect"
            cases[-1].expect_line = number
        elif mode == "<<<":
            old.append(line)
        elif mode == ">>>":
            new.append(line)
        elif mode == "expect" and line:
            cases[-1].expected.append(line)
    return cases


CASES = parse_cases(CASES_FILE.read_text(encoding="utf-8"))


def output_for(case: Case, write_referral: WriteReferral, root: Path) -> list[str]:
    """What `panel check` reports for the patched referral."""
    replacements = dict(case.edits)
    write_referral(replace=replacements)
    repo = read_repository(root, TODAY, jobs=1)
    return render(repo.diagnostics.sorted(), "text", checked=2, strict=False).split("\n")


@pytest.mark.parametrize("case", CASES, ids=[f"{CASES_FILE.name}:{c.line}:{c.name}" for c in CASES])
def test_golden_check_case(case: Case, write_referral: WriteReferral, panel_root: Path) -> None:
    """The output for each case is exactly as recorded in the fixture file."""
    actual = output_for(case, write_referral, panel_root)
    if os.environ.get("PANEL_UPDATE_GOLDEN"):
        _update(case, actual)
        return
    assert actual == case.expected, f"{CASES_FILE}:{case.line}: case '{case.name}' output differs"


def _update(case: Case, actual: list[str]) -> None:
    text = CASES_FILE.read_text(encoding="utf-8")
    lines = text.split("\n")
    # Earlier updates may have moved this case: find it again by name.
    start = next(c.expect_line for c in parse_cases(text) if c.name == case.name)
    end = start
    while end < len(lines) and not lines[end].startswith("### case: "):
        end += 1
    lines[start:end] = [*actual, ""]
    CASES_FILE.write_text("\n".join(lines), encoding="utf-8")


def test_golden_cases_are_all_distinct() -> None:
    """Every case has a unique name and at least one edit."""
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)) and all(c.edits for c in CASES)
    assert all(re.fullmatch(r"[a-z0-9-]+", n) for n in names)
