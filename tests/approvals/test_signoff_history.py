"""Sign-offs read from real git histories: who approved, in which role, in time, and what does not count."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.status import referral_status
from generator.domain.history import Approval, HistoryUnavailable
from generator.domain.signoff import ReferralStatus
from generator.domain.signoff.approval import provable_approvals
from panelfixtures import PANEL_YML
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FINANCE, FORGE, SM, TM, TM2, WORKER
from panelfixtures.referrals import referral_text

PATH = "submissions/R-0001.md"
BOTH = "Approved-by: Tom Reyes <tom.reyes@council.example>\nApproved-by: Lena Novak <lena.novak@council.example>"
SQUASH = "Add R-0001 (!1)\n\n" + BOTH


def status_of(panel: PanelGit, referral_id: str = "R-0001") -> ReferralStatus:
    """The status of a referral in the panel's working tree."""
    repo = read_repository(panel.root, dt.date(2026, 11, 22), jobs=1)
    referral = repo.referral(referral_id)
    assert referral is not None, repo.diagnostics.sorted()
    assert repo.config is not None
    return referral_status(referral, read_history(panel.root), repo.config, panel.root)


def counted(panel: PanelGit) -> list[Approval]:
    """Every approval of PATH that the program can prove, repeats included."""
    config = load_config(panel.root)
    return provable_approvals(PATH, read_history(panel.root), config, frozenset()).counted


def test_full_chain_approved_in_time_is_ready(panel_git: PanelGit) -> None:
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    merge = panel_git.merge(branch, "2026-11-25 15:30", [TM, SM])
    status = status_of(panel_git)
    assert status.state == "ready"
    assert [a.email for a in status.approvals] == [TM[1], SM[1]]
    assert status.approvals[0].commit == merge
    assert status.approvals[0].at == dt.datetime(2026, 11, 25, 15, 30, tzinfo=dt.UTC)
    assert status.missing_roles == []
    assert status.roles == {"team-manager": TM[1], "service-manager": SM[1]}


def test_one_role_missing_awaits_it(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    status = status_of(panel_git)
    assert (status.state, status.awaiting_role, status.missing_roles) == (
        "awaiting",
        "service-manager",
        ["service-manager"],
    )
    assert status.label == "awaiting service-manager"


def test_approval_on_main_after_the_deadline_is_late(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    # The deadline for 3 December is Monday 30 November 17:00; the SM approves on 1 December.
    panel_git.approve_on_main("R-0001", SM, "2026-12-01 09:15")
    status = status_of(panel_git)
    assert status.state == "late"
    assert status.deadline is not None and status.deadline.isoformat() == "2026-11-30T17:00:00+00:00"
    assert status.signed_off_at is not None and status.signed_off_at.date() == dt.date(2026, 12, 1)


def test_approval_one_minute_before_the_deadline_is_in_time(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-30 16:59", [TM, SM])
    assert status_of(panel_git).state == "ready"


def test_approver_without_the_role_does_not_count(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, FINANCE])
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager"
    assert [i.email for i in status.ignored] == [FINANCE[1]]
    assert "holds no role" in status.ignored[0].reason


def test_unknown_approver_does_not_count(panel_git: PanelGit) -> None:
    stranger = ("Mallory Smith", "mallory@elsewhere.example")
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, stranger])
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager"
    assert "not one of the people" in status.ignored[0].reason


def test_self_approval_does_not_count(panel_git: PanelGit) -> None:
    # Hannah Cole is a team manager who wrote this referral herself.
    text = referral_text(replace={"name: Priya Shah\n  team": "name: Hannah Cole\n  team", WORKER[1]: TM2[1]})
    branch = panel_git.submit("R-0001", "2026-11-20 10:00", text, author=TM2)
    panel_git.merge(branch, "2026-11-25 15:30", [TM2, SM])
    status = status_of(panel_git)
    assert status.state == "awaiting" and status.awaiting_role == "team-manager"
    assert "self-approval" in status.ignored[0].reason


