"""The first-parent history of `main`, indexed by file: changes, approvals, and why some did not count."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator.domain.config.model import PanelConfig
from generator.domain.decisions.earlier import parse_decision_path
from generator.domain.history.errors import HistoryUnavailable, shallow_error
from generator.domain.history.gitlog import LogCommit
from generator.io.tree import DECISIONS, SUBMISSIONS


@dataclass(frozen=True)
class Change:
    """A first-parent commit that changed a file."""

    commit: str
    at: dt.datetime
    author_email: str
    subject: str
    is_merge: bool = False
    status: str = "M"


@dataclass(frozen=True)
class Approval:
    """One person's approval of a file, recorded by a trailer on a first-parent commit of `main`."""

    name: str
    email: str
    roles: tuple[str, ...]
    commit: str
    at: dt.datetime
    """The approval commit's committer date (Europe/London aware if you convert it)."""
    order: tuple[int, int] = (0, 0)
    """(position on the first-parent line, position of the trailer in its commit): the order approvals came in."""


@dataclass(frozen=True)
class Ignored:
    """An approval trailer that does not count, and why."""

    name: str
    email: str
    commit: str
    at: dt.datetime
    reason: str
    line: str = ""
    """For a malformed approval line, the line itself (then `name` is '')."""

    @property
    def who(self) -> str:
        """How to name it to people: 'Name <email>', or the malformed line in quotes."""
        return f"{self.line!r}" if self.line else f"{self.name} <{self.email}>"


@dataclass
class History:
    """The history of `main`: who changed each file, and which first-parent commits name approvers of it.

    This class holds facts only; what counts as an approval is decided in one place,
    `generator.domain.signoff.approval`.
    """

    ref: str
    is_shallow: bool
    commits: list[LogCommit]
    """The first-parent line of `main`, oldest first."""
    config: PanelConfig
    _changes: dict[str, list[LogCommit]] = field(default_factory=dict, repr=False)
    _approving: dict[str, list[LogCommit]] = field(default_factory=dict, repr=False)
    _exists: set[str] = field(default_factory=set, repr=False)
    _writers: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _brought: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, ref: str, shallow: bool, commits: list[LogCommit], config: PanelConfig) -> History:
        """Index `commits` (the first-parent line oldest first, then branch commits) by the files they touch."""
        line = [c for c in commits if c.index >= 0]
        changes: dict[str, list[LogCommit]] = defaultdict(list)
        approving: dict[str, list[LogCommit]] = defaultdict(list)
        exists: set[str] = set()
        for commit in line:
            for status, path in commit.changes:
                changes[path].append(commit)
                if status == "D":
                    exists.discard(path)
                else:
                    exists.add(path)
            if commit.trailers.signers or commit.trailers.malformed:
                targets = {path for _, path in commit.changes}
                if not commit.is_merge:
                    targets.update(f"{SUBMISSIONS}/{rid}.md" for rid in commit.trailers.referrals)
                for path in targets:
                    approving[path].append(commit)
        writers: dict[str, set[str]] = defaultdict(set)
        for commit in commits:
            if not commit.is_merge:
                for _, path in commit.changes:
                    writers[path].add(commit.author_email)
        history = cls(ref, shallow, line, config, dict(changes), dict(approving), exists, dict(writers))
        history._brought = _brought_in(commits)
        return history

    @cached_property
    def _status(self) -> dict[str, dict[str, str]]:
        # Commit -> path -> status letter: a commit that changed thousands of files is scanned once, not per path.
        return {c.sha: {p: s for s, p in c.changes} for c in self.commits if len(c.changes) > 8}

    def changes(self, path: str) -> list[Change]:
        """First-parent commits that changed `path` (relative to the panel root), oldest first."""
        found = []
        for c in self._changes.get(path, []):
            indexed = self._status.get(c.sha)
            statuses = [indexed[path]] if indexed is not None else [s for s, p in c.changes if p == path]
            found += [Change(c.sha, c.at, c.author_email, c.subject, c.is_merge, s) for s in statuses]
        return found

    def on_main(self, path: str) -> bool:
        """True when `path` exists at the tip of `main`."""
        return path in self._exists

    def paths(self) -> set[str]:
        """Every path that exists at the tip of `main`."""
        return set(self._exists)

    def authors(self, path: str) -> set[str]:
        """Author emails of every non-merge commit that changed `path`: on main and on the branches merged into it."""
        return set(self._writers.get(path, set()))

    def approving_commits(self, path: str) -> list[LogCommit]:
        """First-parent commits whose message names approvers of `path` (well-formed or not), oldest first."""
        if self.is_shallow:
            raise shallow_error(self.ref)
        return list(self._approving.get(path, []))

    def last_change(self, path: str) -> LogCommit | None:
        """The newest first-parent commit that changed `path`."""
        touched = self._changes.get(path)
        return touched[-1] if touched else None

    def branch_approval_addresses(self, commit: LogCommit) -> frozenset[str]:
        """Addresses on approval lines of the commits a merge brought in from its other parents."""
        return self._brought.get(commit.index, frozenset())

    @cached_property
    def _decisions(self) -> dict[str, list[str]]:
        found: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
        for path in self._exists:
            named = parse_decision_path(path)
            if named is not None:
                day, referral_id = named
                # A decision outside a meeting comes before a meeting's decision on the same day.
                found[referral_id].append((day, 1 if path.split("/")[2] == DECISIONS else 0, path))
        return {rid: [path for _, _, path in sorted(paths)] for rid, paths in found.items()}

    def decision_paths(self) -> dict[str, str]:
        """Referral id -> path of its newest decision file (a meeting's, or one made outside a meeting) on main."""
        return {rid: paths[-1] for rid, paths in self._decisions.items()}

    def decision_files(self, referral_id: str) -> list[str]:
        """Every decision file of the referral on main (meetings' and outside ones), oldest first (final or not)."""
        return list(self._decisions.get(referral_id, ()))


def _brought_in(commits: list[LogCommit]) -> dict[int, frozenset[str]]:
    """For each first-parent merge, the approval-line addresses of the branch commits it brought in.

    A branch commit belongs to the oldest first-parent commit it is reachable from; walking the
    first-parent line oldest first, each merge claims what its other parents reach and no
    earlier commit claimed.
    """
    by_sha = {c.sha: c for c in commits}
    claimed = {c.sha for c in commits if c.index >= 0}
    found: dict[int, frozenset[str]] = {}
    for merge in (c for c in commits if c.index >= 0 and c.is_merge):
        addresses: set[str] = set()
        stack = [p for p in merge.parents[1:] if p not in claimed]
        while stack:
            sha = stack.pop()
            if sha in claimed:
                continue
            claimed.add(sha)
            commit = by_sha.get(sha)
            if commit is None:
                continue
            addresses |= commit.approval_addresses
            stack.extend(p for p in commit.parents if p not in claimed)
        if addresses:
            found[merge.index] = frozenset(addresses)
    return found


def require_full(history: History) -> None:
    """Raise HistoryUnavailable when the history is shallow."""
    if history.is_shallow:
        raise shallow_error(history.ref)


__all__ = ["Approval", "Change", "History", "HistoryUnavailable", "Ignored", "require_full"]
