"""Issue 14's two starters that are not resource panels use the machinery the issue added, through the real commands.

One repository per starter (module-scoped): the legal gateway's rota, moved meetings, words, routing, eligibility, form
rule with `unless` and due rules; the complex-care panel's sign-off by amount, eligibility by age, routing, form rules,
due rules and bank-holiday move. Every referral is written by the one referral factory and judged by `panel check`,
`panel status`, `panel calendar` or `panel book`. Small repositories of their own for recorded decisions: attendance
by organisation and in principle, and the legal gateway's revision and follow-up steps.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain import calendar
from generator.domain.config.model import PanelConfig
from panelfixtures.gitrun import git
from panelfixtures.referrals import STARTER_DATE, write_referral
from panelfixtures.repos import starter_repo

NOW = "2026-12-01T09:00"


def panel(root: Path, *args: str, code: int = 0) -> str:
    """The output of `panel ARGS` in `root` at NOW, which must exit with `code`."""
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, f"panel {' '.join(args)}:\n{result.output}"
    return result.stdout


def child(config: PanelConfig, number: int, **fields: Any) -> list[dict[str, Any]]:
    """The one child of referral `number`, with `fields` changed."""
    return [
        {
            "name": "Robin Testcase",
            "case_id": f"LCS-9{number:05d}",
            "date_of_birth": "2014-05-01",
            "ethnicity": "White British",
            "disability": "none known",
            "legal_status": "cin",
            **fields,
        }
    ]


def lines_about(output: str, referral: str) -> str:
    """The check's lines about one referral file."""
    return "\n".join(line for line in output.splitlines() if line.startswith(f"submissions/{referral}.md:"))


def without_section(path: Path, heading: str) -> None:
    """Take one section (its heading and text) out of a referral written by the factory, and commit it."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    root = path.parents[1]
    git(root, "commit", "-q", "-am", f"Without {heading}", date=STARTER_DATE)


@pytest.fixture(scope="module")
def legal_gateway(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PanelConfig, dt.date, str]:
    """The legal gateway starter with six referrals for its first meeting after 7 December, and `panel check`'s say."""
    root = tmp_path_factory.mktemp("legal-gateway")
    config = starter_repo(root, "legal-gateway")
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date

    def refer(number: int, type_id: str, **fields: Any) -> Path:
        return write_referral(root, config, number=number, type_id=type_id, meeting=meeting, **fields)

    refer(1, "pre-proceedings", children=child(config, 1, legal_status="pre-birth"))
    without_section(refer(2, "pre-proceedings"), "Family network and family group conference")
    explained = refer(3, "pre-proceedings", case={"fgc_not_held": "The parents declined a conference."})
    without_section(explained, "Family network and family group conference")
    refer(4, "pre-proceedings", children=child(config, 4, legal_status="ico"))
    unborn = child(config, 5, legal_status="pre-birth", expected_delivery="2027-04-01")
    del unborn[0]["date_of_birth"]
    refer(5, "pre-birth", children=unborn)
    started = (meeting - dt.timedelta(weeks=20)).isoformat()
    refer(6, "plo-review", case={"plo_started": started})
    return root, config, meeting, panel(root, "check", code=1)


def test_legal_gateway_routes_an_unborn_baby_to_a_pre_birth_referral(
    legal_gateway: tuple[Path, PanelConfig, dt.date, str],
) -> None:
    checked = lines_about(legal_gateway[3], "LGW-0001")
    assert "error[wrong-type]: unborn baby: children.legal_status is pre-birth" in checked, checked
    assert "use type pre-birth (Pre-birth planning for an unborn baby)" in checked


def test_legal_gateway_asks_for_the_family_group_conference_unless_explained(
    legal_gateway: tuple[Path, PanelConfig, dt.date, str],
) -> None:
    missing = lines_about(legal_gateway[3], "LGW-0002")
    assert "error[required-when]: section '## Family network and family group conference' is required here" in missing
    assert "case.fgc_not_held is not given" in missing
    assert lines_about(legal_gateway[3], "LGW-0003") == ""


