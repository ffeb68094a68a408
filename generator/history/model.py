"""The first-parent history of `main`, indexed by file: changes, approvals, and why some did not count."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..config.model import PanelConfig
from .errors import HistoryUnavailable
from .gitlog import LogCommit
from .gitrepo import shallow_error
from .signatures import describe, signed_by

SUBMISSIONS = "submissions"


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


@dataclass
class History:
    """Who changed and who approved each file on the first-parent history of `main`."""

    ref: str
    is_shallow: bool
    commits: list[LogCommit]
    config: PanelConfig
    _changes: dict[str, list[LogCommit]] = field(default_factory=dict, repr=False)
    _approving: dict[str, list[LogCommit]] = field(default_factory=dict, repr=False)
    _exists: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def build(cls, ref: str, shallow: bool, commits: list[LogCommit], config: PanelConfig) -> History:
        """Index `commits` (oldest first) by the files they change and approve."""
        changes: dict[str, list[LogCommit]] = defaultdict(list)
        approving: dict[str, list[LogCommit]] = defaultdict(list)
        exists: set[str] = set()
        for commit in commits:
            for status, path in commit.changes:
                changes[path].append(commit)
                if status == "D":
                    exists.discard(path)
                else:
                    exists.add(path)
            if commit.signers:
                targets = {path for _, path in commit.changes}
                targets.update(f"{SUBMISSIONS}/{rid}.md" for rid in commit.referrals)
                for path in targets:
                    approving[path].append(commit)
        return cls(ref, shallow, commits, config, dict(changes), dict(approving), exists)

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
        """Emails of the authors of non-merge commits on main that changed `path` (squashes, direct edits)."""
        return {c.author_email for c in self._changes.get(path, []) if not c.is_merge}

    def approvals_for(self, path: str) -> list[Approval]:
        """Approvals of `path` that count: first-parent, not stale, signed where required; one per person."""
        seen: set[str] = set()
        unique = []
        for approval in self._sort(path)[0]:
            if approval.email not in seen:
                seen.add(approval.email)
                unique.append(approval)
        return unique

    def ignored_for(self, path: str) -> list[Ignored]:
        """Approval trailers for `path` that do not count, with the reason."""
        return self._sort(path)[1]

    def _sort(self, path: str) -> tuple[list[Approval], list[Ignored]]:
        if self.is_shallow:
            raise shallow_error(self.ref)
        touched = self._changes.get(path, [])
        last_change = touched[-1].index if touched else -1
        last_sha = touched[-1].sha[:10] if touched else ""
        stale = f"{path} changed after it, in {last_sha}"
        counted: list[Approval] = []
        ignored: list[Ignored] = []
        for commit in self._approving.get(path, []):
            for position, signer in enumerate(commit.signers):
                reason = self._reason_ignored(commit, signer.email, last_change, stale)
                if reason:
                    ignored.append(Ignored(signer.name, signer.email, commit.sha, commit.at, reason))
                else:
                    person = self.config.person_by_email(signer.email)
                    assert person is not None
                    order = (commit.index, position)
                    counted.append(Approval(person.name, signer.email, person.roles, commit.sha, commit.at, order))
        return counted, ignored

    def _reason_ignored(self, commit: LogCommit, email: str, last_change: int, stale: str) -> str | None:
        person = self.config.person_by_email(email)
        if commit.index < last_change:
            return f"stale: {stale}"
        if person is None:
            return f"{email} is not one of the people in panel.yml"
        if self.config.sign_off.require_signatures and not signed_by(person, commit.signature):
            return (
                f"signatures are required and commit {commit.sha[:10]} has {describe(commit.signature)} "
                f"from a key listed for {person.name}"
            )
        return None

    def sorted_approvals(self, path: str) -> tuple[list[Approval], list[Ignored]]:
        """Every counting approval (repeats by one person included, for ordered chains) and the ignored ones."""
        return self._sort(path)

    @cached_property
    def _decisions(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for path in sorted(self._exists):
            parts = path.split("/")
            if len(parts) == 4 and parts[0] == "meetings" and parts[2] == "decisions" and parts[3].endswith(".md"):
                found[parts[3][:-3]].append(path)
        return dict(found)

    def decision_paths(self) -> dict[str, str]:
        """Referral id -> path of its newest decision file (meetings/<date>/decisions/<id>.md) on main."""
        return {rid: paths[-1] for rid, paths in self._decisions.items()}

    def decision_files(self, referral_id: str) -> list[str]:
        """Every decision file of the referral on main, oldest meeting first (final or not)."""
        return list(self._decisions.get(referral_id, ()))


def require_full(history: History) -> None:
    """Raise HistoryUnavailable when the history is shallow."""
    if history.is_shallow:
        raise shallow_error(history.ref)


__all__ = ["Approval", "Change", "History", "HistoryUnavailable", "Ignored", "require_full"]
