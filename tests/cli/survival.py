"""The machinery of the survival tests: whatever value a record or panel.yml holds, every command ends with exit 0,
1 or 2 and a message, never a traceback (tests/cli/test_every_command_survives*.py).

Starting from the example panel (its panel.yml, referrals, agendas, meeting records and decisions
in a real git repository), hypothesis replaces values with ones at and beyond the edges of their
ranges (amounts, weeks, dates, ids, text), deletes fields and adds optional ones, then runs
`panel check` and every other command on the result. Values the check rejects must be rejected
with a located message; values it accepts must not crash anything later.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.io import yamlsafe
from panelfixtures import REPO
from panelfixtures.gitrun import git

NOW = "2026-12-07T10:00"
UNDECIDED = "meetings/2026-12-03/decisions/R-0012.md"
"""Removed from the example so that `panel decide` has a referral to start a decision for."""

# Raw YAML written as it stands (not quoted): numbers and dates at and past every edge.
RAW = [
    ".inf",
    "-.inf",
    ".nan",
    "1.0e+400",
    "1e309",
    "1.0e+308",
    "1" + "0" * 4000,
    "9" * 5000,
    "0x7fffffff",
    "0o777",
    "1_000_000",
    "12:30",
    "~",
    "-0.0",
    "0.001",
    "10000000.01",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "2100-01-01",
    "1899-12-31",
    "2026-12-03T10:00:00",
    "yes",
    "[]",
    "{}",
]
NUMBERS = st.one_of(
    st.sampled_from([0, 1, 7, 52, 53, 104, 105, 260, 261, 600000, 0.01, 0.005, 9_999_999.99, 10_000_000, 10**12]),
    st.integers(-5, 10**8),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
DATES = st.one_of(
    st.sampled_from(
        ["2000-01-01", "2099-12-31", "1900-01-01", "2096-02-29", "2026-12-03", "2026-12-10", "2027-03-31", "2027-04-01"]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "R-0001",
            "R-99999999",
            "/etc/passwd",
            "../../panel",
            "<script>alert(1)</script>",
            '=HYPERLINK("x")',
            "a|b\nc",
            "*",
            "{{ config }}",
            "\u202eevil",
            "x" * 3000,
        ]
    ),
    st.text(max_size=40),
)
# Values at the very edges of their ranges that the check accepts: for the slow commands.
EDGE_NUMBERS = st.sampled_from([0, 0.01, 1, 52, 104, 9_999_999.99, 10_000_000])
EDGE_DATES = st.sampled_from(["2000-01-01", "2099-12-31", "2096-02-29", "2027-03-31", "2027-04-01"])
EDGE_TEXTS = st.sampled_from(["<script>alert(1)</script>", "=1+1", "a|b", "{{ x }}", "\u202eevil", "x" * 3000, "*"])
# Optional fields worth adding, by file kind: (path, strategy of value).
OPTIONAL: dict[str, list[tuple[tuple[str | int, ...], st.SearchStrategy[Any]]]] = {
    "decision": [
        (("review_every_weeks",), NUMBERS),
        (("review_date",), DATES),
        (("return_date",), DATES),
        (("deferral_date",), DATES),
        (("chair_satisfied",), st.booleans()),
        (
            ("approved",),
            st.just({"resource": "x", "weekly": 1, "total": 52, "start": "2026-12-07", "end": "2027-12-05"}),
        ),
        (("actions",), st.just([{"action": "x", "owner": "Dana Whitfield", "due": "2099-12-31"}])),
    ],
    "referral": [(("review_of",), TEXTS), (("emergency",), st.booleans()), (("costs", "one_off"), NUMBERS)],
    "agenda": [(("generated",), TEXTS), (("late",), st.just([]))],
    "meeting": [(("apologies",), st.just(["Owen Marsh"]))],
    "panel": [
        (("panel", "budget"), st.dictionaries(st.sampled_from(["2026-27", "2027-28", "2099-00"]), NUMBERS, max_size=2)),
        (("calendar", "first"), DATES),
        (("calendar", "last"), DATES),
        (("panel", "quorum"), NUMBERS),
    ],
}
FAST_COMMANDS = [
    ["check"],
    ["status"],
    ["status", "2026-12-10", "--format", "json"],
    ["agenda", "2026-12-10", "--dry-run"],
    ["calendar"],
    ["calendar", "--ics"],
    ["decide", "R-0012", "--meeting", "2026-12-03"],
    *(
        ["export", register]
        for register in ("decisions", "actions", "reviews", "expenditure", "unmet-needs", "children", "timeliness")
    ),
]
SLOW_COMMANDS = [["pack", "2026-12-03", "--format", "docx"], ["pack", "2026-12-03", "--format", "pdf"], ["build"]]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example panel as a git repository."""
    root = tmp_path_factory.mktemp("example") / "panel"
    root.mkdir()
    shutil.copy(REPO / "panel.yml", root / "panel.yml")
    shutil.copytree(REPO / "submissions", root / "submissions")
    shutil.copytree(REPO / "meetings", root / "meetings")
    (root / UNDECIDED).unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example panel")
    return root


