"""Notice and case-record timescales: due times (hours, working days), the timeliness register, the site."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain.calendar import LONDON
from generator.domain.config.model import Within
from generator.domain.notices import due_after
from panelfixtures.gitrun import git
from tests.notices.notice_helpers import NOTICES, panel
from tests.records_helpers import record_decisions, write

TIMESCALES = (
    NOTICES.replace("within: {hours: 24}", "within: {working_days: 2}") + "case_record:\n  within: {hours: 24}\n"
)


def run(root: Path, *args: str, now: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    assert result.exit_code == code, result.output
    return result.output


def timeliness(root: Path, now: str) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(run(root, "export", "timeliness", now=now)))
    return {r["referral"]: r for r in rows}


def test_working_days_skip_weekends_and_bank_holidays(tmp_path: Path) -> None:
    from generator.commands.config import load_config
    from panelfixtures import EXAMPLE_PANEL_YML

    write(tmp_path, "panel.yml", EXAMPLE_PANEL_YML.read_text(encoding="utf-8"))
    config = load_config(tmp_path)
    thursday = dt.datetime(2026, 12, 24, 18, 0, tzinfo=LONDON)  # Christmas Day and Boxing Day (moved to Monday)
    assert due_after(config, thursday, Within(None, 2)) == dt.datetime(2026, 12, 30, 18, 0, tzinfo=LONDON)
    assert due_after(config, thursday, Within(24, None)) == dt.datetime(2026, 12, 25, 18, 0, tzinfo=LONDON)
    friday = dt.datetime(2026, 12, 4, 9, 30, tzinfo=LONDON)
    assert due_after(config, friday, Within(None, 1)) == dt.datetime(2026, 12, 7, 9, 30, tzinfo=LONDON)


@pytest.mark.slow
def test_timescales_feed_the_register_the_decision_page_and_needs_attention(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", extra=TIMESCALES)  # final on Thursday 3 December at 18:00
    # Notice due Monday 7 December 18:00 (2 working days); case record due Friday 4 December 18:00 (24 hours).
    rows = timeliness(root, "2026-12-05T10:00")
    r1 = rows["R-0001"]
    assert r1["final_at"] == "2026-12-03 18:00" and r1["notice_due"] == "2026-12-07 18:00"
    assert r1["notice_sent"] == "" and r1["notice_late"] == "no"  # not yet due
    assert r1["case_record_due"] == "2026-12-04 18:00" and r1["case_record_late"] == "yes"
    # R-0001's notice goes on Monday in time; R-0002's on Tuesday, late. R-0001 is entered on the case record.
    run(root, "notify", "2026-12-03", now="2026-12-07T09:00")
    log = root / "meetings/2026-12-03/notices.yml"
    text = log.read_text(encoding="utf-8")
    log.write_text(
        text.replace(
            "R-0002.md\n  to: priya.shah@council.example\n  at: '2026-12-07T09:00:00+00:00'",
            "R-0002.md\n  to: priya.shah@council.example\n  at: '2026-12-08T09:00:00+00:00'",
        ),
        encoding="utf-8",
    )
    decision = root / "meetings/2026-12-03/decisions/R-0001.md"
    decision.write_text(
        decision.read_text(encoding="utf-8").replace(
            "rationale:", "case_record: {by: Priya Shah, entered: 2026-12-04}\nrationale:"
        ),
        encoding="utf-8",
    )
    record_decisions(root, "2026-12-03", when="2026-12-08T12:00:00+00:00")
    run(root, "check", now="2026-12-09T10:00")
    rows = timeliness(root, "2026-12-09T10:00")
    assert rows["R-0001"]["notice_sent"] == "2026-12-07 09:00" and rows["R-0001"]["notice_late"] == "no"
    assert rows["R-0002"]["notice_sent"] == "2026-12-08 09:00" and rows["R-0002"]["notice_late"] == "yes"
    assert rows["R-0001"]["case_record_entered"] == "2026-12-04" and rows["R-0001"]["case_record_late"] == "no"
    assert rows["R-0002"]["case_record_entered"] == "" and rows["R-0002"]["case_record_late"] == "yes"
    site = tmp_path / "site"
    run(root, "build", "--output", str(site), now="2026-12-09T10:00")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Decisions not yet on the case record" in home and "Decision notices not sent in time" not in home
    page = (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert "entered by Priya Shah on Friday 4 December 2026" in page and "sent Monday 7 December 2026 at 09:00" in page
    page2 = (site / "referrals" / "R-0002.html").read_text(encoding="utf-8")
    assert "late" in page2 and "not yet entered" in page2


def test_a_case_record_entry_before_the_meeting_is_an_error(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",), extra=TIMESCALES, final=False)
    decision = root / "meetings/2026-12-03/decisions/R-0001.md"
    decision.write_text(
        decision.read_text(encoding="utf-8").replace(
            "rationale:", "case_record: {by: Priya Shah, entered: 2026-12-01}\nrationale:"
        ),
        encoding="utf-8",
    )
    output = run(root, "check", now="2026-12-04T10:00", code=1)
    assert "case-record-early" in output and "before the meeting that decided (2026-12-03)" in output
    git(root, "status")  # still a repository
