"""`panel meeting` starts a meeting record; decision records: empty optional fields, action owners."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.records_helpers import DECISION, make_panel, write

NOW = "2026-12-03T17:00"


def run(root: Path, *args: str, code: int | None = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert code is None or result.exit_code == code, result.output
    return result.output


def test_panel_meeting_writes_a_record_that_passes_the_check(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"), decided=False)
    out = run(root, "meeting", "2026-12-03")
    assert "wrote meetings/2026-12-03/meeting.md with 2 item(s)" in out and "chair: Dana Whitfield" in out
    text = (root / "meetings/2026-12-03/meeting.md").read_text(encoding="utf-8")
    assert 'chair: "Dana Whitfield"' in text
    assert "Priya Shah (presenting items 2 and 3)" in text
    assert "- Item 2 (R-0001):" in text and "- Item 3 (R-0002):" in text
    assert "meeting-record-missing" not in run(root, "check")
    assert "already exists" in run(root, "meeting", "2026-12-03", code=2)


def test_panel_meeting_names_the_chair_of_a_rota(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("roles: [vice-chair, service-manager, member]", "roles: [chair, service-manager, member]")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    assert "say who chairs this meeting" in run(root, "meeting", "2026-12-03", code=2)
    refused = run(root, "meeting", "2026-12-03", "--chair", "Owen Marssh", code=2)
    assert "'Owen Marssh' is not one of the people" in refused and "Owen Marsh" in refused
    assert "holds no role that may chair" in run(root, "meeting", "2026-12-03", "--chair", "Tom Reyes", code=2)
    run(root, "meeting", "2026-12-03", "--chair", "Owen Marsh")
    assert 'chair: "Owen Marsh"' in (root / "meetings/2026-12-03/meeting.md").read_text()
    assert "does not meet" in run(root, "meeting", "2026-12-04", code=2)


@pytest.mark.parametrize("outcome", ["defer", "approve"])
def test_an_empty_rationale_is_an_error_only_where_the_outcome_needs_one(tmp_path: Path, outcome: str) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace(
        "rationale: Evenings are the time of greatest risk.", "rationale:"
    )
    if outcome == "defer":
        text = text.replace("outcome: approve", "outcome: defer\ndeferral_date: 2026-12-17\ndeferral_reason: More.")
        text = text.replace("review_every_weeks: 12\n", "")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    out = run(root, "check", code=0 if outcome == "defer" else 1)
    if outcome == "approve":
        assert "decisions/R-0001.md:" in out and "rationale" in out
    else:
        assert "rationale" not in out


def test_action_owners_must_be_people_in_panel_yml(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("owner: Priya Shah", "owner: Priya Shaw")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    out = run(root, "check", code=1)
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "Priya Shaw" in t)
    assert f"meetings/2026-12-03/decisions/R-0001.md:{line}:" in out
    assert "Priya Shaw" in out and 'did you mean "Priya Shah"' in out


def test_panel_decide_without_an_agenda_listing_the_review_says_what_to_do(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    out = run(root, "decide", "R-0001", code=2)
    assert "decided at the meeting of 2026-12-03" in out and "no later agenda lists it" in out
    assert "already exists; edit it instead" in run(root, "decide", "R-0001", "--meeting", "2026-12-03", code=2)


def test_panel_meeting_names_the_minute_taker_who_then_may_not_minute_an_item_they_have_an_interest_in(
    tmp_path: Path,
) -> None:
    """Issue 12 §3: panel.minute_taker's holder is written as minutes_by; the register of interests makes their
    interest due, their declaration bars them from minuting the item, and another minute-taker clears it."""
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"), decided=False)
    run(root, "meeting", "2026-12-03")
    record = root / "meetings/2026-12-03/meeting.md"
    text = record.read_text(encoding="utf-8")
    assert 'minutes_by: "Sam Okoro"' in text and "# Who took the minutes (Panel administrator)" in text
    for referral in ("R-0001", "R-0002"):
        write(root, f"meetings/2026-12-03/decisions/{referral}.md", DECISION.format(referral=referral))
    clean = run(root, "check", code=None)
    assert "conflict-of-interest" not in clean and "interest-undeclared" not in clean
    write(
        root,
        "interests.yml",
        "interests:\n  - {member: Sam Okoro, person: Priya Shah, nature: her sister, from: 2026-01-01}\n",
    )
    due = run(root, "check", code=1)
    assert "error[interest-undeclared]: Sam Okoro was present" in due  # the minute-taker must declare it too
    record.write_text(
        text.replace(
            "declarations: []",
            "declarations:\n  - {member: Sam Okoro, item: R-0001, nature: her sister presents it}\n"
            "  - {member: Sam Okoro, item: R-0002, nature: her sister presents it}",
        ),
        encoding="utf-8",
    )
    barred = run(root, "check", code=1)
    assert barred.count("Sam Okoro declared an interest in R-000") == 2 and "recorded as minuting it" in barred
    for referral in ("R-0001", "R-0002"):
        decision = DECISION.format(referral=referral).replace(
            "outcome: approve", "outcome: approve\nminutes_by: Owen Marsh"
        )
        write(root, f"meetings/2026-12-03/decisions/{referral}.md", decision)
    cleared = run(root, "check", code=None)
    assert "conflict-of-interest" not in cleared and "interest-undeclared" not in cleared


def test_a_minute_taker_role_no_one_holds_is_refused(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    (root / "panel.yml").write_text(config.replace("minute_taker: co-ordinator", "minute_taker: co-ordinater"))
    assert "'co-ordinater' is not one of the roles" in run(root, "check", code=2)
    (root / "panel.yml").write_text(
        config.replace("minute_taker: co-ordinator", "minute_taker: legal").replace(
            "  - {id: co-ordinator, name: Panel administrator}",
            "  - {id: co-ordinator, name: Panel administrator}\n  - {id: legal, name: Legal adviser}",
        )
    )
    assert "no one in people holds that role, so no one would take the minutes" in run(root, "check", code=2)
