"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.domain.calendar import now_london

F = TypeVar("F", bound=Callable[..., Any])

DAY = click.DateTime(formats=["%Y-%m-%d"])
"""A date on the command line: YYYY-MM-DD (a meeting's date)."""


def root_option(func: F) -> F:
    """--root: the panel repository (default: the current directory)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="The panel repository (where panel.yml is).",
    )(func)


def meeting_option(help: str) -> Callable[[F], F]:
    """--meeting YYYY-MM-DD (default: None, which `help` explains)."""
    return click.option("--meeting", type=DAY, default=None, help=help)


def output_folder_option(help: str) -> Callable[[F], F]:
    """--output: the folder the command writes into (default: None, which `help` explains)."""
    return click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None, help=help)


def today() -> dt.date:
    """Today in Europe/London (PANEL_NOW overrides it)."""
    return now_london().date()


def say(message: str) -> None:
    """A line for the person at the terminal (on stderr, so it never mixes with a command's output)."""
    click.echo(message, err=True)
