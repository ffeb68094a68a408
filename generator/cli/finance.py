"""`panel snapshot`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.commands.finance import take_snapshot


@click.command("snapshot")
@click.argument("period")
@root_option
def finance_snapshot(period: str, root: Path) -> None:
    """Record the expenditure log for PERIOD (2026-11, or 2026-27-Q3 when signed off quarterly) for sign-off.

    Writes finance/expenditure-PERIOD.csv (the log as it stands) and finance/expenditure-PERIOD.yml (the
    period and the CSV's SHA-256 digest). Commit both on a branch; the finance lead signs the log off by
    approving the merge (Approved-by), as a holder of panel.yml's finance_sign_off.signer_role.
    """
    done = take_snapshot(root, period, today())
    click.echo(
        f"recorded {done.rows} rows of the expenditure log in {done.csv} ({done.digest[:19]}…) and {done.record}"
    )
    click.echo("commit both on a branch; the finance lead signs them off by approving the merge")
