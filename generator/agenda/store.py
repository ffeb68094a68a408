"""Reading and writing `meetings/<date>/agenda.md`: front matter for programs, a table for people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .. import schema_errors, schema_parts, sources
from ..diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity
from ..files import write_atomic
from .model import ITEM_KINDS, Agenda, AgendaItem

MEETINGS = "meetings"
_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_REFERRAL = r"[A-Z]{1,4}-[0-9]{4,6}"
_ITEMS_MAX = 200
"""More items than any meeting could hear; bounds the agenda's size and the pack's work."""
_ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "kind", "title", "start", "minutes"],
    "properties": {
        "number": {"type": "integer", "minimum": 1, "maximum": _ITEMS_MAX, "description": "Item number."},
        "kind": {"enum": list(ITEM_KINDS), "description": "What kind of business."},
        "title": {"type": "string", "description": "What members read."},
        "start": {"type": "string", "pattern": _TIME, "description": "Slot start, HH:MM."},
        "minutes": {"type": "integer", "minimum": 0, "maximum": 24 * 60, "description": "Slot length."},
        "referral": {
            "type": "string",
            "pattern": rf"^{_REFERRAL}\Z",
            "description": "Referral id heard in this item, e.g. R-0142 (never a path).",
        },
        "type": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,62}\Z", "description": "Referral type id."},
        "case_ids": {
            "type": "array",
            "items": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z"},
            "description": "Children's case ids.",
        },
        "review_of": {
            "type": "string",
            "pattern": rf"^({_REFERRAL}|meetings/[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}/decisions/{_REFERRAL}\.md)\Z",
            "description": "Decision being revisited: a referral id, or its decision file under meetings/.",
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
        "meeting": schema_parts.date("Meeting date"),
        "start": {"type": "string", "pattern": _TIME},
        "end": {"type": "string", "pattern": _TIME},
        "generated": {
            "type": "string",
            "pattern": r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?\Z",
            "description": "When the agenda was generated (ISO 8601, e.g. 2026-12-07T10:00+00:00).",
        },
        "items": {"type": "array", "maxItems": _ITEMS_MAX, "items": _ITEM},
        "late": {"type": "array", "maxItems": _ITEMS_MAX, "items": _ITEM},
    },
}
_VALIDATOR = schema_parts.validator(AGENDA_SCHEMA)


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


def read_agenda(path: Path, display: str) -> tuple[Agenda | None, list[Diagnostic]]:
    """The agenda in `path`, or None with the problems that stop it being read."""
    source_file, problems = sources.read_markdown(path, display)
    if source_file is None:
        return None, problems
    problems.extend(schema_errors.to_diagnostics(_VALIDATOR.iter_errors(source_file.data), source_file.source, display))
    data = source_file.data
    generated = _generated(data.get("generated")) if not problems else None
    if data.get("generated") and not problems and generated is None:
        mark = source_file.source.mark(("generated",))
        problems.append(
            Diagnostic(
                display,
                mark.line,
                mark.column,
                "date-invalid",
                f"generated: {data['generated']!r} is not a real date and time",
                Severity.ERROR,
                "write it as YYYY-MM-DDTHH:MM, or remove the line",
            )
        )
    if problems:
        return None, problems
    return Agenda(
        meeting=dt.date.fromisoformat(data["meeting"]),
        start=dt.time.fromisoformat(data["start"]),
        end=dt.time.fromisoformat(data["end"]),
        items=[_item(i) for i in data["items"]],
        late=[_item(i) for i in data.get("late", [])],
        generated=generated,
    ), []


def _generated(value: str | None) -> dt.datetime | None:
    """The agenda's generation time; None when not given or not a real date and time."""
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


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
