"""`panel meeting`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..decisions.meeting_scaffold import new_meeting_record
from ..scaffold import ScaffoldError
from .common import EXIT_USAGE, config_or_exit, root_option, today


@click.command()
@root_option
@click.argument("meeting", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="MEETING")
@click.option("--chair", default=None, help="Who chairs, by name as in panel.yml (default: the one chair).")
def meeting(root: Path, meeting: dt.datetime, chair: str | None) -> None:
    """Start meetings/MEETING/meeting.md (YYYY-MM-DD): chair, members present, presenting workers, minutes."""
    config = config_or_exit(root)
    try:
        made = new_meeting_record(root, config, meeting.date(), today(), chair)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    items = f" with {len(made.agenda.referral_items)} item(s) from its agenda" if made.agenda else " (no agenda found)"
    click.echo(f"wrote {made.path.relative_to(root).as_posix()}{items}; chair: {made.chair.name}")
    click.echo("record attendance, declarations and the minutes, then run: panel check")
