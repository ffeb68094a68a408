"""The finance lead's sign-off of the expenditure log: a recorded snapshot, its signer, what changed since."""

from __future__ import annotations

import hashlib
from pathlib import Path

from panelfixtures.gitrun import merge_approved
from panelfixtures.people import COORDINATOR, FORGE
from tests.records.test_registers_final import run
from tests.records_helpers import DECISION, make_panel, record_decisions, write

NOW = "2027-01-05T10:00"
FINANCE = "Approved-by: Ruth Bell <ruth.bell@council.example>"
HEAD = "Approved-by: Grace Adeyemi <grace.adeyemi@council.example>"
RECORD = "finance/expenditure-2026-12.yml"
SNAPSHOT = "finance/expenditure-2026-12.csv"
REGISTER = Path("build/site-src/docs/registers/expenditure.md")


def _signed(root: Path, trailer: str) -> None:
    merge_approved(
        root,
        "finance/2026-12",
        None,
        "Expenditure log, December 2026",
        date="2027-01-05T11:00:00+00:00",
        author=COORDINATOR,
        trailers=trailer,
    )


def test_a_snapshot_is_recorded_signed_off_and_compared(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    assert "2026-27-Q3" in run(root, "snapshot", "2026-27-Q3", now=NOW, code=2)  # panel.yml: monthly
    assert "has not ended" in run(root, "snapshot", "2027-01", now=NOW, code=2)
    out = run(root, "snapshot", "2026-12", now=NOW)
    assert "finance/expenditure-2026-12.csv" in out
    csv_text = (root / SNAPSHOT).read_text(encoding="utf-8")
    assert csv_text == run(root, "export", "expenditure", now=NOW)
    record = (root / RECORD).read_text(encoding="utf-8")
    assert f'digest: "sha256:{hashlib.sha256(csv_text.encode()).hexdigest()}"' in record
    assert "from: 2026-12-01\nto: 2026-12-31\n" in record
    assert "already recorded" in run(root, "snapshot", "2026-12", now=NOW, code=2)

    # Approved by the head of service, who is not the finance officer: recorded, not signed off.
    _signed(root, HEAD)
    run(root, "build", now=NOW)
    page = (root / REGISTER).read_text(encoding="utf-8")
    assert "No snapshot of the expenditure log has been signed off yet" in page and "Awaiting sign-off: 2026-12" in page

    # A correction approved by the finance officer signs it off; nothing has changed since.
    write(root, RECORD, record + "# checked against the ledger\n")
    merge_approved(
        root,
        "finance/2026-12-signed",
        None,
        "Sign-off",
        date="2027-01-06T09:00:00+00:00",
        author=COORDINATOR,
        trailers=FINANCE,
        merger=FORGE,
    )
    run(root, "build", now=NOW)
    page = (root / REGISTER).read_text(encoding="utf-8")
    assert "was signed off by Ruth Bell (Finance officer) on 6 Jan 2027" in page
    assert "Nothing has changed since that snapshot." in page

    # A later decision changes the log: the page lists the row that changed.
    later = (
        DECISION.format(referral="R-0001").replace("weekly: 180", "weekly: 150").replace("total: 4680", "total: 3900")
    )
    write(root, "meetings/2026-12-03/decisions/R-0001.md", later)
    record_decisions(root, "2026-12-03", when="2027-01-06T12:00:00+00:00")
    run(root, "build", now=NOW)
    page = (root / REGISTER).read_text(encoding="utf-8")
    assert "Changed since that snapshot (" in page
    assert "| changed | 2026-27 | 2026-12-03 | R-0001 |" in page and "weekly" in page.split("Changed since")[1]


def test_a_snapshot_changed_after_it_was_recorded_is_an_error(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    run(root, "snapshot", "2026-12", now=NOW)
    text = (root / SNAPSHOT).read_text(encoding="utf-8")
    (root / SNAPSHOT).write_text(text.replace("2026-12-03", "2026-12-10", 1), encoding="utf-8")
    out = run(root, "check", now=NOW, code=1)
    assert (
        f"{RECORD}:1:1: error[finance-snapshot]: the snapshot expenditure-2026-12.csv is missing or is not the CSV"
        in out
    )
