"""`panel reconsider`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import meeting_option, root_option, today
from generator.commands.reconsider import reconsider as start_request


@click.command()
@root_option
@click.argument("referral_id", metavar="REFERRAL")
@meeting_option(
    "The meeting whose decision is questioned, YYYY-MM-DD (YYYY-MM-DD-AREA in a panel with areas; default: the "
    "latest decision on REFERRAL)."
)
@click.option("--by", default=None, help="Who asks, by name (default: the referral's worker).")
@click.option("--grounds", default="", help="Why the decision should be looked at again (or write it in the file).")
@click.option(
    "--heard-by",
    default=None,
    help="'meeting' (the next agenda lists it) or a role id that hears it (default: the role the decision went to, "
    "if it was a recommendation or escalated, else the next meeting).",
)
def reconsider(
    root: Path, referral_id: str, meeting: dt.date | None, by: str | None, grounds: str, heard_by: str | None
) -> None:
    """Start a request to reconsider the panel's decision on REFERRAL (e.g. R-0142)."""
    made = start_request(root, referral_id, meeting, by, grounds, heard_by, today())
    click.echo(f"wrote {made.path.relative_to(root).as_posix()} (heard by {made.heard_by})")
    click.echo("write the grounds if they are not there yet, then run: panel check; commit it and open a pull request")
