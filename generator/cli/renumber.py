"""`panel renumber`."""

from __future__ import annotations

from pathlib import Path

import click

from ..commands.errors import EXIT_USAGE, PanelError, config_or_fail
from ..idclash import default_target, renumber
from ..scaffold import ScaffoldError
from .common import root_option


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
    config = config_or_fail(root)
    target = against or default_target(root, config)
    try:
        done = renumber(root, config, referral_id, new_id, target)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    old, new = (p.relative_to(root).as_posix() for p in (done.old, done.new))
    click.echo(f"renamed {old} to {new} (id: {done.new_id})")
    for path in done.mentions:
        click.echo(f"note: {path} still mentions {referral_id}: check whether it meant this referral", err=True)
    click.echo(f'next: git add -A submissions && git commit -m "Renumber {referral_id} to {done.new_id}" && git push')
