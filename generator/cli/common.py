"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.domain.calendar import now_london
from generator.io.buildlock import build_lock

F = TypeVar("F", bound=Callable[..., Any])


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


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the repository's build lock (build/.lock), saying so while waiting for another build."""
    with build_lock(root, lambda message: click.echo(message, err=True)):
        yield
