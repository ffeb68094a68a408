"""`panel schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..config.schema import PANEL_SCHEMA
from ..referrals import referral_schema
from .common import config_or_exit, root_option


@click.command()
@root_option
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: <root>/schemas).",
)
def schema(root: Path, output: Path | None) -> None:
    """Write the JSON Schemas of referrals and panel.yml for editors to validate as you type."""
    config = config_or_exit(root)
    folder = output or root / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("referral.schema.json", referral_schema(config)), ("panel.schema.json", PANEL_SCHEMA)):
        target = folder / name
        target.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"wrote {target.as_posix()}")
