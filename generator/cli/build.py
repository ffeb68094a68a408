"""`panel build`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import locked, root_option
from generator.cli.progress import progress_display
from generator.commands.build import build_site
from generator.commands.errors import EXIT_PROBLEMS, PanelError, config_or_fail
from generator.domain.calendar import now_london
from generator.io.diagnostics import ProblemsFound


@click.command()
@root_option
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Site folder (default: <root>/site).",
)
@click.option("--full", is_flag=True, help="Rebuild every page, not only those that changed.")
def build(root: Path, output: Path | None, full: bool) -> None:
    """Build the panel's internal site into site/ (pages in build/site-src/, then MkDocs Material)."""
    config_or_fail(root)
    try:
        with locked(root), progress_display() as progress:
            result = build_site(root, now_london(), output=output, full=full, progress=progress)
    except ProblemsFound as exc:
        raise PanelError(
            "the site was not built: fix the problems above (panel check)",
            diagnostics=exc.diagnostics.sorted(),
            exit_code=EXIT_PROBLEMS,
        ) from exc
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    kind = "changed pages" if result.dirty else "every page"
    click.echo(
        f"built {result.site} ({result.pages} pages, {result.written} regenerated, {kind} through MkDocs) in "
        f"{result.read_seconds + result.render_seconds + result.mkdocs_seconds:.1f}s "
        f"(reading {result.read_seconds:.1f}s, pages {result.render_seconds:.1f}s, MkDocs {result.mkdocs_seconds:.1f}s)"
    )
