"""`panel calendar`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..calendar import LONDON, Meeting, meetings_between, now_london, upcoming
from ..config.model import PanelConfig
from ..files import write_atomic
from ..ics import meeting_url, render_ics
from .common import EXIT_OK, EXIT_USAGE, config_or_exit, root_option


def _short(moment: dt.datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%a %d %b %H:%M") if moment else "-"


def _row(config: PanelConfig, meeting: Meeting) -> dict[str, str | bool | None]:
    return {
        "date": meeting.id,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "deadline": meeting.deadline.isoformat(),
        "papers_out": meeting.papers_out.isoformat() if meeting.papers_out else None,
        "extra": meeting.extra,
        "url": meeting_url(config, meeting.date),
    }


@click.command()
@root_option
@click.option("--count", type=click.IntRange(1, 200), default=8, show_default=True, help="Meetings to list.")
@click.option("--ics", "ics", is_flag=True, help="Print an iCalendar feed (a year ahead and four weeks back).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--next", "next_only", is_flag=True, help="Print only the date of the next meeting (for scripts).")
def calendar(root: Path, count: int, ics: bool, output: Path | None, fmt: str, next_only: bool) -> None:
    """The coming meetings with their submission deadlines and papers-out times (Europe/London).

    Bank holidays of the panel's region are skipped when counting working days; cancelled and
    extra meetings in panel.yml are honoured. --ics gives a feed Outlook can subscribe to; each
    event links to the meeting's page on the site.
    """
    config = config_or_exit(root)
    now = now_london()
    if ics:
        first, last = now.date() - dt.timedelta(weeks=4), now.date() + dt.timedelta(days=365)
        cancelled = sorted(d for d in config.calendar.cancelled if first <= d <= last)
        text = render_ics(config, meetings_between(config, first, last), cancelled, now)
        if output:
            write_atomic(output, text, newline="")
            click.echo(f"wrote {output.as_posix()}")
        else:
            click.echo(text, nl=False)
        sys.exit(EXIT_OK)
    meetings = upcoming(config, now, count=count)
    if next_only:
        if not meetings:
            click.echo("error: no meeting in the coming year; check calendar in panel.yml", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(meetings[0].id)
        sys.exit(EXIT_OK)
    if fmt == "json":
        text = json.dumps([_row(config, m) for m in meetings], indent=2)
    else:
        lines = [f"{config.panel.name}: the next {len(meetings)} meetings (Europe/London)", ""]
        for m in meetings:
            when = f"{m.date.strftime('%a %d %b %Y')} {m.start.strftime('%H:%M')}-{m.end.strftime('%H:%M')}"
            papers = f"  papers out {_short(m.papers_out)}" if m.papers_out else ""
            lines.append(f"{when}  deadline {_short(m.deadline)}{papers}{'  (extra meeting)' if m.extra else ''}")
        if meetings:
            span = [d for d in sorted(config.calendar.cancelled) if now.date() <= d <= meetings[-1].date]
            lines += [f"cancelled: {d.strftime('%a %d %b %Y')}" for d in span]
        text = "\n".join(lines)
    if output:
        write_atomic(output, text + "\n", newline="")
        click.echo(f"wrote {output.as_posix()}")
    else:
        click.echo(text)
    sys.exit(EXIT_OK)
