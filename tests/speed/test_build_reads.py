"""`panel build` reads each decision file once: the referral pages' sign-off trails reuse the records the build
has already read (issue 10: the site build had become 13x slower by reading them again for every referral)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.commands.build import build_site
from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.site_signoffs import GitSignoffs
from generator.commands.status import referral_status, statuses
from generator.domain.calendar import LONDON
from generator.domain.decisions.reader import RecordReader, Records
from tests.demo.demo_build import DEMO_NOW, built_demo

pytestmark = pytest.mark.slow
NOW = dt.datetime.fromisoformat(DEMO_NOW).replace(tzinfo=LONDON)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo repository (with its git history) that this module may build in."""
    copy = tmp_path_factory.mktemp("reads") / "demo"
    shutil.copytree(built_demo(tmp_path_factory), copy, symlinks=True)
    return copy


def test_a_build_reads_each_decision_file_once(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once with no check cache; not at all from the cache, while the files are unchanged."""
    shutil.rmtree(demo / "build" / "check-cache", ignore_errors=True)
    reads: list[str] = []
    original = RecordReader.read_decision

    def counted(self: RecordReader, path: Path, display: str, day: dt.date) -> object:
        reads.append(display)
        return original(self, path, display, day)

    monkeypatch.setattr(RecordReader, "read_decision", counted)
    result = build_site(demo, NOW, full=True)
    decisions = sorted(p.relative_to(demo).as_posix() for p in (demo / "meetings").glob("*/decisions/*.md"))
    assert result.pages > 0 and len(decisions) >= 5
    assert sorted(reads) == decisions
    reads.clear()
    build_site(demo, NOW)
    assert reads == []


def test_the_records_a_build_read_give_every_referral_the_status_a_fresh_read_gives(demo: Path) -> None:
    config = load_config(demo)
    repo = read_repository(demo, NOW.date())
    history = read_history(demo, config)
    known = Records(repo.meetings, repo.decisions, repo.responses)
    signoffs = GitSignoffs(demo, config, history, known)
    assert repo.referrals and repo.decisions
    for referral in repo.referrals:
        fresh = referral_status(referral, history, config, demo)  # its own reader: every file read again
        assert referral_status(referral, history, config, demo, signoffs.records) == fresh
    listed = statuses(repo.referrals, history, config, demo)
    assert [s for _, s in listed] == [referral_status(r, history, config, demo) for r, _ in listed]
