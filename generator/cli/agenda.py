"""`panel agenda`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..agenda import render_agenda, write_agenda
from ..agenda.build import build_agenda
from ..calendar import meeting_on, meetings_between, next_open_meeting, now_london
from ..check import read_repository
from ..history import HistoryUnavailable, read_history
from ..signoff.report import statuses
from .common import EXIT_OK, EXIT_USAGE, root_option, today


@click.command()
@click.argument("meeting", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="MEETING")
@root_option
@click.option("--dry-run", is_flag=True, help="Print the agenda instead of writing it.")
def agenda(meeting: dt.datetime, root: Path, dry_run: bool) -> None:
    """Assemble meetings/MEETING/agenda.md from the referrals ready for MEETING (YYYY-MM-DD).

    Declarations of interest first, then actions still open from earlier meetings; then retrospective
    cases, reviews and deferrals falling due (and reviews overdue since before the previous meeting),
    and new referrals, in the order panel.yml gives, each in a time slot from the meeting's start.
    Referrals signed off late are listed apart for the chair to accept or defer. Commit the
    agenda and merge it like any other change.
    """
    repo = read_repository(root, today())
    config = repo.config
    if config is None:
        for d in repo.diagnostics.sorted():
            click.echo(d.format(), err=True)
        sys.exit(EXIT_USAGE)
    sitting = meeting_on(config, meeting.date())
    if sitting is None:
        upcoming = next_open_meeting(config, now_london())
        hint = f"; the next open meeting is {upcoming.id}" if upcoming else ""
        click.echo(f"error: the panel does not meet on {meeting.date().isoformat()}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    earlier = meetings_between(config, sitting.date - dt.timedelta(days=120), sitting.date - dt.timedelta(days=1))
    try:
        history = read_history(root, config)
        rows = statuses(repo.referrals, history, config, root, sitting.date)
    except HistoryUnavailable as exc:
        click.echo(f"error: {exc.message}", err=True)
        click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)
    previous = earlier[-1].date if earlier else None
    plan = build_agenda(config, sitting, rows, repo.panel_data(history), previous, now_london())
    heading = f"{config.panel.name}: agenda for {sitting.date.strftime('%A %d %B %Y')}"
    if dry_run:
        click.echo(render_agenda(plan.agenda, heading), nl=False)
    else:
        path = write_agenda(root, plan.agenda, heading)
        heard = len(plan.agenda.referral_items)
        click.echo(f"wrote {path.relative_to(root).as_posix()}: {heard} referral(s), {len(plan.agenda.late)} late")
    for referral, status in plan.not_ready:
        click.echo(f"not on the agenda: {referral.id} ({status.label})", err=True)
    broken = sorted({d.path for d in repo.diagnostics.errors})
    for problem_path in broken:
        click.echo(f"not on the agenda: {problem_path} has problems; run: panel check", err=True)
    if plan.overrun_minutes:
        click.echo(f"warning: the agenda runs {plan.overrun_minutes} minutes past the meeting's end", err=True)
    sys.exit(EXIT_OK)
