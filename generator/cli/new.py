"""`panel new`."""

from __future__ import annotations

from pathlib import Path

import click

from ..calendar import now_london, parse_moment
from ..commands.errors import EXIT_USAGE, PanelError, config_or_fail
from ..idclash import default_target, ids_on
from ..scaffold import ScaffoldError, new_referral
from ..schema_errors import did_you_mean
from .common import root_option


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
def referral(root: Path, type_id: str, started: str | None) -> None:
    """Start a referral for the next meeting whose deadline can still be met.

    With --started, a retrospective referral for the next panel after that moment.
    """
    config = config_or_fail(root)
    try:
        moment = parse_moment(started.strip()) if started else None
    except ValueError as exc:
        raise PanelError(
            f"error: --started {started!r} is not a real date or date and time; "
            "write YYYY-MM-DD or YYYY-MM-DDTHH:MM (24-hour, UK time)",
            exit_code=EXIT_USAGE,
        ) from exc
    kind = config.referral_type(type_id)
    if kind is None:
        ids = [t.id for t in config.referral_types]
        hint = did_you_mean(type_id, ids) or f"types: {', '.join(ids)}"
        raise PanelError(f"error: unknown referral type '{type_id}'; {hint}", exit_code=EXIT_USAGE)
    try:
        target = default_target(root, config)
        # Ids the target branch has taken since this branch started are skipped too (a fetch keeps it current).
        made = new_referral(root, config, kind, now_london(), moment, ids_on(root, target) if target else ())
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    deadline = made.meeting.deadline.strftime("%A %d %B %Y %H:%M")
    click.echo(
        f"wrote {made.path.relative_to(root).as_posix()} ({kind.name}) for the meeting on "
        f"{made.meeting.date.strftime('%A %d %B %Y')}; signed off by {deadline}"
    )
    if made.late:
        click.echo(
            f"warning: the next panel after it started has already met; a {kind.name} referral must be "
            "heard at the next panel, so ask the chair how to proceed",
            err=True,
        )
    click.echo("fill in every field and section, then run: panel check")
