"""Staged deadlines (`calendar.stages`): each role's sign-off judged against its own stage, shown everywhere."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from panelfixtures import PANEL_YML
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import SM, TM

STAGES = """  deadline: {working_days_before: 3, time: "17:00"}
  stages:
    - id: authorised
      name: Referral authorised by the team manager
      roles: [team-manager]
      weekday_before: friday
      time: "15:00"
"""


def staged(root: Path, stages: str = STAGES) -> None:
    """The fixture panel.yml with the team manager's sign-off due by the Friday before, 15:00."""
    path = root / "panel.yml"
    text = path.read_text(encoding="utf-8")
    old = '  deadline: {working_days_before: 3, time: "17:00"}\n'
    assert old in text
    path.write_text(text.replace(old, stages), encoding="utf-8")


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(PANEL_YML, tmp_path / "panel.yml")
    (tmp_path / "submissions").mkdir()
    monkeypatch.setenv("PANEL_NOW", "2026-11-22T10:00")
    staged(tmp_path)
    return tmp_path


def test_calendar_text_json_and_feed_show_each_stage(root: Path) -> None:
    text = run(root, "calendar", "--count", "1")
    assert "Thu 26 Nov 2026 14:00-17:00  deadline Mon 23 Nov 17:00" in text
    assert "    Fri 20 Nov 15:00  Referral authorised by the team manager" in text
    assert "    Mon 23 Nov 17:00  Sign-off (Service Manager)" in text
    data = json.loads(run(root, "calendar", "--format", "json", "--count", "1"))
    assert [(s["id"], s["due"], s["roles"]) for s in data[0]["stages"]] == [
        ("authorised", "2026-11-20T15:00:00+00:00", ["team-manager"]),
        ("sign-off", "2026-11-23T17:00:00+00:00", []),
    ]
    feed = run(root, "calendar", "--ics")
    assert "UID:deadline-authorised-2026-12-03@" in feed
    assert "SUMMARY:RCP Referral authorised by the team manager for 03 December" in feed
    assert "Referral authorised by the team manager by Friday 27 November" in feed.replace("\r\n ", "")


def test_new_referral_comment_names_each_stage(root: Path) -> None:
    out = run(root, "new", "referral", "--type", "placement")
    assert "Referral authorised by the team manager: Friday 27 November 2026 15:00" in out
    text = (root / "submissions" / "R-0001.md").read_text(encoding="utf-8")
    assert "# Deadlines, stage by stage:\n" in text
    assert "#   Referral authorised by the team manager: Friday 27 November 2026 15:00\n" in text
    assert "#   Sign-off (Service Manager): Monday 30 November 2026 17:00\n" in text
    out = run(root, "check", code=1)  # fields still to fill in, but the comment lines keep it valid YAML
    assert "error[section-empty]" in out and "yaml" not in out.lower()


def test_each_role_is_judged_against_its_own_stage(panel_git: PanelGit) -> None:
    staged(panel_git.root)
    panel_git.git("commit", "-qam", "Staged deadlines", when="2026-11-16 09:30")
    # R-0001: the team manager signs on Saturday (after Friday 15:00); the service manager in time on Monday.
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-28 10:00", [TM])
    panel_git.approve_on_main("R-0001", SM, "2026-11-30 09:00")
    # R-0002: the team manager in time on Friday; the service manager on Tuesday, after Monday 17:00.
    panel_git.merge(panel_git.submit("R-0002", "2026-11-20 11:00"), "2026-11-27 14:00", [TM])
    panel_git.approve_on_main("R-0002", SM, "2026-12-01 09:00")
    # R-0003: both in time.
    panel_git.merge(panel_git.submit("R-0003", "2026-11-20 12:00"), "2026-11-27 14:30", [TM, SM])
    data = {row["referral"]: row for row in json.loads(run(panel_git.root, "status", "--format", "json"))}
    assert data["R-0001"]["state"] == "late"
    assert data["R-0001"]["label"] == "late: Referral authorised by the team manager"
    assert [(s["stage"], s["role"]) for s in data["R-0001"]["late_stages"]] == [("authorised", "team-manager")]
    assert data["R-0002"]["label"] == "late: Sign-off (Service Manager)"
    assert data["R-0003"]["state"] == "ready" and data["R-0003"]["late_stages"] == []
    out = run(panel_git.root, "agenda", "2026-12-03")
    assert "2 late" in out
    agenda = load_agenda(panel_git.root, dt.date(2026, 12, 3))
    notes = {item.referral: item.note for item in agenda.late}
    assert notes["R-0001"] == (
        "signed after the deadline: Referral authorised by the team manager (Team Manager) due Fri 27 Nov 15:00, "
        "signed Sat 28 Nov 10:00"
    )
    assert (
        "Sign-off (Service Manager) (Service Manager) due Mon 30 Nov 17:00, signed Tue 01 Dec 09:00"
        in (notes["R-0002"])
    )
    assert [item.referral for item in agenda.items if item.referral] == ["R-0003"]


def test_the_single_deadline_form_still_says_late(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-12-01 10:00", [TM, SM])
    data = json.loads(run(panel_git.root, "status", "--format", "json"))
    assert data[0]["label"] == "late"
    assert data[0]["late_stages"][0]["stage"] == "sign-off"


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (STAGES.replace("[team-manager]", "[team-manger]"), "'team-manger' is not one of the roles"),
        (
            STAGES + "    - {id: again, name: Again, roles: [team-manager], weekday_before: monday, time: '09:00'}\n",
            "role 'team-manager' is in stage 'authorised' and in stage 'again'",
        ),
        (
            STAGES + "    - {id: authorised, name: B, roles: [service-manager], on_the_day: true, time: '09:00'}\n",
            "calendar.stages: id 'authorised' is defined twice",
        ),
        (
            STAGES + "    - {id: legal, name: Legal, roles: [service-manager], on_the_day: true, time: '15:00'}\n",
            "stage 'legal' is on the day at 15:00, not before the meeting starts at 14:00",
        ),
    ],
)
def test_bad_stages_are_located_errors(root: Path, stages: str, message: str) -> None:
    path = root / "panel.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(STAGES, stages), encoding="utf-8")
    out = run(root, "check", code=2)
    assert message in out and "panel.yml:" in out
