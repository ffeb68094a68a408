"""Calendar details: meetings on bank holidays moved or kept, closure days, any region's holidays, deadlines in words.

Through `panel calendar` (text, JSON and the iCalendar feed) and `panel check` for a wrong setting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import PANEL_YML

MONDAY_PANEL = """calendar:
  cadence: {every: week, weekday: monday}
  start: "14:00"
  end: "17:00"
  deadline: {weekday_before: thursday, time: "12:00", words: Thursday lunchtime}
  papers_out: {working_days_before: 1, time: "15:00", words: the afternoon before}
"""


def panel(tmp_path: Path, calendar_extra: str = "", holidays: str = "england-and-wales") -> Path:
    """A panel folder whose panel.yml is the fixture's with a Monday calendar plus `calendar_extra`."""
    text = PANEL_YML.read_text(encoding="utf-8")
    start, end = text.index("calendar:\n"), text.index("\nroles:")
    text = text[:start] + MONDAY_PANEL + calendar_extra + text[end:]
    text = text.replace("holidays: england-and-wales", f"holidays: {holidays}")
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    return tmp_path


def calendar(root: Path, now: str, *args: str) -> str:
    """`panel calendar` at `now`: its output (it must succeed)."""
    result = CliRunner().invoke(main, ["calendar", "--root", str(root), *args], env={"PANEL_NOW": now})
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def dates(root: Path, now: str, count: int) -> list[str]:
    """The next `count` meetings' dates from `panel calendar --format json`."""
    return [m["date"] for m in json.loads(calendar(root, now, "--format", "json", "--count", str(count)))]


CHRISTMAS = """  closures:
    - {name: Christmas closure, from: 2026-12-24, to: 2026-12-31}
"""


def test_meeting_on_a_bank_holiday_moves_to_the_previous_working_day_past_a_closure(tmp_path: Path) -> None:
    """Monday 28 December 2026 is a bank holiday; 24–31 December the council is closed: the meeting is Wed 23rd."""
    root = panel(tmp_path, "  on_bank_holiday: previous-working-day\n" + CHRISTMAS)
    assert dates(root, "2026-12-10T10:00", 4) == ["2026-12-14", "2026-12-21", "2026-12-23", "2027-01-04"]
    out = calendar(root, "2026-12-10T10:00", "--count", "4")
    moved = next(line for line in out.splitlines() if line.startswith("Wed 23 Dec 2026"))
    assert "(moved from Monday 28 December 2026 (Christmas closure))" in moved
    # Deadlines count back from the day it meets; closure days are not working days (4 January: the 21st + words).
    assert "deadline Thu 17 Dec 12:00 (Thursday lunchtime)" in moved
    assert "papers out Tue 22 Dec 15:00 (the afternoon before)" in moved
    data = json.loads(calendar(root, "2026-12-10T10:00", "--format", "json", "--count", "4"))
    assert data[2]["moved_from"] == "2026-12-28" and data[3]["moved_from"] is None
    assert data[2]["deadline_words"] == "Thursday lunchtime"


def test_closure_days_are_not_working_days_for_deadlines(tmp_path: Path) -> None:
    """Papers out one working day before Monday 4 January: Wednesday 23 December with the closure, else 31st."""
    closed = calendar(panel(tmp_path / "closed", CHRISTMAS), "2026-12-30T10:00", "--format", "json", "--count", "1")
    assert json.loads(closed)[0]["papers_out"] == "2026-12-23T15:00:00+00:00"
    open_ = calendar(panel(tmp_path / "open"), "2026-12-30T10:00", "--format", "json", "--count", "1")
    assert json.loads(open_)[0]["papers_out"] == "2026-12-31T15:00:00+00:00"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("", ["2027-04-26", "2027-05-10", "2027-05-17"]),
        ("  skip_bank_holidays: false\n", ["2027-04-26", "2027-05-03", "2027-05-10"]),
        ("  on_bank_holiday: keep\n", ["2027-04-26", "2027-05-03", "2027-05-10"]),
        ("  on_bank_holiday: skip\n", ["2027-04-26", "2027-05-10", "2027-05-17"]),
        ("  on_bank_holiday: next-working-day\n", ["2027-04-26", "2027-05-04", "2027-05-10"]),
        ("  on_bank_holiday: previous-working-day\n", ["2027-04-26", "2027-04-30", "2027-05-10"]),
    ],
)
def test_what_happens_to_a_meeting_on_a_bank_holiday(tmp_path: Path, setting: str, expected: list[str]) -> None:
    """Monday 3 May 2027 is the Early May bank holiday."""
    assert dates(panel(tmp_path, setting), "2027-04-20T10:00", 3) == expected


def test_a_moved_meeting_is_said_in_the_feed(tmp_path: Path) -> None:
    root = panel(tmp_path, "  on_bank_holiday: next-working-day\n")
    feed = calendar(root, "2027-04-20T10:00", "--ics").replace("\r\n ", "")
    event = feed[feed.index("UID:meeting-2027-05-04@") :]
    event = event[: event.index("END:VEVENT")]
    assert "moved from Monday 3 May 2027 (May Day)" in event
    assert "Referrals signed off by Thursday 29 April 2027\\, 12:00 (Thursday lunchtime)" in event
    assert "Papers out Friday 30 April 2027\\, 15:00 (the afternoon before)" in event


@pytest.mark.parametrize(
    ("holidays", "day", "meets"),
    [
        ("england-and-wales", "2026-11-30", True),
        ("scotland", "2026-11-30", False),  # St Andrew's Day
        ("GB-SCT", "2027-01-04", False),  # 2 January falls on a Saturday: Monday 4th instead
        ("GB-WLS", "2027-01-04", True),
        ("IM", "2026-07-06", False),  # Tynwald Day (Isle of Man)
        ("JE", "2026-07-06", True),
    ],
)
def test_any_region_the_holidays_package_knows(tmp_path: Path, holidays: str, day: str, meets: bool) -> None:
    root = panel(tmp_path, holidays=holidays)
    week_before = (dt.date.fromisoformat(day) - dt.timedelta(days=6)).isoformat()
    assert (day in dates(root, f"{week_before}T10:00", 2)) is meets


@pytest.mark.parametrize(
    ("holidays", "extra", "field_line", "message"),
    [
        ("XX", "", "holidays:", "'XX' names no country whose bank holidays are known"),
        ("GB-XYZ", "", "holidays:", "'XYZ' is not a subdivision of GB whose bank holidays are known"),
        (
            "england-and-wales",
            "  skip_bank_holidays: true\n  on_bank_holiday: keep\n",
            "skip_bank_holidays:",
            "calendar gives both skip_bank_holidays and on_bank_holiday",
        ),
        (
            "england-and-wales",
            "  closures:\n    - {name: Christmas, from: 2026-12-31, to: 2026-12-24}\n",
            "- {name: Christmas",
            "closure 'Christmas' ends (2026-12-24) before it begins (2026-12-31)",
        ),
    ],
)
def test_a_wrong_calendar_setting_is_named_at_its_line(
    tmp_path: Path, holidays: str, extra: str, field_line: str, message: str
) -> None:
    root = panel(tmp_path, extra, holidays)
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env={"PANEL_NOW": "2026-12-10T10:00"})
    assert result.exit_code != 0
    lines = (root / "panel.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if field_line in text)
    assert re.search(rf"panel\.yml:{line}:\d+: error\b.*{re.escape(message)}", result.output), result.output
