"""Small git queries: where the repository is, whether it is shallow, which commit `main` is."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.domain.history.errors import SHALLOW_HINT, HistoryUnavailable


@dataclass(frozen=True)
class RepoInfo:
    """What the log reader needs to know before it reads."""

    prefix: str
    """The panel root's path inside the git work tree ('' at the top), with a trailing slash."""
    shallow: bool
    ref: str
    """The full name of the ref whose first-parent history is read."""


def run_git(root: Path, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run git in `root` with output as UTF-8 text; never raises on a git error."""
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise HistoryUnavailable(
            "git is not installed", "install git (e.g. apt-get install git) and run the command again"
        ) from None


def repo_info(root: Path, branch: str) -> RepoInfo:
    """Where `root` sits in its repository and which ref holds `branch`; raises HistoryUnavailable."""
    probe = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if probe.returncode != 0:
        raise HistoryUnavailable(
            f"{root.resolve()} is not in a git repository, so approvals cannot be read",
            "run the command in a clone of the panel's repository (git clone <url>), not a copy of its files",
        )
    lines = probe.stdout.splitlines()
    shallow = lines[0].strip() == "true"
    prefix = lines[1].strip() if len(lines) > 1 else ""
    refs = run_git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{branch}", f"refs/remotes/origin/{branch}")
    found = refs.stdout.split()
    local = f"refs/heads/{branch}"
    if not found:
        raise HistoryUnavailable(
            f"there is no branch '{branch}' (nor origin/{branch}) to read approvals from",
            f"fetch it: git fetch origin {branch}:{branch}  (or set sign_off.branch in panel.yml)",
        )
    return RepoInfo(prefix=prefix, shallow=shallow, ref=local if local in found else found[0])


def shallow_error(ref: str) -> HistoryUnavailable:
    """The error for a shallow clone: its history cannot prove who approved what."""
    return HistoryUnavailable(
        f"this is a shallow clone: the history of {ref} is cut short, so approvals cannot be proved "
        "(no referral is reported unapproved because of it)",
        SHALLOW_HINT,
    )