def test_commit_author_of_a_squashed_referral_cannot_approve_it(panel_git: PanelGit) -> None:
    # The squash commit on main is authored by Tom, though the referral names Priya as worker.
    message = SQUASH
    panel_git.commit({PATH: referral_text()}, message, "2026-11-25 15:30", author=TM, committer=FORGE)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"


def test_squash_commit_trailers_do_not_count(panel_git: PanelGit) -> None:
    # A squash commit cannot be told from the contributor's own commit fast-forwarded onto main.
    message = SQUASH
    panel_git.commit({PATH: referral_text()}, message, "2026-11-25 15:30", author=WORKER, committer=FORGE)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert {i.email for i in status.ignored} == {TM[1], SM[1]}
    assert all("not a merge" in i.reason for i in status.ignored)


def test_squash_commit_by_someone_else_does_not_count_either(panel_git: PanelGit) -> None:
    panel_git.commit({PATH: referral_text()}, SQUASH, "2026-11-25 15:30", author=FORGE, committer=FORGE)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert [i.email for i in status.ignored] == [TM[1], SM[1]]
    assert all("not a merge" in i.reason for i in status.ignored)


def test_rebased_branch_merged_counts_only_the_merge(panel_git: PanelGit) -> None:
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.commit({"notes.md": "unrelated\n"}, "Unrelated change on main", "2026-11-21 10:00", author=FORGE)
    panel_git.checkout(branch)
    panel_git.git("rebase", "-q", "main", committer=WORKER, when="2026-11-23 10:00")
    panel_git.commit({}, "Tidy\n\nApproved-by: Lena Novak <lena.novak@council.example>", "2026-11-23 11:00")
    panel_git.merge(branch, "2026-11-25 15:30", [TM])
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager"
    assert [a.email for a in status.approvals] == [TM[1]]


def test_rewritten_main_drops_approvals_no_longer_in_history(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    before = panel_git.repo.head.commit.hexsha
    panel_git.approve_on_main("R-0001", SM, "2026-11-26 09:00")
    panel_git.git("reset", "-q", "--hard", before)
    assert status_of(panel_git).awaiting_role == "service-manager"


def test_stale_approval_after_an_edit(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [TM, SM])
    edited = referral_text(replace={"weekly: 180": "weekly: 280", "total: 4680": "total: 7280"})
    panel_git.branch("raise-cost")
    panel_git.commit({PATH: edited}, "Raise the weekly cost", "2026-11-25 09:00")
    merge = panel_git.merge("raise-cost", "2026-11-25 12:00")
    status = status_of(panel_git)
    assert status.state == "awaiting" and status.awaiting_role == "team-manager"
    assert {i.email for i in status.ignored} == {TM[1], SM[1]}
    assert all(i.reason.startswith("stale") and merge[:10] in i.reason for i in status.ignored)


def test_reapproval_after_an_edit_counts(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [TM, SM])
    panel_git.branch("raise-cost")
    panel_git.commit({PATH: referral_text(replace={"weeks: 26": "weeks: 26 "})}, "Edit", "2026-11-25 09:00")
    panel_git.merge("raise-cost", "2026-11-25 12:00", [TM, SM])
    assert status_of(panel_git).state == "ready"


def test_merge_with_no_trailers_awaits_the_first_role(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30")
    status = status_of(panel_git)
    assert (status.state, status.awaiting_role) == ("awaiting", "team-manager")
    assert status.missing_roles == ["team-manager", "service-manager"]


def test_duplicate_trailers_count_once(panel_git: PanelGit) -> None:
    trailers = [
        "Reviewed-by: Tom Reyes <tom.reyes@council.example>",
        "approved-by: Tom Reyes <TOM.REYES@council.example>",
    ]
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM], trailers=trailers)
    panel_git.approve_on_main("R-0001", TM, "2026-11-26 09:00")
    assert {a.email for a in counted(panel_git)} == {TM[1]}
    # Tom cannot fill both roles by repeating himself.
    assert status_of(panel_git).awaiting_role == "service-manager"


def test_trailer_inside_a_branch_commit_approves_nothing(panel_git: PanelGit) -> None:
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.checkout(branch)
    panel_git.commit(
        {},
        "Sign off\n\n" + BOTH,
        "2026-11-21 10:00",
    )
    panel_git.merge(branch, "2026-11-25 15:30")
    assert counted(panel_git) == []
    assert status_of(panel_git).awaiting_role == "team-manager"


