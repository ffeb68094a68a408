"""Finding the paper packs `panel pack` wrote to build/packs/<date>/, safely, so the site can link and copy them.

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
from pathlib import Path

from generator.commands.pack_writer import BUILD as PACKS
from generator.io import files
from generator.rendering.site.packfiles import MeetingPacks, PackFile, PackFileChanged, SourceFile

_PACK_NAME = re.compile(r"(pack|supplement)-v([1-9][0-9]{0,5})\.(pdf|docx)")
_ITEM_NAME = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.pdf")
MAX_PACK_BYTES = 500_000_000
"""A pack of a few hundred referrals is tens of MB; nothing the site copies may be larger than this."""


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


def copy_source(source: SourceFile, target: Path) -> None:
    """Copy the file over `target` atomically, refusing a symlink or anything that is no longer a regular file."""
    try:
        files.copy_atomic(source.path, target, limit=MAX_PACK_BYTES)
    except files.FileRefused as exc:
        raise PackFileChanged(f"{source.path}: {exc.message}") from exc
