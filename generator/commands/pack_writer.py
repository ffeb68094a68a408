"""Writing a pack's files: all built first, then swapped into build/packs/<date>/ in one step."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from generator.io.files import discard, recover, staging_dir, swap_in

BUILD = Path("build") / "packs"


def output_dir(root: Path, meeting: str) -> Path:
    """build/packs/<date>/ under the panel repository."""
    return root / BUILD / meeting


def publish(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (relative names) into `target`, keeping its other files; nothing changes unless all are written."""
    recover(target)
    staging = staging_dir(target)
    try:
        if target.is_dir():
            shutil.copytree(target, staging, dirs_exist_ok=True, symlinks=True)
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        swap_in(staging, target)
    except BaseException:
        discard(staging)
        raise
    return [target / name for name in files]
