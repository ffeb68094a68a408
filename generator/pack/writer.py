"""Writing a pack's files: all built first, then swapped into build/packs/<date>/ in one step."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

BUILD = Path("build") / "packs"


def output_dir(root: Path, meeting: str) -> Path:
    """build/packs/<date>/ under the panel repository."""
    return root / BUILD / meeting


def publish(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (relative names) into `target`, keeping its other files; nothing changes unless all are written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    retired = target.parent / f".{target.name}-old-{os.getpid()}"
    try:
        if target.is_dir():
            shutil.copytree(target, staging, dirs_exist_ok=True)
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not target.exists():
            os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return [target / name for name in files]
