"""`panel renumber`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.renumber import renumber_referral


@click.command("renumber")
@root_option
@click.argument("referral_id", metavar="REFERRAL")
@click.option("--to", "new_id", default=None, help="The new id (default: the next id free here and on BRANCH).")
@click.option(
    "--against",
    metavar="BRANCH",
    default=None,
    help="Branch whose ids are taken too (default: origin/main, else main).",
)
def renumber_command(root: Path, referral_id: str, new_id: str | None, against: str | None) -> None:
    """Give REFERRAL (e.g. R-0014, taken on main meanwhile) the next free id: renames the file and its id."""
    done = renumber_referral(root, referral_id, new_id, against)
    old, new = (p.relative_to(root).as_posix() for p in (done.old, done.new))
    click.echo(f"renamed {old} to {new} (id: {done.new_id})")
    for path in done.mentions:
        click.echo(f"note: {path} still mentions {referral_id}: check whether it meant this referral", err=True)
    click.echo(f'next: git add -A submissions && git commit -m "Renumber {referral_id} to {done.new_id}" && git push')
