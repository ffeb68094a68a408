"""Each record's shape is declared once: the JSON Schema gives the fields and defaults, the dataclass only types."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.agenda.model import CarriedAction, ChairAcceptance
from generator.domain.agenda.store import AGENDA_SCHEMA, parse_agenda
from generator.domain.config.model import AgendaRules, ItemKind, PanelConfig, RetrospectiveRule
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.configcheck import parse_config
from generator.domain.decisions import Decision, MeetingRecord, decision_schema, meeting_schema
from generator.domain.referrals import Referral, referral_schema
from generator.domain.shapes import Shape, ShapeError
from panelfixtures import PANEL_YML, STARTERS

BASE = PANEL_YML.read_text(encoding="utf-8")


def _leave_out_defaults(spec: dict[str, Any], data: Any) -> None:
    """Remove from `data` every setting the schema gives a default for, at any depth."""
    if not isinstance(data, dict):
        return
    for name, inner in spec.get("properties", {}).items():
        if "default" in inner:
            data.pop(name, None)
        elif name in data and inner.get("type") == "array":
            for entry in data[name]:
                _leave_out_defaults(inner.get("items", {}), entry)
        elif name in data:
            _leave_out_defaults(inner, data[name])


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A default list of records (funders): compared by the values it sets, empty ones left out.
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if v not in ("", False, None, ())}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, enum.Enum) else value


def _defaults_used(
    spec: dict[str, Any], data: dict[str, Any], model: Any, roles: set[str], path: str = ""
) -> list[str]:
    """Every default the schema declares, checked against the model built without it; the paths checked."""
    checked: list[str] = []
    for name, inner in spec.get("properties", {}).items():
        value = getattr(model, name)
        if "default" in inner:
            expected = _plain(inner["default"])
            if path + name == "panel.chair_roles":  # filtered to the roles the panel defines
                expected = [r for r in expected if r in roles]
            assert _plain(value) == expected, path + name
            checked.append(path + name)
        elif name in data and inner.get("type") == "array" and inner["items"].get("type") == "object":
            for entry, built in zip(data[name], value, strict=True):
                checked += _defaults_used(inner["items"], entry, built, roles, f"{path}{name}[].")
        elif name in data and inner.get("type") == "object" and "properties" in inner:
            checked += _defaults_used(inner, data[name], value, roles, f"{path}{name}.")
        elif name not in data and dataclasses.is_dataclass(value):
            checked += _defaults_used(inner, {}, value, roles, f"{path}{name}.")
    return checked


def test_every_schema_default_is_the_models_default() -> None:
    """A panel.yml that leaves out every defaulted setting gets exactly the defaults the schema documents."""
    data = yaml.safe_load(BASE)
    _leave_out_defaults(PANEL_SCHEMA, data)
    config = parse_config(yaml.safe_dump(data, sort_keys=False))
    checked = set(_defaults_used(PANEL_SCHEMA, data, config, {role.id for role in config.roles}))
    assert {
        "panel.marking",
        "panel.chair_roles",
        "calendar.skip_bank_holidays",
        "sign_off.branch",
        "sections[].heading_level",
        "referral_types[].slot_minutes",
        "referral_types[].retrospective.allowed",
        "agenda.order",
        "agenda.declarations_minutes",
        "agenda.actions_minutes",
    } <= checked


def test_a_default_changed_in_the_schema_changes_the_model() -> None:
    """The schema is where a default lives: the model has no copy of its own."""
    agenda = copy.deepcopy(PANEL_SCHEMA["properties"]["agenda"])
    agenda["properties"]["declarations_minutes"]["default"] = 7
    assert Shape(AgendaRules, agenda).build({}).declarations_minutes == 7
    retrospective = PANEL_SCHEMA["properties"]["referral_types"]["items"]["properties"]["retrospective"]
    assert Shape(RetrospectiveRule, retrospective).build({}) == RetrospectiveRule(True, None, False)


def test_model_and_schema_must_name_the_same_fields() -> None:
    """A field in one and not the other is refused when the shape is made, not found later in use."""
    agenda = copy.deepcopy(PANEL_SCHEMA["properties"]["agenda"])
    del agenda["properties"]["break_minutes"]
    with pytest.raises(ShapeError, match=r"AgendaRules\.break_minutes: the schema has no field break_minutes"):
        Shape(AgendaRules, agenda)
    agenda = copy.deepcopy(PANEL_SCHEMA["properties"]["agenda"])
    agenda["properties"]["lunch_minutes"] = {"type": "integer"}
    with pytest.raises(ShapeError, match="schema field lunch_minutes is not in the model"):
        Shape(AgendaRules, agenda)


def test_an_optional_field_needs_a_default_or_an_empty_value() -> None:
    """An int left out with no default would be a guess: refused."""
    agenda = copy.deepcopy(PANEL_SCHEMA["properties"]["agenda"])
    del agenda["properties"]["break_minutes"]["default"]
    with pytest.raises(ShapeError, match=r"AgendaRules\.break_minutes may be left out but has no default"):
        Shape(AgendaRules, agenda)


def test_the_whole_configuration_shape_is_consistent() -> None:
    """PanelConfig and every record inside it match panel.yml's schema."""
    assert Shape(PanelConfig, PANEL_SCHEMA)


