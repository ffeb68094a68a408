"""The record of decision notices sent: meetings/<date>/notices.yml, written by `panel notify`, committed by hand.

One entry per message that left: the decision, the address it went to, when, how (smtp or an .eml file) and
the SHA-256 of the notice PDF it carried. `panel notify` rewrites the file (atomically) after each message,
so a run that stops part-way records exactly what went, and the next run sends only the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.domain.decisions.earlier import DECISION_PATH
from generator.domain.notices.amended import PARTS
from generator.domain.schema_parts import front_matter
from generator.io import schema_errors, yamlsafe
from generator.io.diagnostics import Diagnostic
from generator.io.schema_validation import strict_validator

LOG_FILE = "notices.yml"
MAX_LOG_BYTES = 2_000_000
"""A meeting's log holds a few hundred bytes per message sent."""
VIA = ("smtp", "eml")
_MOMENT = r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
HEADER = (
    "# Decision notices sent by `panel notify` for this meeting: one entry per message.\n"
    "# Written by panel notify after each message; commit it so nobody is sent a notice twice.\n"
)


@dataclass(frozen=True)
class SentNotice:
    """One message that left: a decision's notice to one address."""

    referral: str
    decision: str
    """The decision file's path, e.g. meetings/2026-12-03/decisions/R-0001.md."""
    to: str
    at: dt.datetime
    via: str
    sha256: str
    content: tuple[tuple[str, str], ...] = ()
    """(part, digest) of what the notice told of (notices/amended.py); empty in entries written before it was kept."""
    amends: dt.datetime | None = None
    """For an amended notice: when the notice it supersedes was sent to the same address."""


def log_schema() -> dict[str, Any]:
    """The schema of notices.yml."""
    entry = {
        "type": "object",
        "additionalProperties": False,
        "required": ["referral", "decision", "to", "at", "via", "sha256"],
        "properties": {
            "referral": {
                "type": "string",
                "pattern": r"^[A-Za-z]{1,4}-[0-9a-z-]{4,24}$",
                "description": "The referral id.",
            },
            "decision": {
                "type": "string",
                "pattern": DECISION_PATH,
                "description": "The decision file the notice is about (a meeting's, or one made outside a meeting).",
            },
            "to": {"type": "string", "pattern": r"^[^@\s]{1,200}@[^@\s]{1,200}$", "description": "Sent to."},
            "at": {"type": "string", "pattern": _MOMENT, "description": "When it was sent (ISO 8601, with offset)."},
            "via": {"enum": list(VIA), "description": "smtp: through the mail server; eml: written as a file."},
            "sha256": {"type": "string", "pattern": r"^[0-9a-f]{64}$", "description": "SHA-256 of the notice PDF."},
            "content": {
                "type": "object",
                "additionalProperties": False,
                "properties": {part: {"type": "string", "pattern": r"^[0-9a-f]{16}$"} for part in PARTS},
                "description": "A digest of each part of the decision the notice told of, to notice a later change.",
            },
            "amends": {
                "type": "string",
                "pattern": _MOMENT,
                "description": "An amended notice: when the notice it supersedes was sent to this address.",
            },
        },
    }
    sent = {"type": "array", "items": entry, "description": "Messages sent, in the order they left."}
    return front_matter("notices", "Decision notices sent", "meetings/<date>/notices.yml", {"sent": sent}, ["sent"])


class NoticeLogReader:
    """Reads notices.yml files; the validator is built once."""

    def __init__(self) -> None:
        self.validator = strict_validator(log_schema())

    def read_text(self, text: str, display: str) -> tuple[list[SentNotice], list[Diagnostic]]:
        """The entries of one log's text, and every problem in it (a log with problems yields no entries)."""
        data, source, problems = yamlsafe.load(text)
        found = [Diagnostic(display, p.line, p.column, p.code, p.message, hint=p.hint) for p in problems]
        if found:
            return [], found
        if data is None:
            data = {"sent": []}
        errors = schema_errors.to_diagnostics(self.validator.iter_errors(data), source, display)
        if errors:
            return [], errors
        entries = []
        for item in data["sent"]:
            moments: list[dt.datetime] = []
            for key in ("at", "amends"):
                if key not in item:
                    continue
                try:
                    moments.append(dt.datetime.fromisoformat(item[key]))
                except ValueError:
                    mark = source.mark(("sent",))
                    message = f"{key}: {item[key]!r} is no real time"
                    return [], [Diagnostic(display, mark.line, mark.column, "notice-log", message)]
            moment, amends = moments[0], (moments[1] if len(moments) > 1 else None)
            content = tuple((part, item["content"][part]) for part in PARTS if part in item.get("content", {}))
            entries.append(
                SentNotice(
                    item["referral"], item["decision"], item["to"], moment, item["via"], item["sha256"], content, amends
                )
            )
        return entries, []


def log_entry(notice: SentNotice) -> dict[str, object]:
    """One entry as it is written."""
    entry: dict[str, object] = {
        "referral": notice.referral,
        "decision": notice.decision,
        "to": notice.to,
        "at": notice.at.isoformat(timespec="seconds"),
        "via": notice.via,
        "sha256": notice.sha256,
    }
    if notice.content:
        entry["content"] = dict(notice.content)
    if notice.amends is not None:
        entry["amends"] = notice.amends.isoformat(timespec="seconds")
    return entry


def log_text(entries: Iterable[SentNotice]) -> str:
    """The whole notices.yml for these entries."""
    body = yaml.safe_dump({"sent": [log_entry(e) for e in entries]}, sort_keys=False, allow_unicode=True, width=1000)
    return HEADER + body
