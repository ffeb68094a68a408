"""Parsing the history of `main`: commits, and what each changed.

`commands/history.py` runs git and says which commits are read and how each change is diffed once;
this module turns git's output into records and does not run git.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from generator.domain.history.trailers import Trailers, addresses_in_approval_lines, read_trailers

_FIELDS = ("%H", "%ae", "%cI", "%P", "%T")
_SIGNATURE_FIELDS = ("%G?", "%GS", "%GF")
_MESSAGE = "%B"
_NONE = Trailers()
NO_PAIR = ("", "")
"""No (parent tree, tree) pair: a branch merge, whose changes are not read."""


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
    """(status letter, path relative to the panel root) for each file changed against the first parent.

    Not read for a merge that is not on the first-parent line (nothing asks what it changed)."""
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


def parse_records(text: str, signatures: bool, marks: tuple[str, str]) -> dict[str, tuple[list[str], str]]:
    """`git log` output (tip first) as sha -> (fields, message), in the order git listed them."""
    width = len(_FIELDS) + (len(_SIGNATURE_FIELDS) if signatures else 0) + 1
    record_mark, field_mark = marks
    parsed: dict[str, tuple[list[str], str]] = {}
    for record in text.split(record_mark)[1:]:
        fields = record.split(field_mark)
        if len(fields) != width + 1:
            continue
        fields.pop()
        parsed.setdefault(fields[0], (fields, fields[-1]))
    return parsed


def first_parent_line(records: dict[str, tuple[list[str], str]]) -> list[str]:
    """The first-parent line from the tip (the first record), oldest first."""
    line: list[str] = []
    sha = next(iter(records), "")
    seen: set[str] = set()
    while sha in records and sha not in seen:
        seen.add(sha)
        line.append(sha)
        parents = records[sha][0][3].split()
        sha = parents[0] if parents else ""
    line.reverse()
    return line


def commit_pairs(records: dict[str, tuple[list[str], str]], line: list[str]) -> dict[str, tuple[str, str]]:
    """For each commit whose changes are read (the first-parent line, and branch commits that are not merges):
    (its first parent's tree, or the parent itself when git did not list it; its tree), all its diff depends on."""
    on_line = set(line)
    found: dict[str, tuple[str, str]] = {}
    for sha, (fields, _) in records.items():
        parents = fields[3].split()
        if sha not in on_line and len(parents) > 1:
            continue
        first = records.get(parents[0]) if parents else None
        base = "" if not parents else first[0][4] if first else f"commit {parents[0]}"
        found[sha] = (base, fields[4])
    return found


def to_commit(fields: list[str], index: int, prefix: str, signatures: bool, diff: str | None) -> LogCommit:
    """One parsed record as a LogCommit (its changes from `diff`, paths relative to the panel root)."""
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
        changes=tuple(_changes(diff, prefix)) if diff else (),
        signature=(fields[5], fields[6], fields[7]) if signatures else ("N", "", ""),
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
