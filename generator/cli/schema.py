"""`panel schema`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import output_folder_option, root_option
from generator.commands.schema import write_schemas


@click.command()
@root_option
@output_folder_option("Folder to write into (default: <root>/schemas).")
def schema(root: Path, output: Path | None) -> None:
    """Write the JSON Schemas of referrals and panel.yml for editors to validate as you type."""
    for target in write_schemas(root, output):
        click.echo(f"wrote {target.as_posix()}")
