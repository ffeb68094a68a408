"""`panel check --base`: a merge request's own commits must not carry approval lines (issue 8 item 3)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.panelgit import PanelGit
from panelfixtures.referrals import referral_text


def check(panel: PanelGit, *args: str) -> tuple[int, str, str]:
    """Run `panel check` in the panel's working tree (as CI does, on the merge request's head)."""
    cwd = os.getcwd()
    os.chdir(panel.root)
    try:
        result = CliRunner().invoke(main, ["check", "--root", str(panel.root), *args])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "line",
    [
        "Approved-by: Tom Reyes <tom.reyes@council.example>",
        "reviewed-by: Tom Reyes <tom.reyes@council.example>",
        "  Approved-By : tom.reyes@council.example",
    ],
)
def test_branch_commit_with_an_approval_line_fails_the_check(panel_git: PanelGit, line: str) -> None:
    panel_git.branch("referral/R-0001")
    panel_git.commit({"submissions/R-0001.md": referral_text()}, "Add R-0001", "2026-11-20 10:00")
    forged = panel_git.commit({}, f"Ready for panel\n\nSee the plan.\n\n{line}", "2026-11-20 11:00")
    panel_git.commit({}, "Typo", "2026-11-20 12:00")
    code, out, _ = check(panel_git)
    assert code == 0, out
    code, out, _ = check(panel_git, "--base", "main")
    assert code == 1
    assert f"commit {forged[:10]}:5:1: error[approval-in-branch]" in out
    assert "never typed into a merge request's commits" in out and "git rebase -i main" in out
    code, out, _ = check(panel_git, "--base", "main", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert [d["path"] for d in found] == [f"commit {forged[:10]}"]


def test_branch_without_approval_lines_passes(panel_git: PanelGit) -> None:
    panel_git.branch("referral/R-0001")
    panel_git.commit(
        {"submissions/R-0001.md": referral_text()}, "Add R-0001\n\nApproved by the family.", "2026-11-20 10:00"
    )
    code, out, _ = check(panel_git, "--base", "main")
    assert code == 0, out


def test_an_unknown_base_is_a_usage_error(panel_git: PanelGit) -> None:
    code, _, err = check(panel_git, "--base", "origin/nowhere")
    assert code == 2 and "cannot list the commits origin/nowhere..HEAD" in err and "--base origin/main" in err
