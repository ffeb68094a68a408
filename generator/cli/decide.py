"""`panel decide`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import meeting_option, root_option, today
from generator.commands.decide import decide as start_decision
from generator.commands.decide import decide_as_decision_maker, decide_outside_meeting
from generator.domain.calendar import LONDON, now_london


@click.command()
@root_option
@click.argument("referral_id", metavar="REFERRAL")
@meeting_option(
    "The meeting that heard it, YYYY-MM-DD (YYYY-MM-DD-AREA in a panel with areas; default: the meeting the "
    "referral asked for)."
)
@click.option(
    "--decision-maker",
    is_flag=True,
    help="Start the decision maker's decision (agree, vary, refuse) on the panel's recommendation on REFERRAL.",
)
@click.option(
    "--outside-meeting",
    is_flag=True,
    help="Start a decision made outside a meeting (an urgent route of panel.yml outside_meetings).",
)
@click.option(
    "--route", default=None, help="With --outside-meeting: the route's id (default: the one route covering it)."
)
@click.option(
    "--at",
    "decided",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M"]),
    default=None,
    help="With --outside-meeting: when it was decided, YYYY-MM-DDTHH:MM (default: now).",
)
def decide(
    root: Path,
    referral_id: str,
    meeting: dt.date | None,
    decision_maker: bool,
    outside_meeting: bool,
    route: str | None,
    decided: dt.datetime | None,
) -> None:
    """Start the decision record for REFERRAL (e.g. R-0142) from its meeting's agenda."""
    if outside_meeting:
        moment = decided.replace(tzinfo=LONDON) if decided else now_london()
        outside = decide_outside_meeting(root, referral_id, route, moment, moment.date())
        click.echo(f"wrote {outside.path.relative_to(root).as_posix()} ({outside.role})")
        click.echo("record the outcome; whoever decided approves its merge; the next meeting ratifies it")
        return
    if decision_maker:
        answer = decide_as_decision_maker(root, referral_id, meeting, today())
        click.echo(f"wrote {answer.path.relative_to(root).as_posix()} (the {answer.role}'s decision)")
        click.echo(f"record agree, vary or refuse; the {answer.role} approves its merge; then run: panel check")
        return
    made = start_decision(root, referral_id, meeting, today())
    click.echo(f"wrote {made.path.relative_to(root).as_posix()} (item {made.item.number}: {made.item.title})")
    click.echo("record the outcome, what was agreed and the rationale, then run: panel check")
