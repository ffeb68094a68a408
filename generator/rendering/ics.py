"""The panel's calendar as an iCalendar (RFC 5545) feed that Outlook and others can subscribe to."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from generator.domain.calendar import LONDON, NO_DEADLINE, Meeting
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import with_words

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "X-LIC-LOCATION:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def meeting_url(config: PanelConfig, day: dt.date) -> str:
    """The meeting's page on the panel's site: <site_url>meetings/<date>/."""
    base = config.panel.site_url
    if base and not base.endswith("/"):
        base += "/"
    return f"{base}meetings/{day.isoformat()}/"


def escape(text: str) -> str:
    """Escape a TEXT value (backslash, semicolon, comma, newline)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%A %d %B %Y, %H:%M")


def _event(uid: str, stamp: str, start: dt.datetime, end: dt.datetime, summary: str, **more: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID=Europe/London:{_local(start)}",
        f"DTEND;TZID=Europe/London:{_local(end)}",
        f"SUMMARY:{escape(summary)}",
    ]
    lines += [f"{key}:{value}" for key, value in more.items()]
    return [*lines, "END:VEVENT"]


def render_ics(config: PanelConfig, meetings: list[Meeting], cancelled: list[dt.date], now: dt.datetime) -> str:
    """The feed: each meeting (linking to its page), its submission deadline, and cancelled meetings."""
    panel = config.panel
    name = panel.short_name or panel.name
    host = urlsplit(panel.site_url).hostname or "panel-papers.invalid"
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Panel Papers//{escape(panel.council)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(panel.name)}",
        "X-WR-TIMEZONE:Europe/London",
        *VTIMEZONE,
    ]
    whole = config
    for meeting in meetings:
        config = whole.at(meeting.date)  # its area's terms (venue, times) in a panel with areas
        url = meeting_url(config, meeting.date)
        details = (
            [f"Referrals signed off by {with_words(_when(meeting.deadline), meeting.deadline_words)}."]
            if meeting.deadline
            else [f"{NO_DEADLINE[0].upper()}{NO_DEADLINE[1:]}."]
        )
        if meeting.rota:
            details.insert(0, f"Rota: {meeting.rota}.")
        if meeting.booked:
            details.append("Booked for the cases listed on its agenda.")
        if len(meeting.stages) > 1 or (meeting.stages and not meeting.deadline):
            details = [f"{stage.name} by {with_words(_when(stage.due), stage.words)}." for stage in meeting.stages]
        if meeting.papers_out:
            details.append(f"Papers out {with_words(_when(meeting.papers_out), meeting.papers_out_words)}.")
        if meeting.extra:
            details.append("An extra meeting.")
        if meeting.moved_from:
            details.insert(0, f"The meeting is {meeting.moved}.")
        details.append(url)
        if config.is_assumed("calendar.start") or config.is_assumed("calendar.end"):
            details.insert(0, f"Meeting times: {config.hours(meeting.start.time(), meeting.end.time())}.")
        venue = config.venue_text()
        extra = {"LOCATION": escape(venue)} if venue and not config.is_assumed("panel.venue") else {}
        if config.is_assumed("panel.venue"):
            details.insert(0, "Venue to be confirmed.")
        area = f" ({meeting.area_name})" if meeting.area_name else ""
        lines += _event(
            f"meeting-{meeting.id}@{host}",
            stamp,
            meeting.start,
            meeting.end,
            f"{name} meeting{area}"
            + (f" ({meeting.rota})" if meeting.rota else "")
            + (" (extra)" if meeting.extra else ""),
            **extra,
            DESCRIPTION=escape("\n".join(details)),
            URL=url,
            STATUS="CONFIRMED",
        )
        if meeting.deadline:
            lines += _event(
                f"deadline-{meeting.id}@{host}",
                stamp,
                meeting.deadline,
                meeting.deadline,
                f"{name} deadline for {meeting.date.strftime('%d %B')}{area}",
                DESCRIPTION=escape(
                    f"Referrals for the meeting on {_when(meeting.start)} must be signed off"
                    f"{f' ({meeting.deadline_words})' if meeting.deadline_words else ''}.\n{url}"
                ),
                URL=url,
                TRANSP="TRANSPARENT",
            )
        for stage in (s for s in meeting.stages if s.roles):
            roles = ", ".join(config.role_name(role) for role in stage.roles)
            lines += _event(
                f"deadline-{stage.id}-{meeting.id}@{host}",
                stamp,
                stage.due,
                stage.due,
                f"{name} {stage.name} for {meeting.date.strftime('%d %B')}{area}",
                DESCRIPTION=escape(
                    f"{stage.name} ({roles}) for the meeting on {_when(meeting.start)} is due"
                    f"{f' ({stage.words})' if stage.words else ''}.\n{url}"
                ),
                URL=url,
                TRANSP="TRANSPARENT",
            )
    for day in cancelled:
        config = whole.at(day)
        start = dt.datetime.combine(day, config.calendar.start, tzinfo=LONDON)
        end = dt.datetime.combine(day, config.calendar.end, tzinfo=LONDON)
        lines += _event(
            f"meeting-{day.isoformat()}@{host}",
            stamp,
            start,
            end,
            f"CANCELLED: {name} meeting" + (f" ({config.area.name})" if config.area else ""),
            STATUS="CANCELLED",
            URL=meeting_url(config, day),
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
