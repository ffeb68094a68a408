"""`panel calendar`: the coming meetings as text, JSON or an iCalendar feed, printed or written to a file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.commands.errors import EXIT_USAGE, PanelError, area_or_fail, config_or_fail
from generator.domain.calendar import (
    LONDON,
    NO_DEADLINE,
    Meeting,
    by_area,
    cancelled_between,
    meetings_between,
    upcoming,
)
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import with_words
from generator.io.files import write_atomic
from generator.rendering.ics import meeting_url, render_ics

Shape = Literal["text", "json", "ics", "next"]


@dataclass
class CalendarResult:
    """The calendar's text (to print unless it was written) and the file written, if any."""

    text: str
    written: Path | None = None


def _short(moment: dt.datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%a %d %b %H:%M") if moment else "-"


def _row(config: PanelConfig, meeting: Meeting) -> dict[str, object]:
    return {
        "date": meeting.id,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "deadline": meeting.deadline.isoformat() if meeting.deadline else None,
        "deadline_words": meeting.deadline_words or None,
        "stages": [
            {"id": s.id, "name": s.name, "roles": list(s.roles), "due": s.due.isoformat(), "words": s.words or None}
            for s in meeting.stages
        ],
        "papers_out": meeting.papers_out.isoformat() if meeting.papers_out else None,
        "papers_out_words": meeting.papers_out_words or None,
        "extra": meeting.extra,
        "rota": meeting.rota or None,
        "booked": meeting.booked,
        **({"area": meeting.area, "area_name": meeting.area_name} if meeting.area else {}),
        "moved_from": meeting.moved_from.isoformat() if meeting.moved_from else None,
        "url": meeting_url(config, meeting.date),
    }


def _listing(config: PanelConfig, now: dt.datetime, meetings: list[Meeting]) -> str:
    lines = [f"{config.panel.name}: the next {len(meetings)} meetings (Europe/London)", ""]
    if config.calendar.per_case and not meetings:
        lines.append("no meeting is booked: meetings are booked per case; book one with: panel book YYYY-MM-DD")
    for m in meetings:
        when = f"{m.date.strftime('%a %d %b %Y')} {m.start.strftime('%H:%M')}-{m.end.strftime('%H:%M')}"
        papers = f"  papers out {with_words(_short(m.papers_out), m.papers_out_words)}" if m.papers_out else ""
        moved = f"  ({m.moved})" if m.moved_from else ""
        deadline = f"deadline {with_words(_short(m.deadline), m.deadline_words)}" if m.deadline else NO_DEADLINE
        rota = f"  ({m.rota})" if m.rota else "  (booked)" if m.booked else ""
        area = f"  {m.area_name} ({m.id})" if m.area else ""
        lines.append(f"{when}{area}{rota}  {deadline}{papers}{'  (extra meeting)' if m.extra else ''}{moved}")
        if len(m.stages) > 1 or (m.stages and not m.deadline):
            lines += [f"    {with_words(_short(stage.due), stage.words)}  {stage.name}" for stage in m.stages]
    if meetings:
        for terms in by_area(config):
            span = [d for d in sorted(terms.calendar.cancelled) if now.date() <= d <= meetings[-1].date]
            who = f" ({terms.area.name})" if terms.area else ""
            lines += [f"cancelled: {d.strftime('%a %d %b %Y')}{who}" for d in span]
    return "\n".join(lines) + "\n"


def _text(config: PanelConfig, now: dt.datetime, shape: Shape, count: int) -> str:
    if shape == "ics":
        first, last = now.date() - dt.timedelta(weeks=4), now.date() + dt.timedelta(days=365)
        cancelled = cancelled_between(config, first, last)
        return render_ics(config, meetings_between(config, first, last), cancelled, now)
    meetings = upcoming(config, now, count=count)
    if shape == "next":
        if not meetings:
            raise PanelError("error: no meeting in the coming year; check calendar in panel.yml", exit_code=EXIT_USAGE)
        return meetings[0].id + "\n"
    if shape == "json":
        return json.dumps([_row(config, m) for m in meetings], indent=2) + "\n"
    return _listing(config, now, meetings)


def calendar(
    root: Path, now: dt.datetime, shape: Shape, count: int, output: Path | None = None, area: str | None = None
) -> CalendarResult:
    """The coming meetings of the panel at `root` in `shape` (of one `area` only, given one); written atomically to
    `output` when given.

    The date of the next meeting (`next`) is for scripts and is always printed.
    """
    config = config_or_fail(root)
    if area is not None:
        config = config.for_area(area_or_fail(config, area).id)
    text = _text(config, now, shape, count)
    if output is None or shape == "next":
        return CalendarResult(text)
    write_atomic(output, text, newline="")
    return CalendarResult(text, output)
