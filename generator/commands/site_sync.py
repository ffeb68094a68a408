"""Writing generated pages into the build folder, touching only the files whose content changed.

Unchanged files keep their modification time, which is what lets MkDocs' dirty build skip them. A file to copy
as it is (a paper pack) is known by its size and modification time, so an unchanged pack is not even read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.site_packs import copy_source
from generator.io.files import remove_stale, write_atomic
from generator.rendering.site.packfiles import SourceFile
from generator.rendering.site.pages import Kept

MANIFEST = "manifest.json"


@dataclass
class SyncResult:
    """Which files were written, and which were removed."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    had_manifest: bool = False
    digests: dict[str, str] = field(default_factory=dict)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def known_files(folder: Path, manifest: Path) -> set[str]:
    """The files of `folder` its manifest lists and that are there: those a page left unrendered (Kept) may keep."""
    try:
        known = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(known, dict):
        return set()
    return {path for path in known if isinstance(path, str) and (folder / path).is_file()}


def sync(files: Mapping[str, str | bytes | SourceFile | Kept], folder: Path, manifest: Path) -> SyncResult:
    """Make `folder` hold exactly `files`; a manifest of digests avoids reading the old files back.

    A Kept file stays as it is, with the digest the manifest gives it. The manifest is removed before anything is
    written and written again last, so a build stopped half way leaves no manifest to trust (all is written again).
    """
    remove_stale(folder)
    result = SyncResult()
    known: dict[str, str] = {}
    if manifest.is_file():
        try:
            known = json.loads(manifest.read_text(encoding="utf-8"))
            result.had_manifest = True
        except ValueError:
            known = {}
        manifest.unlink()
    if not isinstance(known, dict):
        known = {}
    current: dict[str, str] = {}
    for path, content in files.items():
        if isinstance(content, Kept):
            if not isinstance(known.get(path), str) or not (folder / path).is_file():
                raise RuntimeError(f"{folder / path}: kept unrendered, but not in the build folder")
            current[path] = known[path]
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = data.signature if isinstance(data, SourceFile) else _digest(data)
        current[path] = digest
        target = folder / path
        if known.get(path) == digest and target.is_file():
            continue
        if isinstance(data, SourceFile):
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_source(data, target)
        else:
            write_atomic(target, data)
        result.written.append(path)
    for path in sorted(set(known) - set(current)):
        (folder / path).unlink(missing_ok=True)
        result.removed.append(path)
    write_atomic(manifest, json.dumps(current, indent=0, sort_keys=True))
    result.digests = current
    return result
