"""`panel export`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from ..check import read_repository
from ..files import write_atomic
from ..history import HistoryUnavailable, read_history
from ..registers import BUILDERS, write_csv
from .common import EXIT_PROBLEMS, EXIT_USAGE, config_or_exit, root_option, today


@click.command()
@root_option
@click.argument("register", type=click.Choice(list(BUILDERS)))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="CSV file (default: stdout)."
)
def export(root: Path, register: str, output: Path | None) -> None:
    """Write REGISTER as CSV for the finance and performance teams."""
    config_or_exit(root)
    repo = read_repository(root, today())
    if repo.config is None:
        sys.exit(EXIT_USAGE)
    errors = [d for d in repo.diagnostics.sorted() if d.severity.value == "error"]
    if errors:
        for d in errors[:20]:
            click.echo(d.format(), err=True)
        click.echo(f"{len(errors)} error(s): fix them (panel check) before exporting registers.", err=True)
        sys.exit(EXIT_PROBLEMS)
    try:
        history = read_history(root, repo.config)
    except HistoryUnavailable as exc:
        # Only final decisions count, and only git history can show a decision is final.
        click.echo(f"error: {exc.message}", err=True)
        click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)
    built = BUILDERS[register](repo.panel_data(history))
    if output is None:
        write_csv(built, sys.stdout)
        return
    text = io.StringIO(newline="")
    write_csv(built, text)
    write_atomic(output, text.getvalue(), newline="")
    click.echo(f"wrote {output} ({len(built.table.rows)} rows)", err=True)
