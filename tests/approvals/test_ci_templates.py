"""The CI templates fetch full history and check pull requests; the GitLab merge template's trailers count."""

from __future__ import annotations

import datetime as dt

import yaml

from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.status import referral_status
from panelfixtures import REPO
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE, SM, TM

ROOT = REPO


def test_github_workflow_fetches_full_history_and_annotates_pull_requests() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/panel.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in workflow["jobs"]["check"]["steps"]]
    assert any(r.startswith("panel check --format github") for r in runs)
    # The branch itself is checked against its base, so a referral id taken there meanwhile is reported,
    # and its own commits must carry no approval lines (--base).
    assert 'panel check --format github --against "origin/$BASE" --base "origin/$BASE"' in runs
    checkout = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert any("upload-artifact" in s.get("uses", "") for s in workflow["jobs"]["publish"]["steps"])


def test_gitlab_ci_fetches_full_history() -> None:
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["GIT_DEPTH"] == 0
    assert (
        'panel check --format gitlab --against "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
        '--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" > gl-code-quality-report.json || status=$?' in ci["check"]["script"]
    )
    assert "panel build" in ci["publish"]["script"] and ci["publish"]["artifacts"]["paths"]


def test_gitlab_merge_commit_template_writes_counting_trailers(panel_git: PanelGit) -> None:
    template = (ROOT / "templates/ci/gitlab-merge-commit-template.txt").read_text(encoding="utf-8")
    approved_by = "\n".join(f"Approved-by: {name} <{email}>" for name, email in (TM, SM))
    message = (
        template.replace("%{source_branch}", "r-0001")
        .replace("%{target_branch}", "main")
        .replace("%{title}", "Add R-0001")
        .replace("%{reference}", "panel/rcp!1")
        .replace("%{approved_by}", approved_by)
    )
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.checkout("main")
    panel_git.git("merge", "--no-ff", "-q", "-m", message, branch, who=FORGE, when="2026-11-25 15:30")
    repo = read_repository(panel_git.root, dt.date(2026, 11, 22), jobs=1)
    referral = repo.referral("R-0001")
    assert referral is not None and repo.config is not None
    assert referral_status(referral, read_history(panel_git.root), repo.config, panel_git.root).state == "ready"


def fill(template: str, approved_by: str) -> str:
    """A GitLab commit template filled in as GitLab does."""
    return (
        template.replace("%{source_branch}", "r-0001")
        .replace("%{target_branch}", "main")
        .replace("%{title}", "Add R-0001")
        .replace("%{reference}", "panel/rcp!1")
        .replace("%{approved_by}", approved_by)
    )


def gitlab_squash_and_merge(panel_git: PanelGit, squash_template: str) -> None:
    """GitLab's 'Merge commit' method with 'Squash commits': a squash commit on the branch, then a merge."""
    approved_by = "\n".join(f"Approved-by: {name} <{email}>" for name, email in (TM, SM))
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.branch("squashed")
    panel_git.git("merge", "--squash", "-q", branch)
    panel_git.commit({}, fill(squash_template, approved_by), "2026-11-25 15:29")
    merge_template = (ROOT / "templates/ci/gitlab-merge-commit-template.txt").read_text(encoding="utf-8")
    panel_git.checkout("main")
    message = fill(merge_template, approved_by)
    panel_git.git("merge", "--no-ff", "-q", "-m", message, "squashed", who=FORGE, when="2026-11-25 15:30")


def status_now(panel_git: PanelGit) -> str:
    repo = read_repository(panel_git.root, dt.date(2026, 11, 22), jobs=1)
    referral = repo.referral("R-0001")
    assert referral is not None and repo.config is not None
    return referral_status(referral, read_history(panel_git.root), repo.config, panel_git.root).state


def test_gitlab_squash_then_merge_commit_counts_with_the_shipped_templates(panel_git: PanelGit) -> None:
    squash = (ROOT / "templates/ci/gitlab-squash-commit-template.txt").read_text(encoding="utf-8")
    assert "%{approved_by}" not in squash and "%{all_commits}" not in squash
    gitlab_squash_and_merge(panel_git, squash)
    assert status_now(panel_git) == "ready"


def test_gitlab_squash_template_listing_approvals_makes_the_merge_s_copies_not_count(panel_git: PanelGit) -> None:
    gitlab_squash_and_merge(panel_git, "%{title}\n\n%{approved_by}\n")
    assert status_now(panel_git) == "awaiting"
