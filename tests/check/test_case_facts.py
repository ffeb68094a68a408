"""The panel's own case fields, due rules, one open referral per child and 'required unless' (panel.yml case_fields,
due_rules, one_open_referral, form_rules' unless) through `panel check`, `panel new referral` and `panel schema`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from tests.records_helpers import make_panel

NOW = "2026-11-24T10:00"
REFERRAL = "submissions/R-0001.md"
SECTION = "  - {id: safety-goals, name: Safety goals}\n"
RULES = """
case_fields:
  - {id: last_lac_review, name: Last looked after review, kind: date, types: [care-leaver-accommodation]}
  - {id: plan_start, name: Child protection plan started, kind: date, help: When the current plan started.}
  - {id: placement_ends, name: Placement or contract ends, kind: date}
  - {id: order_expires, name: Order expires, kind: date}
  - {id: placement_moves, name: Placement moves in the last 12 months, kind: integer}
  - {id: next_lac_review, name: Next looked-after review, kind: date, types: [placement]}
  - {id: order, name: Order, kind: choice, choices: [care-order, placement-order]}
  - {id: sibling_group, name: Sibling group, kind: text}
  - {id: no_fnm_reason, name: Why no family network meeting, kind: text}
  - {id: parents_agree, name: Parents agree, kind: yes-no, required: true, types: [placement]}
due_rules:
  - name: Long child protection plan
    when: {field: case.plan_start, older_than: {months: 9}}
    due: {from: case.plan_start, after: {months: 9}}
    because: a plan longer than 9 months comes to panel
    severity: error
  - name: Placement ending
    when: {field: case.placement_ends, within: {weeks: 8}}
    due: {from: case.placement_ends, before: {weeks: 4}}
    because: a placement or contract ending is brought 4 weeks before it ends
  - name: Order expiring
    due: {from: case.order_expires, before: {weeks: 6}}
    because: an expiring order is reviewed 6 weeks before it ends
  - name: Pre-birth
    due: {from: children.expected_delivery, pregnancy_week: 24}
    because: pre-birth referrals are heard by week 24 of pregnancy
  - name: Placement moves
    when: {field: case.placement_moves, at_least: 3}
    due: {from: submitted, after: {weeks: 1}}
    because: three or more moves in a year come to the next panel
  - name: Financial arrangements
    types: [placement]
    due: {from: case.next_lac_review}
    because: financial arrangements are agreed before each looked-after review
one_open_referral:
  per: [children.case_id, case.sibling_group]
form_rules:
  - unless: {field: case.no_fnm_reason, present: true}
    sections: [family-network]
"""


def without_case_rules(config: str) -> str:
    """The example panel.yml without its own case_fields (the tests give theirs)."""
    start, end = config.index("# Facts about the case the referral gives"), config.index("\nnotices:\n")
    return config[:start] + config[end:]


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The fixture panel with case fields, due rules and a compulsory family network section; R-0001 passes."""
    panel = make_panel(tmp_path / "panel", decided=False)
    config = panel / "panel.yml"
    text = config.read_text(encoding="utf-8")
    assert SECTION in text
    text = text.replace(SECTION, SECTION + "  - {id: family-network, name: Family network meeting}\n")
    config.write_text(without_case_rules(text) + RULES, encoding="utf-8")
    path = panel / REFERRAL
    path.write_text(path.read_text(encoding="utf-8") + "\n## Family network meeting\n\nHeld in October.\n")
    return panel


