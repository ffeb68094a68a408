"""The one git helper of tests, bench/ and tools/: git at a fixed identity and date, without the user's git config."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from panelfixtures.people import COORDINATOR, Who

if TYPE_CHECKING:
    import pytest

DATE = "2026-11-20T12:00:00+00:00"
"""The date of every commit made without one."""


class GitFailed(subprocess.CalledProcessError):
    """git exited non-zero; the message carries its output, so a failing test setup says why."""

    def __str__(self) -> str:
        return f"{super().__str__()}\n{self.stdout}{self.stderr}"


def at(text: str) -> str:
    """A git date from 'YYYY-MM-DD HH:MM' in UTC (the same as London in winter)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).isoformat()


def git(
    root: Path,
    *args: str,
    who: Who = COORDINATOR,
    committer: Who | None = None,
    date: str = DATE,
    input: str | None = None,
) -> str:
    """Run git in `root` as `who` (committed by `committer`, default `who`) at `date`; return its output."""
    committer = committer or who
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, input=input, capture_output=True, text=True, check=False)
    if done.returncode:
        raise GitFailed(done.returncode, ["git", *args], done.stdout, done.stderr)
    return done.stdout


def approved_by(*people: Who) -> str:
    """Approved-by trailers, one line per person, as a forge writes them into a merge commit."""
    return "\n".join(f"Approved-by: {name} <{email}>" for name, email in people)


def merge_approved(
    root: Path,
    branch: str,
    files: Mapping[str, str | bytes] | None,
    message: str,
    *,
    date: str,
    author: Who,
    trailers: str,
    committer: Who | None = None,
    merger: Who = COORDINATOR,
    subject: str | None = None,
    merged_at: str | None = None,
) -> None:
    """Commit `files` (None: every change) on a new `branch` off main and merge it with --no-ff, as a forge does.

    The branch commit is `author`'s (committed by `committer`, default the author) at `date`; the merge is
    `merger`'s at `merged_at` (default `date`), its message `subject` (default "Merge branch '<branch>'")
    followed by `trailers` (see `approved_by`).
    """
    git(root, "checkout", "-q", "-b", branch, "main", date=date)
    if files is None:
        git(root, "add", "-A", date=date)
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)  # a document attached to a referral
        else:
            path.write_text(text, encoding="utf-8")
        git(root, "add", name, date=date)
    git(root, "commit", "-q", "-m", message, who=author, committer=committer, date=date)
    git(root, "checkout", "-q", "main", date=date)
    subject = subject or f"Merge branch '{branch}'"
    git(root, "merge", "-q", "--no-ff", branch, "-m", f"{subject}\n\n{trailers}", who=merger, date=merged_at or date)


def isolate_git(patch: pytest.MonkeyPatch, home: Path) -> None:
    """No user or system git configuration, and no git identity from the environment, reaches git or `panel`."""
    patch.setenv("HOME", str(home))
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    patch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for name in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            patch.delenv(f"GIT_{name}_{part}", raising=False)
