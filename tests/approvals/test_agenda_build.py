"""`panel agenda`: declarations first, groups in panel.yml's order, time slots, late referrals apart."""

from __future__ import annotations

import dataclasses
import datetime as dt

from click.testing import CliRunner
from panelgit import FORGE, SM, TM, PanelGit, referral_text

from generator.agenda import load_agenda
from generator.agenda.build import build_agenda
from generator.agenda.due import read_decision_dates
from generator.calendar import meeting_on, now_london
from generator.check import read_repository
from generator.cli import main
from generator.history import read_history
from generator.signoff.report import statuses

MEETING = dt.date(2026, 12, 3)
RETRO = "retrospective:\n  started: 2026-11-28\n  reason: The children's mother was admitted to hospital.\ncosts:\n"


def business(panel: PanelGit) -> None:
    """Referrals and decisions for the meeting on 3 December 2026 (the one before is 26 November)."""
    panel.merge(panel.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    retro = referral_text("R-0002").replace("costs:\n", RETRO, 1)
    panel.merge(panel.submit("R-0002", "2026-11-28 10:00", retro), "2026-11-29 10:00", [TM, SM])
    panel.merge(panel.submit("R-0003", "2026-11-20 11:00"), "2026-11-25 15:40", [TM])
    panel.approve_on_main("R-0003", SM, "2026-12-01 09:00")
    panel.merge(panel.submit("R-0004", "2026-11-20 12:00"), "2026-11-25 15:50")
    decisions = {
        "meetings/2026-11-19/decisions/R-0009.md": "---\noutcome: defer\ndeferral_date: 2026-12-03\n---\n",
        "meetings/2026-09-10/decisions/R-0010.md": "---\noutcome: approve\nreview_date: 2026-12-01\n---\n",
        "meetings/2026-09-10/decisions/R-0011.md": "---\noutcome: approve\nreview_date: 2026-11-20\n---\n",
    }
    panel.commit(decisions, "Decisions", "2026-11-26 17:00", author=FORGE)


def test_agenda_command_writes_the_agenda(panel_git: PanelGit) -> None:
    business(panel_git)
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    assert "wrote meetings/2026-12-03/agenda.md" in result.stdout
    assert "not on the agenda: R-0004 (awaiting team-manager)" in result.stderr
    agenda = load_agenda(panel_git.root, MEETING)
    got = [(i.number, i.kind, i.start.strftime("%H:%M"), i.minutes, i.referral) for i in agenda.items]
    assert got == [
        (1, "declarations", "14:00", 5, None),
        (2, "retrospective", "14:10", 15, "R-0002"),
        (3, "review", "14:30", 20, "R-0010"),
        (4, "deferred", "14:55", 20, "R-0009"),
        (5, "new", "15:20", 15, "R-0001"),
    ]
    assert agenda.items[3].review_of == "meetings/2026-11-19/decisions/R-0009.md"
    assert agenda.items[4].case_ids == ("LCS-204117", "LCS-204118")
    assert [(i.referral, i.start.strftime("%H:%M")) for i in agenda.late] == [("R-0003", "15:40")]
    assert "after the deadline" in agenda.late[0].note
    text = (panel_git.root / "meetings/2026-12-03/agenda.md").read_text(encoding="utf-8")
    assert "## Late referrals (for the chair to accept or defer)" in text


def test_order_and_slots_follow_panel_yml(panel_git: PanelGit) -> None:
    business(panel_git)
    repo = read_repository(panel_git.root, dt.date(2026, 11, 30), jobs=1)
    assert repo.config is not None
    rules = dataclasses.replace(repo.config.agenda, order=("new", "retrospective"), break_minutes=0)
    config = dataclasses.replace(repo.config, agenda=rules)
    meeting = meeting_on(config, MEETING)
    assert meeting is not None
    rows = statuses(repo.referrals, read_history(panel_git.root, config), config, panel_git.root, MEETING)
    plan = build_agenda(config, meeting, rows, read_decision_dates(panel_git.root), dt.date(2026, 11, 26), now_london())
    got = [(i.kind, i.start.strftime("%H:%M"), i.referral) for i in plan.agenda.items]
    # Groups not in the order still appear, after the ordered ones.
    assert got == [
        ("declarations", "14:00", None),
        ("new", "14:05", "R-0001"),
        ("retrospective", "14:20", "R-0002"),
        ("review", "14:35", "R-0010"),
        ("deferred", "14:55", "R-0009"),
    ]
    assert [r.id for r, _ in plan.not_ready] == ["R-0004"]


def test_agenda_for_a_day_without_a_meeting_is_refused(panel_git: PanelGit) -> None:
    result = CliRunner().invoke(main, ["agenda", "2026-12-04", "--root", str(panel_git.root)])
    assert result.exit_code == 2 and "does not meet on 2026-12-04" in result.stderr
    assert not (panel_git.root / "meetings").exists()
