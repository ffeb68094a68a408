"""One build at a time per repository: `panel build`, `panel pack` and `panel serve` take build/.lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .faults import Fault

LOCK = Path("build") / ".lock"
WAIT_SECONDS = 900.0
"""How long a command waits for another build to finish before giving up."""


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        return str(int(os.pread(fd, 32, 0).decode("ascii").strip()))
    return "unknown"


@contextlib.contextmanager
def build_lock(
    root: Path, on_wait: Callable[[str], None] | None = None, wait_seconds: float = WAIT_SECONDS
) -> Iterator[None]:
    """Hold the repository's build lock, waiting (and saying so) while another process holds it.

    The lock is an flock on build/.lock, so the kernel releases it when its holder exits or is killed;
    the file holds the holder's process id for the message.
    """
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if on_wait is not None:
                on_wait(f"another build is running (pid {holder}); waiting for it to finish")
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Fault(
                            f"another build is running (pid {_holder(fd)}) and did not finish within "
                            f"{wait_seconds:.0f}s; run the command again when it has finished"
                        ) from None
                    time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
