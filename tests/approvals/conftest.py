"""Fixtures: real temporary panel repositories (panelfixtures.PanelGit), every commit at a fixed date."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from panelfixtures import PANEL_YML
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE
from tests.conftest import NOW


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
    shutil.copy(PANEL_YML, root / "panel.yml")
    panel = PanelGit(root)
    panel.git("add", "panel.yml")
    panel.commit({}, "Terms of reference", "2026-11-16 09:00", author=FORGE)
    yield panel
    panel.repo.close()
