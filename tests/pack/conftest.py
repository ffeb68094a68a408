"""Fixtures for pack tests: real git repositories with fictional referrals and a stored agenda."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands.pack import PackResult, build_pack
from panelfixtures.referrals import MEETING
from panelfixtures.repos import TODAY, make_repo


@pytest.fixture
def pack_repo(tmp_path: Path) -> Path:
    """A committed repository with three referrals on the 2026-12-03 agenda."""
    return make_repo(tmp_path / "panel", [1, 2, 3])


@pytest.fixture(scope="module")
def built_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PackResult]:
    """The pack of a three-referral meeting, built once per test module."""
    root = make_repo(tmp_path_factory.mktemp("built") / "panel", [1, 2, 3])
    return root, build_pack(root, MEETING, TODAY)
