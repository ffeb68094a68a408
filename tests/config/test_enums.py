"""Statuses and cadences are StrEnums that print, serialise and compare as the plain words users see."""

from __future__ import annotations

import csv
import io
import json

from generator.domain.config.model import Every
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.signoff import CLOSED, SIGNED_OFF, STATES, State


def test_states_are_the_words_users_see() -> None:
    assert [str(s) for s in STATES] == ["draft", "awaiting", "ready", "late", "withdrawn", "decided"]
    assert json.dumps({"state": State.LATE}) == '{"state": "late"}'
    assert f"{State.AWAITING} {State.READY:>6}" == "awaiting  ready"
    out = io.StringIO()
    csv.writer(out).writerow([State.DECIDED])
    assert out.getvalue() == "decided\r\n"
    assert State("ready") is State.READY and "ready" in SIGNED_OFF and "withdrawn" in CLOSED


def test_cadence_schema_lists_exactly_the_cadences() -> None:
    every = PANEL_SCHEMA["properties"]["calendar"]["properties"]["cadence"]["properties"]["every"]
    assert every["enum"] == ["week", "fortnight", "month"] == [str(e) for e in Every]
