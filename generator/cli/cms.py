"""`panel cms`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import output_folder_option, root_option
from generator.commands.cms import write_cms
from generator.domain.calendar import now_london


@click.command()
@root_option
@output_folder_option(
    "Folder to write the editor into (default: <root>/build/admin; panel build puts it in site/admin/)."
)
@click.option(
    "--local-backend",
    metavar="URL",
    default=None,
    help="Also let the editor use a decap-server on this machine, e.g. http://127.0.0.1:8081/api/v1.",
)
def cms(root: Path, output: Path | None, local_backend: str | None) -> None:
    """Write the browser editor (Decap CMS, pinned) and its configuration generated from panel.yml."""
    if local_backend is not None and not local_backend.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise click.BadParameter("must be http://127.0.0.1:PORT/... or http://localhost:PORT/...")
    target = write_cms(root, now_london(), output, local_backend=local_backend)
    click.echo(f"wrote {target.as_posix()}/ (index.html, config.yml, Decap CMS)")
