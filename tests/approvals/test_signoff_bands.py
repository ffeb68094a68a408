"""Sign-off by amount (referral_types[].sign_off_bands): real merges judged by `panel status`, `panel approve`, the site."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.site_signoffs import GitSignoffs
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import SM, TM, Who
from panelfixtures.referrals import referral_text

HOS: Who = ("Grace Adeyemi", "grace.adeyemi@council.example")
TYPE = "  - id: s17-support\n    name: Section 17 support package\n"
BANDS = (
    "    sign_off: [team-manager]\n"
    "    sign_off_bands:\n"
    "      - when: {field: costs.weekly, above: 1000}\n"
    "        chain: [team-manager, head-of-service]\n"
    "      - when: {field: costs.weekly, above: 100}\n"
    "        chain: [team-manager, service-manager]\n"
)


def costing(referral_id: str, weekly: int) -> str:
    """The fixture referral asking `weekly` pounds a week for its 26 weeks."""
    return referral_text(
        referral_id, replace={"weekly: 180": f"weekly: {weekly}", "total: 4680": f"total: {weekly * 26}"}
    )


def run(panel: PanelGit, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(panel.root)])
    return result.exit_code, result.stdout, result.stderr


def banded(panel: PanelGit) -> None:
    """The scheme of delegation on main, then three referrals merged with the team and service managers' approval."""
    text = (panel.root / "panel.yml").read_text(encoding="utf-8")
    assert TYPE in text
    panel.commit({"panel.yml": text.replace(TYPE, TYPE + BANDS, 1)}, "Scheme of delegation", "2026-11-17 09:00")
    for referral_id, weekly in (("R-0001", 180), ("R-0002", 1200), ("R-0003", 50)):
        branch = panel.submit(referral_id, "2026-11-20 10:00", costing(referral_id, weekly))
        panel.merge(branch, "2026-11-25 15:30", [TM, SM])


def test_status_judges_each_referral_by_its_band(panel_git: PanelGit) -> None:
    banded(panel_git)
    code, out, err = run(panel_git, "status", "2026-12-03", "--format", "json")
    assert code == 0, err
    rows = {row["referral"]: row for row in json.loads(out)}
    assert rows["R-0001"]["state"] == "ready" and rows["R-0001"]["sign_off_chain"] == [
        "team-manager",
        "service-manager",
    ]
    assert rows["R-0001"]["sign_off_because"] == "costs.weekly is £180: above £100, so it needs a Service Manager"
    assert rows["R-0002"]["state"] == "awaiting" and rows["R-0002"]["missing_roles"] == ["head-of-service"]
    assert "costs.weekly is £1,200: above £1,000, so it needs a Head of Service" in rows["R-0002"]["sign_off_because"]
    assert [i["name"] for i in rows["R-0002"]["not_counted"]] == ["Lena Novak"]
    assert "holds no role in the sign-off chain" in rows["R-0002"]["not_counted"][0]["reason"]
    assert rows["R-0003"]["state"] == "ready" and rows["R-0003"]["sign_off_chain"] == ["team-manager"]
    assert rows["R-0003"]["sign_off_because"] == "costs.weekly is £50: not above £100, so a Team Manager signs it off"
    code, out, _ = run(panel_git, "status", "2026-12-03")
    assert "Who signs off, by the scheme of delegation" in out
    assert "R-0002: costs.weekly is £1,200: above £1,000, so it needs a Head of Service" in out


def test_approve_names_the_band_and_the_head_of_service_completes_it(panel_git: PanelGit) -> None:
    banded(panel_git)
    with panel_git.repo.config_writer() as config:
        config.set_value("user", "name", SM[0])
        config.set_value("user", "email", SM[1])
    code, _, err = run(panel_git, "approve", "R-0003", "--as", "service-manager")
    assert code == 1
    assert "'service-manager' is not in the sign-off chain of R-0003 (costs.weekly is £50: not above £100" in err
    with panel_git.repo.config_writer() as config:
        config.set_value("user", "name", HOS[0])
        config.set_value("user", "email", HOS[1])
    code, out, err = run(panel_git, "approve", "R-0002", "--as", "head-of-service")
    assert code == 0, err
    assert "R-0002 is now ready" in out and "above £1,000, so it needs a Head of Service" in out


def test_the_site_trail_says_who_signs_off_and_why(panel_git: PanelGit) -> None:
    banded(panel_git)
    config = load_config(panel_git.root)
    repo = read_repository(panel_git.root, dt.date(2026, 11, 30))
    signoffs = GitSignoffs(panel_git.root, config, read_history(panel_git.root, config))
    referral = repo.referral("R-0002")
    assert referral is not None
    trail = signoffs.trail(referral)
    assert trail is not None and trail.missing == ("Head of Service",)
    assert trail.because == "costs.weekly is £1,200: above £1,000, so it needs a Head of Service"
