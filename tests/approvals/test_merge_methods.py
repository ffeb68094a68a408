"""Which merge methods carry approvals that count, on real git repositories (issue 8 items 3, 5, 15)."""

from __future__ import annotations

import datetime as dt
from time import perf_counter

import pytest

from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.status import referral_status
from generator.domain.history.trailers import read_trailers
from generator.domain.signoff import ReferralStatus
from generator.domain.signoff.finality import finality
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE, SM, TM, TM2, WORKER, Who
from panelfixtures.referrals import referral_text

PATH = "submissions/R-0001.md"
BOTH = "Approved-by: Tom Reyes <tom.reyes@council.example>\nApproved-by: Lena Novak <lena.novak@council.example>"


def status_of(panel: PanelGit, referral_id: str = "R-0001") -> ReferralStatus:
    """The status of a referral in the panel's working tree."""
    repo = read_repository(panel.root, dt.date(2026, 11, 22), jobs=1)
    referral = repo.referral(referral_id)
    assert referral is not None and repo.config is not None, repo.diagnostics.sorted()
    return referral_status(referral, read_history(panel.root), repo.config, panel.root)


def forged_branch(panel: PanelGit) -> str:
    """The worker's branch adding R-0001 in a commit that types both approvals into its own message."""
    name = "referral/R-0001"
    panel.branch(name)
    panel.commit({PATH: referral_text()}, "Add R-0001\n\n" + BOTH, "2026-11-20 10:00")
    panel.checkout("main")
    return name


