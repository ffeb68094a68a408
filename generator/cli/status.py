"""`panel status`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import MEETING, root_option, today
from generator.commands.status import referral_statuses
from generator.rendering.status_report import render_json, render_steps, render_text


@click.command()
@click.argument("meeting", required=False, type=MEETING, metavar="[MEETING]")
@root_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def status(meeting: dt.date | None, root: Path, fmt: str) -> None:
    """Who has approved each referral and what is still needed, from the history of main.

    MEETING (YYYY-MM-DD; YYYY-MM-DD-AREA in a panel with areas) shows the referrals for that meeting; without it,
    every open referral.
    A shallow clone cannot prove approvals: the command then stops and says how to fetch history.
    """
    report = referral_statuses(root, meeting, today())
    click.echo(render_json(report.rows) if fmt == "json" else render_text(report.rows))
    if fmt == "text" and report.overdue_steps and report.config is not None:
        click.echo("\n" + render_steps(report.overdue_steps, report.config))
    for path in report.unreadable:
        click.echo(f"note: {path}: cannot be read as a referral; run: panel check", err=True)
