"""Circulation: version 1 is the pack; every later build is a numbered supplement of what changed since."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.commands import pack_git as gitinfo
from generator.commands.agenda_files import agenda_path
from generator.commands.pack_sources import referral_path
from generator.domain.agenda import Agenda
from generator.domain.agenda.store import parse_agenda
from generator.domain.formatting import long_date
from generator.rendering.pack.changes import Parsed, describe, field_changes, parse
from generator.rendering.pack.model import Change, Circulated, PackItem, PackSources

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
    base: Circulated | None = None
    changes: tuple[Change, ...] = ()


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
    tag = tag_name(meeting, version - 1)
    base = Circulated(version - 1, tag, gitinfo.tag_date(sources.root, tag))
    items, changes = _changes(sources, tag)
    if not items and not changes:
        raise NothingChanged(f"nothing has changed since {base.words} ({tag}); the circulated pack stands")
    return Plan(version, items, base, tuple(changes))


def _old_agenda(sources: PackSources, base: str) -> Agenda | None:
    relative = agenda_path(sources.root, sources.agenda.meeting).relative_to(sources.root).as_posix()
    raw = gitinfo.show_bytes(sources.root, base, relative)
    if raw is None:
        return None
    agenda, _ = parse_agenda(raw, f"{base}:{relative}")
    return agenda


def _referral_details(sources: PackSources, entry: PackItem, base: str, path: str) -> list[str]:
    referral = entry.referral
    if referral is None:
        return []
    old = gitinfo.show(sources.root, base, path)
    now = Parsed(referral.data, {key: section.text for key, section in referral.sections.items()})
    before = parse(old, sources.config) if old is not None else None
    return describe(before, now, sources.config)


def _decision_details(sources: PackSources, entry: PackItem, base: str) -> list[str]:
    earlier = entry.earlier
    if earlier is None:
        return []
    old = gitinfo.show(sources.root, base, earlier.path)
    if old is None:
        return [f"it now reviews the panel's decision of {long_date(earlier.meeting)}"]
    before = parse(old, sources.config)
    if before is None:
        return ["the decision it reviews changed; the circulated version cannot be read"]
    return [f"the decision it reviews, {d}" for d in field_changes(before.data, earlier.decision.data)]


def _changes(sources: PackSources, base: str) -> tuple[list[PackItem], list[Change]]:
    root = sources.root
    old = _old_agenda(sources, base)
    before = {i.referral: i for i in (old.items if old else []) if i.referral}
    watched = [p for p in sources.paths if p.startswith(("submissions/", "meetings/")) and not p.endswith("agenda.md")]
    changed_files = gitinfo.changed_since(root, base, watched)
    items: list[PackItem] = []
    changes: list[Change] = []
    for entry in sources.items:
        ref = entry.item.referral
        if not ref:
            continue
        path = referral_path(root, ref).relative_to(root).as_posix()
        decision_changed = bool(entry.earlier and entry.earlier.path in changed_files)
        if ref not in before:
            items.append(entry)
            changes.append(Change(f"Added: item {entry.item.number}, {entry.item.title} ({ref})."))
        elif path in changed_files or decision_changed:
            items.append(entry)
            details = _referral_details(sources, entry, base, path) if path in changed_files else []
            if decision_changed:
                details += _decision_details(sources, entry, base)
            changes.append(Change(f"Changed: item {entry.item.number}, {entry.item.title} ({ref}):", tuple(details)))
        else:
            was = before[ref]
            if (was.number, was.start) != (entry.item.number, entry.item.start):
                changes.append(
                    Change(
                        f"Moved: {ref} is now item {entry.item.number} at {entry.item.start:%H:%M} "
                        f"(was item {was.number} at {was.start:%H:%M}); its papers are unchanged."
                    )
                )
    now = {i.item.referral for i in sources.items if i.item.referral}
    for ref, was in before.items():
        if ref not in now:
            changes.append(Change(f"Removed: {ref} ({was.title}) is no longer on the agenda; disregard its papers."))
    return items, changes
