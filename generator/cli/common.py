"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.domain.calendar import now_london
from generator.domain.meetingday import meeting_day

F = TypeVar("F", bound=Callable[..., Any])

DAY = click.DateTime(formats=["%Y-%m-%d"])
"""A date on the command line: YYYY-MM-DD."""


class MeetingParam(click.ParamType[dt.date]):
    """A meeting on the command line: its date, YYYY-MM-DD, followed in a panel with areas by its area's id
    (2026-12-03-east). The command checks the area against panel.yml."""

    name = "meeting"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        day = meeting_day(str(value))
        if day is None:
            self.fail(
                f"{value!r} is not a meeting: give its date, like 2026-11-26 (in a panel with areas, followed by the "
                "area: 2026-11-26-east)",
                param,
                ctx,
            )
        return day


MEETING = MeetingParam()
"""A meeting's id on the command line: YYYY-MM-DD, or YYYY-MM-DD-AREA in a panel with areas."""


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
    """--meeting YYYY-MM-DD (YYYY-MM-DD-AREA in a panel with areas; default: None, which `help` explains)."""
    return click.option("--meeting", type=MEETING, default=None, help=help)


def output_folder_option(help: str) -> Callable[[F], F]:
    """--output: the folder the command writes into (default: None, which `help` explains)."""
    return click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None, help=help)


def today() -> dt.date:
    """Today in Europe/London (PANEL_NOW overrides it)."""
    return now_london().date()


def say(message: str) -> None:
    """A line for the person at the terminal (on stderr, so it never mixes with a command's output)."""
    click.echo(message, err=True)
