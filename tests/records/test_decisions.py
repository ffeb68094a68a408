"""Meeting and decision records: schema, outcome requirements, cross-checks and `panel decide`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.repository import read_repository
from panelfixtures import REPO
from tests.records_helpers import DECISION, make_panel, write

TODAY = dt.date(2026, 11, 22)


def codes(root: Path, today: dt.date = TODAY) -> dict[str, list[str]]:
    """Problem code → formatted diagnostics."""
    found: dict[str, list[str]] = {}
    for d in read_repository(root, today, jobs=1).diagnostics.sorted():
        found.setdefault(d.code, []).append(d.format())
    return found


def test_example_records_check_clean(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    repo = read_repository(root, TODAY, jobs=1)
    assert [d.format() for d in repo.diagnostics] == []
    assert [d.referral for d in repo.decisions] == ["R-0001"]
    assert repo.meetings[0].chair == "Dana Whitfield"
    assert repo.decisions[0].approved is not None and repo.decisions[0].approved.total == 4680


def test_the_repository_own_examples_check_clean() -> None:
    root = REPO
    repo = read_repository(root, TODAY, jobs=1)
    # The example's browser editor names no real forge: said once, as for any panel started from a starter.
    assert [d.code for d in repo.diagnostics] == ["cms-placeholder"]
    assert repo.decisions and repo.meetings


def test_deferral_needs_date_and_reason(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("outcome: approve", "outcome: defer")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    found = codes(root)["outcome-requires"]
    assert len(found) == 2
    assert found[0].startswith("meetings/2026-12-03/decisions/R-0001.md:4:10: error[outcome-requires]")
    assert "outcome 'defer' (Deferred) needs 'deferral_date'" in found[0]
    assert "deferral_reason" in found[1] and "hint: add 'deferral_reason:'" in found[1]


def test_return_to_panel_needs_a_date_and_alternative_needs_alternative(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text.replace("outcome: approve", "outcome: return-to-panel"))
    assert "'return_date'" in codes(root)["outcome-requires"][0]
    write(
        root,
        "meetings/2026-12-03/decisions/R-0001.md",
        text.replace("outcome: approve", "outcome: approve-alternative"),
    )
    assert "'alternative'" in codes(root)["outcome-requires"][0]
    fixed = text.replace("outcome: approve", "outcome: approve-alternative\nalternative: In-house family support")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", fixed)
    assert "outcome-requires" not in codes(root)


def test_unknown_outcome_and_field_are_reported_with_lines(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("outcome: approve", "outcome: aprove\nreveiw_date: 2027-01-07")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    found = codes(root)
    assert 'did you mean "approve"?' in found["field-value"][0]
    assert ":5:1: error[field-unknown]: unknown field 'reveiw_date'" in found["field-unknown"][0]


def test_decision_must_name_an_existing_referral(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    write(root, "meetings/2026-12-03/decisions/R-0009.md", DECISION.format(referral="R-0009"))
    found = codes(root)["decision-referral-unknown"]
    assert found == [
        "meetings/2026-12-03/decisions/R-0009.md:2:11: error[decision-referral-unknown]: no referral R-0009 in "
        'submissions/\n  hint: did you mean "R-0001"?'
    ]


def test_decision_file_name_and_folder_must_match(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("meeting: 2026-12-03", "meeting: 2026-12-10")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    assert "does not match its folder meetings/2026-12-03/" in codes(root)["meeting-date"][0]


def test_conflicted_chair_takes_no_part(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    meeting = (root / "meetings/2026-12-03/meeting.md").read_text()
    meeting = meeting.replace(
        "declarations: []", "declarations:\n  - {member: Dana Whitfield, item: R-0001, nature: knows the family}"
    )
    write(root, "meetings/2026-12-03/meeting.md", meeting)
    found = codes(root)["conflict-of-interest"]
    assert "Dana Whitfield declared an interest in R-0001 and must take no part" in found[0]
    text = DECISION.format(referral="R-0001").replace("outcome: approve", "outcome: approve\nchair: Owen Marsh")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    assert "conflict-of-interest" not in codes(root)


def test_approval_over_the_request_must_say_so(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("total: 4680", "total: 5200")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    found = codes(root)["over-request"]
    assert "total £5,200 > requested £4,680" in found[0]
    explained = text.replace(
        "  budget_line: s17-cin", "  budget_line: s17-cin\n  over_request: Two extra weeks over Easter."
    )
    write(root, "meetings/2026-12-03/decisions/R-0001.md", explained)
    assert "over-request" not in codes(root)


def test_overdue_review_is_a_warning(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    later = dt.date(2027, 3, 1)  # 12 weeks after 3 December 2026 is 25 February 2027
    warnings = codes(root, later)["review-overdue"]
    assert "warning[review-overdue]: R-0001 was due back at panel by 2027-02-25" in warnings[0]
    assert "review-overdue" not in codes(root, dt.date(2027, 2, 20))


def test_an_inquorate_item_is_an_error_and_a_missing_meeting_record_a_warning(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    # Bexley's terms set no quorum, so the starter has none: this panel sets one.
    config = (root / "panel.yml").read_text(encoding="utf-8")
    (root / "panel.yml").write_text(
        config.replace("  referral_id_prefix: R\n", "  referral_id_prefix: R\n  quorum: 3\n")
    )
    write(
        root,
        "meetings/2026-12-03/meeting.md",
        "---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: [Dana Whitfield]\n---\n",
    )
    assert "1 member counted, 3 needed" in codes(root)["inquorate"][0]
    assert codes(root)["inquorate"][0].startswith("meetings/2026-12-03/decisions/R-0001.md:2:11: error[inquorate]")
    (root / "meetings/2026-12-03/meeting.md").unlink()
    assert "meeting-record-missing" in codes(root)


def test_panel_decide_scaffolds_from_the_agenda(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    result = CliRunner().invoke(main, ["decide", "R-0001", "--root", str(root)], env={"PANEL_NOW": "2026-12-03T16:00"})
    assert result.exit_code == 0, result.output
    made = root / "meetings/2026-12-03/decisions/R-0001.md"
    text = made.read_text()
    assert "item 2 of 2026-12-03" in text and "weekly: 180\n" in text and "review_every_weeks: 12" in text
    # Until the outcome and rationale are filled in, panel check says what is missing.
    assert "field-type" in codes(root)
    text = text.replace("outcome:\n", "outcome: approve\n").replace("  -\n", "  - Approved as asked.\n")
    made.write_text(text.replace("rationale:\n", "rationale: Proportionate.\n"))
    assert [c for c in codes(root) if not c.startswith("meeting-record")] == []
    again = CliRunner().invoke(main, ["decide", "R-0001", "--root", str(root)])
    assert again.exit_code == 2 and "R-0001 was decided at the meeting of 2026-12-03" in again.output


def test_panel_decide_needs_the_referral_on_the_agenda(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    result = CliRunner().invoke(main, ["decide", "R-0001", "--root", str(root), "--meeting", "2026-12-10"])
    assert result.exit_code == 2
    assert "no agenda for 2026-12-10" in result.output and "panel agenda 2026-12-10" in result.output
    missing = CliRunner().invoke(main, ["decide", "R-0042", "--root", str(root)])
    assert missing.exit_code == 2 and "no referral R-0042" in missing.output


def test_a_minute_taker_with_an_interest_does_not_minute_that_item(tmp_path: Path) -> None:
    """Issue 12 §3: a member with an interest in an item neither chairs nor records it (`panel check`)."""
    root = make_panel(tmp_path / "panel")
    meeting = (root / "meetings/2026-12-03/meeting.md").read_text()
    meeting = meeting.replace(
        "declarations: []",
        "minutes_by: Owen Marsh\ndeclarations:\n  - {member: Owen Marsh, item: R-0001, nature: manages the worker}",
    )
    write(root, "meetings/2026-12-03/meeting.md", meeting)
    result = CliRunner().invoke(
        main, ["check", "--root", str(root), "--no-cache"], env={"PANEL_NOW": "2026-11-22T10:00"}
    )
    assert result.exit_code == 1
    assert (
        "meetings/2026-12-03/decisions/R-0001.md:2:11: error[conflict-of-interest]: Owen Marsh declared an interest "
        "in R-0001 and must take no part, but is recorded as minuting it\n"
        "  hint: name who minuted this item instead in the decision's 'minutes_by:'"
    ) in result.output
    text = DECISION.format(referral="R-0001").replace("outcome: approve", "outcome: approve\nminutes_by: Grace Adeyemi")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    assert "conflict-of-interest" not in codes(root)
    text = text.replace("minutes_by: Grace Adeyemi", "minutes_by: Owen Marsh")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    assert "recorded as minuting it" in codes(root)["conflict-of-interest"][0]
