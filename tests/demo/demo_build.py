"""The demo (`make demo`: tools/demo.py), built once per test session into a folder every worker shares."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO_NOW = "2026-12-07T10:00"
MEETING = "2026-12-10"


def built_demo(factory: pytest.TempPathFactory) -> Path:
    """The demo repository with its packs and site, built by the real commands the first time it is asked for."""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    target = shared / "demo"
    with open(shared / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers wait for the one that builds it
        if not (target / "site" / "index.html").is_file():
            result = subprocess.run(
                [sys.executable, str(REPO / "tools" / "demo.py"), str(target)],
                env={**os.environ, "PANEL_NOW": DEMO_NOW},
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return target


def pack_files(demo: Path) -> list[Path]:
    """The demo's PDF packs: version 1 and the supplement."""
    return sorted((demo / "build" / "packs" / MEETING).glob("*.pdf"))
