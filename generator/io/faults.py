"""Faults of the machine rather than of the panel's files: full disks, permissions, missing tools, busy locks."""

from __future__ import annotations

import errno

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EFBIG: "the file is larger than this process may write (ulimit -f)",
    errno.EACCES: "check who owns the folder and that you may write to it",
    errno.EPERM: "check who owns the folder and that you may write to it",
    errno.EROFS: "the folder is on a read-only file system: choose another output folder",
}


class Fault(Exception):
    """The command could not run for a reason outside the panel's files; the message says what to do."""


def describe(exc: OSError) -> str:
    """One line for an operating-system error: what failed, on which file, and what to do."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    if exc.filename2:
        where += f" -> {exc.filename2}"
    hint = _HINTS.get(exc.errno or 0)
    return f"{what}{where}" + (f" ({hint})" if hint else "")