def test_legal_gateway_enters_no_child_under_an_order_into_pre_proceedings(
    legal_gateway: tuple[Path, PanelConfig, dt.date, str],
) -> None:
    checked = lines_about(legal_gateway[3], "LGW-0004")
    assert "error[not-eligible]: not eligible for Pre-proceedings (PLO)" in checked and "is ico" in checked, checked


def test_legal_gateway_due_dates_from_the_case(legal_gateway: tuple[Path, PanelConfig, dt.date, str]) -> None:
    """A pre-birth case by week 20 of pregnancy (a warning); pre-proceedings reviewed by week 16 (an error)."""
    pre_birth = lines_about(legal_gateway[3], "LGW-0005")
    assert "warning[" in pre_birth and "Pre-birth: due by Thursday 12 November 2026" in pre_birth, pre_birth
    assert "because a pre-birth case is heard by week 20 of pregnancy" in pre_birth
    review = lines_about(legal_gateway[3], "LGW-0006")
    assert "error[due-missed]: Pre-proceedings review: due by" in review, review
    assert "because pre-proceedings are reviewed by their 16th week" in review


def test_legal_gateway_meets_by_rota_moves_christmas_and_says_its_words(
    legal_gateway: tuple[Path, PanelConfig, dt.date, str],
) -> None:
    root = legal_gateway[0]
    listed = panel(root, "calendar", "--count", "12")
    assert listed.startswith("Legal Planning Meeting: the next 12 meetings")  # the name since the April revision
    assert "Thu 10 Dec 2026 09:30-12:30  (Children in Care and Disabled Children)" in listed
    assert "(moved from Thursday 24 December 2026 (Christmas closure))" in listed
    assert "deadline Fri 04 Dec 12:30 (lunchtime four working days before)" in listed
    # An urgent meeting for one case, booked on a Wednesday off the rota.
    assert "meetings/2026-12-09/README.md" in panel(root, "book", "2026-12-09")
    assert "Wed 09 Dec 2026" in panel(root, "calendar", "--count", "12")


def test_legal_gateway_was_renamed_from_april_2026() -> None:
    """The revision (assumed): before 1 April 2026 the Legal Gateway Panel, whose `issue` is now `apply-to-court`."""
    from generator.domain.configcheck import parse_config
    from panelfixtures import STARTERS

    config = parse_config((STARTERS / "legal-gateway.yml").read_text(encoding="utf-8"))
    before, after = config.at(dt.date(2026, 3, 31)), config.at(dt.date(2026, 4, 1))
    assert (before.panel.name, after.panel.name) == ("Legal Gateway Panel", "Legal Planning Meeting")
    assert before.outcome("issue") is not None and before.outcome("apply-to-court") is None
    renamed = after.outcome("issue")  # an old id read under the new terms is the outcome it became
    assert renamed is not None and renamed.id == "apply-to-court"
    assert [s.id for s in renamed.follow_up] == ["application", "legal-advice"]


@pytest.fixture(scope="module")
def complex_care(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PanelConfig, dt.date, str]:
    """The complex-care starter with six referrals for its first meeting after 7 December, and `panel check`'s say."""
    root = tmp_path_factory.mktemp("complex-care")
    config = starter_repo(root, "complex-care")
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date

    def refer(number: int, type_id: str, **fields: Any) -> Path:
        return write_referral(root, config, number=number, type_id=type_id, meeting=meeting, **fields)

    # £800 a week: above £500, so a Service Manager must sign it off too; only the team manager has.
    git(root, "checkout", "-q", "-b", "referral/1", "main", date=STARTER_DATE)
    refer(1, "joint-placement", weekly=800, weeks=10)
    git(root, "checkout", "-q", "main", date=STARTER_DATE)
    manager = config.people_with_role("team-manager")[0]
    message = f"Merge referral/1\n\nApproved-by: {manager.name} <{manager.email}>"
    git(root, "merge", "--no-ff", "-q", "-m", message, "referral/1", date=STARTER_DATE)
    refer(2, "preparing-for-adulthood", children=child(config, 2, date_of_birth="2013-06-01"))
    refer(3, "short-breaks", case={"chc_status": "eligible"})
    refer(4, "education-placement", case={"ehcp": True})
    refer(5, "joint-placement", case={"placement_ends": "2027-06-01"})
    refer(6, "education-placement", case={"ehcp": True, "ehcp_review": (meeting - dt.timedelta(days=14)).isoformat()})
    return root, config, meeting, panel(root, "check", code=1)


