"""`panel agenda`: declarations first, groups in panel.yml's order, time slots, late referrals apart."""

from __future__ import annotations

import dataclasses
import datetime as dt

from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.status import statuses
from generator.domain.agenda import read_agenda
from generator.domain.agenda.build import build_agenda
from generator.domain.calendar import meeting_on, now_london
from generator.domain.config.model import ItemKind
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import SM, TM
from panelfixtures.referrals import referral_text

MEETING = dt.date(2026, 12, 3)
RETRO = "retrospective:\n  started: 2026-11-28\n  reason: The children's mother was admitted to hospital.\ncosts:\n"


R0010 = """review_date: 2026-12-01
actions:
  - {action: Ask the school for attendance figures, owner: Priya Shah, due: 2026-11-30}
  - {action: Confirm the respite provider, owner: Tom Reyes, due: 2026-09-24, done: 2026-09-20}
  - {action: Write to the family about the review, owner: Lena Novak, due: 2026-12-10}"""


def decision(referral: str, meeting: str, outcome: str, extra: str) -> str:
    """A schema-valid decision file with `extra` front-matter lines."""
    agreed = f"referral: {referral}\nmeeting: {meeting}\noutcome: {outcome}\nagreed: [As recorded.]\n"
    return f"---\n{agreed}rationale: As minuted.\n{extra}\n---\n"


def business(panel: PanelGit) -> None:
    """Referrals and decisions for the meeting on 3 December 2026 (the one before is 26 November)."""
    panel.merge(panel.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    retro = referral_text("R-0002").replace("costs:\n", RETRO, 1)
    panel.merge(panel.submit("R-0002", "2026-11-28 10:00", retro), "2026-11-29 10:00", [TM, SM])
    panel.merge(panel.submit("R-0003", "2026-11-20 11:00"), "2026-11-25 15:40", [TM])
    panel.approve_on_main("R-0003", SM, "2026-12-01 09:00")
    panel.merge(panel.submit("R-0004", "2026-11-20 12:00"), "2026-11-25 15:50")
    decisions = {
        "meetings/2026-11-19/decisions/R-0009.md": decision(
            "R-0009",
            "2026-11-19",
            "defer",
            "deferral_date: 2026-12-03\ndeferral_reason: Awaiting the CAMHS assessment.",
        ),
        "meetings/2026-09-10/decisions/R-0010.md": decision("R-0010", "2026-09-10", "approve", R0010),
        # Due before the previous meeting (26 November) and not back since: overdue.
        "meetings/2026-09-10/decisions/R-0011.md": decision(
            "R-0011", "2026-09-10", "approve", "review_date: 2026-11-20"
        ),
        # Due, and back at panel on 8 October: not on the agenda.
        "meetings/2026-09-10/decisions/R-0012.md": decision(
            "R-0012", "2026-09-10", "approve", "review_date: 2026-10-01"
        ),
        "meetings/2026-10-08/decisions/R-0012.md": decision("R-0012", "2026-10-08", "approve", "conditions: [Monthly]"),
    }
    panel.record_decisions(decisions, "2026-11-26 17:00")


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
        (2, "actions", "14:10", 10, None),
        (3, "retrospective", "14:25", 15, "R-0002"),
        (4, "review", "14:45", 20, "R-0011"),
        (5, "review", "15:10", 20, "R-0010"),
        (6, "deferred", "15:35", 20, "R-0009"),
        (7, "new", "16:00", 15, "R-0001"),
    ]
    assert agenda.items[5].review_of == "meetings/2026-11-19/decisions/R-0009.md"
    assert agenda.items[6].case_ids == ("LCS-204117", "LCS-204118")
    assert [(i.referral, i.start.strftime("%H:%M")) for i in agenda.late] == [("R-0003", "16:20")]
    assert "after the deadline" in agenda.late[0].note
    text = (panel_git.root / "meetings/2026-12-03/agenda.md").read_text(encoding="utf-8")
    assert "## Late referrals (for the chair to accept or defer)" in text


def test_order_and_slots_follow_panel_yml(panel_git: PanelGit) -> None:
    business(panel_git)
    repo = read_repository(panel_git.root, dt.date(2026, 11, 30), jobs=1)
    assert repo.config is not None
    rules = dataclasses.replace(repo.config.agenda, order=(ItemKind.NEW, ItemKind.RETROSPECTIVE), break_minutes=0)
    config = dataclasses.replace(repo.config, agenda=rules)
    meeting = meeting_on(config, MEETING)
    assert meeting is not None
    rows = statuses(repo.referrals, read_history(panel_git.root, config), config, panel_git.root, MEETING)
    plan = build_agenda(config, meeting, rows, repo.panel_data(), dt.date(2026, 11, 26), now_london())
    got = [(i.kind, i.start.strftime("%H:%M"), i.referral) for i in plan.agenda.items]
    # Groups not in the order still appear, after the ordered ones.
    assert got == [
        ("declarations", "14:00", None),
        ("actions", "14:05", None),
        ("new", "14:15", "R-0001"),
        ("retrospective", "14:30", "R-0002"),
        ("review", "14:45", "R-0011"),
        ("review", "15:05", "R-0010"),
        ("deferred", "15:25", "R-0009"),
    ]
    assert [r.id for r, _ in plan.not_ready] == ["R-0004"]


