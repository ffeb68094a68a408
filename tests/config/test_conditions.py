"""The condition language of panel.yml: validated at load (located errors), evaluated with reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.domain.conditions import Period, evaluate, parse
from generator.domain.configcheck import parse_config
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML

BASE = PANEL_YML.read_text(encoding="utf-8")
TYPE = "  - id: s17-support\n    name: Section 17 support package\n"
MEETING = dt.date(2026, 12, 3)


def with_bands(bands: str) -> str:
    """The fixture panel.yml with `bands` (YAML lines at the type's indent) as s17-support's sign_off_bands."""
    assert TYPE in BASE
    return BASE.replace(TYPE, f"{TYPE}    sign_off_bands:\n{bands}", 1)


def located(text: str) -> list[tuple[int, str, str, str]]:
    """(line, code, message, hint) of every problem in a panel.yml text."""
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text)
    return [(d.line, d.code, d.message, d.hint or "") for d in caught.value.diagnostics.sorted()]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_a_valid_band_loads_typed() -> None:
    text = with_bands(
        "      - when: {field: costs.weekly, above: 100}\n        chain: [team-manager, service-manager]\n"
    )
    config = parse_config(text)
    [band] = config.referral_type("s17-support").sign_off_bands  # type: ignore[union-attr]
    assert band.chain == ("team-manager", "service-manager")
    assert config.field_kinds["costs.weekly"] == "money" and config.field_kinds["costs.start"] == "date"


def test_unknown_field_is_located_with_a_suggestion() -> None:
    text = with_bands("      - when: {field: costs.weekley, above: 100}\n        chain: [team-manager]\n")
    [(line, code, message, hint)] = located(text)
    assert (line, code) == (line_of(text, "weekley"), "config-condition")
    assert "field 'costs.weekley' does not exist in a referral" in message and hint == 'did you mean "costs.weekly"?'


@pytest.mark.parametrize(
    ("test", "found"),
    [
        ("{field: costs.start, above: 100}", "'above' compares numbers, and costs.start is a date"),
        (
            "{field: costs.weekly, older_than: {months: 9}}",
            "'older_than' compares dates, and costs.weekly is an amount",
        ),
        ("{field: children.legal_status, equals: looked-after}", "'looked-after' can never match"),
        ("{field: emergency, equals: 'yes'}", "emergency is true or false, so 'yes' can never match"),
        ("{field: children, equals: 2}", "'equals' compares one value, and children is a list"),
    ],
)
def test_a_comparison_that_does_not_fit_the_field_is_located(test: str, found: str) -> None:
    text = with_bands(f"      - when: {{all: [{test}]}}\n        chain: [team-manager]\n")
    [(line, code, message, _)] = located(text)
    assert (line, code) == (line_of(text, "when:"), "config-condition") and found in message


def test_unknown_role_in_a_band_and_bad_shapes_are_errors() -> None:
    text = with_bands("      - when: {field: costs.weekly, above: 100}\n        chain: [team-manger]\n")
    [(line, code, _, hint)] = located(text)
    assert (line, code, hint) == (line_of(text, "team-manger"), "config-unknown-id", 'did you mean "team-manager"?')
    two_tests = with_bands("      - when: {field: costs.weekly, above: 100, below: 5}\n        chain: [team-manager]\n")
    assert located(two_tests)[0][0] == line_of(two_tests, "below: 5")


def test_nesting_is_bounded() -> None:
    deep = "{not: " * 5 + "{field: emergency, present: true}" + "}" * 5
    text = with_bands(f"      - when: {deep}\n        chain: [team-manager]\n")
    assert located(text)  # deeper than conditions.MAX_DEPTH: refused by the schema, not evaluated
    shallow = "{not: " * 3 + "{field: emergency, present: true}" + "}" * 3
    parse_config(with_bands(f"      - when: {shallow}\n        chain: [team-manager]\n"))


KINDS = {"costs.weekly": "money", "costs.start": "date", "children.legal_status": "choice", "emergency": "boolean"}
DATA: dict[str, Any] = {
    "costs": {"weekly": 450, "start": "2026-02-01"},
    "children": [{"legal_status": "cin"}, {"legal_status": "cp"}],
    "emergency": False,
}


@pytest.mark.parametrize(
    ("raw", "holds", "because"),
    [
        ({"field": "costs.weekly", "above": 100}, True, "costs.weekly is £450: above £100"),
        ({"field": "costs.weekly", "at_most": 100}, False, "costs.weekly is £450: not at most £100"),
        (
            {"field": "costs.start", "older_than": {"months": 9}},
            True,
            "costs.start is 1 Feb 2026: more than 9 months before the meeting on 3 Dec 2026",
        ),
        ({"field": "costs.start", "older_than": {"months": 11}}, False, "not more than 11 months"),
        ({"field": "children.legal_status", "equals": "cp"}, True, "children.legal_status is cp"),
        ({"field": "children.legal_status", "in": ["lac"]}, False, "children.legal_status is cin, not one of lac"),
        ({"field": "retrospective", "present": True}, False, "retrospective is not given"),
        ({"field": "emergency", "equals": False}, True, "emergency is false"),
        (
            {"any": [{"field": "emergency", "equals": True}, {"field": "costs.weekly", "at_least": 450}]},
            True,
            "costs.weekly is £450: at least £450",
        ),
        ({"not": {"field": "costs.weekly", "above": 100}}, False, "costs.weekly is £450: above £100"),
        ({"field": "costs.one_off", "above": 0}, False, "costs.one_off is not given"),
    ],
)
def test_evaluation_says_why(raw: dict[str, Any], holds: bool, because: str) -> None:
    verdict = evaluate(parse(raw), DATA, MEETING, KINDS)
    assert verdict.holds is holds and because in verdict.because


def test_periods_count_months_to_the_end_of_a_short_month() -> None:
    assert Period(1, "months").back_from(dt.date(2027, 3, 31)) == dt.date(2027, 2, 28)
    assert Period(2, "weeks").on_from(dt.date(2026, 12, 3)) == dt.date(2026, 12, 17)
    assert Period(1, "years").back_from(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
