"""panel.yml settings that contradict each other, or name fields a referral cannot have, get a located error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.domain.configcheck import parse_config
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML, REFERRAL_MD

BASE = PANEL_YML.read_text(encoding="utf-8")
CHAIN = "  chain: [team-manager, service-manager]"
PLACEMENT = "review: {first_after_months: 3, then_every_months: 6}"

# (case, {old: new} applied to the fixture panel.yml, expected code, text on the line pointed at, words in the message)
CASES = [
    (
        "papers out before the deadline",
        {'papers_out: {working_days_before: 2, time: "12:00"}': 'papers_out: {working_days_before: 4, time: "12:00"}'},
        "config-inconsistent",
        "papers_out:",
        "not after the deadline",
    ),
    (
        "papers out at the same time as the deadline",
        {'papers_out: {working_days_before: 2, time: "12:00"}': 'papers_out: {working_days_before: 3, time: "17:00"}'},
        "config-inconsistent",
        "papers_out:",
        "not after the deadline",
    ),
    (
        "papers out after the meeting starts",
        {'papers_out: {working_days_before: 2, time: "12:00"}': 'papers_out: {on_the_day: true, time: "15:00"}'},
        "config-inconsistent",
        "papers_out:",
        "the meeting starts at 14:00",
    ),
    (
        "deadline on the meeting day after it starts",
        {
            'deadline: {working_days_before: 3, time: "17:00"}': 'deadline: {on_the_day: true, time: "14:30"}',
            '  papers_out: {working_days_before: 2, time: "12:00"}\n': "",
        },
        "config-inconsistent",
        "deadline:",
        "on the day at 14:30",
    ),
    (
        "first after last",
        {'  end: "17:00"\n': '  end: "17:00"\n  first: 2027-06-01\n  last: 2027-01-01\n'},
        "config-inconsistent",
        "last: 2027-01-01",
        "is before first",
    ),
    (
        "meeting ends before it starts",
        {'end: "17:00"': 'end: "13:00"'},
        "config-inconsistent",
        'end: "13:00"',
        "ends",
    ),
    (
        "anchor on another weekday",
        {
            "cadence: {every: week, weekday: thursday}": (
                "cadence: {every: fortnight, weekday: thursday, anchor: 2026-11-25}"
            )
        },
        "config-inconsistent",
        "anchor",
        "Wednesday",
    ),
    (
        "anchor on a weekly panel",
        {"cadence: {every: week, weekday: thursday}": "cadence: {every: week, weekday: thursday, anchor: 2026-11-26}"},
        "config-inconsistent",
        "anchor",
        "only by fortnightly panels",
    ),
    (
        "weeks on a weekly panel",
        {"cadence: {every: week, weekday: thursday}": "cadence: {every: week, weekday: thursday, weeks: [2]}"},
        "config-inconsistent",
        "weeks: [2]",
        "only by monthly panels",
    ),
    (
        "cancelled date that is no meeting",
        {"cancelled: [2026-12-24, 2026-12-31]": "cancelled: [2026-12-24, 2026-12-30]"},
        "config-inconsistent",
        "cancelled:",
        "2026-12-30 (Wednesday) is not a regular meeting day",
    ),
    (
        "date both cancelled and extra",
        {"extra: [2026-12-29]": "extra: [2026-12-29, 2026-12-31]"},
        "config-inconsistent",
        "extra:",
        "both cancelled and an extra meeting",
    ),
    (
        "a role in the chain nobody holds",
        {
            CHAIN: "  chain: [team-manager, head-of-service, finance-manager]",
            "roles:\n": "roles:\n  - {id: finance-manager, name: Finance manager}\n",
        },
        "config-inconsistent",
        "chain:",
        "no one in people holds it",
    ),
    (
        "a type's chain names a role nobody holds",
        {
            "    required_fields: [costs, retrospective]": "    required_fields: [costs, retrospective]\n    sign_off: [social-worker, co-ordinator, finance-manager]",
            "roles:\n": "roles:\n  - {id: finance-manager, name: Finance manager}\n",
        },
        "config-inconsistent",
        "sign_off: [social-worker",
        "'finance-manager' must sign off",
    ),
    (
        "the same role twice with one holder",
        {CHAIN: "  chain: [head-of-service, head-of-service]"},
        "config-inconsistent",
        "chain:",
        "2 different people",
    ),
    (
        "duplicate role ids",
        {
            "  - {id: member, name: Panel member}": "  - {id: member, name: Panel member}\n  - {id: member, name: Member}"
        },
        "config-duplicate-id",
        "{id: member, name: Member}",
        "defined twice",
    ),
    (
        "two people with one name",
        {"{name: Ben Carter,": "{name: Priya Shah,"},
        "config-duplicate-id",
        "ben.carter",
        "2 people are called 'Priya Shah'",
    ),
    (
        "two people with one email",
        {"ben.carter@council.example": "PRIYA.shah@council.example"},
        "config-duplicate-id",
        "PRIYA.shah",
        "share the email",
    ),
    (
        "quorum larger than the membership",
        {"quorum: 3": "quorum: 9"},
        "config-inconsistent",
        "quorum: 9",
        "only 5 people",
    ),
    (
        "budget year that is no financial year",
        {"2026-27: 2500000": "2026-28: 2500000"},
        "config-inconsistent",
        "2026-28",
        "not a financial year",
    ),
    (
        "retrospective rules on a type that refuses retrospective referrals",
        {
            "retrospective: {allowed: true, at_next_meeting: true}": "retrospective: {allowed: false, at_next_meeting: true}"
        },
        "config-inconsistent",
        "allowed: false",
        "not allowed, yet",
    ),
    (
        "review every weeks and months at once",
        {PLACEMENT: "review: {every_weeks: 4, first_after_months: 3}"},
        "config-inconsistent",
        "every_weeks: 4, first",
        "both every_weeks and months",
    ),
    (
        "then every months without a first review",
        {PLACEMENT: "review: {then_every_months: 6}"},
        "config-inconsistent",
        "review: {then_every_months: 6}",
        "needs first_after_months",
    ),
    (
        "until chair satisfied with no interval",
        {PLACEMENT: "review: {until_chair_satisfied: true}"},
        "config-inconsistent",
        "review: {until_chair_satisfied: true}",
        "no interval",
    ),
    (
        "escalate_to on a panel-required threshold",
        {"action: panel-required}": "action: panel-required, escalate_to: head-of-service}"},
        "config-inconsistent",
        "escalate_to: head-of-service",
        "used only by an 'escalate' threshold",
    ),
    (
        "decision maker on a panel that decides",
        {"  decides: true": "  decides: true\n  decision_maker: head-of-service"},
        "config-inconsistent",
        "decision_maker: head-of-service",
        "no referral type uses it",
    ),
    (
        "recommend-only panel without a decision maker",
        {"  decides: true": "  decides: false"},
        "config-missing",
        "decides: false",
        "no decision_maker is named",
    ),
    (
        "decision maker on a type the panel decides",
        {
            "    name: Increased cost or changed package": "    name: Increased cost or changed package\n    decision_maker: head-of-service"
        },
        "config-inconsistent",
        "decision_maker: head-of-service",
        "the panel decides this type",
    ),
    (
        "a type recommended to a role that is not defined",
        {
            "    name: Increased cost or changed package": "    name: Increased cost or changed package\n    decides: false\n    decision_maker: head-of-servise"
        },
        "config-unknown-id",
        "decision_maker: head-of-servise",
        "'head-of-servise' is not one of the roles",
    ),
    (
        "escalation to a role no one holds",
        {
            "  decides: true": "  decides: true",
            "roles:\n": "roles:\n  - {id: director, name: Director}\n",
            "action: panel-required}": "action: panel-required}\n  - {amount: 90000, action: escalate, escalate_to: director}",
        },
        "config-inconsistent",
        "escalate_to: director",
        "no one in people holds it",
    ),
    (
        "required field that lives elsewhere",
        {"    required_fields: [costs, retrospective]": "    required_fields: [costs, funding]"},
        "config-unknown-field",
        "required_fields: [costs, funding]",
        "'funding' does not exist",
    ),
    (
        "required field under a list with a typo",
        {"    required_fields: [costs, retrospective]": "    required_fields: [costs, children.dob]"},
        "config-unknown-field",
        "required_fields: [costs, children.dob]",
        "'children.dob' does not exist",
    ),
]


def _apply(changes: dict[str, str]) -> str:
    text = BASE
    for old, new in changes.items():
        assert old in text, f"test setup: {old!r} not in panel.yml"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(("case", "changes", "code", "at", "words"), CASES, ids=[c[0] for c in CASES])
def test_inconsistent_setting_gets_one_located_hinted_error(
    case: str, changes: dict[str, str], code: str, at: str, words: str
) -> None:
    """Each contradiction is reported once, at the line of the setting to change, with a fix."""
    text = _apply(changes)
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text)
    found = list(caught.value.diagnostics.sorted())
    assert len(found) == 1, [d.format() for d in found]
    [problem] = found
    line = next(n for n, content in enumerate(text.split("\n"), start=1) if at in content)
    assert (problem.path, problem.line, problem.code) == ("panel.yml", line, code), problem.format()
    assert words in problem.message, problem.message
    assert problem.hint, problem.format()


def test_required_field_paths_suggest_where_the_field_lives() -> None:
    """funding lives under costs: the hint says so; a typo under a list names that list's fields."""
    for wrong, hint in (
        ("funding", 'did you mean "costs.funding"?'),
        ("costs.fundng", 'did you mean "costs.funding"?'),
    ):
        text = _apply({"    required_fields: [costs, retrospective]": f"    required_fields: [costs, {wrong}]"})
        with pytest.raises(ProblemsFound) as caught:
            parse_config(text)
        assert [d.hint for d in caught.value.diagnostics] == [hint]


