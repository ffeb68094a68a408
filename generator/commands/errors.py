"""`PanelError`: why a command stopped, what it prints on stderr, and its exit status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import click

from generator.commands.config import load_config, no_config_message, start_hint
from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.config.model import Area
from generator.domain.meetingday import area_of
from generator.io import files
from generator.io.diagnostics import Diagnostic, ProblemsFound
from generator.io.schema_errors import did_you_mean

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
"""0 clean, 1 problems found, 2 the command could not run."""


class PanelError(click.ClickException):
    """A command that stopped: its diagnostics and lines go to stderr, and click's `main` exits with its code."""

    def __init__(self, *lines: str, diagnostics: Iterable[Diagnostic] = (), exit_code: int = EXIT_PROBLEMS) -> None:
        self.lines = list(lines)
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(self.lines))
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a class variable; each error has its own

    @classmethod
    def hinted(cls, message: str, hint: str, exit_code: int) -> PanelError:
        """An `error:` line followed by a `hint:` line."""
        return cls(f"error: {message}", f"hint: {hint}", exit_code=exit_code)

    def show(self, file: IO[Any] | None = None) -> None:
        """Print each diagnostic, then each line, on stderr (or `file`)."""
        for diagnostic in self.diagnostics:
            click.echo(diagnostic.format(), file=file, err=file is None)
        for line in self.lines:
            click.echo(line, file=file, err=file is None)


def require_panel(root: Path) -> None:
    """Stop with exit 2, saying how to start a panel (`panel init`), when `root` has no panel.yml."""
    if files.entry_mode(root / CONFIG_NAME) is None:
        raise PanelError.hinted(no_config_message(root), start_hint(), EXIT_USAGE)


def config_or_fail(root: Path) -> PanelConfig:
    """The panel's configuration; its problems (or its absence) stop the command with exit 2."""
    require_panel(root)
    try:
        return load_config(root)
    except ProblemsFound as exc:
        raise PanelError(
            "panel.yml has problems; fix them first (see above).",
            diagnostics=exc.diagnostics.sorted(),
            exit_code=EXIT_USAGE,
        ) from exc


def checked_meeting(config: PanelConfig, day: dt.date) -> dt.date:
    """MEETING as given on the command line (a MeetingDay when it names an area), checked against panel.yml's
    `areas`: with areas it must name one of them, without it must name none; stops with exit 2 otherwise."""
    area, ids = area_of(day), [a.id for a in config.areas]
    if ids and not area:
        raise PanelError.hinted(
            f"MEETING {day.isoformat()} names no area, but panel.yml has areas ({', '.join(ids)}), each with its own "
            "meetings",
            f"name the area after the date, e.g. {day.isoformat()}-{ids[0]}",
            EXIT_USAGE,
        )
    if area and not ids:
        plain = dt.date(day.year, day.month, day.day).isoformat()
        raise PanelError.hinted(
            f"MEETING {day.isoformat()} names an area, but panel.yml has no areas", f"give the date alone: {plain}", 2
        )
    if area and area not in ids:
        raise PanelError.hinted(
            f"MEETING {day.isoformat()} names the area '{area}', which panel.yml's areas do not define",
            f"name one of: {', '.join(ids)}",
            EXIT_USAGE,
        )
    return day


def area_or_fail(config: PanelConfig, area_id: str) -> Area:
    """The area `area_id` names (an --area option); stops with exit 2 when panel.yml defines no such area."""
    ids = [a.id for a in config.areas]
    area = config.area_named(area_id)
    if area is not None:
        return area
    if not ids:
        raise PanelError.hinted(f"--area {area_id}: panel.yml has no areas", "leave out --area", EXIT_USAGE)
    hint = did_you_mean(area_id, ids) or f"areas: {', '.join(ids)}"
    raise PanelError.hinted(f"unknown area '{area_id}'", hint, EXIT_USAGE)
