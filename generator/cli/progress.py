"""Progress on stderr for commands that can run for a while, shown only on a terminal and only once they are slow."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import (
    Progress as RichProgress,
)
from rich.text import Text

from generator.rendering.progress import QUIET, Progress

SHOW_AFTER_SECONDS = 1.0
"""A command that finishes sooner shows nothing; a slower one shows where it is."""


class _Count(MofNCompleteColumn):
    """Items done of the total; nothing for a stage whose items cannot be counted."""

    def render(self, task: Task) -> Text:
        """`done/total`, or nothing."""
        return super().render(task) if task.total is not None else Text("")


class _Display:
    """The current stage as one rich progress line, with a bar where its items can be counted."""

    def __init__(self) -> None:
        self.bars = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            _Count(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: TaskID | None = None

    def stage(self, description: str, total: int | None = None) -> None:
        """Replace the current stage's line with the new stage's."""
        if self.task is not None:
            self.bars.update(self.task, visible=False)
        self.task = self.bars.add_task(description, total=total)
        self.bars.refresh()  # drawn at once: a stage shorter than rich's refresh interval is still seen

    def advance(self, count: int = 1) -> None:
        """Move the current stage's bar on."""
        if self.task is not None:
            self.bars.advance(self.task, count)


@contextlib.contextmanager
def progress_display(wanted: bool = True) -> Iterator[Progress]:
    """A `Progress` drawn on stderr when it is a terminal and `wanted`, appearing after SHOW_AFTER_SECONDS.

    Elsewhere (pipes, CI logs, tests) nothing is drawn and the output stays exactly as it was.
    """
    if not (wanted and sys.stderr.isatty()):
        yield QUIET
        return
    display = _Display()
    timer = threading.Timer(SHOW_AFTER_SECONDS, display.bars.start)
    timer.daemon = True
    timer.start()
    try:
        yield display
    finally:
        timer.cancel()
        timer.join()
        display.bars.stop()
