"""`panel build`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import output_folder_option, root_option, say
from generator.cli.progress import progress_display
from generator.commands.build import run_build
from generator.domain.calendar import now_london


@click.command()
@root_option
@output_folder_option("Site folder (default: <root>/site).")
@click.option("--full", is_flag=True, help="Rebuild every page, not only those that changed.")
def build(root: Path, output: Path | None, full: bool) -> None:
    """Build the panel's internal site into site/ (pages in build/site-src/, then MkDocs Material)."""
    with progress_display() as progress:
        result = run_build(root, now_london(), output=output, full=full, waiting=say, progress=progress)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    kind = "changed pages" if result.dirty else "every page"
    click.echo(
        f"built {result.site} ({result.pages} pages, {result.written} regenerated, {result.kept} unchanged and not "
        f"rendered again, {kind} through MkDocs) in "
        f"{result.read_seconds + result.render_seconds + result.mkdocs_seconds:.1f}s "
        f"(reading {result.read_seconds:.1f}s, pages {result.render_seconds:.1f}s, MkDocs {result.mkdocs_seconds:.1f}s)"
    )
