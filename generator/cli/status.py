"""`panel status`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..check import read_repository
from ..history import HistoryUnavailable, read_history
from ..signoff.report import render_json, render_text, statuses
from .common import EXIT_OK, EXIT_USAGE, root_option, today


@click.command()
@click.argument("meeting", required=False, type=click.DateTime(formats=["%Y-%m-%d"]))
@root_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def status(meeting: dt.datetime | None, root: Path, fmt: str) -> None:
    """Who has approved each referral and what is still needed, from the history of main.

    MEETING (YYYY-MM-DD) shows the referrals for that meeting; without it, every open referral.
    A shallow clone cannot prove approvals: the command then stops and says how to fetch history.
    """
    repo = read_repository(root, today())
    if repo.config is None:
        for d in repo.diagnostics.sorted():
            click.echo(d.format(), err=True)
        sys.exit(EXIT_USAGE)
    try:
        history = read_history(root, repo.config)
        rows = statuses(repo.referrals, history, repo.config, root, meeting.date() if meeting else None)
    except HistoryUnavailable as exc:
        click.echo(f"error: {exc.message}", err=True)
        click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)
    unreadable = len({d.path for d in repo.diagnostics.errors})
    click.echo(render_json(rows) if fmt == "json" else render_text(rows))
    if unreadable and fmt == "text":
        click.echo(f"\nnote: {unreadable} file(s) have problems; run: panel check", err=True)
    sys.exit(EXIT_OK)
