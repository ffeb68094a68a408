"""Eligibility, routing and conditional form rules (panel.yml eligible, routing, form_rules) through `panel check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from tests.records_helpers import make_panel

NOW = "2026-11-24T10:00"
REFERRAL = "submissions/R-0001.md"
SECTION = "  - {id: safety-goals, name: Safety goals}\n"
TYPE = "  - id: s17-support\n    name: Section 17 support package\n"
RULES = """
routing:
  - when: {field: costs.weekly, above: 2000}
    name: high value
    types: [s17-support, placement-change]
    type: placement
form_rules:
  - when: {field: children.legal_status, equals: cp}
    fields: [assessment]
    sections: [cp-papers]
"""


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The fixture panel with a child protection section, routing and a form rule; R-0001 passes the check."""
    panel = make_panel(tmp_path / "panel", decided=False)
    config = panel / "panel.yml"
    text = config.read_text(encoding="utf-8")
    assert SECTION in text and TYPE in text
    text = text.replace(SECTION, SECTION + "  - {id: cp-papers, name: Child protection plan and conference minutes}\n")
    text = text.replace(TYPE, TYPE + "    eligible: {not: {field: children.legal_status, in: [co, s20]}}\n")
    config.write_text(text + RULES, encoding="utf-8")
    return panel


def edit(root: Path, old: str, new: str) -> int:
    """Replace `old` in R-0001 (once) and return the line `new` starts on."""
    path = root / REFERRAL
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def test_conditional_section_is_not_required_when_its_condition_does_not_hold(root: Path) -> None:
    result = run(root, "check")
    assert result.exit_code == 0, result.output


def test_a_child_on_a_plan_needs_the_cp_papers_and_the_assessment(root: Path) -> None:
    line = edit(root, "    legal_status: cin\n", "    legal_status: cp\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert re.search(
        rf"{REFERRAL}:{line}:\d+: error\[required-when\]: section '## Child protection plan and conference minutes' "
        r"is required here: children.legal_status is cp",
        result.output,
    ), result.output
    assert "error[required-when]: assessment is required here: children.legal_status is cp" in result.output
    edit(root, "costs:\n", "assessment: {completed: 2026-11-01}\ncosts:\n")
    text = (root / REFERRAL).read_text(encoding="utf-8")
    (root / REFERRAL).write_text(
        text + "\n## Child protection plan and conference minutes\n\nPlan since October.\n", encoding="utf-8"
    )
    result = run(root, "check")
    assert result.exit_code == 0, result.output


def test_a_high_value_case_is_routed_to_its_type(root: Path) -> None:
    edit(root, "  weekly: 180\n  weeks: 26\n  total: 4680\n", "  weekly: 2400\n  weeks: 26\n  total: 62400\n")
    result = run(root, "check")
    assert result.exit_code == 1
    type_line = next(n for n, t in enumerate((root / REFERRAL).read_text().splitlines(), 1) if t.startswith("type:"))
    assert (
        f"{REFERRAL}:{type_line}:7: error[wrong-type]: high value: costs.weekly is £2,400: above £2,000: "
        "use type placement (External or specialist placement)"
    ) in result.output
    assert "hint: set type: placement (panel.yml routing)" in result.output


def test_a_type_says_whom_it_is_for(root: Path) -> None:
    line = edit(root, "    legal_status: cin\n", "    legal_status: co\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert re.search(
        rf"{REFERRAL}:{line}:\d+: error\[not-eligible\]: not eligible for Section 17 support package \(s17-support\): "
        r"children.legal_status is co",
        result.output,
    ), result.output


def test_misconfigured_rules_are_located_in_panel_yml(root: Path) -> None:
    config = root / "panel.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    type: placement\n", "    type: placment\n"), encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 2
    line = next(n for n, t in enumerate(config.read_text().splitlines(), 1) if "placment" in t)
    assert (
        f"panel.yml:{line}:11: error[config-unknown-id]: 'placment' is not one of the referral types" in result.output
    )
    config.write_text(text.replace("fields: [assessment]", "fields: [asessment]"), encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 2
    assert "error[config-unknown-field]: form_rules[0]: field 'asessment' does not exist in a referral" in result.output
    assert 'did you mean "assessment"?' in result.output
