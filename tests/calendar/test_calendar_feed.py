"""`panel calendar`: coming meetings, deadlines across bank holidays and the clock change, and the iCalendar feed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import PANEL_YML


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A panel folder with the fixture panel.yml, at 10:00 on 10 December 2026."""
    shutil.copy(PANEL_YML, tmp_path / "panel.yml")
    monkeypatch.setenv("PANEL_NOW", "2026-12-10T10:00")
    return tmp_path


def run(root: Path, *args: str) -> str:
    """Run `panel calendar` and return its output."""
    result = CliRunner().invoke(main, ["calendar", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def test_text_lists_extra_and_cancelled_meetings_with_bank_holiday_deadlines(root: Path) -> None:
    out = run(root, "--count", "4")
    assert "Thu 10 Dec 2026 14:00-17:00  deadline Mon 07 Dec 17:00" in out
    # 29 December is an extra meeting; 28 and 25 December are bank holidays, so the deadline is the 22nd.
    assert "Tue 29 Dec 2026 14:00-17:00  deadline Tue 22 Dec 17:00" in out and "(extra meeting)" in out
    assert "cancelled: Thu 24 Dec 2026" in out and "Thu 24 Dec 2026 14:00" not in out


def test_json_and_next(root: Path) -> None:
    data = json.loads(run(root, "--format", "json", "--count", "2"))
    assert [m["date"] for m in data] == ["2026-12-10", "2026-12-17"]
    assert data[0]["url"] == "https://panel.intranet.example/meetings/2026-12-10/"
    assert run(root, "--next").strip() == "2026-12-10"


def test_ics_feed(root: Path) -> None:
    feed = run(root, "--ics")
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in feed
    lines = feed.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = feed.replace("\r\n ", "")
    assert "URL:https://panel.intranet.example/meetings/2026-12-17/" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    assert "UID:meeting-2026-12-24@panel.intranet.example\r\nDTSTAMP:20261210T100000Z" in unfolded
    assert "SUMMARY:CANCELLED: RCP meeting\r\nSTATUS:CANCELLED" in unfolded


def test_ics_times_across_the_clock_change(root: Path) -> None:
    unfolded = run(root, "--ics").replace("\r\n ", "")
    # Thursday 1 April 2027 is in BST; its deadline falls before Easter and the clock change (28 March).
    meeting = unfolded.split("UID:meeting-2027-04-01@")[1].split("END:VEVENT")[0]
    assert "DTSTART;TZID=Europe/London:20270401T140000" in meeting
    deadline = unfolded.split("UID:deadline-2027-04-01@")[1].split("END:VEVENT")[0]
    assert "DTSTART;TZID=Europe/London:20270325T170000" in deadline


def test_ics_written_to_a_file(root: Path) -> None:
    target = root / "site" / "calendar.ics"
    assert "wrote" in run(root, "--ics", "--output", str(target))
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
