"""`panel new`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.new import start_referral
from generator.domain.calendar import NO_DEADLINE, now_london
from generator.domain.formatting import with_words


@click.group()
def new() -> None:
    """Start a new file from the panel's templates."""


@new.command("referral")
@root_option
@click.option("--type", "type_id", required=True, help="Referral type id from panel.yml, e.g. s17-support.")
@click.option(
    "--started",
    metavar="YYYY-MM-DD[THH:MM]",
    help="For a retrospective referral: when the child was accommodated or the resource began.",
)
@click.option(
    "--area",
    "area_id",
    default=None,
    help="In a panel with areas (panel.yml areas): the area whose meeting hears it, e.g. east (required there).",
)
def referral(root: Path, type_id: str, started: str | None, area_id: str | None) -> None:
    """Start a referral for the next meeting whose deadline can still be met (of its --area, with areas).

    With --started, a retrospective referral for the next panel after that moment.
    """
    made, kind = start_referral(root, type_id, started, now_london(), area_id)
    meeting = made.meeting
    deadline = (
        f"signed off by {with_words(meeting.deadline.strftime('%A %d %B %Y %H:%M'), meeting.deadline_words)}"
        if meeting.deadline
        else NO_DEADLINE
    )
    click.echo(
        f"wrote {made.path.relative_to(root).as_posix()} ({kind.name}) for the meeting"
        f"{f' of the {made.area_name}' if made.area_name else ''} on "
        f"{meeting.date.strftime('%A %d %B %Y')}{f' ({meeting.rota})' if meeting.rota else ''}; {deadline}"
    )
    staged = len(meeting.stages) > 1 or (meeting.stages and not meeting.deadline)
    for stage in meeting.stages if staged else ():
        click.echo(f"  {stage.name}: {with_words(stage.due.strftime('%A %d %B %Y %H:%M'), stage.words)}")
    if made.late:
        click.echo(
            f"warning: the next panel after it started has already met; a {kind.name} referral must be "
            "heard at the next panel, so ask the chair how to proceed",
            err=True,
        )
    click.echo("fill in every field and section, then run: panel check")
