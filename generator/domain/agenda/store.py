"""Reading and writing `meetings/<date>/agenda.md`: front matter for programs, a table for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.domain import schema_parts
from generator.domain.agenda.model import Agenda, AgendaItem
from generator.domain.config.model import ItemKind
from generator.domain.decisions.earlier import DECISION_PATH
from generator.domain.shapes import Shape
from generator.io import schema_errors, sources
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_validation import strict_validator

_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_DATE: dict[str, Any] = schema_parts.date("A date")
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
_ACTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["referral", "meeting", "action", "owner", "due"],
    "properties": {
        "referral": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
            "description": "The referral whose decision set the action.",
        },
        "meeting": schema_parts.meeting_id("The meeting that set it"),
        "action": {"type": "string", "description": "What is to be done."},
        "owner": {"type": "string", "description": "Who does it."},
        "due": {**_DATE, "description": "By when."},
    },
}
_ACCEPTED: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["by", "reason"],
    "description": (
        "The chair's acceptance of this item although its referral now fails panel check or its sign-off "
        "has gone stale since the agenda was written: by (the chair's email in panel.yml) and reason."
    ),
    "properties": {
        "by": {**_TEXT, "description": "The chair's email, as in panel.yml people."},
        "reason": {**_TEXT, "description": "Why the chair accepts it as it stands."},
    },
}
_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""Ids as referrals, types and case ids have them: never a path, never markup."""
_GENERATED = r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?([+-][0-2][0-9]:[0-5][0-9]|Z)?$"
_ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "kind", "title", "start", "minutes"],
    "properties": {
        "number": {"type": "integer", "minimum": 1, "maximum": 999, "description": "Item number."},
        "kind": {"enum": [kind.value for kind in ItemKind], "description": "What kind of business."},
        "title": {"type": "string", "minLength": 1, "description": "What members read."},
        "start": {"type": "string", "pattern": _TIME, "description": "Slot start, HH:MM."},
        "minutes": {"type": "integer", "minimum": 0, "maximum": 1440, "description": "Slot length."},
        "referral": {"type": "string", "pattern": _ID, "description": "Referral id heard in this item (R-0001)."},
        "type": {"type": "string", "pattern": _ID, "description": "Referral type id."},
        "case_ids": {
            "type": "array",
            "maxItems": 50,
            "items": {"type": "string", "pattern": _ID},
            "description": "Children's case ids.",
        },
        "review_of": {
            "type": "string",
            "pattern": DECISION_PATH,
            "description": "The decision revisited: meetings/<date>/decisions/<referral-id>.md.",
        },
        "note": {"type": "string", "description": "Anything the chair should know."},
        "actions": {
            "type": "array",
            "maxItems": 500,
            "items": _ACTION,
            "description": "The open actions this item lists.",
        },
        "chair_accepted": _ACCEPTED,
    },
}
AGENDA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["meeting", "start", "end", "items"],
    "properties": {
        "meeting": schema_parts.meeting_id("The meeting: its date (and area, in a panel with areas)"),
        "start": {"type": "string", "pattern": _TIME},
        "end": {"type": "string", "pattern": _TIME},
        "generated": {
            "type": "string",
            "pattern": _GENERATED,
            "description": "When the agenda was generated (ISO 8601).",
        },
        "items": {"type": "array", "maxItems": 500, "items": _ITEM},
        "late": {"type": "array", "maxItems": 500, "items": _ITEM},
    },
}
_VALIDATOR = strict_validator(AGENDA_SCHEMA)
_SHAPE = Shape(Agenda, AGENDA_SCHEMA)


