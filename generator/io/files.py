"""Reading only regular files inside the repository; writing so that a reader never sees half of one.

Writing one file: a temporary file beside it, then a rename. One folder (the site, a meeting's packs): built
in a staging folder beside it, then the old folder renamed aside and the new one renamed in. Every temporary
name carries the writing process's id, so the next run can tell debris of a dead process from work in
progress, put back a folder that a kill left renamed aside, and remove the rest (`recover`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
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


def write_folder(folder: Path, contents: Mapping[str, bytes]) -> None:
    """Make `folder` hold exactly `contents` (file name → bytes), each file written with `write_atomic`.

    A file whose bytes are unchanged is left as it is, so a rebuild touches only what changed; any other
    entry in the folder is removed.
    """
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.name not in contents:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    for name, data in contents.items():
        target = folder / name
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            continue
        write_atomic(target, data)


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


@contextlib.contextmanager
def scratch_file(prefix: str, text: str) -> Iterator[Path]:
    """A private temporary file holding `text` for another program to read (e.g. git's allowed signers)."""
    descriptor, name = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", text=True)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        yield Path(name)
    finally:
        os.unlink(name)


def link_tree(source: Path, staged: Path, skip: set[str]) -> None:
    """Fill the empty folder `staged` with hard links to the regular files under `source` (folders made anew).

    Nothing is copied: a linked file shares its content with the one in `source`, so whoever fills `staged` must
    write a new file only under a name that is not linked (the names in `skip`, paths relative to `source`, are
    not), or replace it whole (`write_atomic`), never write into it.
    """

    def walk(folder: Path, into: Path, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    (into / entry.name).mkdir()
                    walk(Path(entry.path), into / entry.name, name + "/")
                elif entry.is_file(follow_symlinks=False) and name not in skip:
                    os.link(entry.path, into / entry.name)

    walk(source, staged, "")


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


# Reading: every file the program reads from a panel repository comes through `read_regular`.

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind(mode: int) -> str:
    """What a file of this mode is, in words: 'a regular file', 'a symbolic link', 'a folder' …"""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def refusal_hint(mode: int) -> str:
    """How to fix a file that is not a regular file."""
    if stat.S_ISLNK(mode):
        return "commit the file itself, not a symbolic link to it (git rm the link, copy the file in, git add it)"
    if stat.S_ISDIR(mode):
        return "a file is expected here: move the folder's contents elsewhere and remove the folder"
    return "remove it: only regular files belong in a panel repository"


class FileRefused(Exception):
    """A file the program will not read: not a regular file, reached through a link, too large, or unreadable."""

    def __init__(self, code: str, message: str, hint: str | None = None, size: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.size = size


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _refuse_mode(mode: int, what: str) -> FileRefused:
    code = "file-symlink" if stat.S_ISLNK(mode) else "file-not-regular"
    return FileRefused(code, f"{what} is {kind(mode)}, not a regular file", refusal_hint(mode))


def _lstat_at(name: str, folder: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return None


def _open_folder(root: Path, parts: tuple[str, ...]) -> int:
    """A descriptor of root/parts, each folder on the way opened without following a link."""
    try:
        folder = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError as exc:
        raise FileRefused("file-unreadable", f"cannot open the repository folder: {exc.strerror}") from None
    walked: list[str] = []
    for part in parts:
        walked.append(part)
        info = _lstat_at(part, folder)
        try:
            if info is None:
                raise FileRefused("file-missing", f"the folder {'/'.join(walked)}/ does not exist")
            if not stat.S_ISDIR(info.st_mode):
                raise _refuse_mode(info.st_mode, f"{'/'.join(walked)}, on the way to this file,")
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=folder)
            except OSError as exc:
                message = f"cannot open the folder {'/'.join(walked)}/: {exc.strerror}"
                raise FileRefused("file-unreadable", message) from None
        finally:
            os.close(folder)
        folder = inner
    return folder


def _split(path: Path, root: Path | None) -> tuple[Path, tuple[str, ...], str]:
    if root is None:
        return path.parent, (), path.name
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ("..",)
    if not parts or ".." in parts:
        raise FileRefused("file-outside", f"{path} is not a file inside the repository")
    return root, parts[:-1], parts[-1]


def open_regular(path: Path, *, root: Path | None = None, limit: int | None = None) -> tuple[int, os.stat_result]:
    """An open descriptor of `path` and its status, refusing all but a regular file of at most `limit` bytes.

    With `root`, every folder from `root` down to the file must be a real folder (no symbolic link on the way),
    so the file is inside the repository. Never blocks: a FIFO or device is refused before it is opened.
    Raises FileRefused saying why; the caller closes the descriptor.
    """
    base, folders, name = _split(path, root)
    folder = _open_folder(base, folders)
    try:
        return _open_at(folder, name, limit)
    finally:
        os.close(folder)


def _open_at(folder: int, name: str, limit: int | None) -> tuple[int, os.stat_result]:
    """`open_regular` of the entry `name` of the open `folder`."""
    info = _lstat_at(name, folder)
    if info is None:
        raise FileRefused("file-missing", "the file does not exist")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse_mode(info.st_mode, "this")
    try:
        descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=folder)
    except OSError as exc:
        raise FileRefused("file-unreadable", f"cannot read the file: {exc.strerror}") from None
    opened = os.fstat(descriptor)
    problem: FileRefused | None = None
    if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
        problem = FileRefused("file-not-regular", "the file changed while it was being opened; run again")
    elif limit is not None and opened.st_size > limit:
        problem = too_large(opened.st_size, limit)
    if problem is not None:
        os.close(descriptor)
        raise problem
    return descriptor, opened


def too_large(size: int, limit: int) -> FileRefused:
    """The refusal of a file of `size` bytes where at most `limit` are allowed."""
    shown = f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"
    return FileRefused(
        "file-too-large",
        f"the file is {shown}; at most {limit // 1000:,} kB is allowed",
        "attach large documents to the case record and summarise them here",
        size,
    )


def read_regular(path: Path, *, limit: int, root: Path | None = None) -> bytes:
    """The bytes of `path`, read as `open_regular` allows; a file that grows past `limit` while read is refused."""
    descriptor, _ = open_regular(path, root=root, limit=limit)
    return _read_all(descriptor, limit)


class Folder:
    """A real folder inside a repository, opened once (as `open_regular` opens the folders on a file's way), whose
    files are then read as `read_regular` reads them: for many files in one folder, without opening the folders
    on the way and making a path for each."""

    def __init__(self, root: Path, *parts: str) -> None:
        self.descriptor = _open_folder(root, parts)

    def read(self, name: str, *, limit: int) -> bytes:
        """`read_regular` of the file `name` in this folder."""
        descriptor, _ = _open_at(self.descriptor, name, limit)
        return _read_all(descriptor, limit)

    def close(self) -> None:
        """Close the folder's descriptor."""
        os.close(self.descriptor)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _read_all(descriptor: int, limit: int) -> bytes:
    """Everything `descriptor` holds, closing it; more than `limit` bytes is refused."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise FileRefused("file-unreadable", f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    if total > limit:
        raise too_large(total, limit)
    return b"".join(chunks)


def copy_regular(path: Path, target: Path, *, limit: int, root: Path | None = None) -> None:
    """Copy `path` to `target` through the descriptor `open_regular` checked (so what was checked is what is copied)."""
    descriptor, _ = open_regular(path, root=root, limit=limit)
    with os.fdopen(descriptor, "rb") as handle, target.open("wb") as out:
        copied = 0
        while chunk := handle.read(1 << 20):
            copied += len(chunk)
            if copied > limit:
                raise too_large(copied, limit)
            out.write(chunk)


def copy_atomic(path: Path, target: Path, *, limit: int, root: Path | None = None) -> None:
    """`copy_regular` to a temporary name beside `target`, then renamed over it: never half a file."""
    temporary = temporary_name(target)
    try:
        copy_regular(path, temporary, limit=limit, root=root)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def entry_mode(path: Path) -> int | None:
    """The mode of `path` itself (a link is not followed), or None when there is nothing there."""
    try:
        return os.lstat(path).st_mode
    except OSError:
        return None
