"""The layers of generator/ are enforced: an upward import or a cycle between packages fails `lint-imports`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, check=False, timeout=120
    )


def test_the_tree_keeps_its_layers() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its import-linter settings, copied where they can be broken."""
    shutil.copytree(REPO / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_an_upward_import_breaks_the_layers(copy: Path) -> None:
    _append(copy / "generator" / "domain" / "calendar.py", "from generator.commands import status  # noqa")
    done = _lint(copy)
    assert done.returncode != 0
    assert "generator.domain is not allowed to import generator.commands" in done.stdout
    assert "generator.domain.calendar -> generator.commands.status" in done.stdout


def test_a_cycle_between_packages_of_a_layer_is_refused(copy: Path) -> None:
    # referrals imports config; config importing referrals as well makes a cycle within domain/.
    _append(copy / "generator" / "domain" / "config" / "model.py", "from generator.domain import referrals  # noqa")
    done = _lint(copy)
    assert done.returncode != 0
    assert "No cycles are allowed in generator.domain" in done.stdout


def test_rendering_importing_the_writer_is_refused(copy: Path) -> None:
    _append(copy / "generator" / "rendering" / "ics.py", "from generator.io.files import write_atomic  # noqa")
    done = _lint(copy)
    assert done.returncode != 0
    assert "generator.rendering.ics -> generator.io.files" in done.stdout
