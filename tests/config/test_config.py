"""panel.yml is validated with the same error quality as referrals."""

from __future__ import annotations

import pytest

from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.configcheck import parse_config
from generator.domain.referrals import referral_schema
from generator.io.diagnostics import ProblemsFound
from panelfixtures import EXAMPLE_PANEL_YML, PANEL_YML, STARTERS

BASE = PANEL_YML.read_text(encoding="utf-8")


def problems(text: str) -> list[tuple[int, str, str]]:
    """(line, code, message) of every problem in a panel.yml text."""
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text)
    return [(d.line, d.code, d.message) for d in caught.value.diagnostics.sorted()]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_fixture_config_loads() -> None:
    """The example panel is valid and typed."""
    config = parse_config(BASE)
    assert config.panel.marking == "OFFICIAL-SENSITIVE"
    assert config.chain_for("s17-support") == ("team-manager", "service-manager")
    assert [p.name for p in config.people_with_role("chair")] == ["Dana Whitfield"]


def test_marking_and_holidays_default() -> None:
    """Protective marking and bank-holiday region default sensibly."""
    text = BASE.replace("  marking: OFFICIAL-SENSITIVE\n", "").replace("  holidays: england-and-wales\n", "")
    config = parse_config(text)
    assert (config.panel.marking, config.panel.holidays) == ("OFFICIAL-SENSITIVE", "england-and-wales")


def test_unknown_role_in_people_names_line_and_suggests() -> None:
    """A person given an undefined role is pointed at, with a suggestion."""
    text = BASE.replace("roles: [team-manager]}", "roles: [team-manager, team-manger]}", 1)
    line = line_of(text, "team-manger")
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text)
    [problem] = caught.value.diagnostics.sorted()
    assert (problem.line, problem.code) == (line, "config-unknown-id")
    assert problem.hint == 'did you mean "team-manager"?'


def test_all_config_problems_in_one_run() -> None:
    """Several mistakes are all reported together."""
    text = BASE.replace("weekday: thursday", "weekday: thursdy").replace('start: "14:00"', 'start: "2pm"')
    found = problems(text)
    assert [(code, line) for line, code, _ in found] == [
        ("field-value", line_of(text, "thursdy")),
        ("field-format", line_of(text, '"2pm"')),
    ]


def test_deadline_rule_must_choose_one_kind() -> None:
    """A deadline with no offset is explained."""
    text = BASE.replace('deadline: {working_days_before: 3, time: "17:00"}', 'deadline: {time: "17:00"}')
    [(line, code, _)] = problems(text)
    assert code == "field-choice" and line == line_of(text, 'deadline: {time: "17:00"}')


def test_fortnightly_panel_needs_an_anchor_on_its_weekday() -> None:
    """Fortnightly cadence: an anchor date is required and must fall on the meeting weekday."""
    text = BASE.replace("cadence: {every: week, weekday: thursday}", "cadence: {every: fortnight, weekday: thursday}")
    assert [c for _, c, _ in problems(text)] == ["config-missing"]
    text = BASE.replace(
        "cadence: {every: week, weekday: thursday}",
        "cadence: {every: fortnight, weekday: thursday, anchor: 2026-11-25}",
    )
    [(_, code, message)] = problems(text)
    assert code == "config-inconsistent" and "Wednesday" in message


def test_threshold_for_unknown_type_and_escalation_without_target() -> None:
    """Thresholds refer to defined types; escalation says to whom."""
    text = BASE.replace("types: [s17-support]", "types: [s17]").replace(", escalate_to: head-of-service", "")
    assert sorted(c for _, c, _ in problems(text)) == ["config-missing", "config-unknown-id"]


def test_duplicate_key_and_tag_in_config() -> None:
    """panel.yml is read as safely as referrals."""
    text = BASE.replace("  quorum: 3\n", "  quorum: 3\n  quorum: 4\n")
    assert [c for _, c, _ in problems(text)] == ["yaml-duplicate-key"]
    text = BASE.replace("  quorum: 3\n", "  quorum: !!python/name:os.system 3\n")
    assert "yaml-tag" in [c for _, c, _ in problems(text)]


def test_meeting_that_ends_before_it_starts() -> None:
    """Times are checked for sense."""
    text = BASE.replace('end: "17:00"', 'end: "13:00"')
    [(_, code, _)] = problems(text)
    assert code == "config-inconsistent"


def _every_property_described(schema: object, where: str = "") -> list[str]:
    missing: list[str] = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            if isinstance(sub, dict) and "description" not in sub and "$ref" not in sub:
                missing.append(f"{where}.{name}")
            missing += _every_property_described(sub, f"{where}.{name}")
        if isinstance(schema.get("items"), dict):
            missing += _every_property_described(schema["items"], f"{where}[]")
    return missing


def test_every_setting_and_field_is_documented_in_its_schema() -> None:
    """Both schemas document every field where it is defined."""
    undocumented = _every_property_described(PANEL_SCHEMA) + _every_property_described(
        referral_schema(parse_config(BASE))
    )
    assert undocumented == []


def test_shipped_configurations_are_portable_yaml() -> None:
    """Every shipped panel.yml reads the same with PyYAML's pure-Python parser as with libyaml.

    Editors and other tools read these files too; a plain scalar such as `about?,` inside a
    flow mapping is accepted by one parser and refused by the other.
    """
    import yaml

    starters = sorted(STARTERS.glob("*.yml"))
    assert len(starters) == 7
    for path in [EXAMPLE_PANEL_YML, PANEL_YML, *starters]:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader), path
