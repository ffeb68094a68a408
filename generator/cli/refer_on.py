"""`panel refer-on`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.refer_on import refer_on
from generator.domain.calendar import now_london


@click.command("refer-on")
@root_option
@click.argument("referral_id", metavar="REFERRAL")
def refer_on_command(root: Path, referral_id: str) -> None:
    """Hand REFERRAL on to the linked panel its final decision's outcome refers it to.

    Writes the new referral in that panel's folder (panel.yml linked_panels), carrying the child and the case's
    path; it commits nothing.
    """
    done = refer_on(root, referral_id, now_london())
    written = done.made.path.relative_to(done.folder).as_posix()
    click.echo(
        f"wrote {done.linked.path}/{written} ({done.kind.name}) for {done.linked.name}'s meeting on "
        f"{done.made.meeting.date.strftime('%A %d %B %Y')}"
    )
    click.echo(
        f"next, in {done.linked.path}: fill in what is still empty, run panel check there, commit it on a branch and "
        "open the merge request for its sign-off"
    )
