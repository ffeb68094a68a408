"""Who signed what, for the site: the one place the site asks about git approvals.

The site shows each referral's sign-off trail and whether each decision is final (merged with
the chair's Approved-by trailer) or was amended after sign-off. Those answers come from git
history; `NoHistory` is used where there is none, and says so on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..config.model import PanelConfig
from ..decisions import Decision
from ..referrals import Referral


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


@dataclass(frozen=True)
class Amendment:
    """A change to a decision made after the chair signed it off."""

    commit: str
    at: str
    author: str
    subject: str


@dataclass(frozen=True)
class Finality:
    """Whether a decision is final, who made it so, and any change since."""

    final: bool
    approved_by: str = ""
    approved_at: str = ""
    amendments: tuple[Amendment, ...] = ()


class SignoffSource(Protocol):
    """Answers about approvals for the pages."""

    available: bool

    def trail(self, referral: Referral) -> Trail | None:
        """The referral's sign-off trail, or None when unknown."""

    def finality(self, decision: Decision) -> Finality | None:
        """The decision's finality, or None when unknown."""


class NoHistory:
    """No git history to ask: every answer is 'unknown'."""

    available = False

    def trail(self, referral: Referral) -> Trail | None:
        """Unknown."""
        return None

    def finality(self, decision: Decision) -> Finality | None:
        """Unknown."""
        return None


def default_signoffs(root: Path, config: PanelConfig) -> SignoffSource:
    """Sign-off answers from the repository's git history, or NoHistory outside a git repository."""
    return NoHistory()
