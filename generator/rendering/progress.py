"""What a long command reports as it goes: the stage it is in and, where it can count, how far through."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told of each stage of a long command and of the items it has done in the stage."""

    def stage(self, description: str, total: int | None = None) -> None:
        """A new stage begins (the previous one is finished); `total` items if they can be counted."""

    def advance(self, count: int = 1) -> None:
        """`count` more items of the current stage are done."""


class Quiet:
    """Progress that nobody watches."""

    def stage(self, description: str, total: int | None = None) -> None:
        """Nothing to show."""

    def advance(self, count: int = 1) -> None:
        """Nothing to show."""


QUIET = Quiet()
