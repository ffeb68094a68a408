"""`panel calendar`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.calendar import Shape
from generator.commands.calendar import calendar as make_calendar
from generator.domain.calendar import now_london


@click.command()
@root_option
@click.option("--count", type=click.IntRange(1, 200), default=8, show_default=True, help="Meetings to list.")
@click.option("--ics", "ics", is_flag=True, help="Print an iCalendar feed (a year ahead and four weeks back).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--next", "next_only", is_flag=True, help="Print only the date of the next meeting (for scripts).")
@click.option("--area", default=None, help="In a panel with areas: only this area's meetings, e.g. east.")
def calendar(
    root: Path, count: int, ics: bool, output: Path | None, fmt: str, next_only: bool, area: str | None
) -> None:
    """The coming meetings with their submission deadlines and papers-out times (Europe/London).

    Bank holidays of the panel's region are skipped when counting working days; cancelled and
    extra meetings in panel.yml are honoured. --ics gives a feed Outlook can subscribe to; each
    event links to the meeting's page on the site. In a panel with areas each meeting is labelled
    with its area (its id is DATE-AREA); --area lists one area's.
    """
    shape: Shape = "ics" if ics else "next" if next_only else "json" if fmt == "json" else "text"
    result = make_calendar(root, now_london(), shape, count, output, area)
    if result.written:
        click.echo(f"wrote {result.written.as_posix()}")
    else:
        click.echo(result.text, nl=False)
