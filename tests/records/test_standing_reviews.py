"""Standing reviews: every approved case of a category comes back on a cycle, with no referral written again."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION, make_panel, record_decisions, write

UNDATED = DECISION.replace("review_every_weeks: 12\n", "")
STANDING = """standing_reviews:
  - {id: high-cost, name: High-cost support, types: [s17-support], weekly_over: 150, every_months: 2}
"""


def run(root: Path, *args: str, now: str = "2026-12-04T10:00") -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    return result.exit_code, result.output


def panel(tmp_path: Path, standing: str = STANDING) -> Path:
    root = make_panel(tmp_path / "panel")
    write(root, "submissions/R-0001.md", referral_text("R-0001", type="s17-support"))
    yml = root / "panel.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("\nagenda:\n", "\n" + standing + "\nagenda:\n", 1), "utf-8")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", UNDATED.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    return root


def test_a_standing_review_brings_the_case_back_with_spend_and_next_commitment(tmp_path: Path) -> None:
    root = panel(tmp_path)
    code, out = run(root, "export", "reviews")
    assert code == 0, out
    rows = [(r["referral"], r["due"], r["reason"]) for r in csv.DictReader(io.StringIO(out))]
    assert rows == [("R-0001", "2027-02-03", "standing")]  # 2 months, before the type's 12 weeks (25 February)
    code, out = run(root, "agenda", "2027-02-04", now="2027-01-30T10:00")
    assert code == 0, out
    agenda = load_agenda(root, dt.date(2027, 2, 4))
    item = next(i for i in agenda.items if i.kind == "review")
    assert item.referral == "R-0001" and item.review_of == "meetings/2026-12-03/decisions/R-0001.md"
    # 60 of the approval's 182 days by the meeting: £4,680 × 60 / 182.
    assert item.note == (
        "standing review (High-cost support, every 2 months): spent to date £1,542.86; next: £180 a week to 2027-06-06"
    )


def test_cheaper_approvals_and_other_types_are_not_in_the_category(tmp_path: Path) -> None:
    root = panel(tmp_path, STANDING.replace("weekly_over: 150", "weekly_over: 200"))
    code, out = run(root, "export", "reviews")
    assert code == 0, out
    assert [(r["due"], r["reason"]) for r in csv.DictReader(io.StringIO(out))] == [("2027-02-25", "review")]


def test_an_unknown_type_in_a_standing_review_is_a_located_error(tmp_path: Path) -> None:
    root = panel(tmp_path, STANDING.replace("types: [s17-support]", "types: [s17-suport]"))
    code, out = run(root, "check")
    assert code == 2 and "panel.yml:" in out and "'s17-suport' is not one of the referral types" in out, out