def test_merge_commit_written_by_the_forge_counts(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    assert status_of(panel_git).state == "ready"


def test_fast_forward_of_a_commit_with_typed_trailers_does_not_count(panel_git: PanelGit) -> None:
    branch = forged_branch(panel_git)
    panel_git.git("merge", "--ff-only", "-q", branch)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert [i.email for i in status.ignored] == [TM[1], SM[1]]
    assert all("not a merge" in i.reason for i in status.ignored)


def test_rebase_onto_main_does_not_count(panel_git: PanelGit) -> None:
    branch = forged_branch(panel_git)
    panel_git.commit({"notes.md": "minutes\n"}, "Unrelated change on main", "2026-11-21 09:00", author=FORGE)
    panel_git.checkout(branch)
    panel_git.git("rebase", "-q", "main", committer=FORGE, when="2026-11-21 09:30")
    panel_git.checkout("main")
    panel_git.git("merge", "--ff-only", "-q", branch)
    assert panel_git.git("log", "-1", "--format=%B", "HEAD~1").startswith("Unrelated")
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager" and len(status.ignored) == 2


@pytest.mark.parametrize("author", [WORKER, FORGE, TM], ids=["by-the-worker", "by-the-forge", "by-an-approver"])
def test_squash_listing_the_branch_commits_does_not_count(panel_git: PanelGit, author: Who) -> None:
    # GitHub's default squash message lists every branch commit's message, trailers included.
    message = "Add R-0001 (#1)\n\n* Add R-0001\n\n" + BOTH
    panel_git.commit({PATH: referral_text()}, message, "2026-11-25 15:30", author=author, committer=FORGE)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert {i.email for i in status.ignored} == {TM[1], SM[1]}


def test_merge_whose_trailers_were_copied_from_the_branch_does_not_count(panel_git: PanelGit) -> None:
    # A merge message template that lists the branch's commits (%{all_commits}) copies their trailers.
    branch = forged_branch(panel_git)
    panel_git.merge(branch, "2026-11-25 15:30", [TM, SM])
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    copied = [i for i in status.ignored if i.reason.startswith("copied")]
    assert {i.email for i in copied} == {TM[1], SM[1]}


def test_copied_trailer_is_refused_but_the_merge_s_other_approvals_count(panel_git: PanelGit) -> None:
    name = "referral/R-0001"
    panel_git.branch(name)
    panel_git.commit(
        {PATH: referral_text()},
        "Add R-0001\n\nApproved-by: Lena Novak <LENA.NOVAK@council.example>",
        "2026-11-20 10:00",
    )
    panel_git.merge(name, "2026-11-25 15:30", [TM, SM])
    status = status_of(panel_git)
    assert status.roles == {"team-manager": TM[1]}
    assert [i.email for i in status.ignored] == [SM[1]]


def test_trailers_of_an_earlier_branch_do_not_taint_a_later_merge(panel_git: PanelGit) -> None:
    # A trailer typed in another referral's branch does not stop Tom approving R-0001 later.
    panel_git.branch("other")
    panel_git.commit({"submissions/R-0002.md": referral_text("R-0002")}, "Add R-0002\n\n" + BOTH, "2026-11-19 10:00")
    panel_git.merge("other", "2026-11-19 12:00")
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    assert status_of(panel_git).state == "ready"


def test_merge_made_by_the_referral_s_writer_does_not_count(panel_git: PanelGit) -> None:
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.merge(branch, "2026-11-25 15:30", [TM, SM], committer=WORKER)
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert all("who wrote or changed this file" in i.reason for i in status.ignored)


def test_panel_approve_commit_counts_only_when_made_by_the_approver(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [TM])
    # The worker writes an approval commit in Lena's name, as themself.
    message = "Approve R-0001\n\nReferral: R-0001\nApproved-by: Lena Novak <lena.novak@council.example>"
    panel_git.commit({}, message, "2026-11-25 09:00", author=WORKER)
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager"
    assert "not by lena.novak@council.example" in status.ignored[0].reason
    panel_git.approve_on_main("R-0001", SM, "2026-11-25 10:00")
    assert status_of(panel_git).state == "ready"


def test_approval_commit_that_also_changes_files_does_not_count(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [TM])
    message = "Approve R-0001\n\nReferral: R-0001\nApproved-by: Lena Novak <lena.novak@council.example>"
    panel_git.commit({"notes.md": "x\n"}, message, "2026-11-25 09:00", author=SM)
    status = status_of(panel_git)
    assert status.awaiting_role == "service-manager" and "not a merge" in status.ignored[0].reason


# Issue 8 item 5: self-approval by another spelling of the same address.
SPELLINGS = [
    "hannah.cole@council.example",
    "Hannah.Cole@Council.Example",
    "HANNAH.COLE@COUNCIL.EXAMPLE",
    "hannah.cole+panel@council.example",
    "Hannah.Cole+R-0001@council.example",
]


@pytest.mark.parametrize("worker_email", SPELLINGS)
@pytest.mark.parametrize("trailer_email", SPELLINGS[::-2])
def test_self_approval_by_any_spelling_does_not_count(
    panel_git: PanelGit, worker_email: str, trailer_email: str
) -> None:
    text = referral_text(replace={"name: Priya Shah\n  team": "name: Hannah Cole\n  team", WORKER[1]: worker_email})
    branch = panel_git.submit("R-0001", "2026-11-20 10:00", text, author=WORKER)
    panel_git.merge(branch, "2026-11-25 15:30", [("Hannah Cole", trailer_email), SM])
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert "self-approval" in status.ignored[0].reason


@pytest.mark.parametrize("spelling", SPELLINGS[1:])
def test_an_approver_s_other_spelling_counts_once(panel_git: PanelGit, spelling: str) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30", [("Hannah Cole", spelling)])
    panel_git.approve_on_main("R-0001", TM2, "2026-11-25 09:00")
    status = status_of(panel_git)
    assert status.roles == {"team-manager": TM2[1]} and status.awaiting_role == "service-manager"


def test_approver_who_wrote_a_commit_of_the_referral_on_the_branch_cannot_approve(panel_git: PanelGit) -> None:
    # The referral names Priya, but Tom wrote part of it on the branch, then approves it.
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.checkout(branch)
    edited = referral_text(replace={"weeks: 26": "weeks: 26 "})
    panel_git.commit(
        {PATH: edited}, "Tidy the plan", "2026-11-21 10:00", author=("Tom R", "Tom.Reyes+work@council.example")
    )
    panel_git.merge(branch, "2026-11-25 15:30", [TM, SM])
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert "self-approval" in next(i.reason for i in status.ignored if i.email == TM[1])


def test_plus_addressing_can_be_turned_off(panel_git: PanelGit) -> None:
    config = (panel_git.root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("  council:", "  email_plus_addressing: false\n  council:", 1)
    assert "email_plus_addressing" in config
    panel_git.commit({"panel.yml": config}, "Plus addresses are separate mailboxes", "2026-11-17 09:00", author=FORGE)
    panel_git.merge(
        panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [("Tom", "tom.reyes+x@council.example"), SM]
    )
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager"
    assert "not one of the people" in status.ignored[0].reason


# Issue 8 item 15: malformed approval lines are reported, never silently dropped.
MALFORMED = {
    "no-angle-brackets": ("Approved-by: tom.reyes@council.example", "angle brackets"),
    "no-address": ("Approved-by: Tom Reyes", "no email address"),
    "two-people": (
        "Approved-by: Tom Reyes <tom.reyes@council.example>, Lena Novak <lena.novak@council.example>",
        "more than one person",
    ),
    "two-people-and": (
        "Approved-by: Tom Reyes <tom.reyes@council.example> and Lena Novak <lena.novak@council.example>",
        "more than one person",
    ),
    "prose-in-paragraph": (
        "Approved-by: Tom Reyes <tom.reyes@council.example>\nLooks good to me, thanks",
        "not a trailer",
    ),
    "not-last-paragraph": (
        "Approved-by: Tom Reyes <tom.reyes@council.example>\n\nSee merge request !1",
        "last paragraph",
    ),
}


@pytest.mark.parametrize("lines", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_approval_lines_are_reported(panel_git: PanelGit, lines: tuple[str, str]) -> None:
    text, why = lines
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", trailers=[text])
    status = status_of(panel_git)
    assert status.awaiting_role == "team-manager" and status.approvals == []
    assert status.ignored, "a malformed approval line vanished"
    assert all(why in i.reason for i in status.ignored)
    assert status.ignored[0].email == "tom.reyes@council.example" or why == "no email address"


def test_chair_approval_of_a_decision_counts_only_from_a_merge(panel_git: PanelGit) -> None:
    chair = ("Dana Whitfield", "dana.whitfield@council.example")
    decision = "meetings/2026-12-03/decisions/R-0001.md"
    trailer = f"Approved-by: {chair[0]} <{chair[1]}>"
    # Typed into the co-ordinator's own commit and fast-forwarded: not final.
    panel_git.commit({decision: "---\noutcome: approve\n---\n"}, f"Decision\n\n{trailer}", "2026-12-03 17:00")
    config = load_config(panel_git.root)
    assert not finality(decision, read_history(panel_git.root), config).final
    # Merged by the forge with the chair's approval: final.
    panel_git.branch("decision")
    panel_git.commit({decision: "---\noutcome: approve\n---\nDiscussed.\n"}, "Decision, corrected", "2026-12-03 17:10")
    panel_git.merge("decision", "2026-12-03 17:30", [chair])
    assert finality(decision, read_history(panel_git.root), config).final


@pytest.mark.parametrize(
    "line",
    [
        "Approved-by: " + "a" * 200_000,
        "Approved-by: Tom " + " " * 200_000 + "<tom.reyes@council.example>",
        "Approved-by: " + "x@" * 100_000,
    ],
    ids=["no-at", "spaces", "many-ats"],
)
def test_a_huge_approval_line_is_reported_quickly(line: str) -> None:
    began = perf_counter()
    found = read_trailers(f"Merge\n\nSee merge request !1\n\n{line}")
    assert perf_counter() - began < 1.0
    assert found.signers == () and len(found.malformed) == 1
    assert "longer than 500 characters" in found.malformed[0].reason
