"""An approval goes stale however the approved file's content changes on main (issue 8, item 4).

Each way a file can change in git — an edit, a whitespace edit, a mode change, a rename, a delete and restore,
a swap for a symbolic link to the same text, a swap for a folder — and a referral committed as a symbolic link
whose target then changes: none of them leaves the referral "ready" in `panel status`, and `panel check`
reports the link or folder.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import SM, TM, WORKER
from panelfixtures.referrals import referral_text

PATH = "submissions/R-0001.md"
CHANGED = "2026-11-25 09:00"


def run(panel: PanelGit, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(panel.root)])
    return result.exit_code, result.stdout, result.stderr


def state(panel: PanelGit) -> str | None:
    """R-0001's state in `panel status --format json`, or None when it is not listed."""
    code, out, err = run(panel, "status", "--format", "json")
    assert code == 0, err
    return next((row["state"] for row in json.loads(out) if row["referral"] == "R-0001"), None)


def commit_all(panel: PanelGit, message: str) -> None:
    panel.git("add", "-A")
    panel.commit({}, message, CHANGED, author=WORKER)


def edit(panel: PanelGit) -> None:
    panel.commit(
        {PATH: referral_text(replace={"weekly: 180": "weekly: 280", "total: 4680": "total: 7280"})}, "Edit", CHANGED
    )


def whitespace(panel: PanelGit) -> None:
    panel.commit({PATH: referral_text() + "\n"}, "Whitespace", CHANGED)


def mode(panel: PanelGit) -> None:
    (panel.root / PATH).chmod(0o755)
    panel.git("update-index", "--chmod=+x", PATH)
    panel.commit({}, "Make it executable", CHANGED)


def rename(panel: PanelGit) -> None:
    panel.git("mv", PATH, "submissions/R-0001-renamed.md")
    panel.commit({}, "Rename", CHANGED)


def delete_and_restore(panel: PanelGit) -> None:
    panel.commit({PATH: None}, "Remove", CHANGED)
    panel.commit({PATH: referral_text()}, "Restore the same text", "2026-11-25 10:00")


def symlink_swap(panel: PanelGit) -> None:
    shared = panel.root / "shared" / "R-0001.md"
    shared.parent.mkdir()
    shutil.move(panel.root / PATH, shared)
    (panel.root / PATH).symlink_to(os.path.relpath(shared, (panel.root / PATH).parent))
    commit_all(panel, "Same text, through a link")


def folder_swap(panel: PanelGit) -> None:
    path = panel.root / PATH
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.mkdir()
    (path / "referral.md").write_text(text, encoding="utf-8")
    commit_all(panel, "A folder in its place")


CHANGES: dict[str, Callable[[PanelGit], None]] = {
    "edit": edit,
    "whitespace": whitespace,
    "mode": mode,
    "rename": rename,
    "delete-and-restore": delete_and_restore,
    "symlink-swap": symlink_swap,
    "folder-swap": folder_swap,
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_makes_the_approval_stale(panel_git: PanelGit, change: str) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [TM, SM])
    assert state(panel_git) == "ready"
    CHANGES[change](panel_git)
    assert state(panel_git) != "ready"
    if change in ("symlink-swap", "folder-swap"):
        code, out, _ = run(panel_git, "check")
        assert code == 1 and f"{PATH}:1:1: error[file-" in out, out
        _, _, err = run(panel_git, "status")
        assert f"note: {PATH}:" in err


def test_a_symlinked_referral_never_stays_ready_while_its_target_changes(panel_git: PanelGit) -> None:
    """The link itself never changes in git, so only refusing links keeps the rule sound."""
    panel_git.branch("referral/R-0001")
    shared = panel_git.root / "shared" / "R-0001.md"
    shared.parent.mkdir()
    shared.write_text(referral_text(), encoding="utf-8")
    (panel_git.root / PATH).parent.mkdir()
    (panel_git.root / PATH).symlink_to("../shared/R-0001.md")
    panel_git.git("add", "-A")
    panel_git.commit({}, "Add R-0001", "2026-11-20 10:00")
    panel_git.merge("referral/R-0001", "2026-11-24 15:30", [TM, SM])
    panel_git.commit({"shared/R-0001.md": referral_text(replace={"weekly: 180": "weekly: 980"})}, "Raise it", CHANGED)
    assert state(panel_git) is None
    code, out, _ = run(panel_git, "check")
    assert code == 1 and f"{PATH}:1:1: error[file-symlink]: is a symbolic link" in out
    run(panel_git, "agenda", "2026-12-03")
    agenda = panel_git.root / "meetings/2026-12-03/agenda.md"
    assert not agenda.exists() or "R-0001" not in agenda.read_text(encoding="utf-8")
