"""`panel agenda`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..agenda import load_agenda, render_agenda, write_agenda
from ..agenda.build import AgendaPlan, build_agenda, supplement
from ..agenda.store import agenda_path, held_records
from ..calendar import meeting_on, meetings_between, next_open_meeting, now_london
from ..check import Repository, read_repository
from ..diagnostics import ProblemsFound, Severity
from ..formats import long_date
from ..history import HistoryUnavailable, read_history
from ..signoff.report import statuses
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, root_option, today


def _failing(repo: Repository) -> dict[str, str]:
    """Each referral file with errors: its first error, located, and how many more there are."""
    paths = {r.path for r in repo.referrals}
    found: dict[str, list[str]] = {}
    for d in repo.diagnostics.sorted():
        if d.severity is Severity.ERROR and d.path in paths:
            found.setdefault(d.path, []).append(f"{d.path}:{d.line}:{d.column}: {d.message}")
    return {p: m[0] + (f" (and {len(m) - 1} more)" if len(m) > 1 else "") for p, m in found.items()}


def _refuse_held(day: dt.date, held: list[str]) -> None:
    decisions = sum(1 for p in held if "/decisions/" in p)
    parts = (["its meeting record"] if len(held) > decisions else []) + (
        [f"{decisions} decision record(s)"] if decisions else []
    )
    what = " and ".join(parts)
    click.echo(
        f"error: the meeting on {long_date(day)} has been held ({what} exist); its agenda is the record of "
        "what the panel heard and is not rewritten, so no decided item can be lost",
        err=True,
    )
    click.echo(
        f"hint: to add business that is now ready, run: panel agenda {day.isoformat()} --supplementary "
        "(appends the new items after the existing ones and drops none); or put it on the next meeting's agenda",
        err=True,
    )
    sys.exit(EXIT_PROBLEMS)


@click.command()
@click.argument("meeting", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="MEETING")
@root_option
@click.option("--dry-run", is_flag=True, help="Print the agenda instead of writing it.")
@click.option(
    "--supplementary",
    is_flag=True,
    help="Append business that is now ready to the existing agenda; never drops or renumbers an item.",
)
def agenda(meeting: dt.datetime, root: Path, dry_run: bool, supplementary: bool) -> None:
    """Assemble meetings/MEETING/agenda.md from the referrals ready for MEETING (YYYY-MM-DD).

    Declarations of interest first, then actions still open from earlier meetings; then retrospective
    cases, reviews and deferrals falling due (and reviews overdue since before the previous meeting),
    and new referrals, in the order panel.yml gives, each in a time slot from the meeting's start.
    Only referrals that pass `panel check` and are signed off go on; the rest are listed apart with
    the reason. Referrals signed off for an earlier meeting that passed without a decision are carried.
    Referrals signed off late are listed apart for the chair to accept or defer. A meeting that has
    been held (meeting.md or decisions exist) is refused: use --supplementary to add to its agenda.
    Commit the agenda and merge it like any other change.
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
    held = held_records(root, sitting.date)
    if held and not supplementary:
        _refuse_held(sitting.date, held)
    existing = None
    if supplementary:
        try:
            existing = load_agenda(root, sitting.date)
        except ProblemsFound as exc:
            for d in exc.diagnostics.sorted():
                click.echo(d.format(), err=True)
            click.echo(f"error: --supplementary adds to an existing agenda; run: panel agenda {sitting.id}", err=True)
            sys.exit(EXIT_PROBLEMS)
    earlier = meetings_between(config, sitting.date - dt.timedelta(days=120), sitting.date - dt.timedelta(days=1))
    try:
        history = read_history(root, config)
        rows = statuses(repo.referrals, history, config, root)
    except HistoryUnavailable as exc:
        click.echo(f"error: {exc.message}", err=True)
        click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)
    previous = earlier[-1].date if earlier else None
    plan = build_agenda(config, sitting, rows, repo.panel_data(history), previous, now_london(), _failing(repo))
    heading = f"{config.panel.name}: agenda for {long_date(sitting.date)}"
    result, added = plan.agenda, plan.agenda.items
    if existing is not None:
        result, added = supplement(existing, plan.agenda, config.agenda.break_minutes, now_london())
    if dry_run:
        click.echo(render_agenda(result, heading, plan.held_back), nl=False)
    elif existing is not None and not added:
        click.echo(f"nothing to add: {agenda_path(root, sitting.date).relative_to(root).as_posix()} is unchanged")
    else:
        path = write_agenda(root, result, heading, plan.held_back)
        heard = len(result.referral_items)
        where = path.relative_to(root).as_posix()
        if existing is not None:
            click.echo(f"wrote {where}: added {', '.join(i.referral or '' for i in added)}; nothing dropped")
        else:
            click.echo(f"wrote {where}: {heard} referral(s), {len(result.late)} late")
    _report(plan, repo)
    sys.exit(EXIT_OK)


def _report(plan: AgendaPlan, repo: Repository) -> None:
    for referral in plan.carried:
        click.echo(f"carried: {referral.id} was signed off for {long_date(referral.meeting)} and never heard", err=True)
    for referral_id, reason in plan.held_back:
        click.echo(f"not on the agenda: {referral_id} ({reason})", err=True)
    readable = {r.path for r in repo.referrals}
    unreadable = sorted({d.path for d in repo.diagnostics.errors if d.path.startswith("submissions/")} - readable)
    for path in unreadable:
        click.echo(f"not on the agenda: {path} cannot be read; run: panel check", err=True)
    if plan.overrun_minutes:
        click.echo(f"warning: the agenda runs {plan.overrun_minutes} minutes past the meeting's end", err=True)