def test_agenda_for_a_day_without_a_meeting_is_refused(panel_git: PanelGit) -> None:
    result = CliRunner().invoke(main, ["agenda", "2026-12-04", "--root", str(panel_git.root)])
    assert result.exit_code == 2 and "does not meet on 2026-12-04" in result.stderr
    assert not (panel_git.root / "meetings").exists()


def test_open_actions_from_earlier_meetings_are_carried(panel_git: PanelGit) -> None:
    business(panel_git)
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    actions = [i for i in load_agenda(panel_git.root, MEETING).items if i.kind == "actions"]
    assert len(actions) == 1 and actions[0].number == 2 and actions[0].referral is None
    assert actions[0].title == "Open actions from earlier meetings (2)"
    # Open ones by due date, overdue flagged against the meeting's date; the done one is not carried.
    assert actions[0].note == (
        "R-0010: Ask the school for attendance figures (Priya Shah, due 2026-11-30, overdue); "
        "R-0010: Write to the family about the review (Lena Novak, due 2026-12-10)"
    )
    assert "respite" not in actions[0].note


def test_overdue_review_is_listed_once_with_its_note(panel_git: PanelGit) -> None:
    business(panel_git)
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    items = load_agenda(panel_git.root, MEETING).items
    overdue = [i for i in items if i.referral == "R-0011"]
    assert [(i.kind, i.note, i.review_of) for i in overdue] == [
        ("review", "overdue since 2026-11-20", "meetings/2026-09-10/decisions/R-0011.md")
    ]
    assert overdue[0].title == "Review: R-0011 (decided 10 Sep 2026)"
    # Falling due since the previous meeting is not overdue; a review that came back is not listed.
    assert [i.note for i in items if i.referral == "R-0010"] == [""]
    assert all(i.referral != "R-0012" for i in items)


def test_overdue_review_leaves_the_agenda_once_it_has_come_back(panel_git: PanelGit) -> None:
    business(panel_git)
    back = decision(
        "R-0011", "2026-12-03", "approve", "actions: [{action: Book a review, owner: Tom Reyes, due: 2026-12-08}]"
    )
    r0010 = decision("R-0010", "2026-09-10", "approve", R0010.replace("2026-11-30}", "2026-11-30, done: 2026-12-01}"))
    files = {"meetings/2026-12-03/decisions/R-0011.md": back, "meetings/2026-09-10/decisions/R-0010.md": r0010}
    panel_git.record_decisions(files, "2026-12-03 17:00")
    result = CliRunner().invoke(main, ["agenda", "2026-12-10", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    items = load_agenda(panel_git.root, dt.date(2026, 12, 10)).items
    assert all(i.referral != "R-0011" for i in items)
    # R-0010's review (due 1 December) was not heard on 3 December: now overdue.
    assert [i.note for i in items if i.referral == "R-0010"] == ["overdue since 2026-12-01"]
    [actions] = [i for i in items if i.kind == "actions"]
    assert actions.title == "Open actions from earlier meetings (2)"
    assert actions.note == (
        "R-0011: Book a review (Tom Reyes, due 2026-12-08, overdue); "
        "R-0010: Write to the family about the review (Lena Novak, due 2026-12-10)"
    )


def test_no_open_actions_no_item(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    assert [i.kind for i in load_agenda(panel_git.root, MEETING).items] == ["declarations", "new"]


def test_written_agenda_reads_back(panel_git: PanelGit) -> None:
    business(panel_git)
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    agenda, problems = read_agenda(panel_git.root / "meetings/2026-12-03/agenda.md", "agenda.md")
    assert problems == [] and agenda is not None
    assert [i.kind for i in agenda.items][:2] == ["declarations", "actions"]
    assert agenda.items[1].note.startswith("R-0010: Ask the school for attendance figures")
    assert any(i.note == "overdue since 2026-11-20" for i in agenda.items)


def test_a_review_referral_stands_for_the_overdue_review(panel_git: PanelGit) -> None:
    business(panel_git)
    review = referral_text("R-0013").replace("type: s17-support\n", "type: s17-support\nreview_of: R-0011\n", 1)
    panel_git.merge(panel_git.submit("R-0013", "2026-11-20 13:00", review), "2026-11-25 16:00", [TM, SM])
    result = CliRunner().invoke(main, ["agenda", "2026-12-03", "--root", str(panel_git.root)])
    assert result.exit_code == 0, result.output
    items = load_agenda(panel_git.root, MEETING).items
    assert [(i.kind, i.referral, i.note) for i in items if i.referral in ("R-0011", "R-0013")] == [
        ("review", "R-0013", "")
    ]