STARTER_FILES = sorted(STARTERS.glob("*.yml"))


@pytest.mark.parametrize("starter", STARTER_FILES, ids=lambda p: p.stem)
def test_records_match_their_schemas_for_every_starter_panel(starter: Path) -> None:
    """Referral, meeting and decision models name exactly the fields their panel-built schemas declare."""
    config = parse_config(starter.read_text(encoding="utf-8"))
    assert Shape(Referral, referral_schema(config))
    assert Shape(MeetingRecord, meeting_schema(config))
    assert Shape(Decision, decision_schema(config))


def test_a_referral_field_the_model_lacks_is_refused() -> None:
    """A field added to the referral schema must be modelled (or listed as UNMODELLED) before anything runs."""
    schema = referral_schema(parse_config(BASE))
    schema["properties"]["costs"]["properties"]["vat"] = {"type": "number"}
    with pytest.raises(ShapeError, match=r"Costs: schema field vat is not in the model"):
        Shape(Referral, schema)
    schema = referral_schema(parse_config(BASE))
    schema["properties"]["worker"]["properties"]["phone"] = {"type": "string"}
    with pytest.raises(ShapeError, match=r"Referral: schema field worker\.phone is not in the model"):
        Shape(Referral, schema)


def test_left_out_record_fields_take_their_empty_values() -> None:
    """A decision that gives only what every decision must: the rest is None, '', () or False, never a guess."""
    config = parse_config(BASE)
    data: dict[str, object] = {
        "referral": "R-0001",
        "meeting": "2026-12-03",
        "outcome": config.outcomes[0].id,
        "agreed": ["Noted."],
    }
    decision = Shape(Decision, decision_schema(config)).build(data, path="d.md", notes="")
    assert (decision.approved, decision.chair, decision.actions, decision.chair_satisfied, decision.funding) == (
        None,
        "",
        (),
        False,
        (),
    )
    approved = {"resource": "x", "weekly": 10, "total": 20, "start": "2026-12-03", "end": "2026-12-16"}
    data["approved"] = {
        **approved,
        "funding": [{"source": "health", "share": 40}, {"source": "social-care", "share": 60}],
    }
    decision = Shape(Decision, decision_schema(config)).build(data, path="d.md", notes="")
    assert decision.funding == (("health", 40.0), ("social-care", 60.0))
    assert decision.approved is not None and (decision.approved.one_off, decision.approved.end) == (
        0.0,
        dt.date(2026, 12, 16),
    )


def test_the_agenda_is_built_from_its_schema() -> None:
    """agenda.md's record comes from AGENDA_SCHEMA: lists, times, the generated moment, nested records, empties."""
    assert Shape(Agenda, AGENDA_SCHEMA)
    extra = copy.deepcopy(AGENDA_SCHEMA)
    extra["properties"]["items"]["items"]["properties"]["room"] = {"type": "string"}
    with pytest.raises(ShapeError, match="AgendaItem: schema field room is not in the model"):
        Shape(Agenda, extra)
    text = """---
meeting: '2026-12-10'
start: '09:30'
end: '12:00'
generated: '2026-12-07T10:00+00:00'
items:
- {number: 1, kind: declarations, title: Declarations, start: '09:30', minutes: 5}
- number: 2
  kind: actions
  title: Open actions
  start: '09:35'
  minutes: 10
  actions:
  - {referral: R-0001, meeting: '2026-11-26', action: Call, owner: Sam, due: '2026-12-01'}
late:
- number: 3
  kind: late
  title: Late one
  start: '09:45'
  minutes: 20
  referral: R-0009
  case_ids: [LCS-1]
  chair_accepted: {by: chair@council.example, reason: Urgent}
---
"""
    agenda, problems = parse_agenda(text.encode(), "agenda.md")
    assert problems == [] and agenda is not None
    assert agenda.generated == dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    assert agenda.items[0] == AgendaItem(1, ItemKind("declarations"), "Declarations", dt.time(9, 30), 5)
    assert agenda.items[1].actions == (
        CarriedAction("R-0001", dt.date(2026, 11, 26), "Call", "Sam", dt.date(2026, 12, 1)),
    )
    late = agenda.late[0]
    assert (late.referral, late.case_ids, late.note, late.review_of) == ("R-0009", ("LCS-1",), "", None)
    assert late.chair_accepted == ChairAcceptance("chair@council.example", "Urgent")
    assert isinstance(agenda.items, list) and agenda.source.mark(("late", 0, "referral")).line == 21
    alone, _ = parse_agenda(
        text.split("late:")[0].replace("generated: '2026-12-07T10:00+00:00'\n", "").encode() + b"---\n", "a.md"
    )
    assert alone is not None and (alone.late, alone.generated) == ([], None)
