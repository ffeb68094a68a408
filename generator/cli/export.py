"""`panel export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.commands.export import export_register
from generator.domain.registers import BUILDERS


@click.command()
@root_option
@click.argument("register", type=click.Choice(list(BUILDERS)))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="CSV file (default: stdout)."
)
def export(root: Path, register: str, output: Path | None) -> None:
    """Write REGISTER as CSV for the finance and performance teams."""
    exported = export_register(root, register, today(), output)
    if exported.written is None:
        sys.stdout.write(exported.text)  # as written to a file: click.echo would strip escape codes
    else:
        click.echo(f"wrote {exported.written} ({exported.rows} rows)", err=True)
