"""One build at a time per repository: `panel build`, `panel pack` and `panel serve` take build/.lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.io.faults import Fault

LOCK = Path("build") / ".lock"
WAIT_SECONDS = 900.0
"""How long a command waits for another build to finish before giving up."""


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        return str(int(os.pread(fd, 32, 0).decode("ascii").strip()))
    return "unknown"


def _open(path: Path) -> int:
    """Open (creating) the lock file; build/ may vanish meanwhile when the last holder tidies up."""
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except FileNotFoundError:
            continue


def _still_there(fd: int, path: Path) -> bool:
    """Whether `fd` is still the file at `path` (the previous holder removes it on release)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def build_lock(
    root: Path, on_wait: Callable[[str], None] | None = None, wait_seconds: float = WAIT_SECONDS
) -> Iterator[None]:
    """Hold the repository's build lock, waiting (and saying so) while another process holds it.

    The lock is an flock on build/.lock, so the kernel releases it when its holder exits or is killed;
    the file holds the holder's process id for the message. The holder removes the file (and build/ if
    that leaves it empty) before releasing it, so a command that built nothing leaves nothing behind.
    """
    path = root / LOCK
    deadline = time.monotonic() + wait_seconds
    said = False
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None and not said:
                on_wait(f"another build is running (pid {_holder(fd)}); waiting for it to finish")
                said = True
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = _holder(fd)
                        os.close(fd)
                        raise Fault(
                            f"another build is running (pid {holder}) and did not finish within "
                            f"{wait_seconds:.0f}s; run the command again when it has finished"
                        ) from None
                    time.sleep(0.2)
        if _still_there(fd, path):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
        with contextlib.suppress(OSError):
            path.parent.rmdir()
