"""Who signed what, for the site: the one place the site asks about git approvals.

The site shows each referral's sign-off trail and whether each decision is final (merged with
the Approved-by trailer of whoever chaired it) or was amended after sign-off. Those answers come from git
history; `NoHistory` is used where there is none, and says so on the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from generator.domain.calendar import LONDON
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.decisions.model import Response
from generator.domain.forums import ForumAnswer
from generator.domain.referrals import Referral
from generator.domain.signoff.finality import Finality


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
    late: tuple[str, ...] = ()
    """Each stage signed off after its deadline: the stage, whose sign-off, when due and when signed."""
    because: str = ""
    """Why these roles sign it off, where the type's sign-off bands decide (`panel status` says the same)."""
    no_sign_off: bool = False
    """No role signs it off (an empty chain): it is ready once submitted."""
    due: tuple[str, ...] = ()
    """Its deadlines counted forward from events, each in words with its state (`panel status` says the same)."""


class SignoffSource(Protocol):
    """Answers about approvals for the pages."""

    available: bool

    def trail(self, referral: Referral) -> Trail | None:
        """The referral's sign-off trail, or None when unknown."""

    def standing(
        self,
        decisions: Sequence[Decision],
        meetings: Sequence[MeetingRecord],
        referrals: Sequence[Referral] = (),
        responses: Sequence[Response] = (),
        answers: Sequence[ForumAnswer] = (),
    ) -> dict[str, Finality]:
        """Each decision's finality by path; empty when unknown (then nothing counts as final)."""

    def response_standing(self, responses: Sequence[Response]) -> dict[str, Finality]:
        """Each decision maker's decision's standing by path; empty when unknown (then none stands)."""

    def answer_standing(self, answers: Sequence[ForumAnswer]) -> dict[str, Finality]:
        """Each forum answer's standing by path; empty when unknown (then none stands)."""


class NoHistory:
    """No git history to ask: every answer is 'unknown'."""

    available = False

    def trail(self, referral: Referral) -> Trail | None:
        """Unknown."""
        return None

    def standing(
        self,
        decisions: Sequence[Decision],
        meetings: Sequence[MeetingRecord],
        referrals: Sequence[Referral] = (),
        responses: Sequence[Response] = (),
        answers: Sequence[ForumAnswer] = (),
    ) -> dict[str, Finality]:
        """Unknown: nothing can be shown to be final."""
        return {}

    def response_standing(self, responses: Sequence[Response]) -> dict[str, Finality]:
        """Unknown: no decision maker's decision can be shown to stand."""
        return {}

    def answer_standing(self, answers: Sequence[ForumAnswer]) -> dict[str, Finality]:
        """Unknown: no forum's answer can be shown to stand."""
        return {}


def when(moment: dt.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")
