"""`PanelError`: why a command stopped, what it prints on stderr, and its exit status."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import click

from generator.commands.config import load_config, no_config_message, start_hint
from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.io import files
from generator.io.diagnostics import Diagnostic, ProblemsFound

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
