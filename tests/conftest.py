"""Shared fixtures: a real temporary panel repository with a fixed date.

Fictional repositories, the git helper and the referral factory live in panelfixtures/ (shared with bench/ and tools/).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Every diagnostic made in the tests, here or in a `panel` subprocess, must have a catalogued code
# and severity (generator/io/diagnostic_codes.py); set before anything imports the generator
# (panelfixtures.referrals does).
os.environ["PANEL_STRICT_CODES"] = "1"
# The check cache's key lives in the user's cache folder: the tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = os.path.join(tempfile.gettempdir(), f"panel-tests-cache-{os.getuid()}")

from panelfixtures import PANEL_YML
from panelfixtures.gitrun import isolate_git
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE
from panelfixtures.referrals import referral_text

FIXTURES = Path(__file__).parent / "fixtures"
"""Test data files (the golden check cases); the fixture panel.yml and referral are in panelfixtures/."""
TODAY = dt.date(2026, 11, 22)
NOW = "2026-11-22T10:00"


@pytest.fixture
def panel_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A panel repository with the fixture panel.yml and an empty submissions/ folder."""
    shutil.copy(PANEL_YML, tmp_path / "panel.yml")
    (tmp_path / "submissions").mkdir()
    monkeypatch.setenv("PANEL_NOW", NOW)
    return tmp_path


WriteReferral = Callable[..., Path]


@pytest.fixture
def write_referral(panel_root: Path) -> WriteReferral:
    """Write submissions/<name>.md from text (default: the fixture referral R-0001) with replacements."""

    def write(text: str | None = None, *, name: str = "R-0001", replace: dict[str, str] | None = None) -> Path:
        if text is None:
            content = referral_text(replace=replace)
        else:
            content = text
            for old, new in (replace or {}).items():
                assert old in content, f"test setup: {old!r} not in the referral"
                content = content.replace(old, new)
        path = panel_root / "submissions" / f"{name}.md"
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def no_ambient_git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's git identity and dates (GIT_AUTHOR_*, GIT_COMMITTER_*, EMAIL) never reach a test's commits."""
    for name in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{name}_{part}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)


@pytest.fixture
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration leaks into the test (or the `panel` commands it runs)."""
    isolate_git(monkeypatch, tmp_path_factory.mktemp("home"))
    monkeypatch.setenv("PANEL_NOW", NOW)


@pytest.fixture
def panel_git(tmp_path: Path, isolated_git: None) -> Iterator[PanelGit]:
    """A panel repository on main with the fixture panel.yml committed on 16 November 2026."""
    root = tmp_path / "panel"
    root.mkdir()
    shutil.copy(PANEL_YML, root / "panel.yml")
    panel = PanelGit(root)
    panel.git("add", "panel.yml")
    panel.commit({}, "Terms of reference", "2026-11-16 09:00", author=FORGE)
    yield panel
    panel.repo.close()


DEMO_BUILD = pytest.StashKey[threading.Thread]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """The whole suite on workers (`make test`): this controller, idle while they run, builds the demo they share at
    once, in the background, so that no worker sits waiting on the build's lock while the other builds it."""
    config = session.config
    whole_suite = config.args_source != pytest.Config.ArgsSource.ARGS
    if os.environ.get("PYTEST_XDIST_WORKER") or not whole_suite or not getattr(config.option, "numprocesses", None):
        return
    from tests.demo.demo_build import built_demo

    # A failure here is not lost: the workers find no demo and build it again, reporting the error in the tests.
    factory = config._tmp_path_factory  # type: ignore[attr-defined]  # the session's own (its basetemp)
    thread = threading.Thread(target=built_demo, args=(factory,), daemon=True)
    thread.start()
    config.stash[DEMO_BUILD] = thread


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Wait for the demo built in the background, if one was started (its folder is cleaned with the session's)."""
    thread = session.config.stash.get(DEMO_BUILD, None)
    if thread is not None:
        thread.join()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files marked slow run first: `pytest -n 2 --dist loadfile --no-loadscope-reorder` (make test) hands out whole
    files in this order, so the long ones start at once and the many short ones fill the end, rather than one long
    file running on alone."""
    slow = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow)  # stable: a file's tests stay together and in order
