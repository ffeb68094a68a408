"""The history reader diffs each (parent tree, tree) pair once; every commit still gets exactly git's own changes."""

from __future__ import annotations

from generator.commands.history import read_history, read_log
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE, SM, TM
from panelfixtures.referrals import referral_text


def git_changes(panel: PanelGit, sha: str) -> tuple[tuple[str, str], ...]:
    """What `git show` lists as changed by `sha` against its first parent."""
    out = panel.git("show", "--diff-merges=first-parent", "--no-renames", "--name-status", "--format=", sha)
    return tuple((line.split("\t", 1)[0][:1], line.split("\t", 1)[1]) for line in out.splitlines() if "\t" in line)


def mixed_history(panel: PanelGit) -> None:
    """Up-to-date branches, stale branches, a branch with a merge of main in it, deletes, a fast-forward."""
    first = panel.submit("R-0001", "2026-11-17 10:00")
    stale = panel.submit("R-0002", "2026-11-17 11:00", author=TM)
    panel.merge(first, "2026-11-18 10:00", [TM, SM])
    panel.commit({"submissions/R-0003.md": referral_text("R-0003")}, "Add R-0003 on main", "2026-11-18 11:00")
    panel.checkout(stale)
    panel.git("merge", "-q", "--no-ff", "-m", "Merge main into branch", "main", who=TM, when="2026-11-18 12:30")
    edited = referral_text(replace={"weeks: 26": "weeks: 27"})
    panel.commit({"submissions/R-0001.md": edited, "submissions/R-0003.md": None}, "Edit", "2026-11-18 13:00", TM)
    panel.merge(stale, "2026-11-19 10:00", [SM])
    same = panel.submit("R-0004", "2026-11-19 11:00")
    panel.git("merge", "-q", "--ff-only", same)


def test_every_commit_has_the_changes_git_lists(panel_git: PanelGit) -> None:
    """First-parent merges, branch commits with their own trees, and branch commits sharing a merge's tree."""
    mixed_history(panel_git)
    commits = read_log(panel_git.root, "refs/heads/main", "")
    assert len(commits) == int(panel_git.git("rev-list", "--count", "main"))
    for commit in commits:
        if commit.index < 0 and commit.is_merge:
            assert commit.changes == ()  # a branch merge: nothing asks what it changed
        else:
            assert commit.changes == git_changes(panel_git, commit.sha), commit.subject


def test_writers_on_a_stale_branch_are_known(panel_git: PanelGit) -> None:
    """A branch commit whose parent is behind main (its own tree pair) still makes its author a writer."""
    mixed_history(panel_git)
    history = read_history(panel_git.root)
    assert TM[1] in history.authors("submissions/R-0001.md")
    assert TM[1] in history.authors("submissions/R-0003.md")
    assert FORGE[1] not in history.authors("submissions/R-0001.md")
    assert history.on_main("submissions/R-0004.md") and not history.on_main("submissions/R-0003.md")
