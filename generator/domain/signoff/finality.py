"""Whether a decision is final: approved on main by whoever chaired it, and any change made after.

A decision is final when its file reached the first-parent history of `main` with a counting
`Approved-by:` trailer of the person who chaired it: the decision's own `chair`, else the chair
named in the meeting's record, provided they hold a role that may chair (`panel.chair_roles`).
Without a meeting record, anyone holding such a role may make it final. An approval given
before the day of the meeting cannot make it final (a decision file slipped into a referral's
branch is approved by that referral's managers, never by the meeting's chair).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord
from generator.domain.decisions.quorum import confirmation_of, has_quorum_rule, item_quorum
from generator.domain.history import History
from generator.domain.signoff.approval import provable_approvals


@dataclass(frozen=True)
class Amendment:
    """A change to a decision made after the chair signed it off."""

    commit: str
    at: str
    author: str
    subject: str


@dataclass(frozen=True)
class Finality:
    """Whether a decision is final, who made it so, and any change since; or why it is still a draft."""

    final: bool
    approved_by: str = ""
    approved_at: str = ""
    amendments: tuple[Amendment, ...] = ()
    reason: str = ""
    """Why a draft is not final, e.g. 'awaiting the approval of Owen Marsh, who chaired the meeting'."""
    moment: dt.datetime | None = None
    """When it became final: the time of the approving merge (timescales such as notices count from it)."""
    provisional: bool = False
    """Decided without a quorum: it never counts; a decision at a quorate meeting that confirms it does."""
    confirmed_at: dt.date | None = None
    """For a provisional decision: the meeting whose decision confirmed it (None while unconfirmed)."""


def decider(decision: Decision, meeting: MeetingRecord | None) -> str | None:
    """The name of who chaired the decision: its own `chair`, else the meeting record's; None without either."""
    if decision.chair:
        return decision.chair
    return meeting.chair if meeting else None


def finality(
    path: str,
    history: History,
    config: PanelConfig,
    chair: str | None = None,
    meeting: dt.date | None = None,
) -> Finality:
    """The finality of the decision file at `path` (relative to the panel root) on main.

    `chair` is the name of who chaired it (None: anyone who may chair); `meeting` its date, before
    which no approval counts.
    """
    if not history.changes(path):
        return Finality(False, reason="not on main yet")
    judged = provable_approvals(path, history, config, frozenset())
    counted, ignored = judged.counted, judged.ignored
    candidates = [(a.email, a.name, a.commit, a.at) for a in counted]
    for stale in ignored:
        # An approval made stale by a later change still made the decision final when it was given.
        if stale.reason.startswith("stale"):
            candidates.append((stale.email, stale.name, stale.commit, stale.at))
    signoffs = []
    for email, _, commit, at in candidates:
        person = config.person_by_email(email)
        if person is None or not config.may_chair(person) or (chair is not None and person.name != chair):
            continue
        if meeting is not None and at.astimezone(LONDON).date() < meeting:
            continue
        signoffs.append((person.name, commit, at))
    if not signoffs:
        return Finality(False, reason=_why_draft(config, chair))
    name, commit, at = min(signoffs, key=lambda s: s[2])
    changes = history.changes(path)
    position = next((i for i, c in enumerate(changes) if c.commit == commit), None)
    later = changes[position + 1 :] if position is not None else [c for c in changes if c.at > at]
    amendments = tuple(Amendment(c.commit, c.at.strftime("%d %b %Y %H:%M"), c.author_email, c.subject) for c in later)
    return Finality(True, name, at.strftime("%d %b %Y %H:%M"), amendments, moment=at)


def _why_draft(config: PanelConfig, chair: str | None) -> str:
    roles = ", ".join(config.role_name(r) for r in config.panel.chair_roles) or "none defined"
    if chair is None:
        return f"awaiting the approval of someone who may chair ({roles}); no meeting record names the chair"
    person = config.person_by_name(chair)
    if person is None or not config.may_chair(person):
        return f"{chair}, named as chair, holds no role that may chair ({roles}): see panel.chair_roles"
    return f"awaiting the approval of {chair}, who chaired it"


def decision_finality(
    decisions: Iterable[Decision],
    meetings: Iterable[MeetingRecord],
    history: History,
    config: PanelConfig,
) -> dict[str, Finality]:
    """Each decision's finality by its path."""
    by_date = {m.date: m for m in meetings}
    listed = list(decisions)
    found: dict[str, Finality] = {}
    for decision in listed:
        meeting = by_date.get(decision.meeting)
        chair = decider(decision, meeting)
        stopped = barred(config, decision, meeting, chair, listed)
        found[decision.path] = stopped or finality(decision.path, history, config, chair, decision.meeting)
    return found


def barred(
    config: PanelConfig, decision: Decision, meeting: MeetingRecord | None, chair: str | None, decisions: list[Decision]
) -> Finality | None:
    """Why no approval can make this decision final: decided without a quorum, or chaired by a conflicted member."""
    if meeting is None:
        return None
    if chair is not None and chair in meeting.conflicted(decision.referral):
        return Finality(
            False,
            reason=f"{chair} declared an interest in {decision.referral} and can neither chair nor sign it off; "
            "name who chaired the item in the decision's chair:",
        )
    if not has_quorum_rule(config):
        return None
    count = item_quorum(config, meeting, decision.referral)
    if count.quorate:
        return None
    later = confirmation_of(decision, decisions)
    then = f"; confirmed at the meeting of {later.meeting}, whose decision counts instead" if later else ""
    wanted = "" if later else "; awaiting confirmation at a quorate meeting"
    return Finality(
        False,
        reason=f"provisional: decided without a quorum ({count.shortfall(config)}){then}{wanted}",
        provisional=True,
        confirmed_at=later.meeting if later else None,
    )


def is_final(decision: Decision, standing: Mapping[str, Finality] | None) -> bool:
    """True when `standing` says the decision is final; None (not judged) counts every decision."""
    if standing is None:
        return True
    found = standing.get(decision.path)
    return found is not None and found.final
