"""`panel book`: book a meeting of a panel whose meetings are booked per case (no regular cadence)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.domain import calendar
from generator.domain.calendar import Meeting
from generator.domain.formatting import long_date
from generator.io.files import create_new
from generator.io.tree import MEETINGS

BOOKING_NOTE = "README.md"
"""The file that makes meetings/DATE/ a booked meeting's folder (git keeps no empty folder)."""


@dataclass(frozen=True)
class Booking:
    """What `panel book` wrote, and the meeting it booked."""

    path: Path
    meeting: Meeting


def book(root: Path, day: dt.date, now: dt.datetime) -> Booking:
    """Create meetings/DAY/README.md: the panel now meets on `day` (meetings booked per case only); in a panel with
    areas, `day` names the area (meetings/DAY-AREA/, booked by that area's calendar)."""
    whole = config_or_fail(root)
    day = checked_meeting(whole, day)
    config = whole.at(day)
    if not config.calendar.per_case:
        raise PanelError.hinted(
            f"error: {config.panel.name} meets on its cadence (calendar.cadence in panel.yml); meetings are not booked",
            "add an extra meeting to calendar.extra, or write calendar.cadence: {every: per-case} to book each one",
            EXIT_USAGE,
        )
    if day < now.astimezone(calendar.LONDON).date():
        raise PanelError(f"error: {day.isoformat()} is in the past; book a meeting from today on", exit_code=EXIT_USAGE)
    if day in config.calendar.cancelled:
        raise PanelError.hinted(
            f"error: {day.isoformat()} is in calendar.cancelled in panel.yml",
            "remove it from calendar.cancelled to meet that day, or book another",
            EXIT_USAGE,
        )
    if not calendar.is_working_day(config, day):
        why = calendar.closed_because(config, day) or day.strftime("a %A")
        raise PanelError(
            f"error: {long_date(day)} is not a working day ({why}); book a working day", exit_code=EXIT_USAGE
        )
    folder = root / MEETINGS / day.isoformat()
    target = folder / BOOKING_NOTE
    if calendar.meeting_on(config, day) is not None:
        raise PanelError(f"error: a meeting on {day.isoformat()} is already booked ({MEETINGS}/{day.isoformat()}/)")
    text = (
        f"# {config.panel.name}: meeting on {long_date(day)}\n\n"
        f"Booked with `panel book` on {long_date(now.astimezone(calendar.LONDON).date())}. This folder is what makes "
        "the meeting: its agenda, record and decisions go here. To cancel the booking before anything is written "
        "here, delete the folder.\n"
    )
    try:
        create_new(target, text)
    except FileExistsError:
        raise PanelError(f"error: {target.relative_to(root).as_posix()} already exists") from None
    booked = frozenset(t for terms in (whole, *whole.area_terms.values()) for t in terms.calendar.booked) | {day}
    meeting = calendar.meeting_on(whole.with_booked(booked), day)
    assert meeting is not None
    return Booking(target, meeting)
