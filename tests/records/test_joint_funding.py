"""Joint funding: a partner's share counts only once its agreement is recorded (real git repositories)."""

from __future__ import annotations

import json
from pathlib import Path

from panelfixtures.referrals import referral_text
from tests.records.test_registers_final import committed, export, run
from tests.records_helpers import CHAIR_TRAILER, DECISION, MEETING, make_panel, record_decisions, write

HEALTH = "Approved-by: Nadia Firth <nadia.firth@nhs.example>"
FINANCE = "Approved-by: Ruth Bell <ruth.bell@council.example>"
SPLIT = "  provider: Oakfield Family Support (voluntary sector)\n"
JOINT = SPLIT + "  funding:\n    - {source: social-care, share: 60}\n    - {source: health, share: 40}\n"
DECISION_PATH = "meetings/2026-12-03/decisions/R-0001.md"


def _joint_panel(tmp_path: Path, decision: str, trailer: str, when: str | None = None) -> Path:
    """R-0001 asks health for 40%; its approving decision is merged with `trailer` (at `when`)."""
    root = make_panel(tmp_path / "panel", decided=False)
    write(root, "submissions/R-0001.md", referral_text("R-0001").replace(SPLIT, JOINT))
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, DECISION_PATH, decision)
    record_decisions(root, "2026-12-03", trailer, when)
    return root


def _status(root: Path) -> dict[str, object]:
    found: list[dict[str, object]] = json.loads(run(root, "status", "2026-12-03", "--format", "json"))
    return next(s for s in found if s["referral"] == "R-0001")


def test_a_partner_share_waits_for_the_partners_agreement(tmp_path: Path) -> None:
    # The chair and the finance officer approve; health's commissioner does not: the decision is not final.
    root = _joint_panel(tmp_path, DECISION.format(referral="R-0001"), f"{CHAIR_TRAILER}\n{FINANCE}")
    status = _status(root)
    assert status["state"] != "decided" and status["decision"] is None
    assert "Health (Integrated Care Board)" in run(root, "status", "2026-12-03")
    rows = [r for r in export(root, "expenditure") if r["referral"] == "R-0001"]
    assert rows and {r["status"] for r in rows} == {"pending"}
    assert "agreement of Health (Integrated Care Board)" in rows[0]["note"]
    run(root, "build")
    page = (root / "build/site-src/docs/referrals/R-0001.md").read_text(encoding="utf-8")
    assert (
        "(draft: the chair has approved it; awaiting Health (Integrated Care Board)'s agreement to its share)" in page
    )
    assert "| Funding | Children's social care 60%, Health (Integrated Care Board) 40% |" in page

    # Health's commissioner approves the decision (a change merged with her approval): now it is final,
    # and health's share counts beside the council's.
    text = (root / DECISION_PATH).read_text(encoding="utf-8")
    write(root, DECISION_PATH, text.replace("rationale:", "conditions:\n  - Health funds 40%.\nrationale:"))
    record_decisions(root, "2026-12-03", HEALTH, when="2026-12-05T10:00:00+00:00")
    assert _status(root)["state"] == "decided"
    row = committed(export(root, "expenditure"), "R-0001")[0]
    assert float(row["health"]) == round(float(row["in_year"]) * 0.4, 2)
    assert float(row["running_total"]) == float(row["social_care"]) == round(float(row["in_year"]) * 0.6, 2)


def test_council_share_only_while_the_partner_share_is_pending(tmp_path: Path) -> None:
    decision = DECISION.format(referral="R-0001").replace(
        "outcome: approve\n", "outcome: approve\npartner_share_pending: true\n"
    )
    root = _joint_panel(tmp_path, decision, CHAIR_TRAILER)
    assert _status(root)["state"] == "decided"
    row = committed(export(root, "expenditure"), "R-0001")[0]
    assert float(row["social_care"]) == float(row["running_total"]) == round(float(row["in_year"]) * 0.6, 2)
    assert float(row["health"]) == 0
    assert "council share only, partner share pending (Health (Integrated Care Board) has not agreed)" in row["note"]


def test_an_approval_before_the_meeting_is_not_the_partners_agreement(tmp_path: Path) -> None:
    root = _joint_panel(tmp_path, DECISION.format(referral="R-0001"), HEALTH)
    text = (root / DECISION_PATH).read_text(encoding="utf-8")
    write(root, DECISION_PATH, text.replace("rationale:", "conditions:\n  - Reviewed.\nrationale:"))
    record_decisions(root, "2026-12-03", CHAIR_TRAILER, when="2026-12-03T18:30:00+00:00")
    assert _status(root)["state"] == "decided"  # health approved on the day: it counts, though since changed

    early = _joint_panel(tmp_path / "early", DECISION.format(referral="R-0001"), HEALTH, "2026-12-02T18:00:00+00:00")
    text = (early / DECISION_PATH).read_text(encoding="utf-8")
    write(early, DECISION_PATH, text.replace("rationale:", "conditions:\n  - Reviewed.\nrationale:"))
    record_decisions(early, "2026-12-03", CHAIR_TRAILER, when="2026-12-04T10:00:00+00:00")
    assert _status(early)["state"] != "decided"  # health's approval came before the panel met


def test_partner_share_pending_without_a_partner_share_is_a_warning(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    decision = DECISION.format(referral="R-0001").replace(
        "outcome: approve\n", "outcome: approve\npartner_share_pending: true\n"
    )
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, DECISION_PATH, decision)
    out = run(root, "check", code=0)
    assert (
        f"{DECISION_PATH}:5:24: warning[partner-share-unused]: partner_share_pending: this decision approves no share"
        in out
    )
