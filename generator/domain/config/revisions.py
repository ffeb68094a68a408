"""`revisions` in panel.yml: each revision overlaid on the terms before it, with a source map pointing into the file.

The merge rules (documented in the schema and the README): a mapping merges key by key; anything else
(a list, a value) replaces what was there. The merged result's source map points every setting a
revision gave at the revision's own lines, so each merged configuration is checked like the base.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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


def _under(table: dict[Path, Any], prefix: Path) -> dict[Path, Any]:
    """The entries of `table` at `prefix` or below it."""
    size = len(prefix)
    return {path: mark for path, mark in table.items() if path[:size] == prefix}


def revise(before: Terms, revision: dict[str, Any], index: int, source: SourceMap) -> Terms:
    """`before` with revision number `index` (its entry in `revisions`) merged in; `source` maps the whole file."""
    at: Path = ("revisions", index)
    tables: dict[str, dict[Path, Any]] = {
        "values": dict(before.source.values),
        "keys": dict(before.source.keys),
        "raw": dict(before.source.raw),
    }
    given = {name: _under(getattr(source, name), at) for name in tables}

    def replace(path: Path) -> None:
        for name, table in tables.items():
            for old in _under(table, path):
                del table[old]
            whole = (*at, *path)
            table.update({path + found[len(whole) :]: mark for found, mark in _under(given[name], whole).items()})

    def merge(target: dict[str, Any], changes: dict[str, Any], path: Path) -> None:
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                target[key] = dict(target[key])
                merge(target[key], value, (*path, key))
            else:
                target[key] = value
                replace((*path, key))

    data = dict(before.data)
    merge(data, {k: v for k, v in revision.items() if k not in REVISION_KEYS}, ())
    merged = SourceMap(tables["values"], tables["keys"], tables["raw"], list(before.source.refused))
    renamed = {kind: dict(pairs) for kind, pairs in revision.get("renamed", {}).items()}
    start = dt.date.fromisoformat(revision["from"])
    return Terms(data, merged, start, revision["note"], renamed, at)


def composed(earlier: dict[str, dict[str, str]], renames: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Renames up to a revision: every old id (of any earlier terms) mapped to its id after `renames`."""
    found: dict[str, dict[str, str]] = {}
    for kind in set(earlier) | set(renames):
        now = renames.get(kind, {})
        chained = {old: now.get(new, new) for old, new in earlier.get(kind, {}).items()}
        found[kind] = {**chained, **now}
    return found