def test_ordered_chain_rejects_the_service_manager_first(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [SM])
    panel_git.approve_on_main("R-0001", TM, "2026-11-25 09:00")
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager"
    panel_git.approve_on_main("R-0001", SM, "2026-11-25 10:00")
    assert status_of(panel_git).state == "ready"


def test_unordered_chain_accepts_any_order(panel_git: PanelGit) -> None:
    config = (panel_git.root / "panel.yml").read_text(encoding="utf-8").replace("ordered: true", "ordered: false")
    panel_git.commit({"panel.yml": config}, "Unordered sign-off", "2026-11-17 09:00", author=FORGE)
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [SM])
    panel_git.approve_on_main("R-0001", TM, "2026-11-25 09:00")
    assert status_of(panel_git).state == "ready"


def test_draft_withdrawn_and_decided(panel_git: PanelGit) -> None:
    (panel_git.root / "submissions").mkdir()
    (panel_git.root / PATH).write_text(referral_text(), encoding="utf-8")
    assert status_of(panel_git).state == "draft"
    panel_git.merge(panel_git.submit("R-0002", "2026-11-20 10:00"), "2026-11-24 15:30", [TM, SM])
    panel_git.commit(
        {"meetings/2026-12-03/decisions/R-0002.md": "---\noutcome: approve\n---\n"},
        "Decide R-0002",
        "2026-12-03 16:00",
        author=FORGE,
    )
    # Not final: nobody who may chair approved it, so the referral is not decided (issue 8, item 8).
    assert status_of(panel_git, "R-0002").state == "ready"
    panel_git.record_decisions(
        {"meetings/2026-12-03/decisions/R-0002.md": "---\noutcome: approve\nagreed: [Yes]\n---\n"},
        "2026-12-03 17:00",
    )
    assert status_of(panel_git, "R-0002").state == "decided"
    assert status_of(panel_git, "R-0002").decision == "meetings/2026-12-03/decisions/R-0002.md"
    withdrawn = referral_text("R-0003") + ""
    withdrawn = withdrawn.replace(
        "costs:\n", "withdrawn:\n  date: 2026-11-23\n  reason: The family moved away.\ncosts:\n", 1
    )
    panel_git.merge(panel_git.submit("R-0003", "2026-11-20 11:00", withdrawn), "2026-11-24 15:30")
    assert status_of(panel_git, "R-0003").state == "withdrawn"


def test_shallow_clone_is_detected_with_fetch_instructions(panel_git: PanelGit, tmp_path: Path) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    panel_git.approve_on_main("R-0001", SM, "2026-11-26 09:00")
    clone = tmp_path / "clone"
    panel_git.git("clone", "-q", "--depth=1", f"file://{panel_git.root}", str(clone))
    with pytest.raises(HistoryUnavailable) as caught:
        read_history(clone)
    assert "shallow clone" in caught.value.message
    assert "git fetch --unshallow origin" in caught.value.hint and "fetch-depth: 0" in caught.value.hint
    history = read_history(clone, allow_shallow=True)
    assert history.is_shallow
    with pytest.raises(HistoryUnavailable):
        history.approving_commits(PATH)


def test_not_a_repository_is_a_clear_error(tmp_path: Path, isolated_git: None) -> None:
    shutil.copy(PANEL_YML, tmp_path / "panel.yml")
    with pytest.raises(HistoryUnavailable, match="not in a git repository"):
        read_history(tmp_path, load_config(tmp_path))


def test_changes_are_first_parent_commits_oldest_first(panel_git: PanelGit) -> None:
    first = panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30")
    panel_git.commit({PATH: referral_text(replace={"weeks: 26": "weeks: 26 "})}, "Fix", "2026-11-25 09:00", author=TM)
    changes = read_history(panel_git.root).changes(PATH)
    assert changes[0].commit == first
    assert [c.subject for c in changes] == ["Merge branch 'referral/R-0001-2026-11-20-10' into 'main'", "Fix"]
    assert changes[1].author_email == TM[1]
