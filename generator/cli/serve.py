"""`panel serve`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, say
from generator.commands.serve import serve_panel
from generator.domain.calendar import now_london


@click.command()
@root_option
@click.option("--port", type=click.IntRange(1024, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this computer only).")
def serve(root: Path, port: int, host: str) -> None:
    """Preview the site at http://127.0.0.1:8000/, rebuilding pages as referrals and decisions change."""
    serve_panel(root, now_london, host, port, click.echo, say)