def edit(root: Path, old: str, new: str, name: str = REFERRAL) -> int:
    """Replace `old` in the file (once) and return the line `new` starts on."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def with_case(root: Path, facts: str) -> int:
    """R-0001 with a `case:` mapping of these lines; the line of the first."""
    return edit(root, "scaling:\n", f"case:\n{facts}scaling:\n") + 1


def test_a_referral_with_no_facts_that_make_it_due_passes(root: Path) -> None:
    with_case(root, "  plan_start: 2026-06-01\n  placement_moves: 1\n  order: care-order\n")
    result = run(root, "check")
    assert result.exit_code == 0, result.output


def test_a_long_plan_makes_the_referral_due_and_an_error_names_the_date(root: Path) -> None:
    line = with_case(root, "  plan_start: 2026-01-15\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert (
        f"{REFERRAL}:{line}:15: error[due-missed]: Long child protection plan: due by Thursday 15 October 2026, "
        "because a plan longer than 9 months comes to panel (9 months after case.plan_start, 2026-01-15), and the "
        "meeting on Thursday 3 December 2026 is 49 days after it"
    ) in result.output


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ("  placement_ends: 2026-12-20\n", "Placement ending: due by Sunday 22 November 2026"),
        ("  order_expires: 2027-01-05\n", "Order expiring: due by Tuesday 24 November 2026"),
        ("  placement_moves: 4\n", "Placement moves: due by Friday 27 November 2026"),
    ],
    ids=["placement-ending", "order-expiring", "placement-moves"],
)
def test_facts_in_the_case_make_a_referral_due_a_warning_by_default(root: Path, facts: str, expected: str) -> None:
    line = with_case(root, facts)
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    found = re.search(rf"{REFERRAL}:(\d+):\d+: warning\[due-missed\]: {expected}, because ", result.output)
    assert found, result.output
    if "moves" not in facts:
        assert int(found.group(1)) == line
    strict = run(root, "check", "--strict")
    assert strict.exit_code == 1


def test_a_pre_birth_referral_is_due_by_week_24_counted_from_the_expected_delivery_date(root: Path) -> None:
    # Due 16 weeks before 2027-02-25: 5 November 2026; the meeting is 3 December.
    line = edit(root, "    date_of_birth: 2018-09-02\n", "    expected_delivery: 2027-02-25\n")
    result = run(root, "check")
    assert (
        f"{REFERRAL}:{line}:24: warning[due-missed]: Pre-birth: due by Thursday 5 November 2026, because pre-birth "
        "referrals are heard by week 24 of pregnancy (week 24 of pregnancy (counted from children.expected_delivery), "
        "2027-02-25)"
    ) in result.output, result.output


def test_a_case_field_is_validated_at_its_line(root: Path) -> None:
    line = with_case(root, "  placement_moves: three\n  order: care\n  plan_start: 2026-02-30\n")
    result = run(root, "check")
    assert result.exit_code == 1
    for offset, code in ((0, "placement_moves"), (1, "order"), (2, "plan_start")):
        assert re.search(rf"{REFERRAL}:{line + offset}:\d+: error\[", result.output), (code, result.output)
    edit(root, "  placement_moves: three\n", "  placement_mves: 3\n")
    result = run(root, "check")
    assert "placement_mves" in result.output and "placement_moves" in result.output


def test_a_required_case_field_is_required_of_its_types_only(root: Path) -> None:
    assert run(root, "check").exit_code == 0
    edit(root, "type: s17-support\n", "type: placement\n")
    result = run(root, "check")
    assert "submissions/R-0001.md:2:1: error[field-missing]: missing field 'case'" in result.output, result.output
    line = with_case(root, "  next_lac_review: 2027-03-01\n")
    result = run(root, "check")
    assert re.search(
        rf"{REFERRAL}:{line - 1}:\d+: error\[field-missing\]: missing field 'parents_agree'", result.output
    )
    assert "next_lac_review" not in result.output


def test_the_financial_arrangements_are_due_by_the_next_looked_after_review(root: Path) -> None:
    edit(root, "type: s17-support\n", "type: placement\n")
    line = with_case(root, "  parents_agree: true\n  next_lac_review: 2026-12-01\n")
    result = run(root, "check")
    assert (
        f"{REFERRAL}:{line + 1}:20: warning[due-missed]: Financial arrangements: due by Tuesday 1 December 2026, "
        "because financial arrangements are agreed before each looked-after review"
    ) in result.output, result.output


def test_a_compulsory_section_is_required_unless_explained(root: Path) -> None:
    path = root / REFERRAL
    path.write_text(path.read_text(encoding="utf-8").replace("\n## Family network meeting\n\nHeld in October.\n", ""))
    result = run(root, "check")
    assert result.exit_code == 1
    assert (
        "error[required-when]: section '## Family network meeting' is required here: case.no_fnm_reason is not given"
    ) in result.output, result.output
    with_case(root, "  no_fnm_reason: The family declined; a meeting is booked for January.\n")
    result = run(root, "check")
    assert result.exit_code == 0, result.output


def test_two_open_referrals_for_one_child_name_both_files(root: Path) -> None:
    text = (root / REFERRAL).read_text(encoding="utf-8")
    second = text.replace("id: R-0001", "id: R-0002").replace("case_id: LCS-204118", "case_id: LCS-300001")
    (root / "submissions/R-0002.md").write_text(second, encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 1
    assert (
        "submissions/R-0002.md:2:5: error[open-referral]: submissions/R-0002.md and submissions/R-0001.md are both "
        "open for children.case_id LCS-204117"
    ) in result.output, result.output
    # Withdrawn, the earlier one is no longer open.
    edit(root, "scaling:\n", "withdrawn: {date: 2026-11-23, reason: Replaced by R-0002.}\nscaling:\n")
    assert "open-referral" not in run(root, "check").output


def test_a_sibling_group_is_one_open_referral_too(root: Path) -> None:
    with_case(root, "  sibling_group: thornbury\n")
    text = (root / REFERRAL).read_text(encoding="utf-8")
    other = re.sub(r"case_id: LCS-20411(\d)", r"case_id: LCS-30000\1", text.replace("id: R-0001", "id: R-0002"))
    (root / "submissions/R-0002.md").write_text(other, encoding="utf-8")
    result = run(root, "check")
    assert "are both open for case.sibling_group thornbury" in result.output, result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "due: {from: case.plan_start, after",
            "due: {from: case.plan_begun, after",
            "error[config-unknown-field]: due_rules[0] (Long child protection plan): field 'case.plan_begun' does not "
            "exist in a referral",
        ),
        (
            "due: {from: case.order_expires,",
            "due: {from: case.placement_moves,",
            "error[config-condition]: due_rules[2] (Order expiring): a due date is counted from a date, and "
            "case.placement_moves is number, not a date",
        ),
        (
            "when: {field: case.placement_moves, at_least: 3}",
            "when: {field: case.placement_move, at_least: 3}",
            "error[config-condition]: field 'case.placement_move' does not exist in a referral",
        ),
        (
            "before: {weeks: 6}",
            "before: {fortnights: 3}",
            "error[field-unknown]: unknown field 'due_rules[2].due.before.fortnights'",
        ),
        (
            "kind: choice, choices: [care-order, placement-order]",
            "kind: choice",
            "error[config-missing]: case_fields: 'order' is a choice but lists no choices",
        ),
        (
            "per: [children.case_id, case.sibling_group]",
            "per: [children.case_id, children]",
            "error[config-condition]: one_open_referral: children is list",
        ),
    ],
    ids=["unknown-from", "from-not-a-date", "unknown-when-field", "bad-period", "choice-without-choices", "per-list"],
)
def test_misconfiguration_is_named_at_panel_yml_s_line(root: Path, old: str, new: str, expected: str) -> None:
    line = edit(root, old, new, "panel.yml")
    result = run(root, "check")
    assert result.exit_code == 2, result.output
    found = re.search(rf"panel\.yml:(\d+):\d+: {re.escape(expected)}", result.output)
    assert found, result.output
    assert int(found.group(1)) == line


def test_new_referral_and_schema_offer_the_case_fields(root: Path) -> None:
    result = run(root, "new", "referral", "--type", "placement")
    assert result.exit_code == 0, result.output
    made = sorted((root / "submissions").glob("R-*.md"))[-1].read_text(encoding="utf-8")
    assert "case:\n  plan_start:   # Child protection plan started (YYYY-MM-DD; leave out if not known)\n" in made
    assert "  order:   # Order (one of: care-order, placement-order; leave out if not known)\n" in made
    assert "  parents_agree:   # Parents agree (true or false; required)\n" in made
    assert "next_lac_review" in made
    assert "\n## Family network meeting\n" in made  # required unless explained: offered, to write or explain
    result = run(root, "schema")
    assert result.exit_code == 0, result.output
    schemas = root / "schemas"
    referral = yaml.safe_load((schemas / "referral.schema.json").read_text(encoding="utf-8"))
    case = referral["properties"]["case"]["properties"]
    assert case["placement_moves"]["type"] == "integer"
    assert case["plan_start"]["title"] == "Child protection plan started"
    assert case["order"]["enum"] == ["care-order", "placement-order"]


def test_the_browser_editor_offers_each_type_its_case_fields(root: Path) -> None:
    result = run(root, "cms")
    assert result.exit_code == 0, result.output
    loaded = yaml.safe_load((root / "build" / "admin" / "config.yml").read_text(encoding="utf-8"))
    forms = {c["name"]: c for c in loaded["collections"]}

    def case(collection: str) -> dict[str, dict[str, Any]]:
        found = next(f for f in forms[collection]["fields"] if f["name"] == "case")
        return {f["name"]: f for f in found["fields"]}

    placement, support = case("referral-placement"), case("referral-s17-support")
    assert placement["parents_agree"]["widget"] == "boolean" and placement["parents_agree"]["required"] is True
    assert placement["plan_start"]["label"] == "Child protection plan started"
    assert placement["plan_start"]["widget"] == "datetime" and placement["plan_start"]["required"] is False
    assert placement["plan_start"]["hint"].startswith("When the current plan started")
    assert placement["placement_moves"]["value_type"] == "int"
    assert [o["value"] for o in placement["order"]["options"]] == ["care-order", "placement-order"]
    assert "next_lac_review" not in support and "parents_agree" not in support
    body = next(f for f in forms["referral-placement"]["fields"] if f["name"] == "body")
    assert "## Family network meeting\n" in body["default"]