def test_complex_care_signs_off_by_the_weekly_cost(complex_care: tuple[Path, PanelConfig, dt.date, str]) -> None:
    root, _, meeting, _ = complex_care
    rows = {row["referral"]: row for row in json.loads(panel(root, "status", meeting.isoformat(), "--format", "json"))}
    first = rows["CCP-0001"]
    assert first["state"] == "awaiting" and first["missing_roles"] == ["service-manager"], first
    assert first["sign_off_chain"] == ["team-manager", "service-manager"]
    assert first["sign_off_because"] == "costs.weekly is £800: above £500, so it needs a Service Manager"


def test_complex_care_eligibility_routing_and_form_rules(complex_care: tuple[Path, PanelConfig, dt.date, str]) -> None:
    checked = complex_care[3]
    adult = lines_about(checked, "CCP-0002")
    assert "error[not-eligible]: not eligible for Preparing for adulthood (14 to 25)" in adult, adult
    assert "children.date_of_birth is 1 Jun 2013" in adult
    routed = lines_about(checked, "CCP-0003")
    assert "error[wrong-type]: eligible for continuing care: case.chc_status is eligible" in routed, routed
    assert "use type continuing-care" in routed
    ehcp = lines_about(checked, "CCP-0004")
    assert "error[required-when]" in ehcp and "case.ehcp_review" in ehcp and "case.ehcp is true" in ehcp, ehcp
    consultation = lines_about(checked, "CCP-0005")
    assert "error[field-missing]: missing field 'virtual_consultation' in case" in consultation, consultation


def test_complex_care_agrees_funding_before_the_ehcp_review(
    complex_care: tuple[Path, PanelConfig, dt.date, str],
) -> None:
    due = lines_about(complex_care[3], "CCP-0006")
    assert "warning[" in due and "Funding before the EHCP review: due by" in due, due
    assert "because each partner's share is agreed before the EHCP's annual review" in due


def test_complex_care_needs_every_partner_and_decides_in_principle_without_finance() -> None:
    """Quorum by organisation (social care, health and education); without the finance officer, in principle."""
    from generator.domain.configcheck import parse_config
    from panelfixtures import STARTERS

    config = parse_config((STARTERS / "complex-care.yml").read_text(encoding="utf-8"))
    assert config.panel.quorum_organisations == ("social-care", "health", "education")
    assert {r.id for r in config.roles if r.in_principle} == {"finance-officer"}


def test_complex_care_moves_the_may_bank_holiday_meeting(complex_care: tuple[Path, PanelConfig, dt.date, str]) -> None:
    """The first Monday of May 2027 is a bank holiday: the panel meets on the Tuesday, its deadline a week before it."""
    listed = panel(complex_care[0], "calendar", "--count", "6")
    assert "Mon 07 Dec 2026 13:30-16:30" in listed or "Mon 07 Dec 2026" in listed, listed
    assert "Tue 04 May 2027" in listed and "moved from Monday 3 May 2027" in listed, listed
    assert "deadline Tue 27 Apr 12:30 (lunchtime a week before)" in listed, listed


MEETING_RECORD = """---
meeting: {meeting}
chair: {chair}
present: [{present}]
declarations: []
---

- Heard.
"""
DECISION = """---
referral: {referral}
meeting: {meeting}
outcome: {outcome}
agreed:
  - What the panel agreed.
{approved}review_date: 2027-02-01
rationale: Invented reasons.
---
"""
APPROVED = """approved:
  resource: Residential placement
  weekly: 200
  total: 2000
  start: 2026-12-14
  end: 2027-02-21
  budget_line: joint-placements
"""