def _files(root: Path) -> list[tuple[str, str]]:
    """(kind, path) of every file a value can be changed in."""
    found = [("panel", "panel.yml")]
    found += [("referral", p.relative_to(root).as_posix()) for p in sorted((root / "submissions").glob("*.md"))]
    for path in sorted((root / "meetings").rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        kind = "decision" if "/decisions/" in relative else ("agenda" if path.name == "agenda.md" else "meeting")
        found.append((kind, relative))
    return found


def _scalars(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _scalars(value, (*path, index))
    else:
        yield path, data


def _parent(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _replacement(draw: Callable[..., Any], old: Any, edges: bool) -> Any:
    """A value of the same kind as `old` (with `edges`, one at the edge of its range); else now and then raw YAML."""
    if not edges and draw(st.integers(0, 4)) == 0:
        return _Raw(draw(st.sampled_from(RAW)))
    if isinstance(old, bool):
        return draw(st.booleans())
    if isinstance(old, int | float):
        return draw(EDGE_NUMBERS if edges else NUMBERS)
    if isinstance(old, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", old):
        return draw(EDGE_DATES if edges else DATES)
    return draw(EDGE_TEXTS if edges else TEXTS)


class _Raw(str):
    """A token written into the YAML unquoted."""


def _dump(data: Any) -> str:
    raws: list[str] = []

    def swap(value: Any) -> Any:
        if isinstance(value, _Raw):
            raws.append(str(value))
            return f"__RAW_{len(raws) - 1}__"
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = yaml.safe_dump(swap(data), sort_keys=False, allow_unicode=True, width=4096)
    for index, raw in enumerate(raws):
        text = text.replace(f"'__RAW_{index}__'", raw).replace(f"__RAW_{index}__", raw)
    return text


def _apply(root: Path, kind: str, steps: list[str], draw: Callable[..., Any], edges: bool) -> str:
    """Change one file of `kind` in `root`; returns its path."""
    candidates = [path for k, path in _files(root) if k == kind]
    path: str = draw(st.sampled_from(candidates))
    text = (root / path).read_text(encoding="utf-8")
    if path.endswith(".md"):
        _, front, body = text.split("---\n", 2)
    else:
        front, body = text, None
    data, _, _ = yamlsafe.load(front)
    for action in steps:
        scalars = [p for p, _ in _scalars(data) if p]
        if action == "add" or not scalars:
            where, strategy = draw(st.sampled_from(OPTIONAL[kind]))
            target = _parent(data, where)
            if isinstance(target, dict):
                target[where[-1]] = draw(strategy)
            continue
        where = draw(st.sampled_from(scalars))
        parent = _parent(data, where)
        if action == "delete":
            del parent[where[-1]]
        else:
            parent[where[-1]] = _replacement(draw, parent[where[-1]], edges)
    dumped = _dump(data)
    (root / path).write_text(dumped if body is None else f"---\n{dumped}---\n{body}", encoding="utf-8")
    return path


def _run(root: Path, command: list[str]) -> Result:
    return CliRunner().invoke(main, [*command, "--root", str(root)], env={"PANEL_NOW": NOW})


def _survives(root: Path, command: list[str], changed: str) -> Result:
    result = _run(root, command)
    crash = result.exception if not isinstance(result.exception, SystemExit) else None
    assert crash is None, (
        f"panel {' '.join(command)} crashed after changing {changed}: {crash!r:.300}\n{result.output[-2000:]}"
    )
    assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output)
    assert "Traceback" not in result.output, (command, result.output)
    return result


def exercise(
    example: Path, data: st.DataObject, kinds: tuple[str, ...], commands: list[list[str]], *, edges: bool = False
) -> None:
    try:
        kind = data.draw(st.sampled_from(kinds))
        actions = ["replace"] if edges else ["replace", "replace", "delete", "add"]
        steps = [data.draw(st.sampled_from(actions)) for _ in range(data.draw(st.integers(1, 3)))]
        changed = _apply(example, kind, steps, data.draw, edges)
        # The check's result is both asserted and counted; it is not run again with the other commands.
        ACCEPTED.append(_survives(example, ["check"], changed).exit_code == 0)
        for command in commands:
            if command != ["check"]:
                _survives(example, command, changed)
    finally:
        # Back to the example as committed: undo the change and remove whatever the commands wrote.
        git(example, "checkout", "-q", "--", ".")
        git(example, "clean", "-fdxq")


ACCEPTED: list[bool] = []
"""Whether the check accepted each generated repository (printed with -s, to see the mix)."""


SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
"""What every survival test shares (each sets its own max_examples)."""


def report_accepted() -> None:
    """How many generated repositories passed the check (visible with pytest -s)."""
    print(f"\n{sum(ACCEPTED)} of {len(ACCEPTED)} changed repositories passed panel check")
    ACCEPTED.clear()
