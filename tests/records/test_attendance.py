"""Issue 14, capability 5: attendance — substitutes, non-voting members and a quorum by organisation, through
panel check, panel export and the site panel build generates, on real git repositories."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import generate
from generator.domain.calendar import LONDON
from generator.domain.configcheck import parse_config
from panelfixtures import STARTERS
from panelfixtures.gitrun import git
from panelfixtures.repos import make_repo
from tests.pack.pdftext import flat, pages
from tests.records_helpers import DECISION, make_panel, record_decisions, write

NOW = {"PANEL_NOW": "2026-12-20T10:00"}
BEXLEY = "  quorum_roles: [[chair, vice-chair, head-of-service]]\n"
QUORUM = "  quorum: 3\n  quorum_roles: [[chair, vice-chair], finance-officer]\n  quorum_organisations: [health]\n"
HEALTH = "  - {id: health-commissioner, name: Health commissioner (Integrated Care Board)}"
ADMIN = "  - {id: co-ordinator, name: Panel administrator}"
ORGANISATIONS = "organisations:\n  - {id: health, name: Health (ICB)}\n  - {id: education, name: Education}\n\nroles:\n"
MEETING_PATH = "meetings/2026-12-03/meeting.md"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env=NOW)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example panel needing 3 voting members, the chair or vice chair, the finance officer and someone from
    health for each item; the Panel administrator and the health commissioner (from health) do not vote."""
    root = make_panel(tmp_path_factory.mktemp("attendance") / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    assert BEXLEY in config and HEALTH in config and ADMIN in config and "\nroles:\n" in config
    config = config.replace(BEXLEY, QUORUM).replace("\nroles:\n", "\n" + ORGANISATIONS, 1)
    config = config.replace(HEALTH, HEALTH[:-1] + ", organisation: health, voting: false}")
    config = config.replace(ADMIN, ADMIN[:-1] + ", voting: false}")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    git(root, "commit", "-qam", "Quorum by organisation; non-voting roles")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    meeting(root, "[Dana Whitfield, Ruth Bell, Sam Okoro, Nadia Firth]")
    record_decisions(root, "2026-12-03")
    return root


def meeting(root: Path, present: str, substitutes: str = "[]", declarations: str = "[]") -> None:
    write(
        root,
        MEETING_PATH,
        f"---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: {present}\nsubstitutes: {substitutes}\n"
        f"declarations: {declarations}\n---\n",
    )


def decided(root: Path) -> list[tuple[str, str]]:
    code, out = run(root, "export", "decisions")
    assert code == 0, out
    return [(row["meeting"], row["referral"]) for row in csv.DictReader(io.StringIO(out))]


def test_non_voting_members_are_present_but_not_counted(panel: Path) -> None:
    # Four present, but the Panel administrator and the health commissioner do not vote: 2 counted of 3.
    meeting(panel, "[Dana Whitfield, Ruth Bell, Sam Okoro, Nadia Firth]")
    code, out = run(panel, "check")
    assert code == 1, out
    assert "R-0001 was decided without a quorum on 2026-12-03: 2 members counted, 3 needed;" in out
    assert "no one from" not in out  # the non-voting health commissioner is there from health
    assert decided(panel) == []


def test_a_substitute_for_a_role_counts_as_that_role_and_votes(panel: Path) -> None:
    substitutes = "[{name: Jo Hart, role: member}]"
    meeting(panel, "[Dana Whitfield, Ruth Bell, Sam Okoro, Nadia Firth]", substitutes)
    code, out = run(panel, "check")
    assert code == 0 and "inquorate" not in out, out
    assert decided(panel) == [("2026-12-03", "R-0001")]
    # A substitute who declares an interest is not counted for that item (and need not be in panel.yml people).
    declared = "[{member: Jo Hart, item: R-0001, nature: knows the family}]"
    meeting(panel, "[Dana Whitfield, Ruth Bell, Sam Okoro, Nadia Firth]", substitutes, declared)
    code, out = run(panel, "check")
    assert code == 1 and "2 members counted, 3 needed (Jo Hart declared an interest)" in out, out


def test_a_quorum_by_organisation_and_a_substitute_for_a_member(panel: Path) -> None:
    meeting(panel, "[Dana Whitfield, Ruth Bell, Owen Marsh]")
    code, out = run(panel, "check")
    assert code == 1 and "decided without a quorum on 2026-12-03: no one from Health (ICB)" in out, out
    # Someone standing in for the health commissioner comes from health, as the commissioner does.
    meeting(panel, "[Dana Whitfield, Ruth Bell, Owen Marsh]", "[{name: Kit Amos, for: Nadia Firth}]")
    code, out = run(panel, "check")
    assert code == 0 and "inquorate" not in out, out
    # The finance officer's substitute fills the finance officer's place.
    meeting(panel, "[Dana Whitfield, Owen Marsh, Lena Novak, Nadia Firth]")
    assert "no Finance officer" in run(panel, "check")[1]
    meeting(panel, "[Dana Whitfield, Owen Marsh, Nadia Firth]", "[{name: Jo Hart, for: Ruth Bell}]")
    code, out = run(panel, "check")
    assert code == 0 and "inquorate" not in out, out


def test_a_substitute_for_someone_present_or_a_declaration_by_someone_absent_is_an_error(panel: Path) -> None:
    meeting(panel, "[Dana Whitfield, Ruth Bell, Owen Marsh, Nadia Firth]", "[{name: Jo Hart, for: Ruth Bell}]")
    code, out = run(panel, "check")
    assert code == 1, out
    assert (
        f"{MEETING_PATH}:5:36: error[substitute-present]: Jo Hart stands in for Ruth Bell, who is listed as present"
    ) in out, out
    declared = "[{member: Jo Hrat, item: R-0001, nature: knows the family}]"
    meeting(panel, "[Dana Whitfield, Ruth Bell, Owen Marsh, Nadia Firth]", "[{name: Jo Hart, role: member}]", declared)
    code, out = run(panel, "check")
    assert code == 1 and "error[declaration-absent]: Jo Hrat declared an interest but is not listed" in out, out
    assert "Jo Hart" in out  # did you mean


def test_the_site_meeting_page_shows_who_attended_as_what(panel: Path) -> None:
    substitutes = "[{name: Kit Amos, for: Nadia Firth}, {name: Jo Hart, role: member}]"
    meeting(panel, "[Dana Whitfield, Ruth Bell, Sam Okoro]", substitutes)
    generate(panel, dt.datetime(2026, 12, 20, 10, tzinfo=LONDON))
    page = (panel / "build" / "site-src" / "docs" / "meetings" / "2026-12-03.md").read_text(encoding="utf-8")
    assert (
        "| Present | Dana Whitfield (chair), Ruth Bell, Sam Okoro (non-voting), Kit Amos (substitute for Nadia Firth; "
        "Health (ICB); non-voting), Jo Hart (substitute for Panel member) |"
    ) in page, page
    guide = (panel / "build" / "site-src" / "docs" / "guides" / "who-decides.md").read_text(encoding="utf-8")
    assert "someone from Health (ICB) present without an interest in it" in guide
    assert "Holders of Panel administrator, Health commissioner (Integrated Care Board) attend without a vote" in guide


def test_panel_check_points_at_an_unknown_organisation_in_panel_yml(panel: Path, tmp_path: Path) -> None:
    root = tmp_path / "panel"
    root.mkdir()
    config = (panel / "panel.yml").read_text(encoding="utf-8")
    (root / "panel.yml").write_text(config.replace("quorum_organisations: [health]", "quorum_organisations: [helth]"))
    line = 1 + config[: config.index("quorum_organisations")].count("\n")
    code, out = run(root, "check")
    assert code == 2 and f"panel.yml:{line}:" in out and "'helth' is not one of the organisations" in out, out
    assert "health" in out
    config = config.replace("quorum_organisations: [health]", "quorum_organisations: [education]")
    (root / "panel.yml").write_text(config)
    code, out = run(root, "check")
    assert code == 2 and "needs someone from Education, but no one in people comes from it" in out, out


def test_rochdales_starter_counts_members_by_organisation_and_its_administration_does_not_vote() -> None:
    config = parse_config((STARTERS / "rochdale.yml").read_text(encoding="utf-8"), "rochdale.yml")
    assert config.panel.quorum_organisations == ("education", "health")
    assert config.is_assumed("panel.quorum_organisations")
    administrator = config.people_with_role("co-ordinator")[0]
    assert not config.votes(administrator) and not config.is_assumed("roles.co-ordinator.voting")
    assert {config.organisation_of(p) for p in config.people} >= {"education", "health", "housing"}


@pytest.mark.slow
def test_the_packs_previous_minutes_say_who_stood_in_and_who_did_not_vote(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    config = (root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("\nagenda:\n", "\nagenda:\n  previous_minutes: true\n").replace(
        ADMIN, ADMIN[:-1] + ", voting: false}"
    )
    (root / "panel.yml").write_text(config, encoding="utf-8")
    write(
        root,
        "meetings/2026-11-26/meeting.md",
        "---\nmeeting: 2026-11-26\nchair: Owen Marsh\npresent: [Owen Marsh, Sam Okoro]\napologies: [Dana Whitfield]\n"
        "substitutes: [{name: Jo Hart, for: Dana Whitfield}]\n---\n\n- The panel met.\n",
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Minutes of 26 November")
    result = CliRunner().invoke(
        main, ["pack", "2026-12-03", "--format", "pdf", "--root", str(root)], env={"PANEL_NOW": "2026-11-30T12:00"}
    )
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())))
    assert "Owen Marsh (chair), Sam Okoro (non-voting), Jo Hart (substitute for Dana Whitfield)" in text, text


FINANCE_ROLE = "  - {id: finance-officer, name: Finance officer}"
FINANCE_TRAILER = "Approved-by: Ruth Bell <ruth.bell@council.example>"


def test_a_decision_in_principle_without_a_role_is_final_once_a_holder_of_it_approves(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    assert FINANCE_ROLE in config
    config = config.replace(BEXLEY, "  quorum: 3\n  quorum_roles: [[chair, vice-chair], finance-officer]\n")
    config = config.replace(FINANCE_ROLE, FINANCE_ROLE[:-1] + ", in_principle: true}")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    git(root, "commit", "-qam", "Decisions in principle without the finance officer")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    meeting(root, "[Dana Whitfield, Owen Marsh, Grace Adeyemi]")
    record_decisions(root, "2026-12-03")
    code, out = run(root, "check")
    assert code == 0, out  # a warning, not an error
    assert (
        "meetings/2026-12-03/decisions/R-0001.md:2:11: warning[in-principle]: R-0001 was decided in principle on "
        "2026-12-03: no Finance officer; it becomes final when a holder of Finance officer approves it as well as "
        "the chair"
    ) in out, out
    # The chair's approval alone does not make it final.
    assert decided(root) == []
    code, out = run(root, "status", "2026-12-03")
    assert (
        "provisional: decided in principle (no Finance officer); awaiting the approval of a holder of Finance "
        "officer, or confirmation at a quorate meeting"
    ) in out, out
    # The finance officer approves it (with the chair, on a merge touching it): now it is final and counts.
    text = (root / "meetings/2026-12-03/decisions/R-0001.md").read_text(encoding="utf-8")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text + "\nAgreed by the finance officer.\n")
    both = "Approved-by: Dana Whitfield <dana.whitfield@council.example>\n" + FINANCE_TRAILER
    record_decisions(root, "2026-12-03", both, "2026-12-04T10:00:00+00:00")
    assert decided(root) == [("2026-12-03", "R-0001")]
