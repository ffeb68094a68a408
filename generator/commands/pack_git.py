"""The few git facts a pack needs: newest commit on its sources, dirty files, tags and diffs (via io/git.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.domain.calendar import LONDON
from generator.io import git as runner
from generator.rendering.pack.model import Provenance


class GitError(Exception):
    """git could not answer; the message says what to do."""


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in `root` and return its standard output."""
    try:
        done = runner.run(root, *args)
    except runner.GitMissing as exc:
        raise GitError("git is not installed; packs are built from the repository's history") from exc
    if check and done.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def provenance(root: Path, paths: Sequence[str]) -> Provenance:
    """The newest commit that touched any of `paths` (relative to root), and which of them are uncommitted."""
    if git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise GitError(f"{root} is not a git repository; a pack records the commit it was built from (git init)")
    line = git(root, "log", "-1", "--format=%H %ct", "--", *paths).strip()
    if not line:
        raise GitError("none of the pack's sources is committed yet; commit panel.yml, the agenda and the referrals")
    commit, seconds = line.split()
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    dirty = tuple(sorted(entry[3:] for entry in status.splitlines() if entry.strip()))
    return Provenance(commit, dt.datetime.fromtimestamp(int(seconds), LONDON), dirty)


def tags(root: Path, pattern: str) -> list[str]:
    """Tags matching a glob pattern."""
    return [t for t in git(root, "tag", "--list", pattern).splitlines() if t]


def tag(root: Path, name: str, message: str) -> None:
    """Create an annotated tag on HEAD (who circulated it and when is then on record)."""
    git(root, "tag", "-a", name, "-m", message)


def changed_since(root: Path, revision: str, paths: Sequence[str]) -> set[str]:
    """Which of `paths` differ between `revision` and the working tree (including new files)."""
    if not paths:
        return set()
    changed = set(git(root, "diff", "--name-only", revision, "--", *paths).splitlines())
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", *paths).splitlines()
    return changed | set(untracked)


def show_bytes(root: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision`, or None if it did not exist there."""
    try:
        return runner.show_bytes(root, revision, path)
    except runner.GitMissing as exc:
        raise GitError("git is not installed; packs are built from the repository's history") from exc


def show(root: Path, revision: str, path: str) -> str | None:
    """The text of `path` at `revision`, or None if it did not exist there."""
    found = show_bytes(root, revision, path)
    return found.decode("utf-8") if found is not None else None


def tag_date(root: Path, name: str) -> dt.datetime:
    """When an annotated tag was made (its tagger date; a lightweight tag's commit date), Europe/London."""
    line = git(root, "for-each-ref", "--format=%(taggerdate:unix) %(committerdate:unix)", f"refs/tags/{name}").split()
    if not line:
        raise GitError(f"tag {name} does not exist")
    return dt.datetime.fromtimestamp(int(line[0]), LONDON)
