"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from ..buildlock import build_lock
from ..calendar import now_london
from ..config import PanelConfig, load_config
from ..diagnostics import ProblemsFound

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def root_option(func: F) -> F:
    """--root: the panel repository (default: the current directory)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="The panel repository (where panel.yml is).",
    )(func)


def today() -> dt.date:
    """Today in Europe/London (PANEL_NOW overrides it)."""
    return now_london().date()


def config_or_exit(root: Path) -> PanelConfig:
    """The panel's configuration, or its problems printed and exit 2."""
    try:
        return load_config(root)
    except ProblemsFound as exc:
        for d in exc.diagnostics.sorted():
            click.echo(d.format(), err=True)
        click.echo("panel.yml has problems; fix them first (see above).", err=True)
        sys.exit(EXIT_USAGE)


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the repository's build lock (build/.lock), saying so while waiting for another build."""
    with build_lock(root, lambda message: click.echo(message, err=True)):
        yield
