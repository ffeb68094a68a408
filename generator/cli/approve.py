"""`panel approve`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.commands.approve import approve as record


@click.command()
@click.argument("referral")
@click.option("--as", "role", required=True, help="The role you approve in, e.g. team-manager.")
@click.option(
    "--sign/--no-sign",
    default=None,
    help="Sign the approval commit (default: sign when panel.yml requires signatures).",
)
@root_option
def approve(referral: str, role: str, sign: bool | None, root: Path) -> None:
    """Record your approval of REFERRAL as a commit on main (for teams with no forge).

    Uses your local git identity (user.name, user.email); refuses if that person does not hold
    ROLE in panel.yml, wrote the referral, the referral fails `panel check`, or it is already
    approved. Push main afterwards so others see it.
    """
    done = record(root, referral, role, today(), sign)
    click.echo(
        f"recorded: {done.name} approved {referral} as {done.role} in commit {done.commit[:10]} on {done.branch}"
    )
    click.echo(f"{referral} is now {done.status.label}; share it with: git push origin {done.branch}")
    if done.status.sign_off_because:
        click.echo(f"who signs it off: {done.status.sign_off_because}")
