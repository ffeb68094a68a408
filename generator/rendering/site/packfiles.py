"""The paper packs `panel pack` wrote to build/packs/<date>/, found safely so the site can link and copy them.

Only regular files with the names `panel pack` gives are taken (pack-vN / supplement-vN as PDF or DOCX, and
items/<referral>.pdf); a symlink anywhere on the way, or any other name, is passed over, so nothing outside
build/packs/ can reach the site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.io import files

PACKS = Path("build") / "packs"
_PACK_NAME = re.compile(r"(pack|supplement)-v([1-9][0-9]{0,5})\.(pdf|docx)")
_ITEM_NAME = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.pdf")
MAX_PACK_BYTES = 500_000_000
"""A pack of a few hundred referrals is tens of MB; nothing the site copies may be larger than this."""
_TITLES = {"pack": "Paper pack", "supplement": "Supplementary pack"}


@dataclass(frozen=True)
class SourceFile:
    """A file to copy into the site as it is: where it is, and the size and time that tell when it changed."""

    path: Path
    size: int
    mtime_ns: int

    @property
    def signature(self) -> str:
        """What the build manifest records: a new or rewritten file has a new signature."""
        return f"file:{self.size}:{self.mtime_ns}"


@dataclass(frozen=True)
class PackFile:
    """One circulated document of a meeting: a pack or supplement version, or one referral's papers."""

    name: str
    source: SourceFile
    kind: str
    version: int
    fmt: str

    @property
    def label(self) -> str:
        """'Paper pack v1 (PDF, 412 kB)'."""
        return f"{_TITLES.get(self.kind, 'Papers')} v{self.version} ({self.fmt}, {file_size(self.source.size)})"

    @property
    def size(self) -> str:
        """'412 kB'."""
        return file_size(self.source.size)


@dataclass(frozen=True)
class MeetingPacks:
    """What build/packs/<date>/ holds for one meeting: versions newest first, and the per-referral PDFs."""

    versions: tuple[PackFile, ...] = ()
    items: dict[str, PackFile] | None = None

    def files(self) -> Iterable[PackFile]:
        """Every file to copy, versions then items."""
        yield from self.versions
        yield from (self.items or {}).values()


def file_size(size: int) -> str:
    """'950 bytes', '412 kB', '3.4 MB' (decimal units)."""
    if size < 1000:
        return f"{size} byte{'s' * (size != 1)}"
    if size < 999_500:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB"


def _real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _regular(path: Path) -> SourceFile | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return SourceFile(path, info.st_size, info.st_mtime_ns)


def _entries(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def packs_root(root: Path) -> Path | None:
    """build/packs/ under the panel repository, if it is a real folder reached through no symlink."""
    path = root
    for part in PACKS.parts:
        path = path / part
        if not _real_dir(path):
            return None
    return path


def meeting_packs(root: Path, day: dt.date, referral_ids: Collection[str]) -> MeetingPacks:
    """The pack files of one meeting; item PDFs only for referrals the site knows."""
    base = packs_root(root)
    folder = base / day.isoformat() if base else None
    if folder is None or not _real_dir(folder):
        return MeetingPacks()
    versions: list[PackFile] = []
    for name in _entries(folder):
        match = _PACK_NAME.fullmatch(name)
        source = _regular(folder / name) if match else None
        if match and source:
            versions.append(PackFile(name, source, match.group(1), int(match.group(2)), match.group(3).upper()))
    versions.sort(key=lambda f: (-f.version, f.fmt != "PDF", f.name))
    items: dict[str, PackFile] = {}
    if _real_dir(folder / "items"):
        for name in _entries(folder / "items"):
            match = _ITEM_NAME.fullmatch(name)
            if not match or match.group(1) not in referral_ids:
                continue
            source = _regular(folder / "items" / name)
            if source:
                items[match.group(1)] = PackFile(f"items/{name}", source, "item", 0, "PDF")
    return MeetingPacks(tuple(versions), items)


def all_packs(root: Path, days: Iterable[dt.date], referral_ids: Collection[str]) -> dict[dt.date, MeetingPacks]:
    """The pack files of every meeting in `days` that has any."""
    found: dict[dt.date, MeetingPacks] = {}
    for day in days:
        packs = meeting_packs(root, day, referral_ids)
        if packs.versions or packs.items:
            found[day] = packs
    return found


class PackFileChanged(Exception):
    """A pack file went away or stopped being a regular file while the site was being built."""


def copy_source(source: SourceFile, target: Path) -> None:
    """Copy the file to `target`, refusing a symlink or anything that is no longer a regular file."""
    try:
        files.copy_regular(source.path, target, limit=MAX_PACK_BYTES)
    except files.FileRefused as exc:
        raise PackFileChanged(f"{source.path}: {exc.message}") from exc
