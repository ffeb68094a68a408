"""`panel status`."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from ..history import HistoryUnavailable, read_history
from ..signoff.report import render_json, render_text, statuses
from ..signoff.status import ReferralLike, ReferralStatus
from ..signoff.summary import summaries_aside
from .common import EXIT_OK, EXIT_USAGE, config_or_exit, root_option, today


@click.command()
@click.argument("meeting", required=False, type=click.DateTime(formats=["%Y-%m-%d"]), metavar="[MEETING]")
@root_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def status(meeting: dt.datetime | None, root: Path, fmt: str) -> None:
    """Who has approved each referral and what is still needed, from the history of main.

    MEETING (YYYY-MM-DD) shows the referrals for that meeting; without it, every open referral.
    A shallow clone cannot prove approvals: the command then stops and says how to fetch history.
    """
    config = config_or_exit(root)
    try:
        # Worker processes read the referrals while this one reads the history.
        with summaries_aside(root, os.cpu_count() or 1) as summaries:
            history = read_history(root, config)
            referrals, unreadable = summaries()
        rows = statuses(referrals, history, config, root, meeting.date() if meeting else None, today())
    except HistoryUnavailable as exc:
        click.echo(f"error: {exc.message}", err=True)
        click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)
    shown: list[tuple[ReferralLike, ReferralStatus]] = list(rows)
    click.echo(render_json(shown) if fmt == "json" else render_text(shown))
    for path in unreadable:
        click.echo(f"note: {path}: its id, type, meeting or worker email cannot be read; run: panel check", err=True)
    sys.exit(EXIT_OK)
