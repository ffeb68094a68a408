"""When a referral is due because of facts in it (panel.yml `due_rules`): a date counted from one of its dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.conditions import evaluate, values_at
from generator.domain.config.model import DueRule, FieldKind, PanelConfig
from generator.domain.formatting import long_date


@dataclass(frozen=True)
class DueBy:
    """A referral's due date under one rule, and the date it was counted from."""

    rule: DueRule
    day: dt.date
    counted_from: dt.date

    def describe(self) -> str:
        """'due by Tuesday 3 March 2026, because <the rule's words>'."""
        return f"due by {long_date(self.day)}, because {self.rule.because}"

    def missed_by(self, meeting: dt.date) -> int:
        """How many days after the due date the meeting is (0 or less: in time)."""
        return (meeting - self.day).days


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def due_dates(config: PanelConfig, type_id: str, data: Mapping[str, Any], meeting: dt.date) -> Iterator[DueBy]:
    """Each due rule that applies to this referral, with its due date (through a list, the earliest date counts)."""
    for rule in config.due_rules:
        if not rule.covers(type_id):
            continue
        if rule.when is not None and not evaluate(rule.when, data, meeting, config.field_kinds).holds:
            continue
        days = [day for value in values_at(data, rule.due.from_) if (day := _day(value)) is not None]
        if not days:
            continue
        start = min(days)
        try:
            day = rule.due.day(start)
        except OverflowError:
            continue  # a date near year 1 or 9999: no due date a meeting could miss
        yield DueBy(rule, day, start)


def due_note(config: PanelConfig, type_id: str, data: Mapping[str, Any], meeting: dt.date) -> str:
    """Every due date of the referral in words, '; '-separated ('' when no rule applies)."""
    return "; ".join(due.describe() for due in due_dates(config, type_id, data, meeting))


def case_facts(config: PanelConfig, type_id: str, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The panel's own case fields this referral gives, as (name, value in words): dates long, yes-no as yes or no."""
    given = data.get("case")
    if not isinstance(given, dict):
        return []
    found = []
    for entry in config.case_fields:
        value = given.get(entry.id)
        if value is None:
            continue
        found.append((entry.name, _shown(entry.kind, value)))
    return found


def _shown(kind: FieldKind, value: Any) -> str:
    if kind == FieldKind.DATE:
        day = _day(value)
        return long_date(day) if day is not None else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