@pytest.mark.parametrize(
    ("name", "type_id", "outcome", "present", "found"),
    [
        # Complex care: someone from each partner at each item; nobody from health here.
        (
            "complex-care",
            "joint-placement",
            "approve-joint",
            ["Gwendolyn Ashworth", "Sunita Kapoor", "Hamish Trelawney"],
            "error[inquorate]: CCP-0001 was decided without a quorum on 2026-12-07: no one from Health (Integrated Care "
            "Board)",
        ),
        # The legal gateway without Legal Services decides in principle, final once the legal adviser approves it.
        (
            "legal-gateway",
            "pre-proceedings",
            "plo",
            ["Morwenna Castell", "Lucinda Ferrars", "Philippa Dunmore"],
            "warning[in-principle]: LGW-0001 was decided in principle on 2026-12-08: no Legal adviser (Legal Services); "
            "it becomes final when a holder of Legal adviser (Legal Services) approves it",
        ),
    ],
)
def test_attendance_by_organisation_and_in_principle(
    tmp_path: Path, name: str, type_id: str, outcome: str, present: list[str], found: str
) -> None:
    """A decision recorded with the members present: `panel check` judges the item's quorum by the starter's rules."""
    config = starter_repo(tmp_path, name)
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date
    path = write_referral(tmp_path, config, number=1, type_id=type_id, meeting=meeting, weekly=200, weeks=10)
    folder = tmp_path / "meetings" / meeting.isoformat()
    (folder / "decisions").mkdir(parents=True)
    (folder / "meeting.md").write_text(
        MEETING_RECORD.format(meeting=meeting, chair=present[0], present=", ".join(present)), encoding="utf-8"
    )
    approved = "" if config.referral_type(type_id).no_cost else APPROVED  # type: ignore[union-attr]
    decision = DECISION.format(referral=path.stem, meeting=meeting, outcome=outcome, approved=approved)
    (folder / "decisions" / f"{path.stem}.md").write_text(decision, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)], env={"PANEL_NOW": "2026-12-09T09:00"})
    assert found in result.stdout, result.stdout
    # The legal gateway's linked City RAP is not checked out beside it here: that warning is not about attendance.
    lines = [line for line in result.stdout.splitlines() if "linked-panel-missing" not in line]
    problems = [line for line in lines if "error[" in line or "warning[" in line]
    assert len(problems) == 1, result.stdout


def test_legal_gateway_judges_each_decision_by_the_terms_of_its_day(tmp_path: Path) -> None:
    """March 2026's `issue` stands under the old terms; December's must say `apply-to-court`; a `plo` decision makes
    the letter before proceedings due within 5 working days of the meeting, overdue after it."""
    config = starter_repo(tmp_path, "legal-gateway")
    present = ["Morwenna Castell", "Imogen Salter", "Lucinda Ferrars"]
    for number, meeting, outcome in ((1, dt.date(2026, 3, 3), "issue"), (2, dt.date(2026, 12, 8), "plo")):
        path = write_referral(tmp_path, config, number=number, type_id="pre-proceedings", meeting=meeting)
        folder = tmp_path / "meetings" / meeting.isoformat()
        (folder / "decisions").mkdir(parents=True, exist_ok=True)
        record = MEETING_RECORD.format(meeting=meeting, chair=present[0], present=", ".join(present))
        (folder / "meeting.md").write_text(record, encoding="utf-8")
        decision = DECISION.format(referral=path.stem, meeting=meeting, outcome=outcome, approved="")
        (folder / "decisions" / f"{path.stem}.md").write_text(decision, encoding="utf-8")
    path = write_referral(tmp_path, config, number=3, type_id="care-proceedings", meeting=dt.date(2026, 12, 8))
    decision = DECISION.format(referral=path.stem, meeting="2026-12-08", outcome="issue", approved="")
    (tmp_path / "meetings" / "2026-12-08" / "decisions" / f"{path.stem}.md").write_text(decision, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)], env={"PANEL_NOW": "2026-12-20T09:00"})
    march = [line for line in result.stdout.splitlines() if "LGW-0001.md" in line]
    assert march and not [line for line in march if "error[" in line], result.stdout  # only its steps, overdue
    assert (
        "meetings/2026-12-08/decisions/LGW-0002.md:4:10: warning[follow-up-overdue]: LGW-0002: 'Letter before "
        "proceedings sent to the parents' (Social Worker) was due by 2026-12-15 (within 5 working days of the meeting)"
    ) in result.stdout
    assert "meetings/2026-12-08/decisions/LGW-0003.md:4:10: error[field-value]: outcome: 'issue' is not allowed" in (
        result.stdout
    )
    assert "one of: plo, apply-to-court, threshold-not-met, section-20-agreed, defer" in result.stdout
