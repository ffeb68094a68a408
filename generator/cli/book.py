"""`panel book`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import MEETING, root_option
from generator.commands.book import book as make_booking
from generator.domain.calendar import NO_DEADLINE, now_london
from generator.domain.formatting import long_date, with_words


@click.command()
@root_option
@click.argument("day", type=MEETING, metavar="YYYY-MM-DD")
def book(root: Path, day: dt.date) -> None:
    """Book a meeting on YYYY-MM-DD, where meetings are booked per case (calendar.cadence: {every: per-case}).

    Writes meetings/YYYY-MM-DD/README.md; the meeting is then in panel calendar, the feed and the site, and
    referrals may ask for it (meeting: YYYY-MM-DD). Commit and merge the file like any other. In a panel with
    areas, name the area after the date (YYYY-MM-DD-AREA): the meeting is that area's.
    """
    made = make_booking(root, day, now_london())
    meeting = made.meeting
    deadline = (
        f"deadline {with_words(meeting.deadline.strftime('%A %d %B %Y %H:%M'), meeting.deadline_words)}"
        if meeting.deadline
        else NO_DEADLINE
    )
    click.echo(f"wrote {made.path.relative_to(root).as_posix()}: a meeting on {long_date(meeting.date)}; {deadline}")
    asks = f"meeting: {meeting.date.strftime('%Y-%m-%d')}" + (f", area: {meeting.area}" if meeting.area else "")
    click.echo(f"commit it, then write referrals for it ({asks}) and run: panel check")
