"""Writing files and folders so that a reader never sees half of one, and a kill leaves nothing behind.

One file: a temporary file beside it, then a rename. One folder (the site, a meeting's packs): built in a
staging folder beside it, then the old folder renamed aside and the new one renamed in. Every temporary name
carries the writing process's id, so the next run can tell debris of a dead process from work in progress,
put back a folder that a kill left renamed aside, and remove the rest (`recover`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path

_STATUS = Path("/proc/self/status")


@functools.cache
def umask() -> int:
    """The process's umask, read once (from /proc on Linux, without changing it; else by setting it back)."""
    with contextlib.suppress(OSError, ValueError):
        for line in _STATUS.read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _as_created(path: str | Path, *, folder: bool) -> None:
    """Give a mkstemp/mkdtemp path the mode open() or mkdir() would have given it (they use 0600/0700)."""
    os.chmod(path, (0o777 if folder else 0o666) & ~umask())


def _temporary_beside(path: Path, data: str | bytes, newline: str | None) -> str:
    """A temporary file in `path`'s folder holding `data`; the caller moves or removes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
                handle.write(data)
        _as_created(temporary, folder=False)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_atomic(path: Path, data: str | bytes, *, newline: str | None = None) -> None:
    """Replace `path` with `data` in one step (newline="" keeps CRLF line ends as written)."""
    temporary = _temporary_beside(path, data, newline)
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


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_dir(target: Path) -> Path:
    """A new empty folder beside `target` to build into (mode as mkdir would give it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-{os.getpid()}-"))
    _as_created(staged, folder=True)
    return staged


def scratch_dir(prefix: str) -> Path:
    """A private temporary folder (e.g. for Typst) named so that `recover_scratch` can remove it after a kill."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def swap_in(staged: Path, target: Path) -> None:
    """Replace `target` with `staged`: the old folder is renamed aside, the new one in, then the old one removed.

    A kill between the two renames leaves `target` missing and the old folder aside under a name holding
    this process's id; `recover` puts it back.
    """
    old: Path | None = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}-{os.urandom(4).hex()}"
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except BaseException:
        if old is not None and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staged, ignore_errors=True)


def _debris(folder: Path, name: str) -> list[tuple[str, Path]]:
    """(kind, path) of every staging ("new") or retired ("old") folder of `name` left by a dead process."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(new|old)-(\d+)-")
    found: list[tuple[str, Path]] = []
    with contextlib.suppress(FileNotFoundError):
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match and not _alive(int(match.group(2))) and entry.is_dir() and not entry.is_symlink():
                found.append((match.group(1), entry))
    return found


def recover(target: Path) -> None:
    """After a kill: put back `target` if it was left renamed aside, and remove staging debris of dead processes."""
    debris = _debris(target.parent, target.name)
    retired = sorted((p for kind, p in debris if kind == "old"), key=lambda p: p.stat().st_mtime)
    if retired and not target.exists():
        os.replace(retired.pop(), target)
    for _, path in debris:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def recover_all(folder: Path) -> None:
    """`recover` every folder under `folder` that a dead process was swapping (e.g. every meeting's packs)."""
    pattern = re.compile(r"\.(.+)\.(?:new|old)-\d+-")
    with contextlib.suppress(FileNotFoundError):
        names = {m.group(1) for e in folder.iterdir() if (m := pattern.match(e.name))}
        for name in sorted(names):
            recover(folder / name)


def temporary_name(path: Path) -> Path:
    """A temporary name beside `path` for a caller that writes the file itself (removed by `remove_stale`)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")


def remove_stale(folder: Path) -> None:
    """Remove the temporary files that processes no longer running left anywhere under `folder`."""
    pattern = re.compile(r"\..+\.(\d+)-[^./]*\.tmp")
    with contextlib.suppress(OSError):
        for path in folder.rglob(".*.tmp"):
            match = pattern.fullmatch(path.name)
            if match and not _alive(int(match.group(1))) and not path.is_dir():
                path.unlink(missing_ok=True)


def recover_scratch(prefix: str) -> None:
    """Remove `scratch_dir(prefix)` folders of processes that are no longer running."""
    temp = Path(tempfile.gettempdir())
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)-")
    with contextlib.suppress(OSError):
        for entry in temp.iterdir():
            match = pattern.match(entry.name)
            if match and not _alive(int(match.group(1))) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
