"""Who signed what, for the site: the one place the site asks about git approvals.

The site shows each referral's sign-off trail and whether each decision is final (merged with
the Approved-by trailer of whoever chaired it) or was amended after sign-off. Those answers come from git
history; `NoHistory` is used where there is none, and says so on the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..config.model import PanelConfig
from ..decisions import Decision, MeetingRecord
from ..decisions.finality import Finality, decision_finality
from ..history import History, HistoryUnavailable, read_history
from ..referrals import Referral
from ..signoff import referral_status


@dataclass(frozen=True)
class TrailEntry:
    """One approval: who, in which role, when, in which commit."""

    role: str
    name: str
    at: str
    commit: str


@dataclass(frozen=True)
class Trail:
    """A referral's sign-off state and the approvals behind it."""

    state: str
    entries: tuple[TrailEntry, ...] = ()
    missing: tuple[str, ...] = ()
    awaiting: str | None = None


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
        """State from the approvals issue's referral_status; every counted approval, with the role it signed in."""
        status = referral_status(referral, self.history, self.config, self.root)
        chain = self.config.chain_for(referral.type)
        entries = []
        for approval in self.history.approvals_for(referral.path):
            role = next((r for r in chain if r in approval.roles), approval.roles[0] if approval.roles else "")
            when = approval.at.strftime("%d %b %Y %H:%M")
            entries.append(TrailEntry(self.config.role_name(role), approval.name, when, approval.commit))
        missing = tuple(self.config.role_name(r) for r in status.missing_roles)
        awaiting = self.config.role_name(status.awaiting_role) if status.awaiting_role else None
        return Trail(status.label if status.state != "awaiting" else "awaiting", tuple(entries), missing, awaiting)

    def standing(self, decisions: Sequence[Decision], meetings: Sequence[MeetingRecord]) -> dict[str, Finality]:
        """Final when whoever chaired it approved it on main; amendments are the changes since."""
        return decision_finality(decisions, meetings, self.history, self.config)


def default_signoffs(root: Path, config: PanelConfig) -> SignoffSource:
    """Sign-off answers from the repository's git history, or NoHistory where it cannot be read in full."""
    try:
        return GitSignoffs(root, config, read_history(root, config))
    except HistoryUnavailable:
        return NoHistory()
