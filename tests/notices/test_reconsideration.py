"""Reconsideration requests: a record beside the decision, on the next agenda, shown on the decision's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import git
from tests.notices.notice_helpers import panel
from tests.records_helpers import write

REQUEST = """\
---
referral: R-0001
decision: meetings/2026-12-03/decisions/R-0001.md
requested: 2026-12-05
by: Priya Shah
grounds: The autism outreach team has since offered no evening support, so the package is needed for longer.
heard_by: {heard_by}
---
"""
PATH = "meetings/2026-12-03/reconsiderations/R-0001.md"


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-12-07T10:00"})
    assert result.exit_code == code, result.output
    return result.output


def requested(tmp_path: Path, heard_by: str = "meeting") -> Path:
    root = panel(tmp_path / "panel", ("R-0001",), extra="")
    write(root, PATH, REQUEST.format(heard_by=heard_by))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "R-0001: reconsideration requested")
    return root


@pytest.mark.slow
def test_a_request_goes_on_the_next_agenda_and_shows_on_the_decision_page(tmp_path: Path) -> None:
    root = requested(tmp_path)
    run(root, "check")
    run(root, "agenda", "2026-12-10")
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert "Reconsideration: R-0001" in agenda and "review_of: meetings/2026-12-03/decisions/R-0001.md" in agenda
    assert "(decided 3 Dec 2026)" in agenda  # dates as the pack writes them, not ISO
    assert "reconsideration requested by Priya Shah on" in agenda
    site = tmp_path / "site"
    run(root, "build", "--output", str(site))
    page = " ".join((site / "referrals" / "R-0001.html").read_text(encoding="utf-8").split())
    assert "Reconsideration requested" in page and "The autism outreach team has since offered" in page
    assert "to be heard at the next meeting" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Reconsiderations not yet heard" in home


def test_a_request_heard_by_a_role_stays_off_the_agenda(tmp_path: Path) -> None:
    root = requested(tmp_path, heard_by="head-of-service")
    run(root, "check")
    output = run(root, "agenda", "2026-12-10", "--dry-run")
    assert "Reconsideration" not in output


def test_a_request_must_sit_beside_the_decision_it_questions(tmp_path: Path) -> None:
    root = requested(tmp_path)
    wrong = REQUEST.format(heard_by="meeting").replace(
        "meetings/2026-12-03/decisions/R-0001.md", "meetings/2026-11-26/decisions/R-0001.md"
    )
    write(root, PATH, wrong.replace("heard_by: meeting", "heard_by: the-pope"))
    output = run(root, "check", code=1)
    assert f"{PATH}:" in output and "heard_by" in output
    write(root, PATH, wrong)
    output = run(root, "check", code=1)
    assert "reconsideration-decision" in output and "must be about meetings/2026-12-03/decisions/R-0001.md" in output


def test_panel_reconsider_starts_the_request_beside_the_decision_and_the_next_agenda_lists_it(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",), extra="")
    out = run(root, "reconsider", "R-0001", "--grounds", "No evening support is offered after all.")
    assert f"wrote {PATH} (heard by the next meeting)" in out
    text = (root / PATH).read_text(encoding="utf-8")
    assert "decision: meetings/2026-12-03/decisions/R-0001.md" in text and "requested: 2026-12-07" in text
    assert 'by: "Priya Shah"' in text and "heard_by: meeting" in text
    assert "error" not in run(root, "check").replace("0 error(s)", "")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "R-0001: reconsideration requested")
    run(root, "agenda", "2026-12-10")
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert "Reconsideration: " in agenda and "review_of: meetings/2026-12-03/decisions/R-0001.md" in agenda
    # A second request on the same decision is refused, not overwritten; an unknown role is refused.
    assert "already exists; edit it instead" in run(root, "reconsider", "R-0001", code=2)
    (root / PATH).unlink()
    assert "no such role" in run(root, "reconsider", "R-0001", "--heard-by", "nobody", code=2)
    out = run(root, "reconsider", "R-0001", "--heard-by", "head-of-service", "--by", "Tom Reyes")
    assert "(heard by Head of Service)" in out and "heard_by: head-of-service" in (root / PATH).read_text(
        encoding="utf-8"
    )


def test_panel_reconsider_needs_a_decision(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",), extra="")
    assert "the panel has no decision on R-0001 at the meeting of 2026-12-10" in run(
        root, "reconsider", "R-0001", "--meeting", "2026-12-10", code=2
    )
