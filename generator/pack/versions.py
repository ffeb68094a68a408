"""Circulation: version 1 is the pack; every later build is a numbered supplement of what changed since."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..agenda import Agenda, agenda_path, read_agenda
from . import gitinfo
from .inputs import PackItem, PackSources, referral_path

_VERSION = re.compile(r"v([0-9]+)$")


class NothingChanged(Exception):
    """No item was added or changed since the last circulated pack."""


class VersionError(Exception):
    """The version asked for cannot be built."""


@dataclass(frozen=True)
class Plan:
    """Which version to build, against which circulated pack, with which items and listed changes."""

    version: int
    items: list[PackItem]
    base: str | None = None
    changes: tuple[str, ...] = ()


def tag_name(meeting: dt.date, version: int) -> str:
    """pack/2026-11-26/v1."""
    return f"pack/{meeting.isoformat()}/v{version}"


def circulated(root: Path, meeting: dt.date) -> list[int]:
    """Versions already circulated for the meeting, in order."""
    found = (_VERSION.search(t) for t in gitinfo.tags(root, f"pack/{meeting.isoformat()}/v*"))
    return sorted(int(m.group(1)) for m in found if m)


def plan(sources: PackSources, rebuild: int | None = None) -> Plan:
    """The next version (or `rebuild`, to reproduce a circulated one from the same sources)."""
    meeting = sources.agenda.meeting
    done = circulated(sources.root, meeting)
    latest = done[-1] if done else 0
    version = rebuild if rebuild is not None else latest + 1
    if version < 1 or version > latest + 1:
        raise VersionError(
            f"version {version} cannot be built: circulated so far: {', '.join(f'v{v}' for v in done) or 'none'}"
        )
    if version == 1:
        return Plan(1, list(sources.items))
    base = tag_name(meeting, version - 1)
    items, changes = _changes(sources, base)
    if not items and not changes:
        raise NothingChanged(f"nothing has changed since {base} was circulated; the circulated pack stands")
    return Plan(version, items, base, tuple(changes))


def _old_agenda(sources: PackSources, base: str) -> Agenda | None:
    relative = agenda_path(sources.root, sources.agenda.meeting).relative_to(sources.root).as_posix()
    text = gitinfo.show(sources.root, base, relative)
    if text is None:
        return None
    with tempfile.TemporaryDirectory(prefix="panel-agenda-") as scratch:
        path = Path(scratch) / "agenda.md"
        path.write_text(text, encoding="utf-8")
        agenda, _ = read_agenda(path, f"{base}:{relative}")
    return agenda


def _changes(sources: PackSources, base: str) -> tuple[list[PackItem], list[str]]:
    root = sources.root
    old = _old_agenda(sources, base)
    before = {i.referral: i for i in (old.items if old else []) if i.referral}
    watched = [p for p in sources.paths if p.startswith(("submissions/", "meetings/")) and not p.endswith("agenda.md")]
    changed_files = gitinfo.changed_since(root, base, watched)
    items: list[PackItem] = []
    changes: list[str] = []
    for entry in sources.items:
        ref = entry.item.referral
        if not ref:
            continue
        files = {referral_path(root, ref).relative_to(root).as_posix()}
        if entry.earlier and entry.earlier.path:
            files.add(entry.earlier.path)
        if ref not in before:
            items.append(entry)
            changes.append(f"Added: item {entry.item.number}, {entry.item.title} ({ref}).")
        elif files & changed_files:
            items.append(entry)
            changes.append(f"Changed: item {entry.item.number}, {entry.item.title} ({ref}): the referral was updated.")
        else:
            was = before[ref]
            if (was.number, was.start) != (entry.item.number, entry.item.start):
                changes.append(
                    f"Moved: {ref} is now item {entry.item.number} at {entry.item.start:%H:%M} "
                    f"(was item {was.number} at {was.start:%H:%M}); its papers are unchanged."
                )
    now = {i.item.referral for i in sources.items if i.item.referral}
    for ref, was in before.items():
        if ref not in now:
            changes.append(f"Removed: {ref} ({was.title}) is no longer on the agenda; disregard its papers.")
    return items, changes
