"""Registers derived from the records, and their CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.repository import read_repository
from generator.domain.decisions import Approved
from generator.domain.registers import BUILDERS, write_csv
from generator.domain.registers.action_log import open_actions
from generator.domain.registers.expenditure import by_month, by_year, financial_year
from generator.domain.registers.reviews import reviews
from tests.records_helpers import DECISION, make_panel, write

TODAY = dt.date(2026, 12, 4)


def export(root: Path, register: str, now: str = "2026-12-04T10:00") -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["export", register, "--root", str(root)], env={"PANEL_NOW": now})
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_financial_years_run_april_to_march() -> None:
    assert financial_year(dt.date(2027, 3, 31)) == "2026-27"
    assert financial_year(dt.date(2027, 4, 1)) == "2027-28"
    approved = Approved(
        "x", 100, 5200 + 300, dt.date(2027, 1, 1), dt.date(2027, 12, 30), one_off=300, budget_line="", over_request=""
    )
    split = by_year(approved)
    assert round(sum(split.values()), 2) == 5500
    assert round(split["2026-27"], 2) == round(5200 * 90 / 364 + 300, 2)
    assert round(sum(by_month(approved).values()), 2) == 5500 and len(by_month(approved)) == 12


def test_expenditure_running_total_against_budget(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    rows = export(root, "expenditure")
    this_year = [r for r in rows if r["financial_year"] == "2026-27"]
    assert [r["referral"] for r in this_year] == ["R-0001", "R-0002"]
    first, second = (float(r["in_year"]) for r in this_year)
    assert float(this_year[1]["running_total"]) == round(first + second, 2)
    assert float(this_year[1]["remaining"]) == round(2_500_000 - first - second, 2)
    assert this_year[0]["budget_line"] == "Section 17 – Children in Need"
    next_year = [r for r in rows if r["financial_year"] == "2027-28"]
    assert round(first + float(next_year[0]["in_year"]), 2) == 4680
    repo = read_repository(root, TODAY, jobs=1)
    summaries = {t.title: t for t in BUILDERS["expenditure"](repo.panel_data()).summaries}
    assert summaries["By referral type"].rows[0][:2] == ("2026-27", "Section 17 support package")
    assert summaries["By referral type"].rows[0][2] == 360  # weekly, two packages


def test_action_log_open_overdue_done_and_carried(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    done = DECISION.format(referral="R-0002").replace("due: 2026-12-10}", "due: 2026-12-10, done: 2026-12-08}")
    write(root, "meetings/2026-12-03/decisions/R-0002.md", done)
    rows = export(root, "actions", now="2026-12-11T10:00")
    assert [(r["status"], r["referral"]) for r in rows] == [("overdue", "R-0001"), ("done", "R-0002")]
    assert [r["status"] for r in export(root, "actions", now="2026-12-05T10:00")] == ["open", "done"]
    data = read_repository(root, dt.date(2026, 12, 11), jobs=1).panel_data()
    carried = open_actions(data, dt.date(2026, 12, 17))
    assert [t.decision.referral for t in carried] == ["R-0001"]
    assert open_actions(data, dt.date(2026, 12, 3)) == []


def test_review_is_done_when_the_case_comes_back(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    data = read_repository(root, dt.date(2027, 3, 1), jobs=1).panel_data()
    assert [(r.status, r.due) for r in reviews(data)] == [("overdue", dt.date(2027, 2, 25))]
    review = (root / "submissions/R-0001.md").read_text().replace("id: R-0001", "id: R-0002")
    review = review.replace("meeting: 2026-12-03", "meeting: 2027-02-25\nreview_of: R-0001")
    write(root, "submissions/R-0002.md", review)
    write(
        root,
        "meetings/2027-02-25/decisions/R-0002.md",
        DECISION.format(referral="R-0002").replace("meeting: 2026-12-03", "meeting: 2027-02-25"),
    )
    data = read_repository(root, dt.date(2027, 3, 1), jobs=1).panel_data()
    statuses = {r.decision.referral: (r.status, r.came_back) for r in reviews(data)}
    assert statuses["R-0001"] == ("done", "R-0002 on 2027-02-25")
    assert statuses["R-0002"][0] == "due"


def test_children_unmet_needs_timeliness_and_decision_log(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace(
        "rationale:", "unmet_need: {category: therapeutic-service-gap, note: No autism service}\nrationale:"
    )
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    children = export(root, "children")
    assert [(r["case_id"], r["child"], r["outcome"]) for r in children] == [
        ("LCS-204117", "Maisie Thornbury", "Resource approved"),
        ("LCS-204118", "Alfie Thornbury", "Resource approved"),
    ]
    needs = export(root, "unmet-needs")
    assert needs[0]["category"] == "No therapeutic service available" and needs[0]["note"] == "No autism service"
    timing = export(root, "timeliness")[0]
    assert (timing["submitted"], timing["deadline"], timing["late"], timing["days_to_decision"]) == (
        "2026-11-20",
        "2026-11-30",
        "no",
        "13",
    )
    log = export(root, "decisions")[0]
    assert (log["outcome"], log["approved_total"], log["next_review"], log["chair"]) == (
        "Resource approved",
        "4680.0",
        "2027-02-25",
        "Dana Whitfield",
    )


def test_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    text = DECISION.format(referral="R-0001").replace("action: Refer to autism outreach", "action: '=HYPERLINK(\"x\")'")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    data = read_repository(root, TODAY, jobs=1).panel_data()
    out = io.StringIO()
    write_csv(BUILDERS["actions"](data), out)
    assert "'=HYPERLINK" in out.getvalue()


def test_export_refuses_when_records_have_errors(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001").replace("approve", "x"))
    result = CliRunner().invoke(main, ["export", "decisions", "--root", str(root)])
    assert result.exit_code == 1 and "field-value" in result.output
