"""`panel check`'s cache (build/check-cache) never changes what the check reports, and a bad cache is only ignored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import check_cache, documents, repository
from generator.commands.check_cache import CACHE_PATH, CHANGES_NAME, FORMAT, open_cache, stamp_of
from generator.commands.identifier_scan import IdentifierScan
from generator.commands.repository import read_repository
from generator.domain.referrals import ReferralReader
from generator.io import files
from generator.io.sources import MAX_FILE_BYTES
from panelfixtures.documents import paper_pdf, photo_png, with_attachments
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


# The cache's pieces (issue 17 target 2): `cache` written whole now and then, `changes` after each check, documents
# and the identifier scan kept per file; each case through the real `panel check`, cached against --no-cache.

PLAN = "attachments:\n  - file: plan.pdf\n    title: Support plan\n  - file: home.png\n    title: Home\n"


def _documents(panel_root: Path, write_referral: WriteReferral) -> Path:
    """R-0001 lists a PDF and a PNG, both in submissions/R-0001/; R-0002 has no documents."""
    write_referral(with_attachments(referral_text(), PLAN))
    write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    folder = panel_root / "submissions" / "R-0001"
    folder.mkdir()
    (folder / "plan.pdf").write_bytes(paper_pdf("plan"))
    (folder / "home.png").write_bytes(photo_png(120, 100))
    return folder


def test_a_document_added_removed_or_changed_under_an_unchanged_referral_shows_at_once(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _documents(panel_root, write_referral)
    clean = same_as_uncached(panel_root)
    assert clean[0] == 0
    inspected: list[str] = []
    inspect = documents._inspect_bytes

    def counted(name: str, *rest: Any) -> Any:
        inspected.append(name)
        return inspect(name, *rest)

    monkeypatch.setattr(documents, "_inspect_bytes", counted)
    assert check(panel_root) == clean
    assert inspected == []  # each document's finding came from the cache: nothing inspected again
    # Changed in place: the same size and times, no longer a PDF.
    plan = folder / "plan.pdf"
    before = plan.stat()
    plan.write_bytes(b"%PDX" + plan.read_bytes()[4:])
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    broken = check(panel_root)
    assert inspected == ["plan.pdf"]  # only the changed document is inspected again
    assert broken == check(panel_root, "--no-cache")
    assert broken[0] == 1 and "submissions/R-0001/plan.pdf" in json.dumps(broken)
    plan.write_bytes(paper_pdf("plan"))
    assert same_as_uncached(panel_root) == clean
    (folder / "home.png").unlink()
    assert "attachment-missing" in json.dumps(same_as_uncached(panel_root))
    (folder / "home.png").write_bytes(photo_png(120, 100))
    (folder / "extra.pdf").write_bytes(paper_pdf("extra"))
    assert "attachment-unlisted" in json.dumps(same_as_uncached(panel_root))
    (folder / "extra.pdf").unlink()
    assert same_as_uncached(panel_root) == clean


def test_a_childs_name_added_to_another_file_is_found_in_an_unchanged_file(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    """The identifier scan looks for the children's names of every referral: a name added to R-0002 is found in the
    name of a file beside R-0001, which did not change (the scan's entries are kept under the names)."""
    write_referral(referral_text() + "\nJamie Rivers visits the family each week.\n")
    write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    (panel_root / "submissions" / "R-0001").mkdir()
    (panel_root / "submissions" / "R-0001" / "Jamie Rivers notes.pdf").write_bytes(paper_pdf("notes"))
    clean = same_as_uncached(panel_root)
    assert "identifier-child-name" not in json.dumps(clean)
    write_referral(
        name="R-0002",
        replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119", "Maisie Thornbury": "Jamie Rivers"},
    )
    named = same_as_uncached(panel_root)
    found = [(d["path"], d["code"]) for d in named[1]["diagnostics"]]  # type: ignore[index]
    assert ("submissions/R-0001/Jamie Rivers notes.pdf", "identifier-child-name") in found


def _warm(panel_root: Path, write_referral: WriteReferral) -> tuple[Path, tuple[int, object]]:
    """Two referrals checked once (the whole cache written), then R-0002 changed and checked (only `changes`)."""
    write_referral()
    path = write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    same_as_uncached(panel_root)
    path.write_text(path.read_text(encoding="utf-8").replace("team: cin-east", "team: cin-wast"), encoding="utf-8")
    return path, same_as_uncached(panel_root)


def test_after_one_change_only_the_changes_are_written_and_read(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path: one file changed is read (and scanned) again, the rest comes from the cache, and the cache
    writes only what changed."""
    write_referral()
    path = write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    clean = same_as_uncached(panel_root)
    whole = (panel_root / CACHE_PATH).read_bytes()
    read: list[str] = []
    scanned: list[str] = []
    reader, scanner = ReferralReader.read, IdentifierScan._scan_file

    def reading(self: ReferralReader, path: Path, display: str, *rest: Any) -> Any:
        read.append(display)
        return reader(self, path, display, *rest)

    def scanning(self: IdentifierScan, path: Path, display: str) -> Any:
        scanned.append(display)
        return scanner(self, path, display)

    monkeypatch.setattr(ReferralReader, "read", reading)
    monkeypatch.setattr(IdentifierScan, "_scan_file", scanning)
    assert check(panel_root) == clean
    assert read == [] and scanned == []
    path.write_text(path.read_text(encoding="utf-8").replace("team: cin-east", "team: cin-wast"), encoding="utf-8")
    changed = check(panel_root)
    assert read == ["submissions/R-0002.md"] and scanned == ["submissions/R-0002.md"]
    assert (panel_root / CACHE_PATH).read_bytes() == whole  # not written again: the change went to `changes`
    assert (panel_root / CACHE_PATH).with_name(CHANGES_NAME).is_file()
    assert changed == check(panel_root, "--no-cache") and changed != clean
    # `panel check FILE` scans only that file for identifiers (the rest of the scan is about other files).
    scanned.clear()
    assert check(panel_root, "--no-cache", str(path))[1] == {**changed[1], "checked": 1}  # type: ignore[dict-item]
    assert scanned == ["submissions/R-0002.md"]


def test_changes_are_folded_into_the_cache_once_they_grow(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_cache, "MERGE_FROM", 0)
    _, changed = _warm(panel_root, write_referral)
    assert not (panel_root / CACHE_PATH).with_name(CHANGES_NAME).exists()  # written whole instead
    assert same_as_uncached(panel_root) == changed


@pytest.mark.parametrize("how", ["garbage", "forged", "link", "folder", "older", "foreign-cache"])
def test_a_corrupt_forged_stale_or_linked_changes_file_is_ignored(
    panel_root: Path, write_referral: WriteReferral, how: str
) -> None:
    path, changed = _warm(panel_root, write_referral)
    changes = (panel_root / CACHE_PATH).with_name(CHANGES_NAME)
    first = changes.read_bytes()
    # A second change back and forth: `changes` now says R-0002 is as it was first.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("team: cin-wast", "team: cin-east"), encoding="utf-8")
    clean = same_as_uncached(panel_root)
    path.write_text(text, encoding="utf-8")
    assert same_as_uncached(panel_root) == changed
    changes.unlink()
    if how == "garbage":
        changes.write_bytes(FORMAT + b"\n" + b"x" * 100)
    elif how == "forged":
        changes.write_bytes(_forged(pickle.dumps(Boom())))
    elif how == "link":
        changes.symlink_to("/dev/zero")
    elif how == "folder":
        changes.mkdir()
    elif how == "older":
        changes.write_bytes(first)  # genuine, but older than the files: their content decides
        path.write_text(text.replace("team: cin-wast", "team: cin-east"), encoding="utf-8")
        changed = clean
    else:  # genuine, but made for another `cache` (the one written before panel.yml changed)
        config = panel_root / "panel.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        check(panel_root)
        changes.write_bytes(first)
    assert check(panel_root) == changed == check(panel_root, "--no-cache")
    assert not (panel_root / "PWNED").exists()


def _interrupted(root: Path) -> None:
    """`panel check`, stopped (as by Ctrl-C) where the test says."""
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json", "--against", "none"])
    assert result.exit_code != 0 and not result.stdout.startswith("{")


def test_a_check_killed_while_writing_the_cache_leaves_one_that_is_right(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the whole cache was written but before the old `changes` was removed, or while `changes` was
    being written: the next check still equals --no-cache."""
    path, changed = _warm(panel_root, write_referral)

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(check_cache, "MERGE_FROM", 0)
    monkeypatch.setattr(check_cache, "_remove", killed)
    path.write_text(path.read_text(encoding="utf-8").replace("team: cin-wast", "team: cin-east"), encoding="utf-8")
    _interrupted(panel_root)
    monkeypatch.undo()
    assert (panel_root / CACHE_PATH).with_name(CHANGES_NAME).is_file()  # left behind, bound to the old cache
    clean = same_as_uncached(panel_root)
    assert clean != changed
    atomic = files.write_atomic
    monkeypatch.setattr(
        files,
        "write_atomic",
        lambda target, *rest: killed() if target.name == CHANGES_NAME else atomic(target, *rest),
    )
    path.write_text(path.read_text(encoding="utf-8").replace("team: cin-east", "team: cin-wast"), encoding="utf-8")
    _interrupted(panel_root)
    monkeypatch.undo()
    assert same_as_uncached(panel_root) == changed
