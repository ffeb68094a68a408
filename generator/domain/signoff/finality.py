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

from generator.domain.config.model import PanelConfig, Person
from generator.domain.decisions.model import Decision, MeetingRecord, Response
from generator.domain.decisions.outside import allowed_roles
from generator.domain.decisions.quorum import confirmation_of, has_quorum_rule, item_quorum
from generator.domain.history import History
from generator.domain.signoff.approval import RecordApproval, record_approval


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

    def may(person: Person) -> bool:
        return config.may_chair(person) and (chair is None or person.name == chair)

    found = record_approval(path, history, config, may, meeting)
    if found is None:
        return Finality(False, reason=_why_draft(config, chair))
    return _made_final(path, history, found)


def _made_final(path: str, history: History, found: RecordApproval) -> Finality:
    """Final by `found`, with every change to the file after it."""
    name, commit, at = found.name, found.commit, found.at
    changes = history.changes(path)
    position = next((i for i, c in enumerate(changes) if c.commit == commit), None)
    later = changes[position + 1 :] if position is not None else [c for c in changes if c.at > at]
    amendments = tuple(Amendment(c.commit, c.at.strftime("%d %b %Y %H:%M"), c.author_email, c.subject) for c in later)
    return Finality(True, name, at.strftime("%d %b %Y %H:%M"), amendments)


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
        if decision.outside:
            found[decision.path] = outside_finality(decision, history, config)
            continue
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


def outside_finality(decision: Decision, history: History, config: PanelConfig) -> Finality:
    """Whether a decision made outside a meeting stands: approved on main by who made it, holding a role the route
    allows at the time it was made (in office hours, or out of them), on or after that day."""
    if not history.changes(decision.path):
        return Finality(False, reason="not on main yet")
    roles = allowed_roles(config, decision)
    names = ", ".join(config.role_name(r) for r in roles) or "none"
    person = config.person_by_name(decision.chair)
    if person is None or not set(person.roles) & set(roles):
        return Finality(False, reason=f"{decision.chair} holds no role the route allows at that time ({names})")

    def may(candidate: Person) -> bool:
        return candidate.name == decision.chair and bool(set(candidate.roles) & set(roles))

    found = record_approval(decision.path, history, config, may, decision.meeting)
    if found is None:
        return Finality(False, reason=f"awaiting the approval of {decision.chair}, who decided it")
    return _made_final(decision.path, history, found)


def is_final(decision: Decision | Response, standing: Mapping[str, Finality] | None) -> bool:
    """True when `standing` says the record is final; None (not judged) counts every one."""
    if standing is None:
        return True
    found = standing.get(decision.path)
    return found is not None and found.final


def response_finality(response: Response, history: History, config: PanelConfig) -> Finality:
    """Whether a decision maker's decision stands: approved on main by the person it names, holding its role.

    The approval must be given on or after the day of the meeting that made the recommendation.
    """
    role = config.role_name(response.role)
    if not history.changes(response.path):
        return Finality(False, reason="not on main yet")
    person = config.person_by_name(response.decided_by)
    if person is None or response.role not in person.roles:
        return Finality(False, reason=f"{response.decided_by} does not hold the role {role} (panel.yml people)")

    def may(candidate: Person) -> bool:
        return candidate.name == response.decided_by and response.role in candidate.roles

    found = record_approval(response.path, history, config, may, response.meeting)
    if found is None:
        return Finality(False, reason=f"awaiting the approval of {response.decided_by}, as {role}")
    return _made_final(response.path, history, found)


def responses_finality(responses: Iterable[Response], history: History, config: PanelConfig) -> dict[str, Finality]:
    """Each decision maker's decision's standing by its path."""
    return {r.path: response_finality(r, history, config) for r in responses}
