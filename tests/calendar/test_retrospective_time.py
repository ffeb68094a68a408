"""'Heard at the next panel' counts the time of day: before, during and after a meeting that day.

Bexley's panel meets on Thursdays from 14:00 to 17:00; Thursday 3 December 2026 is a panel day and
the next is 10 December.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain import calendar
from generator.domain.config import PanelConfig
from panelfixtures.referrals import write_referral
from panelfixtures.repos import starter_repo

PANEL_DAY = dt.date(2026, 12, 3)
NEXT = dt.date(2026, 12, 10)
REASON = "Mother admitted to hospital; no family member could care for the child."


def section_20(root: Path, config: PanelConfig, number: int, meeting: dt.date, started: str) -> Path:
    """A section 20 referral (Bexley's, heard at the next panel) for `meeting`, accommodated at `started`."""
    retrospective = {"started": started, "reason": REASON}
    return write_referral(
        root, config, number=number, type_id="section-20", meeting=meeting, retrospective=retrospective
    )


def check(root: Path, now: str = "2026-12-03T18:00") -> tuple[int, str]:
    """`panel check` as a user runs it: exit code and output."""
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env={"PANEL_NOW": now})
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("started", "heard_that_day", "heard_next_week"),
    [
        ("2026-12-03T09:00", "ok", "retrospective-window"),
        ("2026-12-03T13:59", "ok", "retrospective-window"),
        # The panel is sitting from 14:00: it may hear the case as urgent business, or the next one.
        ("2026-12-03T14:00", "ok", "ok"),
        ("2026-12-03T16:00", "ok", "ok"),
        ("2026-12-03T16:59", "ok", "ok"),
        # After the meeting has ended the same day's panel is in the past: only the next one.
        ("2026-12-03T17:00", "date-order", "ok"),
        ("2026-12-03T23:30", "date-order", "ok"),
        # Without a time either meeting may be the next; the day before, only the 3rd.
        ("2026-12-03", "ok", "ok"),
        ("2026-12-02T23:59", "ok", "retrospective-window"),
        ("2026-12-02", "ok", "retrospective-window"),
    ],
)
def test_next_panel_counts_the_time_of_day(
    tmp_path: Path, started: str, heard_that_day: str, heard_next_week: str
) -> None:
    """`panel check` on a section 20 referral (heard at the next panel) for each start time."""
    config = starter_repo(tmp_path, "bexley")
    kind = config.referral_type("section-20")
    assert kind and kind.retrospective.at_next_meeting
    that_day = section_20(tmp_path, config, 1, PANEL_DAY, started)
    next_week = section_20(tmp_path, config, 2, NEXT, started)
    _, out = check(tmp_path)
    for path, expected in ((that_day, heard_that_day), (next_week, heard_next_week)):
        lines = [line for line in out.splitlines() if line.startswith(f"submissions/{path.name}:")]
        if expected == "ok":
            assert lines == [], out
        else:
            assert len(lines) == 1 and f"error[{expected}]" in lines[0], out


def test_message_names_the_time_and_the_next_panel(tmp_path: Path) -> None:
    """Accommodated at 17:30 after the meeting, asked for a week later than the next: the error says which."""
    config = starter_repo(tmp_path, "bexley")
    section_20(tmp_path, config, 1, dt.date(2026, 12, 17), "2026-12-03T17:30")
    code, out = check(tmp_path, now="2026-12-04T09:00")
    assert code == 1
    assert "started 2026-12-03 17:30: it must be heard at the next panel, 2026-12-10, not 2026-12-17" in out
    assert "hint: set meeting: 2026-12-10" in out


@pytest.mark.parametrize("started", ["2026-02-30T10:00", "2026-12-03T25:00", "2026-12-03T16", "3 Dec 2026"])
def test_started_must_be_a_real_date_or_date_and_time(tmp_path: Path, started: str) -> None:
    """An impossible date or time is a located error, not a crash later."""
    config = starter_repo(tmp_path, "bexley")
    section_20(tmp_path, config, 1, PANEL_DAY, started)
    code, out = check(tmp_path)
    assert code == 1
    assert "error[date-invalid]: retrospective.started:" in out
    assert "YYYY-MM-DDTHH:MM" in out


def test_meetings_to_hear_at_the_edges(tmp_path: Path) -> None:
    """The one calendar function behind the check and `panel new referral`."""
    config = starter_repo(tmp_path, "bexley")

    def heard(day: dt.date, hhmm: str | None) -> list[dt.date]:
        time = dt.time.fromisoformat(hhmm) if hhmm else None
        return [m.date for m in calendar.meetings_to_hear(config, day, time)]

    assert heard(PANEL_DAY, "13:59") == [PANEL_DAY]
    assert heard(PANEL_DAY, "14:00") == [PANEL_DAY, NEXT]
    assert heard(PANEL_DAY, "17:00") == [NEXT]
    assert heard(PANEL_DAY, None) == [PANEL_DAY, NEXT]
    assert heard(dt.date(2026, 12, 4), "08:00") == [NEXT]
    # Christmas Eve and New Year's Eve are cancelled; the extra meeting is on Tuesday 29 December.
    assert heard(dt.date(2026, 12, 17), "17:30") == [dt.date(2026, 12, 29)]


def new_referral(root: Path, now: str, *args: str) -> tuple[int, str, str]:
    """`panel new referral` at a fixed moment."""
    result = CliRunner().invoke(
        main, ["new", "referral", "--root", str(root), "--type", "section-20", *args], env={"PANEL_NOW": now}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("started", "now", "meeting", "late"),
    [
        # Accommodated at 16:00 after the 14:00 meeting: next week's panel, not that day's.
        ("2026-12-03T16:00", "2026-12-03T16:30", NEXT, False),
        ("2026-12-03T17:30", "2026-12-03T18:00", NEXT, False),
        # Accommodated in the morning: that afternoon's panel, though its deadline has passed.
        ("2026-12-03T10:00", "2026-12-03T11:00", PANEL_DAY, False),
        # Written up after that panel met: the next one, flagged as late.
        ("2026-12-03T10:00", "2026-12-03T18:00", NEXT, True),
    ],
)
def test_new_retrospective_referral_goes_to_the_next_panel_after_it_started(
    tmp_path: Path, started: str, now: str, meeting: dt.date, late: bool
) -> None:
    """`panel new referral --started` picks the meeting from the time of day and fills in the start."""
    starter_repo(tmp_path, "bexley")
    code, out, err = new_referral(tmp_path, now, "--started", started)
    assert code == 0, err
    assert f"for the meeting on {meeting:%A %d %B %Y}" in out
    assert ("has already met" in err) is late
    text = (tmp_path / "submissions" / "R-0001.md").read_text(encoding="utf-8")
    assert f"meeting: {meeting.isoformat()}\n" in text
    assert f"  started: {started} " in text


def test_new_referral_refuses_a_bad_or_future_start(tmp_path: Path) -> None:
    """A start that is not a real moment, or is still to come, is a usage error and writes nothing."""
    starter_repo(tmp_path, "bexley")
    code, _, err = new_referral(tmp_path, "2026-12-03T18:00", "--started", "2026-12-03T16:61")
    assert code == 2 and "YYYY-MM-DDTHH:MM" in err
    code, _, err = new_referral(tmp_path, "2026-12-03T18:00", "--started", "2026-12-04T09:00")
    assert code == 2 and "in the future" in err
    assert list((tmp_path / "submissions").iterdir()) == []
