"""`panel agenda`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import MEETING, root_option
from generator.commands.agenda import AgendaResult, make_agenda
from generator.domain.calendar import now_london
from generator.domain.formatting import long_date


@click.command()
@click.argument("meeting", type=MEETING, metavar="MEETING")
@root_option
@click.option("--dry-run", is_flag=True, help="Print the agenda instead of writing it.")
@click.option(
    "--supplementary",
    is_flag=True,
    help="Append business that is now ready to the existing agenda; never drops or renumbers an item.",
)
def agenda(meeting: dt.date, root: Path, dry_run: bool, supplementary: bool) -> None:
    """Assemble meetings/MEETING/agenda.md from the referrals ready for MEETING (YYYY-MM-DD;
    YYYY-MM-DD-AREA in a panel with areas).

    Declarations of interest first, then actions still open from earlier meetings; then retrospective
    cases, reviews and deferrals falling due (and reviews overdue since before the previous meeting),
    and new referrals, in the order panel.yml gives, each in a time slot from the meeting's start.
    Only referrals that pass `panel check` and are signed off go on; the rest are listed apart with
    the reason. Referrals signed off for an earlier meeting that passed without a decision are carried.
    Referrals signed off late are listed apart for the chair to accept or defer. A meeting that has
    been held (meeting.md or decisions exist) is refused: use --supplementary to add to its agenda.
    Commit the agenda and merge it like any other change.
    """
    result = make_agenda(root, meeting, now_london(), dry_run=dry_run, supplementary=supplementary)
    if result.text is not None:
        click.echo(result.text, nl=False)
    elif not result.written:
        click.echo(f"nothing to add: {result.where} is unchanged")
    elif result.supplementary:
        click.echo(f"wrote {result.where}: added {', '.join(i.referral or '' for i in result.added)}; nothing dropped")
    else:
        click.echo(f"wrote {result.where}: {result.heard} referral(s), {result.late} late")
    _report(result)


def _report(result: AgendaResult) -> None:
    for referral in result.plan.carried:
        click.echo(f"carried: {referral.id} was signed off for {long_date(referral.meeting)} and never heard", err=True)
    for referral_id, reason in result.plan.held_back:
        click.echo(f"not on the agenda: {referral_id} ({reason})", err=True)
    for path in result.unreadable:
        click.echo(f"not on the agenda: {path} cannot be read; run: panel check", err=True)
    if result.plan.overrun_minutes:
        click.echo(f"warning: the agenda runs {result.plan.overrun_minutes} minutes past the meeting's end", err=True)
