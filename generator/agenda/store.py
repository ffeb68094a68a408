"""Reading and writing `meetings/<date>/agenda.md`: front matter for programs, a table for people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from .. import schema_errors, sources
from ..diagnostics import Diagnostic, Diagnostics, ProblemsFound
from ..files import write_atomic
from .model import ITEM_KINDS, Agenda, AgendaItem

MEETINGS = "meetings"
_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""Ids as referrals, types and case ids have them: never a path, never markup."""
_REVIEW_OF = (
    r"^([A-Za-z0-9][A-Za-z0-9_-]{0,63}|meetings/[0-9]{4}-[01][0-9]-[0-3][0-9]/decisions/[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md)$"
)
_GENERATED = r"^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?([+-][0-2][0-9]:[0-5][0-9]|Z)?$"
_ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "kind", "title", "start", "minutes"],
    "properties": {
        "number": {"type": "integer", "minimum": 1, "maximum": 999, "description": "Item number."},
        "kind": {"enum": list(ITEM_KINDS), "description": "What kind of business."},
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
            "pattern": _REVIEW_OF,
            "description": "The decision revisited: meetings/<date>/decisions/<referral>.md (or the referral's id).",
        },
        "note": {"type": "string", "description": "Anything the chair should know."},
    },
}
AGENDA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["meeting", "start", "end", "items"],
    "properties": {
        "meeting": {"type": "string", "format": "date", "description": "Meeting date."},
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
_VALIDATOR = Draft202012Validator(AGENDA_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def agenda_path(root: Path, meeting: dt.date) -> Path:
    """Where the agenda of the meeting on `meeting` is kept."""
    return root / MEETINGS / meeting.isoformat() / "agenda.md"


def _item_data(item: AgendaItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": item.number,
        "kind": item.kind,
        "title": item.title,
        "start": item.start.strftime("%H:%M"),
        "minutes": item.minutes,
    }
    for key in ("referral", "type", "review_of", "note"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.case_ids:
        data["case_ids"] = list(item.case_ids)
    return data


def _item(data: dict[str, Any]) -> AgendaItem:
    return AgendaItem(
        number=data["number"],
        kind=data["kind"],
        title=data["title"],
        start=dt.time.fromisoformat(data["start"]),
        minutes=data["minutes"],
        referral=data.get("referral"),
        type=data.get("type"),
        case_ids=tuple(data.get("case_ids", ())),
        review_of=data.get("review_of"),
        note=data.get("note", ""),
    )


def render_agenda(agenda: Agenda, heading: str) -> str:
    """agenda.md's text: front matter, then a readable table."""
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
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_agenda(root: Path, agenda: Agenda, heading: str) -> Path:
    """Write agenda.md atomically; returns its path."""
    target = agenda_path(root, agenda.meeting)
    write_atomic(target, render_agenda(agenda, heading))
    return target


def read_agenda_file(path: Path, display: str) -> tuple[sources.SourceFile | None, list[Diagnostic]]:
    """agenda.md read and validated against its schema: the file, or None, and every problem found."""
    source_file, problems = sources.read_markdown(path, display)
    if source_file is None:
        return None, problems
    problems.extend(schema_errors.to_diagnostics(_VALIDATOR.iter_errors(source_file.data), source_file.source, display))
    return source_file, problems


def read_agenda(path: Path, display: str) -> tuple[Agenda | None, list[Diagnostic]]:
    """The agenda in `path`, or None with the problems that stop it being read."""
    source_file, problems = read_agenda_file(path, display)
    if source_file is None or problems:
        return None, problems
    data = source_file.data
    return Agenda(
        meeting=dt.date.fromisoformat(data["meeting"]),
        start=dt.time.fromisoformat(data["start"]),
        end=dt.time.fromisoformat(data["end"]),
        items=[_item(i) for i in data["items"]],
        late=[_item(i) for i in data.get("late", [])],
        generated=dt.datetime.fromisoformat(data["generated"]) if data.get("generated") else None,
    ), []


def load_agenda(root: Path, meeting: dt.date) -> Agenda:
    """The stored agenda of a meeting; raises ProblemsFound if missing or broken."""
    path = agenda_path(root, meeting)
    display = path.relative_to(root).as_posix()
    if not path.is_file():
        problems = Diagnostics()
        problems.add(display, 1, 1, "agenda-missing", f"no agenda for {meeting}", hint=f"run: panel agenda {meeting}")
        raise ProblemsFound(problems)
    agenda, found = read_agenda(path, display)
    if agenda is None:
        raise ProblemsFound(Diagnostics(found))
    return agenda
