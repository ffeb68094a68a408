"""The panel's calendar as an iCalendar file: meetings and their deadlines, for Outlook and phones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..calendar import Meeting
from ..config.model import PanelConfig


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_ics(config: PanelConfig, meetings: Sequence[Meeting], stamp: dt.datetime) -> str:
    """VCALENDAR text with one event per meeting and one per submission deadline (CRLF line ends)."""
    name = config.panel.short_name or config.panel.name
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Panel Papers//panel calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(config.panel.name)}",
    ]
    for meeting in meetings:
        day = meeting.date.isoformat()
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{day}@panel-papers.invalid",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(meeting.start)}",
            f"DTEND:{_utc(meeting.end)}",
            f"SUMMARY:{_escape(name)} meeting",
            f"LOCATION:{_escape(config.panel.venue)}",
            "END:VEVENT",
            "BEGIN:VEVENT",
            f"UID:deadline-{day}@panel-papers.invalid",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(meeting.deadline)}",
            f"DTEND:{_utc(meeting.deadline + dt.timedelta(minutes=15))}",
            f"SUMMARY:{_escape(name)} deadline for the {meeting.date.strftime('%d %b %Y')} meeting",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
