"""Review rules enforced: a review stated on every approval, per-outcome rules, and what an overdue review risks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from panelfixtures.gitrun import git
from panelfixtures.referrals import referral_text
from tests.pack.pdftext import flat, pages
from tests.records_helpers import DECISION, make_panel, record_decisions, write

UNDATED = DECISION.replace("review_every_weeks: 12\n", "")
S17_RULE = "    review: {every_weeks: 12}  # assumed: 1.20 leaves review dates to each decision\n"
S17_STATED = "    review: {every_weeks: 12, stated: true, at_risk: funding for the resource may be ended}\n"


def run(root: Path, *args: str, now: str = "2026-12-04T10:00") -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    return result.exit_code, result.output


def configure(root: Path, old: str, new: str) -> None:
    path = root / "panel.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def panel(tmp_path: Path, decision: str) -> Path:
    root = make_panel(tmp_path / "panel")
    write(root, "submissions/R-0001.md", referral_text("R-0001", type="s17-support"))
    configure(root, S17_RULE, S17_STATED)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", decision.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    return root


def test_an_approval_without_the_review_its_type_requires_is_an_error(tmp_path: Path) -> None:
    root = panel(tmp_path, UNDATED)
    code, out = run(root, "check")
    assert code == 1, out
    assert "meetings/2026-12-03/decisions/R-0001.md:8:" in out and "error[review-missing]" in out
    assert "R-0001: an approval without a review; the review rule for Section 17 support package referrals" in out
    assert "add review_date: YYYY-MM-DD and/or review_every_weeks: N" in out
    assert "(if it is not reviewed, funding for the resource may be ended unless the panel chair" in out


def test_a_stated_date_or_frequency_satisfies_the_rule(tmp_path: Path) -> None:
    for extra in ("review_every_weeks: 6\n", "review_date: 2027-01-14\n"):
        root = panel(tmp_path / extra[:8], UNDATED.replace("rationale:", extra + "rationale:"))
        code, out = run(root, "check")
        assert code == 0, out


def test_an_overdue_review_says_what_is_at_risk_in_check_and_on_the_agenda(tmp_path: Path) -> None:
    root = panel(tmp_path, DECISION)  # reviewed every 12 weeks: due 25 February 2027
    code, out = run(root, "check", now="2027-03-20T10:00")
    assert "warning[review-overdue]" in out
    assert (
        "R-0001 was due back at panel by 2027-02-25 (review) and has not returned: funding for the resource may "
        in (out.replace("\n  ", " "))
    )
    code, out = run(root, "agenda", "2027-03-25", now="2027-03-20T10:00")
    assert code == 0, out
    agenda = load_agenda(root, dt.date(2027, 3, 25))
    review = next(i for i in agenda.items if i.kind == "review")
    # The outcome's at_risk (Bexley 1.20) wins over the type's.
    assert review.note == (
        "overdue since 2027-02-25: funding for the resource may be ended unless the panel chair agrees otherwise (1.20)"
    )
    # The home page's overdue list names it too.
    code, out = run(root, "build", now="2027-03-20T10:00")
    assert code == 0, out
    home = (root / "build/site-src/docs/index.md").read_text(encoding="utf-8")
    line = next(x for x in home.splitlines() if x.startswith("- [R-0001]") and "due" in x)
    assert "**funding for the resource may be ended unless the panel chair agrees otherwise (1.20)**" in line
    # So does the pack's "Reviews due" list, in the item's status.
    git(root, "add", "-A", date="2027-03-20T10:00:00+00:00")
    git(root, "commit", "-qm", "Agenda", date="2027-03-20T10:00:00+00:00")
    code, out = run(root, "pack", "2027-03-25", now="2027-03-20T10:00")
    assert code == 0, out
    text = flat(" ".join(pages((root / "build/packs/2027-03-25/pack-v1.pdf").read_bytes())))
    due = text[text.rindex("Reviews due Cases coming back") :]
    assert "overdue since 2027-02-25: funding for the resource may be ended" in due[:600], due[:600]


def test_an_outcome_review_rule_overrides_the_type(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    write(root, "submissions/R-0001.md", referral_text("R-0001", type="s17-support"))
    configure(root, "    review: {at_risk: ", "    review: {every_weeks: 4, at_risk: ")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", UNDATED.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    code, out = run(root, "export", "reviews")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["referral"], r["due"]) for r in rows] == [("R-0001", "2026-12-31")]  # 4 weeks, not the type's 12
    configure(root, "review: {every_weeks: 4,", "review: {every_weeks: 4, stated: true,")
    code, out = run(root, "check")
    assert code == 1 and "the review rule for the outcome 'Resource approved' says every approval states" in out


def test_chair_satisfied_is_allowed_under_an_outcome_reviewed_until_the_chair_is_satisfied(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    configure(root, "    review: {at_risk: ", "    review: {every_weeks: 1, until_chair_satisfied: true, at_risk: ")
    write(
        root,
        "meetings/2026-12-03/decisions/R-0001.md",
        DECISION.format(referral="R-0001").replace("rationale:", "chair_satisfied: true\nrationale:"),
    )
    record_decisions(root, "2026-12-03")
    _, out = run(root, "check")
    assert "chair-satisfied-unused" not in out, out


def test_an_outcome_rule_without_an_interval_keeps_the_types_interval(tmp_path: Path) -> None:
    """Bexley 1.20: any approval left unreviewed puts funding at risk; the type still sets when (12 weeks)."""
    root = make_panel(tmp_path / "panel")
    write(root, "submissions/R-0001.md", referral_text("R-0001", type="s17-support"))
    write(root, "meetings/2026-12-03/decisions/R-0001.md", UNDATED.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    _, out = run(root, "check", now="2027-03-20T10:00")
    assert "2027-02-25 (review) and has not returned: funding for the resource may be ended unless the panel" in (
        out.replace("\n  ", " ")
    ), out
