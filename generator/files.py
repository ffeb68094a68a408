"""Writing files so that a reader never sees half of one: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _temporary_beside(path: Path, text: str, newline: str | None) -> str:
    """A temporary file in `path`'s folder holding `text`; the caller moves or removes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_atomic(path: Path, text: str, *, newline: str | None = None) -> None:
    """Replace `path` with `text` in one step (newline="" keeps CRLF line ends as written)."""
    temporary = _temporary_beside(path, text, newline)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def create_new(path: Path, text: str) -> None:
    """Create `path` with `text`; raises FileExistsError rather than overwrite a file that is there."""
    temporary = _temporary_beside(path, text, None)
    try:
        os.link(temporary, path)
    finally:
        os.unlink(temporary)
