"""Deadlines counted forward from an event (issue 14, capability 12): `calendar.due_after`.

One repository for the module: the fixture panel with a closure day and two rules (booked within 5 working days
of the service manager's sign-off; decided within 7 days of submission), through `panel status`, `check` and
`build`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import PANEL_YML
from panelfixtures.gitrun import isolate_git
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import SM, TM
from panelfixtures.referrals import referral_text

pytestmark = pytest.mark.slow
NOW = "2026-12-01T10:00"
RULES = """  closures:
    - {name: Staff training day, from: 2026-11-24}
  due_after:
    - id: booked
      what: Booked on to a panel
      after: signoff:service-manager
      within: {working_days: 5}
    - id: decided
      what: Decision made
      after: submitted
      within: {days: 7}
      by: decision
      types: [s17-support]
"""


def panel_yml(rules: str = RULES) -> str:
    """The fixture panel.yml with `rules` added to its calendar."""
    text = PANEL_YML.read_text(encoding="utf-8")
    old = "  extra: [2026-12-29]\n"
    assert old in text
    return text.replace(old, old + rules)


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanelGit]:
    """R-0001 for 3 December and R-0002 for 26 November, both signed off on Friday 20 November."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp_path_factory.mktemp("home"))
        root = tmp_path_factory.mktemp("due") / "panel"
        root.mkdir()
        panel = PanelGit(root)
        panel.commit({"panel.yml": panel_yml()}, "Terms of reference", "2026-11-16 09:00")
        panel.merge(panel.submit("R-0001", "2026-11-19 10:00"), "2026-11-20 10:00", [TM, SM])
        second = referral_text("R-0002", replace={"meeting: 2026-12-03": "meeting: 2026-11-26"})
        panel.merge(panel.submit("R-0002", "2026-11-19 11:00", second), "2026-11-20 11:00", [TM, SM])
        yield panel
        panel.repo.close()


def test_status_shows_each_deadline_counted_forward_in_working_days(repo: PanelGit) -> None:
    rows = {row["referral"]: row for row in json.loads(run(repo.root, "status", "--format", "json"))}
    booked = {step["id"]: step for step in rows["R-0001"]["due_after"]}["booked"]
    # Friday 20 November + 5 working days, the training day (Tuesday 24th) skipped: Monday 30 November.
    assert (booked["started"], booked["due"], booked["done"], booked["state"]) == (
        "2026-11-20",
        "2026-11-30",
        "2026-12-03",
        "late",
    )
    decided = {step["id"]: step for step in rows["R-0001"]["due_after"]}["decided"]
    assert (decided["started"], decided["due"], decided["state"]) == ("2026-11-20", "2026-11-27", "overdue")
    assert rows["R-0001"]["submitted_at"].startswith("2026-11-20T10:00")
    second = {step["id"]: step for step in rows["R-0002"]["due_after"]}
    assert second["booked"]["state"] == "met"
    text = run(repo.root, "status")
    assert "Deadlines counted from events (panel.yml calendar.due_after):" in text
    assert (
        "  R-0001: Booked on to a panel: due 30 Nov 2026 (5 working days after the Service Manager's sign-off on "
        "20 Nov 2026), done 3 Dec 2026: late"
    ) in text
    assert "  R-0001: Decision made: due 27 Nov 2026 (7 days after submission on 20 Nov 2026): overdue" in text


def test_check_warns_at_the_line_of_what_is_overdue(repo: PanelGit) -> None:
    out = run(repo.root, "check", "--against", "none")
    warnings = [line for line in out.splitlines() if "warning[due-overdue]" in line]
    # R-0001: booked for a meeting after the due date, and not decided; R-0002 (heard 26 November): not decided.
    assert len(warnings) == 3, out
    meeting_line = referral_text("R-0001").splitlines().index("meeting: 2026-12-03") + 1
    assert (
        f"submissions/R-0001.md:{meeting_line}:10: warning[due-overdue]: Booked on to a panel is due by Monday 30 "
        "November 2026 (5 working days after the Service Manager's sign-off on 20 Nov 2026), but the meeting asked "
        "for is Thursday 3 December 2026"
    ) in out
    assert (
        "submissions/R-0001.md:2:5: warning[due-overdue]: Decision made was due by Friday 27 November 2026 "
        "(7 days after submission on 20 Nov 2026) and is not done"
    ) in out
    assert "ask for a meeting on or before Monday 30 November 2026" in out
    assert not any("R-0002" in line and "Booked" in line for line in warnings)
    run(repo.root, "check", "--against", "none", "--strict", code=1)


def test_the_agenda_notes_what_is_not_met(repo: PanelGit) -> None:
    out = run(repo.root, "agenda", "2026-12-03", "--dry-run")
    assert (
        "Booked on to a panel: due 30 Nov 2026 (5 working days after the Service Manager's sign-off on 20 Nov "
        "2026), done 3 Dec 2026: late; Decision made: due 27 Nov 2026 (7 days after submission on 20 Nov 2026): "
        "overdue"
    ) in " ".join(out.replace("''", "'").split()), out  # the note, as agenda.md's YAML quotes and folds it


def test_the_referral_page_shows_the_deadlines(repo: PanelGit) -> None:
    run(repo.root, "build")
    page = (repo.root / "site" / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert "Deadlines counted from events" in page
    assert "Booked on to a panel: due 30 Nov 2026" in page and "late" in page


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            "  due_after:\n    - {id: x, what: Booked, after: signoff:team-manger, within: {working_days: 5}}\n",
            "'team-manger' is not one of the roles",
        ),
        (
            "  due_after:\n    - {id: x, what: Heard, after: heard, within: {days: 5}}\n",
            "it counts from heard and is met by the same event",
        ),
        (
            "  due_after:\n    - {id: x, what: Booked, after: sign-off, within: {working_days: 5}}\n",
            "after",
        ),
        (
            "  due_after:\n    - {id: x, what: Booked, after: submitted, within: {working_days: 5, days: 3}}\n",
            "within",
        ),
    ],
)
def test_check_explains_a_misconfigured_rule_at_its_line(tmp_path: Path, rules: str, message: str) -> None:
    (tmp_path / "panel.yml").write_text(panel_yml(rules), encoding="utf-8")
    out = run(tmp_path, "check", code=2)
    assert re.search(r"^panel\.yml:2[78]:[0-9]+: error", out, re.MULTILINE) and message in out, out
