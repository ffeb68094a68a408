"""Every number and date has a sane range: the values the red team used are located errors, not tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from tests.records_helpers import make_panel

NOW = "2026-12-07T10:00"
DECISION = "meetings/2026-12-03/decisions/R-0001.md"
AGENDA = "meetings/2026-12-03/agenda.md"
COMMANDS = [
    ["status"],
    ["agenda", "2026-12-10", "--dry-run"],
    ["calendar", "--ics"],
    ["pack", "2026-12-03", "--format", "docx"],
    *(
        ["export", r]
        for r in ("decisions", "actions", "reviews", "expenditure", "unmet-needs", "children", "timeliness")
    ),
]


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


def edit(root: Path, path: str, old: str, new: str) -> int:
    """Replace text in a file; returns the 1-based line of the replacement."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    before = text[: text.index(old)]
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before.count("\n") + 1 + old[: len(old) - len(old.lstrip("\n"))].count("\n")


# (case, file, old text, new text, expected code at that line)
RECORD_CASES = [
    ("decision total 1e309", DECISION, "total: 4680", "total: 1.0e+309", "field-type"),
    ("decision total 1e309 unquoted", DECISION, "total: 4680", "total: 1e309", "field-type"),
    ("decision weekly over ten million", DECISION, "weekly: 180", "weekly: 10000000.01", "field-range"),
    ("decision weekly in tenths of pence", DECISION, "weekly: 180", "weekly: 180.005", "money-pence"),
    ("decision weekly not a number", DECISION, "weekly: 180", "weekly: .nan", "field-type"),
    ("review every 600000 weeks", DECISION, "review_every_weeks: 12", "review_every_weeks: 600000", "field-range"),
    ("approved start in year 1", DECISION, "start: 2026-12-07", "start: 0001-12-07", "date-range"),
    ("approved end in year 9999", DECISION, "end: 2027-06-06", "end: 9999-12-31", "date-range"),
    ("action due in year 9999", DECISION, "due: 2026-12-10", "due: 9999-12-31", "date-range"),
    ("review date in 2100", DECISION, "review_every_weeks: 12", "review_date: 2100-01-01", "date-range"),
    ("referral weekly of 4000 digits", "submissions/R-0001.md", "weekly: 180", "weekly: 1" + "0" * 4000, "field-range"),
    ("referral weeks 600000", "submissions/R-0001.md", "weeks: 26", "weeks: 600000", "field-range"),
    (
        "child born in 1066",
        "submissions/R-0001.md",
        "date_of_birth: 2016-03-14",
        "date_of_birth: 1066-03-14",
        "date-range",
    ),
    ("referral meeting in 9999", "submissions/R-0001.md", "meeting: 2026-12-03", "meeting: 9999-12-02", "date-range"),
]


@pytest.mark.parametrize(("case", "path", "old", "new", "code"), RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_out_of_range_value_is_a_located_error_and_nothing_crashes(
    tmp_path: Path, case: str, path: str, old: str, new: str, code: str
) -> None:
    root = make_panel(tmp_path / "panel")
    line = edit(root, path, old, new)
    result = run(root, "check")
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}:" in result.output and f"error[{code}]" in result.output, result.output
    assert "hint:" in result.output
    for command in COMMANDS:
        outcome = run(root, *command)
        assert outcome.exit_code in (0, 1, 2), (command, outcome.output)
        assert outcome.exception is None or isinstance(outcome.exception, SystemExit), (command, outcome.exception)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("2026-27: 2500000", "2026-27: 1.0e+400", "field-type"),
        ("2026-27: 2500000", "2026-27: 1e400", "field-type"),
        ("2026-27: 2500000", "2026-27: 99999999999", "field-range"),
        ("review: {every_weeks: 12}", "review: {every_weeks: 600000}", "field-range"),
        ("cancelled: [2026-12-24, 2026-12-31]", "cancelled: [2026-12-24, 9999-12-31]", "date-range"),
        ("- {amount: 1000, basis: total", "- {amount: .inf, basis: total", "field-type"),
    ],
)
def test_out_of_range_setting_is_a_located_error(tmp_path: Path, old: str, new: str, code: str) -> None:
    root = make_panel(tmp_path / "panel")
    line = edit(root, "panel.yml", old, new)
    for command in (["check"], ["status"], ["export", "expenditure"], ["calendar", "--ics"]):
        result = run(root, *command)
        assert result.exit_code == 2, (command, result.output)
        assert f"panel.yml:{line}:" in result.output and f"error[{code}]" in result.output, result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("referral: R-0001", "referral: /etc/passwd"),
        ("referral: R-0001", "referral: ../../outside"),
        ("type: s17-support", "type: ../x"),
        ("minutes: 15\n  referral", "minutes: 100000000\n  referral"),
        ("meeting: '2026-12-03'", "meeting: '9999-12-03'"),
        ("start: '14:00'", "start: '14:00'\ngenerated: 2026-13-45T99:99"),
    ],
)
def test_agenda_values_out_of_range_stop_the_pack_with_a_located_error(tmp_path: Path, old: str, new: str) -> None:
    """An agenda's referral is an id, never a path; its numbers and dates have ranges."""
    root = make_panel(tmp_path / "panel")
    edit(root, AGENDA, old, new)
    needle = next((n for n in ("generated:", "100000000") if n in new), new.split("\n")[0])
    lines = (root / AGENDA).read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, start=1) if needle in text)
    outputs = {}
    for command in (["pack", "2026-12-03"], ["decide", "R-0001", "--meeting", "2026-12-03"]):
        result = run(root, *command)
        assert result.exit_code in (1, 2), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert f"{AGENDA}" in result.output, (command, result.output)
        outputs[command[0]] = result.output
    assert f"{AGENDA}:{line}:" in outputs["pack"]  # the pack's own refusal, not run a second time


def test_values_at_the_edges_of_their_ranges_are_accepted_and_work(tmp_path: Path) -> None:
    """£10,000,000.00, pence, 104 weeks, dates in 2099: accepted, and every command runs."""
    root = make_panel(tmp_path / "panel")
    edit(root, DECISION, "weekly: 180", "weekly: 9999999.99")
    edit(root, DECISION, "total: 4680", "total: 10000000")
    edit(root, DECISION, "review_every_weeks: 12", "review_every_weeks: 104")
    edit(root, DECISION, "due: 2026-12-10", "due: 2099-12-31")
    edit(root, DECISION, "end: 2027-06-06", "end: 2099-12-31\n  over_request: The panel agreed more.")
    result = run(root, "check")
    assert "error" not in result.output, result.output
    for command in [*COMMANDS, ["pack", "2026-12-03", "--format", "pdf"], ["build"]]:
        outcome = run(root, *command)
        assert outcome.exit_code == 0, (command, outcome.output, outcome.exception)
    assert "10000000" in run(root, "export", "decisions").output
