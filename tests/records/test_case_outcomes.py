"""Did it work? Case outcomes recorded at review, counted by type and year; equality monitoring in aggregate."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from generator.domain.monitoring import monitored, suppress
from generator.domain.referrals import ReferralReader
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION, make_panel, record_decisions, write


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-12-04T10:00"})
    return result.exit_code, result.output


def test_case_outcomes_are_checked_and_exported_by_type_and_year(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    for rid, outcomes in (("R-0001", "[returned-home]"), ("R-0002", "[entered-care, placement-stable]")):
        text = DECISION.format(referral=rid).replace("rationale:", f"case_outcomes: {outcomes}\nrationale:")
        write(root, f"meetings/2026-12-03/decisions/{rid}.md", text)
    record_decisions(root, "2026-12-04")
    code, out = run(root, "export", "case-outcomes")
    assert code == 0, out
    rows = [(r["referral"], r["outcome"], r["aim"], r["financial_year"]) for r in csv.DictReader(io.StringIO(out))]
    assert sorted(rows) == [
        ("R-0001", "Returned home to family", "more", "2026-27"),
        ("R-0002", "Entered care", "fewer", "2026-27"),
        ("R-0002", "Placement stable", "", "2026-27"),
    ]
    write(
        root,
        "meetings/2026-12-03/decisions/R-0001.md",
        DECISION.format(referral="R-0001").replace("rationale:", "case_outcomes: [returned-hom]\nrationale:"),
    )
    code, out = run(root, "check")
    assert code == 1 and "meetings/2026-12-03/decisions/R-0001.md:" in out and "case_outcomes[0]" in out, out
    assert "returned-home" in out  # the hint names what it may be


def test_a_panel_without_case_outcomes_refuses_them(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    yml = root / "panel.yml"
    text = yml.read_text(encoding="utf-8")
    start, end = text.index("# Did it work?"), text.index("agenda:\n")
    text = "".join(line for line in (text[:start] + text[end:]).splitlines(True) if "- case_outcomes." not in line)
    yml.write_text(text, encoding="utf-8")
    text = DECISION.format(referral="R-0001").replace("rationale:", "case_outcomes: [returned-home]\nrationale:")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    code, out = run(root, "check")
    assert code == 1 and "case_outcomes" in out, out


def test_counts_under_five_are_suppressed_and_a_lone_one_takes_the_next_with_it() -> None:
    assert suppress([("a", 12), ("b", 7), ("c", 3)]) == [("a", "12"), ("b", "<5"), ("c", "<5")]
    assert suppress([("a", 12), ("b", 2), ("c", 1)]) == [("a", "12"), ("b", "<5"), ("c", "<5")]
    assert suppress([("a", 12), ("b", 9)]) == [("a", "12"), ("b", "9")]


def test_children_are_counted_once_by_each_characteristic(tmp_path: Path) -> None:
    """Seven referrals of two children each (14 children); one child's ethnicity differs from the rest."""
    root = make_panel(tmp_path / "panel", decided=False)
    config = load_config(root)
    reader = ReferralReader(config, dt.date(2026, 12, 4))
    referrals = []
    for n in range(1, 8):
        text = referral_text(f"R-{n:04d}").replace("LCS-204117", f"LCS-3{n:05d}").replace("LCS-204118", f"LCS-4{n:05d}")
        if n == 7:
            text = text.replace("ethnicity: White British", "ethnicity: Mixed", 1)
        path = root / f"submissions/R-{n:04d}.md"
        path.write_text(text, encoding="utf-8")
        referral, _ = reader.read(path, path.name)
        assert referral is not None
        referrals.append(referral)
    referrals.append(referrals[0])  # the same children again: counted once
    found = {m.characteristic: m for m in monitored(referrals, config.protected_characteristics)}
    assert list(found) == ["age", "ethnicity", "disability"]
    assert found["age"].rows == (("10–15", "7"), ("5–9", "7")) and found["age"].children == "14"
    # 13 and 1: the 1 is hidden, and so is the 13, which with the total of 14 would give it away.
    assert found["ethnicity"].rows == (("White British", "<5"), ("Mixed", "<5"))