def _item_data(item: AgendaItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": item.number,
        "kind": str(item.kind),  # a plain str: yaml.safe_dump has no representer for StrEnum
        "title": item.title,
        "start": item.start.strftime("%H:%M"),
        "minutes": item.minutes,
    }
    for key in ("referral", "type", "review_of", "note"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.case_ids:
        data["case_ids"] = list(item.case_ids)
    if item.actions:
        data["actions"] = [
            {
                "referral": a.referral,
                "meeting": a.meeting.isoformat(),
                "action": a.action,
                "owner": a.owner,
                "due": a.due.isoformat(),
            }
            for a in item.actions
        ]
    if item.chair_accepted:
        data["chair_accepted"] = {"by": item.chair_accepted.by, "reason": item.chair_accepted.reason}
    return data


def render_agenda(agenda: Agenda, heading: str, held_back: Sequence[tuple[str, str]] = ()) -> str:
    """agenda.md's text: front matter, then a readable table; `held_back` lists (referral, reason) left off."""
    front: dict[str, Any] = {
        "meeting": agenda.meeting.isoformat(),
        "start": agenda.start.strftime("%H:%M"),
        "end": agenda.end.strftime("%H:%M"),
    }
    if agenda.generated:
        front["generated"] = agenda.generated.isoformat(timespec="minutes")
    front["items"] = [_item_data(i) for i in agenda.items]
    if agenda.late:
        front["late"] = [_item_data(i) for i in agenda.late]
    lines = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100).rstrip(), "---", ""]
    lines += [f"# {heading}", "", "| Item | Time | Business | Referral |", "|---:|---|---|---|"]
    for item in agenda.items:
        lines.append(
            f"| {item.number} | {item.start.strftime('%H:%M')} | {_cell(item.title)} | {item.referral or ''} |"
        )
    if agenda.late:
        lines += [
            "",
            "## Late referrals (for the chair to accept or defer)",
            "",
            "| Referral | Business |",
            "|---|---|",
        ]
        lines += [f"| {i.referral or ''} | {_cell(i.title)} |" for i in agenda.late]
    if held_back:
        lines += ["", "## Not on the agenda", "", "| Referral | Why |", "|---|---|"]
        lines += [f"| {referral} | {_cell(reason)} |" for referral, reason in held_back]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def read_agenda_file(path: Path, display: str) -> tuple[sources.SourceFile | None, list[Diagnostic]]:
    """agenda.md read and validated against its schema: the file, or None, and every problem found."""
    return _validated(*sources.read_markdown(path, display), display)


def _validated(
    source_file: sources.SourceFile | None, problems: list[Diagnostic], display: str
) -> tuple[sources.SourceFile | None, list[Diagnostic]]:
    if source_file is None:
        return None, problems
    problems.extend(schema_errors.to_diagnostics(_VALIDATOR.iter_errors(source_file.data), source_file.source, display))
    generated = source_file.data.get("generated") if isinstance(source_file.data, dict) else None
    if not problems and generated and _generated(generated) is None:
        mark = source_file.source.mark(("generated",))
        problems.append(
            Diagnostic(
                display,
                mark.line,
                mark.column,
                "date-invalid",
                f"generated: {generated!r} is not a real date and time",
                Severity.ERROR,
                "write it as YYYY-MM-DDTHH:MM, or remove the line",
            )
        )
    return source_file, problems


def read_agenda(path: Path, display: str) -> tuple[Agenda | None, list[Diagnostic]]:
    """The agenda in `path`, or None with the problems that stop it being read."""
    return _agenda(*read_agenda_file(path, display))


def parse_agenda(raw: bytes, display: str) -> tuple[Agenda | None, list[Diagnostic]]:
    """The agenda in `raw` (an agenda.md's bytes, e.g. as circulated), or None with the problems."""
    return _agenda(*_validated(*sources.parse_markdown(raw, display), display))


def _agenda(
    source_file: sources.SourceFile | None, problems: list[Diagnostic]
) -> tuple[Agenda | None, list[Diagnostic]]:
    if source_file is None or problems:
        return None, problems
    return _SHAPE.build(source_file.data, source=source_file.source), []


def _generated(value: str | None) -> dt.datetime | None:
    """The agenda's generation time; None when not given or not a real date and time."""
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