def test_required_field_path_is_enforced_in_referrals(panel_root: Path) -> None:
    """A nested path (costs.funding) and one through a list (children.gender) are required of the referral."""
    text = _apply(
        {
            "    required_fields: [costs]\n    slot_minutes: 15\n    review: {every_weeks: 12}": (
                "    required_fields: [costs.funding, children.gender]\n    slot_minutes: 15\n    review: {every_weeks: 12}"
            )
        }
    )
    (panel_root / "panel.yml").write_text(text, encoding="utf-8")
    referral = REFERRAL_MD.read_text(encoding="utf-8")
    assert "type: s17-support" in referral
    (panel_root / "submissions" / "R-0001.md").write_text(referral, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(panel_root)], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "missing field 'funding' in costs" in done.stdout
    # With the funding split given, that error is gone.
    funded = referral.replace(
        "  budget_line: s17-cin\n", "  budget_line: s17-cin\n  funding: [{source: social-care, share: 100}]\n"
    )
    assert funded != referral
    (panel_root / "submissions" / "R-0001.md").write_text(funded, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(panel_root)], capture_output=True, text=True
    )
    assert "'funding'" not in done.stdout


def test_oversized_panel_yml_is_refused_without_reading_it(panel_root: Path) -> None:
    """A 50 MB panel.yml is one located error and exit 2, quickly."""
    with (panel_root / "panel.yml").open("a", encoding="utf-8") as stream:
        stream.write("#" + "x" * 50_000_000 + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(panel_root)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "panel.yml:1:1: error[file-too-large]" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_inconsistent_config_stops_commands_with_a_located_error(panel_root: Path) -> None:
    """`panel check` and the other commands exit 2 naming panel.yml:line."""
    text = _apply({"2026-27: 2500000": "2026-28: 2500000"})
    (panel_root / "panel.yml").write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.split("\n"), start=1) if "2026-28" in content)
    for command in (["check"], ["calendar"], ["status"]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", *command, "--root", str(panel_root)], capture_output=True, text=True
        )
        assert done.returncode == 2, command
        assert f"panel.yml:{line}:" in done.stdout + done.stderr, command
