"""`panel serve`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.errors import EXIT_PROBLEMS, PanelError, config_or_fail
from generator.commands.serve import serve as serve_site
from generator.domain.calendar import now_london
from generator.io.diagnostics import ProblemsFound


@click.command()
@root_option
@click.option("--port", type=click.IntRange(1024, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this computer only).")
def serve(root: Path, port: int, host: str) -> None:
    """Preview the site at http://127.0.0.1:8000/, rebuilding pages as referrals and decisions change."""
    config_or_fail(root)
    click.echo(f"serving the panel's site at http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        serve_site(root, now_london, host, port, lambda line: click.echo(line, err=True))
    except ProblemsFound as exc:
        raise PanelError(
            "the site was not built: fix the problems above (panel check)",
            diagnostics=exc.diagnostics.sorted(),
            exit_code=EXIT_PROBLEMS,
        ) from exc
