"""A referral type's review rule sets when a case comes back, wherever a decision states no date itself."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION, MEETING, make_panel, record_decisions, write

NOW = "2026-12-04T10:00"
# The helper's decision, approving 2026-12-07 to 2027-06-06, with no review date or frequency.
UNDATED = DECISION.replace("review_every_weeks: 12\n", "")
# A review's decision that continues the resource for another year.
CONTINUED = UNDATED.replace("start: 2026-12-07", "start: 2027-03-08").replace("end: 2027-06-06", "end: 2028-03-05")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    return result.exit_code, result.output


def reviews(root: Path) -> dict[tuple[str, str], str]:
    """{(referral, decided): due} from `panel export reviews`."""
    code, output = run(root, "export", "reviews")
    assert code == 0, output
    return {(r["referral"], r["decided"]): r["due"] for r in csv.DictReader(io.StringIO(output))}


def panel(tmp_path: Path, kind: str, decision: str = UNDATED) -> Path:
    root = make_panel(tmp_path / "panel")
    write(root, "submissions/R-0001.md", referral_text("R-0001", type=kind))
    write(root, "meetings/2026-12-03/decisions/R-0001.md", decision.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    return root


def later(root: Path, meeting: str, body: str, referral: str = "R-0001") -> None:
    """A later meeting's record and a decision on `referral` there."""
    write(root, f"meetings/{meeting}/meeting.md", MEETING.replace("2026-12-03", meeting))
    text = body.format(referral=referral).replace("2026-12-03", meeting)
    write(root, f"meetings/{meeting}/decisions/{referral}.md", text)
    record_decisions(root, meeting)  # merged with the chair's approval: final


def test_every_weeks_from_the_type_when_the_decision_states_none(tmp_path: Path) -> None:
    """s17-support is reviewed every 12 weeks: the decision of 3 December comes back on 25 February."""
    root = panel(tmp_path, "s17-support")
    assert reviews(root) == {("R-0001", "2026-12-03"): "2027-02-25"}
    code, output = run(root, "export", "decisions")
    assert code == 0 and "2027-02-25" in output  # the decision log shows the same next review


def test_a_date_the_decision_states_wins_over_the_rule(tmp_path: Path) -> None:
    root = panel(tmp_path, "s17-support", UNDATED.replace("rationale:", "review_date: 2027-01-14\nrationale:"))
    assert reviews(root) == {("R-0001", "2026-12-03"): "2027-01-14"}


def test_no_review_after_the_approval_ends_unless_until_chair_satisfied(tmp_path: Path) -> None:
    """A four-week approval with a twelve-week rule simply ends; nothing is booked back."""
    short = UNDATED.replace("end: 2027-06-06", "end: 2027-01-03").replace("total: 4680", "total: 720")
    assert reviews(panel(tmp_path, "s17-support", short)) == {}


def test_first_after_months_then_every_months(tmp_path: Path) -> None:
    """A placement is reviewed 3 months after it starts, then 6 months after each review."""
    root = panel(tmp_path, "placement")
    assert reviews(root) == {("R-0001", "2026-12-03"): "2027-03-07"}  # start 7 December + 3 months
    later(root, "2027-03-04", CONTINUED)
    assert reviews(root) == {("R-0001", "2026-12-03"): "2027-03-07", ("R-0001", "2027-03-04"): "2027-09-04"}


def test_months_run_to_the_end_of_a_shorter_month(tmp_path: Path) -> None:
    """31 August + 6 months is 28 February, not an error or 3 March."""
    root = panel(tmp_path, "placement", UNDATED.replace("start: 2026-12-07", "start: 2026-11-30"))
    assert reviews(root) == {("R-0001", "2026-12-03"): "2027-02-28"}


def test_a_review_referral_follows_the_rule_of_the_case_it_reviews(tmp_path: Path) -> None:
    """R-0002 reviews the placement R-0001; its approval is the case's second, so six months on."""
    root = panel(tmp_path, "placement")
    write(
        root,
        "submissions/R-0002.md",
        referral_text("R-0002", type="placement-change", meeting="2027-03-04").replace(
            "type: placement-change\n", "type: placement-change\nreview_of: R-0001\n"
        ),
    )
    later(root, "2027-03-04", CONTINUED, referral="R-0002")
    assert reviews(root)[("R-0002", "2027-03-04")] == "2027-09-04"


def test_until_chair_satisfied_repeats_weekly_until_the_chair_says_so(tmp_path: Path) -> None:
    """Entry to care: back every week, even past the approval's end, until chair_satisfied: true."""
    weekly = UNDATED.replace("end: 2027-06-06", "end: 2026-12-09")
    root = panel(tmp_path, "section-20", weekly)
    assert reviews(root) == {("R-0001", "2026-12-03"): "2026-12-10"}
    later(root, "2026-12-10", weekly)
    assert reviews(root)[("R-0001", "2026-12-10")] == "2026-12-17"
    later(root, "2026-12-17", weekly.replace("rationale:", "chair_satisfied: true\nrationale:"))
    found = reviews(root)
    assert ("R-0001", "2026-12-17") not in found
    assert found[("R-0001", "2026-12-10")] == "2026-12-17"


def test_chair_satisfied_where_the_type_has_no_such_rule_is_an_error(tmp_path: Path) -> None:
    root = panel(tmp_path, "s17-support", UNDATED.replace("rationale:", "chair_satisfied: true\nrationale:"))
    code, output = run(root, "check")
    assert code == 1
    assert "meetings/2026-12-03/decisions/R-0001.md:" in output and "error[chair-satisfied-unused]" in output


def test_panel_decide_says_how_to_end_reviews_for_until_chair_satisfied_types(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    write(root, "submissions/R-0001.md", referral_text("R-0001", type="section-20"))
    code, output = run(root, "decide", "R-0001", "--meeting", "2026-12-03")
    assert code == 0, output
    text = (root / "meetings/2026-12-03/decisions/R-0001.md").read_text(encoding="utf-8")
    assert "# chair_satisfied: true" in text and "review_every_weeks: 1\n" in text
