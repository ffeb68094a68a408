"""`revisions` in panel.yml: each revision overlaid on the terms before it, with a source map pointing into the file.

The merge rules (documented in the schema and the README): a mapping merges key by key; anything else
(a list, a value) replaces what was there. The merged result's source map points every setting a
revision gave at the revision's own lines, so each merged configuration is checked like the base.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.io.diagnostics import Diagnostic
from generator.io.yamlsafe import Path, SourceMap

REVISION_KEYS = ("from", "note", "renamed")
"""A revision's own keys; every other key is a section of panel.yml it changes."""


@dataclass(frozen=True)
class Terms:
    """One set of terms: the base (no start) or the configuration merged up to a revision."""

    data: dict[str, Any]
    source: SourceMap
    start: dt.date | None
    note: str
    renamed: dict[str, dict[str, str]]
    """This revision's own renames by kind, old: new."""
    at: Path
    """Where the revision stands in panel.yml (() for the base terms)."""


def base_terms(data: dict[str, Any], source: SourceMap) -> Terms:
    """The terms before any revision: the file without its `revisions`."""
    return Terms({k: v for k, v in data.items() if k != "revisions"}, source, None, "", {}, ())


def _replaced(path: Path, replaced: set[Path]) -> bool:
    """True when `path` or one of its parents is in `replaced`."""
    return any(path[:size] in replaced for size in range(1, len(path) + 1))


def revise(before: Terms, revision: dict[str, Any], index: int, source: SourceMap) -> Terms:
    """`before` with revision number `index` (its entry in `revisions`) merged in; `source` maps the whole file."""
    at: Path = ("revisions", index)
    changes = {k: v for k, v in revision.items() if k not in REVISION_KEYS}
    data, merged = overlay(before, changes, at, source)
    renamed = {kind: dict(pairs) for kind, pairs in revision.get("renamed", {}).items()}
    start = dt.date.fromisoformat(revision["from"])
    return Terms(data, merged, start, revision["note"], renamed, at)


def overlay(
    before: Terms, changes: dict[str, Any], at: Path, source: SourceMap, entire: frozenset[Path] = frozenset()
) -> tuple[dict[str, Any], SourceMap]:
    """`before`'s data with `changes` merged in (a mapping key by key, anything else replaced; a setting in `entire`
    replaced whole, even a mapping), and its source map with every replaced setting pointing at its line under `at`
    in the file `source` maps (a revision's, or an area's: its `calendar` at areas/N/calendar changes the terms'
    `calendar`)."""
    replaced: set[Path] = set()

    def merge(target: dict[str, Any], changes: dict[str, Any], path: Path) -> None:
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict) and (*path, key) not in entire:
                target[key] = dict(target[key])
                merge(target[key], value, (*path, key))
            else:
                target[key] = value
                replaced.add((*path, key))

    data = dict(before.data)
    merge(data, changes, ())
    # One pass over each table (depth is bounded): what a revision replaced points at the revision's lines.
    tables: list[dict[Path, Any]] = []
    olds: tuple[dict[Path, Any], ...] = (before.source.values, before.source.keys, before.source.raw)
    wholes: tuple[dict[Path, Any], ...] = (source.values, source.keys, source.raw)
    for old, whole in zip(olds, wholes, strict=True):
        table = {path: mark for path, mark in old.items() if not _replaced(path, replaced)}
        for path, mark in whole.items():
            if path[: len(at)] == at and _replaced(path[len(at) :], replaced):
                table[path[len(at) :]] = mark
        tables.append(table)
    return data, SourceMap(tables[0], tables[1], tables[2], list(before.source.refused))


def revised_from(found: list[Diagnostic], start: dt.date | None) -> list[Diagnostic]:
    """`found` in a revision's merged terms, each saying so: the line may be in the base terms the revision keeps."""
    if start is None:
        return found
    return [dataclasses.replace(d, message=f"{d.message} (in the terms as revised from {start})") for d in found]


def composed(earlier: dict[str, dict[str, str]], renames: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Renames up to a revision: every old id (of any earlier terms) mapped to its id after `renames`."""
    found: dict[str, dict[str, str]] = {}
    for kind in set(earlier) | set(renames):
        now = renames.get(kind, {})
        chained = {old: now.get(new, new) for old, new in earlier.get(kind, {}).items()}
        found[kind] = {**chained, **now}
    return found
