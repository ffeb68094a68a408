"""agenda.chair_confirms: `panel pack --circulate` waits for the chair's approval on the agenda's merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import approved_by, git, merge_approved
from panelfixtures.people import CHAIR, COORDINATOR, SM
from panelfixtures.repos import make_repo

AGENDA = "meetings/2026-12-03/agenda.md"
LATER = "2026-11-30T11:15:00+00:00"


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-11-30T12:00"})
    assert result.exit_code == code, result.output
    return result.output


def confirming(root: Path) -> Path:
    root = make_repo(root, [1, 2])
    config = root / "panel.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nagenda:\n", "\nagenda:\n  chair_confirms: true\n"))
    git(root, "commit", "-qam", "The chair confirms each agenda", date=LATER)
    return root


def merge_agenda(root: Path, approver: tuple[str, str], branch: str) -> None:
    """The co-ordinator changes the agenda on a branch; it is merged with `approver`'s approval."""
    text = (root / AGENDA).read_text(encoding="utf-8") + "\n"
    merge_approved(
        root, branch, {AGENDA: text}, "Agenda", date=LATER, author=COORDINATOR, trailers=approved_by(approver)
    )


def test_an_agenda_the_chair_has_not_approved_does_not_circulate(tmp_path: Path) -> None:
    root = confirming(tmp_path / "panel")
    output = run(root, "pack", "2026-12-03", "--circulate", code=1)
    assert "the chair has not confirmed the agenda meetings/2026-12-03/agenda.md" in output
    assert "agenda.chair_confirms: true" in output
    merge_agenda(root, SM, "agenda/by-the-service-manager")  # approved, but not by anyone who may chair
    assert "has not confirmed" in run(root, "pack", "2026-12-03", "--circulate", code=1)
    assert git(root, "tag", "-l") == ""


@pytest.mark.slow
def test_the_chairs_approval_on_the_agenda_merge_lets_it_circulate_until_the_agenda_changes(tmp_path: Path) -> None:
    root = confirming(tmp_path / "panel")
    merge_agenda(root, CHAIR, "agenda/confirmed")
    (root / AGENDA).write_text((root / AGENDA).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "commit", "-qam", "Agenda changed after the chair confirmed it", date=LATER)
    assert "has not confirmed" in run(root, "pack", "2026-12-03", "--circulate", code=1)
    merge_agenda(root, CHAIR, "agenda/confirmed-again")
    run(root, "pack", "2026-12-03", "--circulate")
    assert git(root, "tag", "-l").split() == ["pack/2026-12-03/v1"]
