"""Issue 14, capability 4: timed follow-up steps after a decision (panel.yml outcomes[].follow_up), through the
real commands: panel check, panel export, panel status and the site panel build generates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import generate
from generator.domain.calendar import LONDON
from panelfixtures.gitrun import git
from tests.records_helpers import DECISION, MEETING, make_panel, record_decisions, write

NOW = {"PANEL_NOW": "2026-12-22T10:00"}
APPROVE = "  - {id: approve-alternative,"
FOLLOW_UP = """\
    follow_up:
      - {id: minutes, step: Minutes circulated to members, by: co-ordinator, within: {working_days: 16}, from: meeting}
      - {id: endorsement, step: Endorsed by the Head of Service, by: head-of-service, within: {days: 14}}
  - {id: approve-alternative,"""
DEFER = 'description: "For more information or joint funding."}'
DEFER_STEP = (
    'description: "For more information or joint funding.", '
    "follow_up: [{id: deferral-letter, step: Deferral letter sent, by: co-ordinator, within: {working_days: 2}}]}"
)
DECISION_PATH = "meetings/2026-12-03/decisions/R-0001.md"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env=NOW)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example panel whose approvals have two follow-up steps; R-0001 approved on 3 December 2026 and made final
    by the chair's approval on 7 December."""
    root = make_panel(tmp_path_factory.mktemp("follow-up") / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    assert APPROVE in config and DEFER in config
    (root / "panel.yml").write_text(config.replace(APPROVE, FOLLOW_UP).replace(DEFER, DEFER_STEP), encoding="utf-8")
    git(root, "commit", "-qam", "Follow-up steps after an approval")
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, DECISION_PATH, DECISION.format(referral="R-0001"))
    record_decisions(root, "2026-12-03", when="2026-12-07T10:00:00+00:00")
    return root


def copy(panel: Path, tmp_path: Path) -> Path:
    target = tmp_path / "panel"
    shutil.copytree(panel, target)
    return target


def test_panel_check_warns_of_a_step_past_due_at_the_decisions_outcome(panel: Path) -> None:
    code, out = run(panel, "check")
    assert code == 0, out
    # panel check reads no history: the endorsement counts from the day the decision was made (3 December).
    assert (
        f"{DECISION_PATH}:4:10: warning[follow-up-overdue]: R-0001: 'Endorsed by the Head of Service' (Head of "
        "Service) was due by 2026-12-17 (within 14 days of the decision) and is not recorded as done"
    ) in out, out
    assert "follow_up: [{step: endorsement, done: YYYY-MM-DD}]" in out
    assert "Minutes circulated" not in out  # due 29 December: open, not overdue


def test_the_actions_register_derives_each_step_with_its_due_date(panel: Path) -> None:
    code, out = run(panel, "export", "actions")
    assert code == 0, out
    rows = {row["action"]: row for row in csv.DictReader(io.StringIO(out))}
    # 16 working days from Thursday 3 December, Christmas Day and the Boxing Day holiday (28th) skipped.
    minutes = rows["Minutes circulated to members"]
    assert (minutes["due"], minutes["owner"], minutes["status"]) == ("2026-12-29", "Panel administrator", "open")
    # 14 days from the day the chair's approval made the decision final (7 December).
    endorsement = rows["Endorsed by the Head of Service"]
    assert (endorsement["due"], endorsement["owner"], endorsement["status"]) == (
        "2026-12-21",
        "Head of Service",
        "overdue",
    )
    assert endorsement["referral"] == "R-0001" and endorsement["meeting"] == "2026-12-03"
    assert rows["Refer to autism outreach"]["status"] == "overdue"  # the decision's own action is still there


def test_panel_status_lists_the_overdue_steps(panel: Path) -> None:
    code, out = run(panel, "status", "2026-12-03")
    assert code == 0, out
    assert "Follow-up steps overdue" in out
    assert (
        f"R-0001: Endorsed by the Head of Service (Head of Service), due Monday 21 December 2026, within 14 days of the "
        f"decision: {DECISION_PATH}"
    ) in out
    assert "Minutes circulated" not in out


def test_the_site_shows_the_steps_on_the_referral_meeting_and_actions_pages(panel: Path, tmp_path: Path) -> None:
    root = copy(panel, tmp_path)
    generate(root, dt.datetime(2026, 12, 22, 10, tzinfo=LONDON))
    docs = root / "build" / "site-src" / "docs"
    referral = (docs / "referrals" / "R-0001.md").read_text(encoding="utf-8")
    assert "**Follow-up steps**" in referral
    assert (
        "| Endorsed by the Head of Service | Head of Service | Monday 21 December 2026 (within 14 days of the decision) | "
        "**overdue** |"
    ) in referral, referral
    assert (
        "| Minutes circulated to members | Panel administrator | Tuesday 29 December 2026 (within 16 working days of"
        in referral
    )
    meeting = (docs / "meetings" / "2026-12-03.md").read_text(encoding="utf-8")
    assert "## Follow-up steps after these decisions" in meeting
    assert re.search(r"\| \[R-0001\]\([^)]*\) \| Endorsed by the Head of Service \| Head of Service \|", meeting)
    actions = (docs / "registers" / "actions.md").read_text(encoding="utf-8")
    assert "Endorsed by the Head of Service" in actions and "Minutes circulated to members" in actions
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "Endorsed by the Head of Service" in home  # among the overdue actions


def test_a_step_recorded_done_is_done_and_an_unknown_step_is_an_error(panel: Path, tmp_path: Path) -> None:
    root = copy(panel, tmp_path)
    text = (root / DECISION_PATH).read_text(encoding="utf-8")
    done = text.replace("rationale:", "follow_up:\n  - {step: endorsement, done: 2026-12-15}\nrationale:")
    (root / DECISION_PATH).write_text(done, encoding="utf-8")
    code, out = run(root, "check")
    assert code == 0 and "follow-up-overdue" not in out, out
    code, out = run(root, "export", "actions")
    rows = {row["action"]: row for row in csv.DictReader(io.StringIO(out))}
    assert (rows["Endorsed by the Head of Service"]["status"], rows["Endorsed by the Head of Service"]["done"]) == (
        "done",
        "2026-12-15",
    )
    steps = "  - {step: minutes, done: 2026-12-01}\n  - {step: deferral-letter, done: 2026-12-15}\n"
    (root / DECISION_PATH).write_text(text.replace("rationale:", f"follow_up:\n{steps}rationale:"), encoding="utf-8")
    code, out = run(root, "check")
    assert code == 1, out
    assert f"{DECISION_PATH}:18:27: error[date-order]: follow_up: 'minutes' done 2026-12-01, before the decision" in out
    assert (
        f"{DECISION_PATH}:19:12: error[follow-up-unknown]: follow_up: the outcome 'approve' has no follow-up step "
        "'deferral-letter' (its steps: endorsement, minutes)"
    ) in out, out
    steps = "  - {step: review-letter, done: 2026-12-15}\n"
    (root / DECISION_PATH).write_text(text.replace("rationale:", f"follow_up:\n{steps}rationale:"), encoding="utf-8")
    code, out = run(root, "check")
    assert code == 1 and f"{DECISION_PATH}:18:12: error[field-value]: follow_up[0].step: 'review-letter'" in out, out


def test_panel_check_points_at_a_follow_up_step_misconfigured_in_panel_yml(panel: Path, tmp_path: Path) -> None:
    root = copy(panel, tmp_path)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    line = 1 + config[: config.index("by: head-of-service, within")].count("\n")
    (root / "panel.yml").write_text(config.replace("by: head-of-service, within", "by: head-of-servce, within"))
    code, out = run(root, "check")
    assert code == 2, out
    assert (
        f"panel.yml:{line}:" in out and "config-unknown-id" in out and "'head-of-servce' is not one of the roles" in out
    )
    assert "head-of-service" in out  # did you mean
    (root / "panel.yml").write_text(config.replace("within: {days: 14}", "within: {days: 14, weeks: 2}"))
    code, out = run(root, "check")
    assert code == 2 and f"panel.yml:{line}:" in out, out


def test_open_steps_are_carried_onto_the_next_agenda_with_the_actions(panel: Path, tmp_path: Path) -> None:
    root = copy(panel, tmp_path)
    result = CliRunner().invoke(
        main, ["agenda", "2026-12-10", "--root", str(root)], env={"PANEL_NOW": "2026-12-08T10:00"}
    )
    assert result.exit_code == 0, result.output
    agenda = (root / "meetings" / "2026-12-10" / "agenda.md").read_text(encoding="utf-8")
    assert "Open actions from earlier meetings (3)" in agenda, agenda
    assert "Minutes circulated to members" in agenda and "Endorsed by the Head of Service" in agenda
