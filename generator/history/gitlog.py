"""Reading the whole history of `main` in ONE `git log` call, parsed in Python.

Every commit reachable from `main` is read (merges with their changes against the first parent),
so that the first-parent line, the branch commits each merge brought in, and who wrote each file
on any branch are all known from one call.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import HistoryUnavailable
from .gitrepo import run_git
from .trailers import Trailers, addresses_in_approval_lines, read_trailers

_FIELDS = ("%H", "%ae", "%cI", "%P")
_SIGNATURE_FIELDS = ("%G?", "%GS", "%GF")
_MESSAGE = "%B"
_NONE = Trailers()


@dataclass(frozen=True)
class LogCommit:
    """One commit of the history, with what it changed and what its message says about approvals."""

    index: int
    """Position on the first-parent line, 0 = oldest; -1 for a commit that is not on it (a branch commit)."""
    sha: str
    author_email: str
    at: dt.datetime
    """The committer date."""
    parents: tuple[str, ...]
    subject: str
    trailers: Trailers
    changes: tuple[tuple[str, str], ...]
    """(status letter, path relative to the panel root) for each file changed against the first parent."""
    signature: tuple[str, str, str] = ("N", "", "")
    """git's %G? status, the signer (SSH principal or GPG uid) and the key fingerprint."""
    approval_addresses: frozenset[str] = frozenset()
    """Addresses on any approval line anywhere in the message (to find trailers copied from a branch)."""

    @property
    def is_merge(self) -> bool:
        """True for a commit with more than one parent."""
        return len(self.parents) > 1


def new_marks() -> tuple[str, str]:
    """A record mark and a field mark that no commit can contain: random for each call.

    Author emails, signer names and messages are written by whoever made the commit; a fixed
    separator inside one would shift the fields after it (and could pass off one field as another).
    """
    token = secrets.token_hex(12)
    return f"\x1e{token}\x1e", f"\x1f{token}\x1f"


def log_format(signatures: bool, marks: tuple[str, str]) -> str:
    """The --format string: a record mark before each commit, field marks between fields, the message last."""
    fields = _FIELDS + (_SIGNATURE_FIELDS if signatures else ()) + (_MESSAGE,)
    record, field = (m.replace("\x1e", "%x1e").replace("\x1f", "%x1f") for m in marks)
    return record + field.join(fields) + field


def read_log(root: Path, ref: str, prefix: str, *, signers_file: Path | None = None) -> list[LogCommit]:
    """Every commit reachable from `ref`: the first-parent line oldest first, then the other commits."""
    marks = new_marks()
    config: list[str] = []
    if signers_file is not None:
        config = ["-c", f"gpg.ssh.allowedSignersFile={signers_file}"]
    result = run_git(
        root,
        *config,
        "log",
        "--diff-merges=first-parent",
        "--no-renames",
        "--name-status",
        "--no-color",
        f"--format={log_format(signers_file is not None, marks)}",
        ref,
        "--",
    )
    if result.returncode != 0:
        raise HistoryUnavailable(
            f"git log {ref} failed: {result.stderr.strip() or 'no output'}",
            "check the repository is intact: git fsck; then git fetch origin",
        )
    return parse_log(result.stdout, prefix, signers_file is not None, marks)


def parse_log(text: str, prefix: str, signatures: bool, marks: tuple[str, str]) -> list[LogCommit]:
    """Parse `git log` output (tip first) into the first-parent line (oldest first), then the rest."""
    width = len(_FIELDS) + (len(_SIGNATURE_FIELDS) if signatures else 0) + 1
    record_mark, field_mark = marks
    parsed: dict[str, tuple[list[str], str]] = {}
    tip = ""
    for record in text.split(record_mark)[1:]:
        fields = record.split(field_mark)
        if len(fields) != width + 1:
            continue
        tail = fields.pop()
        tip = tip or fields[0]
        parsed.setdefault(fields[0], (fields, tail))
    line: list[str] = []
    sha = tip
    while sha in parsed:
        line.append(sha)
        parents = parsed[sha][0][3].split()
        sha = parents[0] if parents else ""
    line.reverse()
    position = {sha: index for index, sha in enumerate(line)}
    order = line + [sha for sha in parsed if sha not in position]
    return [_commit(parsed[sha][0], parsed[sha][1], position.get(sha, -1), prefix, signatures) for sha in order]


def _commit(fields: list[str], tail: str, index: int, prefix: str, signatures: bool) -> LogCommit:
    sha, author_email, committed, parents = fields[:4]
    message = fields[-1]
    folded = message.lower()
    # Most messages name no approver: skip parsing them (a branch commit needs only its addresses).
    mentions = "-by" in folded
    trailers = read_trailers(message) if index >= 0 and (mentions or "referral" in folded) else _NONE
    return LogCommit(
        index=index,
        sha=sha,
        author_email=author_email.strip().lower(),
        at=dt.datetime.fromisoformat(committed),
        parents=tuple(parents.split()),
        subject=message.split("\n", 1)[0],
        trailers=trailers,
        changes=tuple(_changes(tail, prefix)),
        signature=(fields[4], fields[5], fields[6]) if signatures else ("N", "", ""),
        approval_addresses=addresses_in_approval_lines(message) if mentions and index < 0 else frozenset(),
    )


def _changes(tail: str, prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for line in tail.splitlines():
        status, tab, path = line.partition("\t")
        if not tab:
            continue
        if prefix:
            if not path.startswith(prefix):
                continue
            path = path[len(prefix) :]
        found.append((status[:1], path))
    return found
