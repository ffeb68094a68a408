"""`panel meeting`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import MEETING, root_option, today
from generator.commands.meeting import record_meeting


@click.command()
@root_option
@click.argument("meeting", type=MEETING, metavar="MEETING")
@click.option("--chair", default=None, help="Who chairs, by name as in panel.yml (default: the one chair).")
def meeting(root: Path, meeting: dt.date, chair: str | None) -> None:
    """Start meetings/MEETING/meeting.md (YYYY-MM-DD; YYYY-MM-DD-AREA with areas): chair, members present, minutes."""
    made = record_meeting(root, meeting, today(), chair)
    items = f" with {len(made.agenda.referral_items)} item(s) from its agenda" if made.agenda else " (no agenda found)"
    click.echo(f"wrote {made.path.relative_to(root).as_posix()}{items}; chair: {made.chair.name}")
    click.echo("record attendance, declarations and the minutes, then run: panel check")
