"""Quorum per item, through `panel check`, `panel export` and `panel status` on real git repositories."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import git
from tests.records_helpers import DECISION, make_panel, record_decisions, write

NOW = {"PANEL_NOW": "2026-12-20T10:00"}
BEXLEY = "  quorum_roles: [[chair, vice-chair, head-of-service]]\n"
QUORUM = "  quorum: 3\n  quorum_roles: [[chair, vice-chair], finance-officer]\n"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env=NOW)
    return result.exit_code, result.output


def quorate_panel(tmp_path: Path, present: str, declarations: str = "[]") -> Path:
    """The example panel with a quorum of 3 including the chair or vice chair and the finance officer."""
    root = make_panel(tmp_path / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    assert BEXLEY in config
    (root / "panel.yml").write_text(config.replace(BEXLEY, QUORUM), encoding="utf-8")
    git(root, "commit", "-qam", "A quorum")
    meeting = (
        f"---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: {present}\ndeclarations: {declarations}\n---\n"
    )
    write(root, "meetings/2026-12-03/meeting.md", meeting)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    return root


def decided(root: Path) -> list[tuple[str, str]]:
    code, out = run(root, "export", "decisions")
    assert code == 0, out
    return [(row["meeting"], row["referral"]) for row in csv.DictReader(io.StringIO(out))]


def test_an_item_without_the_roles_the_quorum_needs_is_an_error_and_provisional(tmp_path: Path) -> None:
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh, Grace Adeyemi]")
    code, out = run(root, "check")
    assert code == 1
    assert "meetings/2026-12-03/decisions/R-0001.md:2:11: error[inquorate]" in out
    assert "R-0001 was decided without a quorum on 2026-12-03: no Finance officer" in out
    assert "'confirms: 2026-12-03'" in out
    # Signed off by the chair, but provisional: it counts in no register, and status says why.
    assert decided(root) == []
    code, out = run(root, "status", "2026-12-03")
    assert "provisional: decided without a quorum (no Finance officer)" in out, out


def test_a_member_who_declared_an_interest_is_not_counted_for_that_item(tmp_path: Path) -> None:
    present = "[Dana Whitfield, Owen Marsh, Grace Adeyemi, Ruth Bell]"
    declared = "[{member: Grace Adeyemi, item: R-0001, nature: manages the worker}]"
    root = quorate_panel(tmp_path, present, declared)
    # Four present, one conflicted: three count, with the chair and the finance officer. Quorate.
    code, out = run(root, "check")
    assert code == 0, out
    assert decided(root) == [("2026-12-03", "R-0001")]
    # With the finance officer conflicted instead, the item is inquorate although four were present.
    declared = "[{member: Ruth Bell, item: R-0001, nature: her partner runs the provider}]"
    meeting = f"---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: {present}\ndeclarations: {declared}\n---\n"
    write(root, "meetings/2026-12-03/meeting.md", meeting)
    code, out = run(root, "check")
    assert code == 1 and "no Finance officer (Ruth Bell declared an interest)" in out, out


def test_a_quorate_meeting_confirms_a_provisional_decision_which_then_counts_instead(tmp_path: Path) -> None:
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh]")
    assert "2 members counted, 3 needed; no Finance officer" in run(root, "check")[1]
    later = "---\nmeeting: 2026-12-10\nchair: Dana Whitfield\npresent: [Dana Whitfield, Lena Novak, Ruth Bell]\n---\n"
    write(root, "meetings/2026-12-10/meeting.md", later)
    confirmation = DECISION.format(referral="R-0001").replace("2026-12-03", "2026-12-10")
    confirmation = confirmation.replace("rationale:", "confirms: 2026-12-03\nrationale:")
    write(root, "meetings/2026-12-10/decisions/R-0001.md", confirmation)
    record_decisions(root, "2026-12-10")
    code, out = run(root, "check")
    assert "inquorate" not in out and code == 0, out
    assert decided(root) == [("2026-12-10", "R-0001")]
    assert " decided " in run(root, "status", "2026-12-03")[1]


def test_confirms_must_name_an_earlier_decision_on_the_referral(tmp_path: Path) -> None:
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh, Ruth Bell]")
    text = (root / "meetings/2026-12-03/decisions/R-0001.md").read_text()
    write(
        root, "meetings/2026-12-03/decisions/R-0001.md", text.replace("rationale:", "confirms: 2026-11-26\nrationale:")
    )
    code, out = run(root, "check")
    assert code == 1 and "error[confirms-unknown]: confirms: no decision on R-0001 at an earlier meeting" in out


def test_a_chair_with_an_interest_cannot_make_the_decision_final(tmp_path: Path) -> None:
    declared = "[{member: Dana Whitfield, item: R-0001, nature: knows the family}]"
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh, Grace Adeyemi, Ruth Bell]", declared)
    code, out = run(root, "check")
    assert code == 1 and "error[conflict-of-interest]" in out
    # Dana's approval of the merge does not make it final: she may not sign off an item she declared.
    assert (
        "Dana Whitfield declared an interest in R-0001 and can neither chair nor sign it off"
        in run(root, "status", "2026-12-03")[1]
    )


def test_quorum_roles_must_name_roles_someone_holds(tmp_path: Path) -> None:
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh, Ruth Bell]")
    config = (root / "panel.yml").read_text(encoding="utf-8")
    (root / "panel.yml").write_text(config.replace("finance-officer]\n", "treasurer]\n", 1), encoding="utf-8")
    code, out = run(root, "check")
    assert code == 2 and "panel.quorum_roles names role 'treasurer', which roles does not define" in out, out


def test_the_next_agenda_lists_a_provisional_decision_and_panel_decide_prefills_confirms(tmp_path: Path) -> None:
    root = quorate_panel(tmp_path, "[Dana Whitfield, Owen Marsh]")
    code, out = run(root, "agenda", "2026-12-10")
    assert code == 0, out
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert "Confirmation: " in agenda and "decided without a quorum" in agenda
    assert "review_of: meetings/2026-12-03/decisions/R-0001.md" in agenda
    assert "confirms: 2026-12-03" in agenda  # the item's note says how the meeting confirms it
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Agenda for 10 December")
    code, out = run(root, "decide", "R-0001", "--meeting", "2026-12-10")
    assert code == 0, out
    text = (root / "meetings/2026-12-10/decisions/R-0001.md").read_text(encoding="utf-8")
    assert "\nconfirms: 2026-12-03\n" in text and "was made without a quorum" in text
