"""`panel check`'s cache (build/check-cache) never changes what the check reports, and a bad cache is only ignored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import repository
from generator.commands.check_cache import CACHE_PATH, FORMAT, open_cache, stamp_of
from generator.commands.repository import read_repository
from generator.io.sources import MAX_FILE_BYTES
from panelfixtures.panelgit import PanelGit
from panelfixtures.referrals import referral_text
from tests.conftest import WriteReferral
from tests.records_helpers import MEETING_DAY, make_panel


def check(root: Path, *extra: str) -> tuple[int, object]:
    """Exit code and the JSON report of the real `panel check`."""
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json", "--against", "none", *extra])
    return result.exit_code, json.loads(result.stdout)


def same_as_uncached(root: Path) -> tuple[int, object]:
    cached = check(root)
    assert cached == check(root, "--no-cache")
    return cached


def test_a_change_to_a_file_the_configuration_or_the_clock_shows_at_once(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_referral()
    write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    clean = same_as_uncached(panel_root)
    assert (panel_root / CACHE_PATH).is_file()
    assert same_as_uncached(panel_root) == clean  # now from the cache
    # A file: the same size and modification time as before, so only its content tells.
    path = panel_root / "submissions" / "R-0002.md"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("team: cin-east", "team: cin-wast"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = same_as_uncached(panel_root)
    assert changed != clean and changed[0] == 1
    # The configuration: a team the referral names is no longer configured.
    config = panel_root / "panel.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("id: cin-east,", "id: cin-north,"), encoding="utf-8")
    unconfigured = same_as_uncached(panel_root)
    assert unconfigured != changed
    config.write_text(config.read_text(encoding="utf-8").replace("id: cin-north,", "id: cin-east,"), encoding="utf-8")
    assert same_as_uncached(panel_root) == changed
    # The clock: the date submitted is now in the future.
    monkeypatch.setenv("PANEL_NOW", "2026-11-15T10:00")
    earlier = same_as_uncached(panel_root)
    assert "date-future" in json.dumps(earlier) and "date-future" not in json.dumps(changed)
    # A file gone.
    path.unlink()
    assert same_as_uncached(panel_root)[1] != earlier[1]


def _forged(payload: bytes) -> bytes:
    return FORMAT + b"\n" + b"\0" * 32 + payload


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage",
        FORMAT + b"\n",
        _forged(pickle.dumps(Boom())),
        _forged(b"\x80\x05truncated"),
    ],
    ids=["empty", "garbage", "header-only", "forged-pickle", "truncated"],
)
def test_a_corrupt_or_forged_cache_is_ignored_and_rebuilt(
    panel_root: Path, write_referral: WriteReferral, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_referral()
    monkeypatch.chdir(panel_root)
    expected = check(panel_root, "--no-cache")
    cache = panel_root / CACHE_PATH
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    assert check(panel_root) == expected
    assert not (panel_root / "PWNED").exists()
    assert cache.read_bytes().startswith(FORMAT + b"\n") and len(cache.read_bytes()) > 100  # rebuilt
    assert check(panel_root) == expected


def test_a_cache_that_is_a_link_or_a_folder_is_not_read(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    expected = check(panel_root, "--no-cache")
    cache = panel_root / CACHE_PATH
    cache.parent.mkdir(parents=True)
    cache.symlink_to("/dev/zero")
    assert check(panel_root) == expected
    cache.unlink()
    cache.mkdir()
    assert check(panel_root) == expected


def test_git_never_takes_the_cache(panel_git: PanelGit) -> None:
    """Even where .gitignore misses build/, `git add -A` after a check commits no cache."""
    panel_git.write({"submissions/R-0001.md": referral_text()})
    assert check(panel_git.root)[0] == 0
    assert (panel_git.root / CACHE_PATH).is_file()
    panel_git.git("add", "-A")
    staged = panel_git.git("diff", "--cached", "--name-only")
    assert "build/" not in staged


def test_a_changed_decision_or_meeting_record_shows_at_once(tmp_path: Path) -> None:
    """Decisions and meeting records are read through the cache too (issue 17): a change is never hidden."""
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    clean = same_as_uncached(root)
    assert same_as_uncached(root) == clean  # now from the cache
    decision = root / f"meetings/{MEETING_DAY}/decisions/R-0002.md"
    before = decision.stat()
    decision.write_text(decision.read_text(encoding="utf-8").replace("outcome: approve", "outcome: apprOve"))
    os.utime(decision, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = same_as_uncached(root)
    assert changed != clean and "apprOve" in json.dumps(changed)
    meeting = root / f"meetings/{MEETING_DAY}/meeting.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(f"meeting: {MEETING_DAY}", "meeting: 2026-12-04"))
    misdated = same_as_uncached(root)
    assert misdated != changed and "meeting-date" in json.dumps(misdated)
    decision.unlink()
    assert same_as_uncached(root) != misdated


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "worker-processes"])
def test_a_cold_cache_keeps_each_referral_under_the_digest_of_the_bytes_read(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """With nothing cached, whoever reads a referral digests it: each entry holds the digest of the file's content
    and its stamp, a refused file (too large) is kept under its digest too, a link is not kept, and the next
    check is served from the cache with the same findings."""
    monkeypatch.setattr(repository, "PARALLEL_FROM", 2)
    write_referral()
    write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    large = panel_root / "submissions" / "R-0003.md"
    large.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (panel_root / "submissions" / "R-0004.md").symlink_to(panel_root / "submissions" / "R-0001.md")
    today = dt.date(2026, 11, 22)
    cold = read_repository(panel_root, today, jobs=jobs, cache=True)
    entries = open_cache(panel_root, today).entries  # type: ignore[union-attr]
    kept = {display for table, display in entries if table == "read"}
    assert kept == {"submissions/R-0001.md", "submissions/R-0002.md", "submissions/R-0003.md"}
    for display in kept:
        path = panel_root / display
        stamp, digest, _, _ = entries[("read", display)]
        assert digest == hashlib.sha256(path.read_bytes()).digest() and stamp == stamp_of(os.lstat(path))
    warm = read_repository(panel_root, today, jobs=jobs, cache=True)
    assert list(warm.diagnostics) == list(cold.diagnostics) and warm.referrals == cold.referrals
