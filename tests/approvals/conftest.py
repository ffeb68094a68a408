"""Fixtures: real temporary panel repositories built with GitPython, every commit at a fixed date."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.approvals.panelgit import FIXTURES, FORGE, NOW, PanelGit


@pytest.fixture
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration leaks into the test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("PANEL_NOW", NOW)


@pytest.fixture
def panel_git(tmp_path: Path, isolated_git: None) -> Iterator[PanelGit]:
    """A panel repository on main with panel.yml committed on 16 November 2026."""
    root = tmp_path / "panel"
    root.mkdir()
    shutil.copy(FIXTURES / "panel.yml", root / "panel.yml")
    panel = PanelGit(root)
    panel.repo.git.add("panel.yml")
    panel.commit({}, "Terms of reference", "2026-11-16 09:00", author=FORGE)
    yield panel
    panel.repo.close()
