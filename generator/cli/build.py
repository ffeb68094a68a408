"""`panel build`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..calendar import now_london
from ..diagnostics import ProblemsFound
from ..site import build_site
from .common import EXIT_PROBLEMS, config_or_exit, locked, root_option


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
    config_or_exit(root)
    try:
        with locked(root):
            result = build_site(root, now_london(), output=output, full=full)
    except ProblemsFound as exc:
        for d in exc.diagnostics.sorted():
            click.echo(d.format(), err=True)
        click.echo("the site was not built: fix the problems above (panel check)", err=True)
        sys.exit(EXIT_PROBLEMS)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    kind = "changed pages" if result.dirty else "every page"
    click.echo(
        f"built {result.site} ({result.pages} pages, {result.written} regenerated, {kind} through MkDocs) in "
        f"{result.read_seconds + result.render_seconds + result.mkdocs_seconds:.1f}s "
        f"(reading {result.read_seconds:.1f}s, pages {result.render_seconds:.1f}s, MkDocs {result.mkdocs_seconds:.1f}s)"
    )
