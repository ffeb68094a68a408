"""What changed in a file since a circulated pack: front-matter fields before → after, and which sections.

Readers of a supplement see field names in words ("costs › weekly: 152 → 160") and section names
as panel.yml gives them, never file names or git revisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.config.model import PanelConfig
from generator.domain.referrals.body import parse_body
from generator.io import sources, yamlsafe

MAX_FIELDS = 12
"""Field changes listed per file before "and N more"."""
VALUE_CHARS = 80


@dataclass(frozen=True)
class Parsed:
    """A markdown file's front matter and its sections' text by section id."""

    data: Mapping[str, Any]
    sections: Mapping[str, str]


def parse(text: str, config: PanelConfig) -> Parsed | None:
    """Front matter and sections of an earlier version of a file, or None if it cannot be read."""
    split = sources.split_front_matter(text)
    if not isinstance(split, tuple):
        return None
    front, body, first = split
    try:
        data, _, problems = yamlsafe.load(front, line_offset=1)
    except yamlsafe.YamlError:
        return None
    if problems or not isinstance(data, dict):
        return None
    parsed = parse_body(body, first, config.sections)
    return Parsed(data, {key: section.text for key, section in parsed.sections.items()})


def _flatten(value: Any, path: tuple[str, ...], out: dict[tuple[str, ...], str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, (*path, str(key)), out)
    elif isinstance(value, list):
        for index, inner in enumerate(value, 1):
            _flatten(inner, (*path, f"#{index}"), out)
    else:
        out[path] = _show(value)


def _show(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _label(path: tuple[str, ...]) -> str:
    words = [part.replace("_", " ").replace("-", " ") for part in path]
    merged: list[str] = []
    for word in words:
        if word.startswith("#") and merged:
            merged[-1] += f" {word}"
        else:
            merged.append(word)
    return " › ".join(merged)


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """'costs › weekly: 152 → 160' for each front-matter value that differs, in file order."""
    old: dict[tuple[str, ...], str] = {}
    new: dict[tuple[str, ...], str] = {}
    _flatten(dict(before), (), old)
    _flatten(dict(after), (), new)
    keys = list(new) + [k for k in old if k not in new]
    found = [
        f"{_label(k)}: {old.get(k, '(none)')} → {new.get(k, '(removed)')}" for k in keys if old.get(k) != new.get(k)
    ]
    if len(found) > MAX_FIELDS:
        found = [*found[:MAX_FIELDS], f"and {len(found) - MAX_FIELDS} more field(s)"]
    return found


def section_changes(before: Mapping[str, str], after: Mapping[str, str], config: PanelConfig) -> list[str]:
    """Which sections were rewritten, added or removed, by their names in panel.yml."""
    names = {s.id: s.name for s in config.sections}
    order = [s.id for s in config.sections]
    changed = [names[i] for i in order if i in before and i in after and before[i].strip() != after[i].strip()]
    added = [names[i] for i in order if i in after and i not in before]
    removed = [names[i] for i in order if i in before and i not in after]
    found = []
    if changed:
        found.append("sections rewritten: " + ", ".join(changed))
    if added:
        found.append("sections added: " + ", ".join(added))
    if removed:
        found.append("sections removed: " + ", ".join(removed))
    return found


def describe(before: Parsed | None, after: Parsed, config: PanelConfig) -> list[str]:
    """Every change from `before` to `after`, in words."""
    if before is None:
        return ["the circulated version cannot be read, so the changes cannot be listed: read this item in full"]
    found = field_changes(before.data, after.data) + section_changes(before.sections, after.sections, config)
    return found or ["only layout or comments changed; nothing the panel reads"]
