"""`panel retention`: the retention schedule in panel.yml applied to each child's referrals and decisions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.domain.retention import add_years
from tests.conftest import WriteReferral

DECISION = """---
referral: R-0001
meeting: 2026-12-03
outcome: decline
agreed: [Declined.]
rationale: Fictional.
---
"""


def retention(root: Path, now: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["retention", "--root", str(root), *args], env={"PANEL_NOW": now})
    return result.exit_code, result.stdout, result.stderr


def configure(root: Path, text: str) -> None:
    config = root / "panel.yml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_no_schedule_is_said_plainly(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    code, _, err = retention(panel_root, "2026-12-07T10:00")
    assert code == 2 and "panel.yml has no retention schedule" in err


def test_children_fall_due_when_every_record_is_past_its_period(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    write_referral()
    (panel_root / "meetings/2026-12-03/decisions").mkdir(parents=True)
    (panel_root / "meetings/2026-12-03/decisions/R-0001.md").write_text(DECISION, encoding="utf-8")
    configure(
        panel_root,
        "retention:\n  referrals: {years: 2, from: meeting}\n  decisions: {years: 3, from: decision}\n",
    )
    code, out, _ = retention(panel_root, "2029-12-02T10:00")
    assert code == 0 and out.startswith("0 of 2 children due for removal on 2029-12-02\n")
    code, out, _ = retention(panel_root, "2029-12-03T10:00")
    assert code == 0 and out.startswith("2 of 2 children due for removal on 2029-12-03\n")
    assert "LCS-204117: due since 2029-12-03; referrals R-0001" in out
    assert "  submissions/R-0001.md: referral, 2028-12-03 (2 years from the meeting (2026-12-03))" in out
    assert "  meetings/2026-12-03/decisions/R-0001.md: decision, 2029-12-03 (3 years from the latest decision" in out
    assert '  erase: panel erase --child LCS-204117 --authority "<retention schedule reference>"' in out
    code, out, _ = retention(panel_root, "2029-12-03T10:00", "--format", "json")
    report = json.loads(out)
    assert [c["case_id"] for c in report["children"]] == ["LCS-204117", "LCS-204118"]
    assert report["children"][0]["records"][1]["due"] == "2029-12-03"


def test_unreadable_records_stop_it(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    (panel_root / "meetings/2026-12-03/decisions").mkdir(parents=True)
    (panel_root / "meetings/2026-12-03/decisions/R-0001.md").write_text("---\nreferral: [\n---\n", encoding="utf-8")
    configure(
        panel_root, "retention:\n  referrals: {years: 1, from: meeting}\n  decisions: {years: 1, from: meeting}\n"
    )
    code, out, err = retention(panel_root, "2030-01-01T10:00")
    assert code == 1 and out == ""
    assert "meetings/2026-12-03/decisions/R-0001.md:" in err and "what is due cannot be known" in err


def test_from_birth_and_undecided_referrals(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    configure(
        panel_root,
        "retention:\n  referrals: {years: 25, from: date_of_birth}\n  decisions: {years: 25, from: date_of_birth}\n",
    )
    code, out, _ = retention(panel_root, "2026-12-07T10:00", "--all")
    assert code == 0 and "LCS-204117: kept until 2041-03-14; referrals R-0001" in out
    assert "LCS-204118: kept until 2043-09-02" in out
    configure(panel_root, "")
    text = (
        (panel_root / "panel.yml")
        .read_text(encoding="utf-8")
        .replace("from: date_of_birth}\n  decisions", "from: decision}\n  decisions", 1)
    )
    (panel_root / "panel.yml").write_text(text, encoding="utf-8")
    code, out, _ = retention(panel_root, "2026-12-07T10:00", "--all")
    assert "LCS-204117: kept, no end yet" in out and "(25 years from decision: no decision yet)" in out


def test_leap_days() -> None:
    assert add_years(dt.date(2016, 2, 29), 25) == dt.date(2041, 2, 28)
    assert add_years(dt.date(2016, 2, 29), 24) == dt.date(2040, 2, 29)
