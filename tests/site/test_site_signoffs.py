"""Sign-off trails and decision finality on the site, from a real git history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.commands.build import build_site
from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.domain.calendar import LONDON
from generator.domain.signoff.finality import finality
from panelfixtures.gitrun import git
from panelfixtures.people import FORGE
from tests.records_helpers import make_panel

pytestmark = pytest.mark.slow
CHAIR = "Approved-by: Dana Whitfield <dana.whitfield@council.example>"
NOW = dt.datetime(2026, 12, 10, 10, 0, tzinfo=LONDON)
DECISION = "meetings/2026-12-03/decisions/R-0001.md"


def approve(root: Path, who: tuple[str, str], date: str) -> None:
    """An approval commit on main, as `panel approve` writes it, made by the approver."""
    message = f"Approve R-0001\n\nReferral: R-0001\nApproved-by: {who[0]} <{who[1]}>"
    git(root, "commit", "-q", "--allow-empty", "-m", message, who=who, date=date)


def merge_decision(root: Path, message: str, date: str) -> None:
    """Change the decision on a branch and merge it with --no-ff, as the forge does, with `message`."""
    decision = root / DECISION
    git(root, "checkout", "-q", "-b", "decision")
    decision.write_text(decision.read_text() + "\nDiscussed in full.\n")
    git(root, "commit", "-q", "-am", "Decision on R-0001", date=date)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "decision", "-m", message, who=FORGE, date=date)


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    root = make_panel(tmp_path / "panel", final=False)
    approve(root, ("Tom Reyes", "tom.reyes@council.example"), "2026-11-24T12:00:00+00:00")
    approve(root, ("Lena Novak", "lena.novak@council.example"), "2026-11-24T12:05:00+00:00")
    merge_decision(root, f"Merge branch 'decision' into 'main'\n\n{CHAIR}", "2026-12-03T17:00:00+00:00")
    return root


def test_decision_is_final_with_the_chair_approval(panel: Path) -> None:
    config = load_config(panel)
    result = finality(DECISION, read_history(panel, config), config)
    assert result.final and result.approved_by == "Dana Whitfield" and result.amendments == ()
    html = (build_site(panel, NOW).site / "referrals/R-0001.html").read_text()
    assert "final: signed off by Dana Whitfield on 03 Dec 2026 17:00" in html
    assert "Amended after sign-off" not in html
    assert "Tom Reyes" in html and "Team Manager" in html and "Lena Novak" in html and "Service Manager" in html


def test_a_final_decision_changed_afterwards_is_flagged_with_its_history(panel: Path) -> None:
    decision = panel / DECISION
    decision.write_text(decision.read_text().replace("total: 4680", "total: 4000"))
    git(panel, "commit", "-q", "-am", "Correct the total", date="2026-12-05T09:30:00+00:00")
    config = load_config(panel)
    result = finality(DECISION, read_history(panel, config), config)
    assert result.final and [a.subject for a in result.amendments] == ["Correct the total"]
    site = build_site(panel, NOW).site
    referral = (site / "referrals/R-0001.html").read_text()
    assert "Amended after sign-off" in referral and "05 Dec 2026 09:30" in referral and "Correct the total" in referral
    assert "amended after sign-off" in (site / "meetings/2026-12-03.html").read_text()


def test_a_decision_without_the_chair_is_a_draft(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", final=False)
    config = load_config(root)
    assert not finality(DECISION, read_history(root, config), config).final
    html = (build_site(root, NOW).site / "referrals/R-0001.html").read_text()
    assert "draft: not yet signed off by the chair" in html
    assert read_repository(root, NOW.date(), jobs=1).decisions


def test_without_git_history_the_site_says_so(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    (root / ".git").rename(root / "not-git")
    html = (build_site(root, NOW).site / "referrals/R-0001.html").read_text()
    assert "Sign-off history is not available in this build" in html
