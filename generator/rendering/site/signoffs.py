"""Who signed what, for the site: the one place the site asks about git approvals.

The site shows each referral's sign-off trail and whether each decision is final (merged with
the Approved-by trailer of whoever chaired it) or was amended after sign-off. Those answers come from git
history; `NoHistory` is used where there is none, and says so on the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.decisions.finality import Finality, decision_finality
from generator.domain.history import History, HistoryUnavailable, read_history
from generator.domain.referrals import Referral
from generator.domain.signoff import State, referral_status


@dataclass(frozen=True)
class TrailEntry:
    """One approval: who, in which role, when, in which commit."""

    role: str
    name: str
    at: str
    commit: str


@dataclass(frozen=True)
class NotCounted:
    """An approval line that does not count, and why (as `panel status` says)."""

    who: str
    """'Name <email>', or a malformed approval line in quotes."""
    reason: str
    at: str
    commit: str


@dataclass(frozen=True)
class Trail:
    """A referral's sign-off state, the approvals that count, and those that do not."""

    state: str
    entries: tuple[TrailEntry, ...] = ()
    missing: tuple[str, ...] = ()
    awaiting: str | None = None
    not_counted: tuple[NotCounted, ...] = ()


class SignoffSource(Protocol):
    """Answers about approvals for the pages."""

    available: bool

    def trail(self, referral: Referral) -> Trail | None:
        """The referral's sign-off trail, or None when unknown."""

    def standing(self, decisions: Sequence[Decision], meetings: Sequence[MeetingRecord]) -> dict[str, Finality]:
        """Each decision's finality by path; empty when unknown (then nothing counts as final)."""


class NoHistory:
    """No git history to ask: every answer is 'unknown'."""

    available = False

    def trail(self, referral: Referral) -> Trail | None:
        """Unknown."""
        return None

    def standing(self, decisions: Sequence[Decision], meetings: Sequence[MeetingRecord]) -> dict[str, Finality]:
        """Unknown: nothing can be shown to be final."""
        return {}


class GitSignoffs:
    """Answers from the first-parent history of the panel's main branch."""

    available = True

    def __init__(self, root: Path, config: PanelConfig, history: History) -> None:
        self.root = root
        self.config = config
        self.history = history

    def trail(self, referral: Referral) -> Trail | None:
        """From `referral_status`, as `panel status` shows it: what signed each role, then what does not count."""
        status = referral_status(referral, self.history, self.config, self.root)
        entries = tuple(
            TrailEntry(self.config.role_name(role), a.name, _when(a.at), a.commit) for role, a in status.signed
        )
        not_counted = tuple(NotCounted(i.who, i.reason, _when(i.at), i.commit) for i in status.ignored)
        missing = tuple(self.config.role_name(r) for r in status.missing_roles)
        awaiting = self.config.role_name(status.awaiting_role) if status.awaiting_role else None
        state = status.label if status.state is not State.AWAITING else State.AWAITING.value
        return Trail(state, entries, missing, awaiting, not_counted)

    def standing(self, decisions: Sequence[Decision], meetings: Sequence[MeetingRecord]) -> dict[str, Finality]:
        """Final when whoever chaired it approved it on main; amendments are the changes since."""
        return decision_finality(decisions, meetings, self.history, self.config)


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def default_signoffs(root: Path, config: PanelConfig) -> SignoffSource:
    """Sign-off answers from the repository's git history, or NoHistory where it cannot be read in full."""
    try:
        return GitSignoffs(root, config, read_history(root, config))
    except HistoryUnavailable:
        return NoHistory()
