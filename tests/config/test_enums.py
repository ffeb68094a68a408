"""Statuses and cadences are StrEnums that print, serialise and compare as the plain words users see."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path

from generator.domain.agenda import Agenda, AgendaItem, read_agenda, render_agenda
from generator.domain.config.model import (
    REFERRAL_GROUPS,
    BankHolidayMeeting,
    Basis,
    Every,
    ItemKind,
    Region,
    Requirement,
    ThresholdAction,
)
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.configcheck import parse_config
from generator.domain.registers import PanelData
from generator.domain.registers.action_log import ActionStatus
from generator.domain.registers.reviews import ReviewReason, ReviewStatus
from generator.domain.signoff import CLOSED, SIGNED_OFF, STATES, State
from panelfixtures import PANEL_YML


def test_states_are_the_words_users_see() -> None:
    assert [str(s) for s in STATES] == [
        "draft",
        "awaiting",
        "ready",
        "late",
        "withdrawn",
        "decided",
        "recommended",
        "screened out",
    ]
    assert json.dumps({"state": State.LATE}) == '{"state": "late"}'
    assert f"{State.AWAITING} {State.READY:>6}" == "awaiting  ready"
    out = io.StringIO()
    csv.writer(out).writerow([State.DECIDED])
    assert out.getvalue() == "decided\r\n"
    assert State("ready") is State.READY and "ready" in SIGNED_OFF and "withdrawn" in CLOSED


def test_cadence_schema_lists_exactly_the_cadences() -> None:
    every = PANEL_SCHEMA["properties"]["calendar"]["properties"]["cadence"]["properties"]["every"]
    assert every["enum"] == ["week", "fortnight", "month", "per-case"] == [str(e) for e in Every]


def test_agenda_kinds_are_written_as_plain_words_and_read_back_as_kinds(tmp_path: Path) -> None:
    """agenda.md holds `kind: new`, never a Python tag; reading it gives the ItemKind back."""
    start = dt.time(14, 0)
    items = [
        AgendaItem(1, ItemKind.DECLARATIONS, "Declarations of interest", start, 5),
        AgendaItem(2, ItemKind.NEW, "R-0001 Support", dt.time(14, 5), 20, referral="R-0001"),
    ]
    agenda = Agenda(dt.date(2026, 12, 3), start, dt.time(17, 0), items)
    text = render_agenda(agenda, "Agenda")
    assert "kind: declarations\n" in text and "kind: new\n" in text and "!!" not in text
    (tmp_path / "agenda.md").write_text(text, encoding="utf-8")
    read, problems = read_agenda(tmp_path / "agenda.md", "agenda.md")
    assert problems == [] and read is not None
    assert [type(i.kind) for i in read.items] == [ItemKind, ItemKind] and read.items == items


def test_closed_lists_in_panel_yml_are_enums_and_the_schema_lists_their_words() -> None:
    """Requirements, threshold actions and bases, holiday regions, agenda groups: one list each."""
    props = PANEL_SCHEMA["properties"]
    threshold = props["thresholds"]["items"]["properties"]
    assert props["outcomes"]["items"]["properties"]["requires"]["items"]["enum"] == [str(r) for r in Requirement]
    assert threshold["action"]["enum"] == [str(a) for a in ThresholdAction]
    assert threshold["basis"]["enum"] == [str(b) for b in Basis]
    holidays = re.compile(props["panel"]["properties"]["holidays"]["pattern"])
    assert all(holidays.match(str(r)) for r in Region) and holidays.match("GB-WLS") and not holidays.match("wales")
    calendar = props["calendar"]["properties"]
    assert calendar["on_bank_holiday"]["enum"] == [str(b) for b in BankHolidayMeeting]
    assert props["agenda"]["properties"]["order"]["items"]["enum"] == [str(k) for k in REFERRAL_GROUPS]
    config = parse_config(PANEL_YML.read_text(encoding="utf-8"))
    assert all(type(r) is Requirement for o in config.outcomes for r in o.requires)
    assert any(o.requires for o in config.outcomes)
    assert config.panel.holidays in set(Region) and all(type(k) is ItemKind for k in config.agenda.order)
    assert type(config.calendar.bank_holiday_meetings) is BankHolidayMeeting
    assert all(type(t.action) is ThresholdAction and type(t.basis) is Basis for t in config.thresholds)


def test_register_statuses_are_the_words_users_see() -> None:
    """Action and review statuses sort in their declared order and print as the plain word."""
    assert [str(s) for s in ActionStatus] == ["overdue", "open", "done"]
    assert [str(s) for s in ReviewStatus] == ["overdue", "due", "done"]
    assert [str(r) for r in ReviewReason] == ["review", "return", "deferred", "standing"]
    assert json.dumps([ReviewStatus.OVERDUE, ActionStatus.OPEN]) == '["overdue", "open"]'


def test_panel_data_has_no_unused_extra() -> None:
    """PanelData carries only what the registers read."""
    assert "extra" not in {f.name for f in dataclasses.fields(PanelData)}


def test_each_named_region_is_a_subdivision_the_holidays_package_knows() -> None:
    """panel.yml's loader trusts the named regions without loading every country's holidays: prove them here."""
    import holidays

    from generator.domain.config.model import holiday_calendar

    supported = holidays.list_supported_countries()
    for region in Region:
        country, subdiv = holiday_calendar(region.value)
        assert country in supported and subdiv in supported[country]
