"""Whether a decision is final: approved on main by whoever chaired it, and any change made after.

A decision is final when its file reached the first-parent history of `main` with a counting
`Approved-by:` trailer of the person who chaired it: the decision's own `chair`, else the chair
named in the meeting's record, provided they hold a role that may chair (`panel.chair_roles`).
Without a meeting record, anyone holding such a role may make it final. An approval given
before the day of the meeting cannot make it final (a decision file slipped into a referral's
branch is approved by that referral's managers, never by the meeting's chair).

A decision that gives a partner funder (panel.yml `funders` with an `agrees` role) a share of the
cost is final only when that partner's agreement is recorded too (an approval of the decision by a
holder of the role: `approval.partner_agreements`), or when it says `partner_share_pending`: then it
stands for the council's share only, and the partner's share stays pending until agreed.

A decision the panel only recommends (the referral type's or the panel's `decides: false`, or an approval over a
threshold that `escalate`s) is not final when the chair approves it: it awaits the role it goes to, and becomes
final only when a decision maker's decision on it (meetings/<date>/decision-maker/<id>.md, as that role) stands
(`recommendation`). Until then nothing derived from it (registers, notices, status, the site) treats it as decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.domain.calendar import LONDON
from generator.domain.config.model import FunderConfig, PanelConfig, Person
from generator.domain.decisions.model import Decision, MeetingRecord, Response
from generator.domain.decisions.outside import allowed_roles
from generator.domain.decisions.quorum import confirmation_of, has_quorum_rule, item_quorum
from generator.domain.formatting import long_date, short_date
from generator.domain.forums import ForumAnswer, returned_before
from generator.domain.history import History
from generator.domain.referrals.model import Referral
from generator.domain.signoff.approval import RecordApproval, partner_agreements, record_approval, role_approval


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
    agreements: tuple[tuple[str, str, str], ...] = ()
    """(funder, who agreed, when) for each partner funder whose agreement to its share is recorded."""
    partner_pending: tuple[str, ...] = ()
    """Partner funders (ids) whose share is pending: a final decision marked partner_share_pending."""
    awaiting_partners: tuple[str, ...] = ()
    """Partner funders (ids) whose agreement a draft awaits, the chair having approved it."""
    moment: dt.datetime | None = None
    """When it became final: the time of the approving merge (timescales such as notices count from it)."""
    provisional: bool = False
    """Decided without a quorum: it never counts; a decision at a quorate meeting that confirms it does."""
    confirmed_at: dt.date | None = None
    """For a provisional decision: the meeting whose decision confirmed it (None while unconfirmed)."""
    awaiting_role: str = ""
    """For a recommendation the chair approved: the role (id) whose decision it awaits; it is not final meanwhile."""
    decided_by_role: str = ""
    """For a recommendation made final by its decision maker: the role (id) they decided as."""
    response: str = ""
    """For a recommendation made final by its decision maker: the path of their decision."""


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
    partners: tuple[FunderConfig, ...] = (),
    partner_share_pending: bool = False,
) -> Finality:
    """The finality of the decision file at `path` (relative to the panel root) on main.

    `chair` is the name of who chaired it (None: anyone who may chair); `meeting` its date, before
    which no approval counts; `partners` the partner funders whose agreement to their shares it needs,
    unless `partner_share_pending` (council share only).
    """
    if not history.changes(path):
        return Finality(False, reason="not on main yet")

    def may(person: Person) -> bool:
        return config.may_chair(person) and (chair is None or person.name == chair)

    found = record_approval(path, history, config, may, meeting)
    if found is None:
        return Finality(False, reason=_why_draft(config, chair))
    return _made_final(path, history, found, config, partners, meeting, partner_share_pending)


def _made_final(
    path: str,
    history: History,
    found: RecordApproval,
    config: PanelConfig,
    partners: tuple[FunderConfig, ...] = (),
    meeting: dt.date | None = None,
    partner_share_pending: bool = False,
) -> Finality:
    """Final by `found` (and each partner funder's agreement), with every change to the file after it."""
    name, commit, at = found.name, found.commit, found.at
    changes = history.changes(path)
    position = next((i for i, c in enumerate(changes) if c.commit == commit), None)
    later = changes[position + 1 :] if position is not None else [c for c in changes if c.at > at]
    amendments = tuple(Amendment(c.commit, c.at.strftime("%d %b %Y %H:%M"), c.author_email, c.subject) for c in later)
    agreed = partner_agreements(path, history, config, partners, meeting)
    missing = tuple(p for p in partners if agreed.get(p.id) is None)
    if missing and not partner_share_pending:
        return Finality(False, reason=_why_partners(config, missing), awaiting_partners=tuple(p.id for p in missing))
    agreements = tuple(
        (p.name, a.name, short_date(a.at.astimezone(LONDON).date())) for p in partners if (a := agreed.get(p.id))
    )
    pending = tuple(p.id for p in missing)
    return Finality(
        True,
        name,
        at.strftime("%d %b %Y %H:%M"),
        amendments,
        agreements=agreements,
        partner_pending=pending,
        moment=at,
    )


def _why_partners(config: PanelConfig, missing: tuple[FunderConfig, ...]) -> str:
    awaited = "; ".join(f"{p.name} (a holder of the role {config.role_name(p.agrees)})" for p in missing)
    return (
        f"the chair has approved it, but the agreement of {awaited} to its share is not recorded: they approve the "
        "decision (Approved-by), or the decision says partner_share_pending: true (council share only)"
    )


def shares(
    decision: Decision, referral_funding: Mapping[str, tuple[tuple[str, float], ...]]
) -> tuple[tuple[str, float], ...]:
    """How the decision's approved cost is split: its own `funding`, else the referral's (empty: no split)."""
    if decision.approved is None:
        return ()
    return decision.funding or referral_funding.get(decision.referral, ())


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
    referral_funding: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
    kinds: Mapping[str, str] | None = None,
    responses: Iterable[Response] = (),
    answers: Sequence[ForumAnswer] = (),
) -> dict[str, Finality]:
    """Each decision's finality by its path.

    `referral_funding` is each referral's requested split, and `kinds` its type, by id; `responses` the decision
    makers' decisions on the panel's recommendations (a recommendation is final only when one stands); `answers`
    the forums' answers (a decision on a case that returned from a forum is final only when the answer stands).
    """
    by_date = {m.date: m for m in meetings}
    funding = referral_funding or {}
    types = kinds or {}
    answered = [(r, response_finality(r, history, config)) for r in responses]
    forums = answers_finality(answers, history, config)
    listed = list(decisions)
    found: dict[str, Finality] = {}
    for decision in listed:
        if decision.outside:
            found[decision.path] = outside_finality(decision, history, config)
            continue
        meeting = by_date.get(decision.meeting)
        chair = decider(decision, meeting)
        stopped = barred(config, decision, meeting, chair, listed)
        if stopped is not None and _agreed_in_principle(config, decision, meeting, history, stopped):
            stopped = None
        found[decision.path] = stopped or recommendation(
            config,
            decision,
            types.get(decision.referral, ""),
            finality(
                decision.path,
                history,
                config,
                chair,
                decision.meeting,
                config.partners(shares(decision, funding)),
                decision.partner_share_pending,
            ),
            answered,
        )
        if not decision.forum and found[decision.path].final:
            found[decision.path] = _returned(config, decision, answers, forums, found[decision.path])
    return found


def _returned(
    config: PanelConfig,
    decision: Decision,
    answers: Sequence[ForumAnswer],
    forums: Mapping[str, Finality],
    panel: Finality,
) -> Finality:
    """A decision on a case that returned from a forum is final only once the forum's answer stands."""
    answer = returned_before(answers, decision.referral, None, decision.meeting)
    if answer is None:
        return panel
    standing = forums.get(answer.path)
    if standing is not None and standing.final:
        return panel
    forum = config.forum(answer.forum)
    name = forum.name if forum else answer.forum
    why = standing.reason if standing is not None else "not judged"
    return replace(panel, final=False, reason=f"the case returned from {name}, whose answer does not stand yet ({why})")


def answer_finality(answer: ForumAnswer, history: History, config: PanelConfig) -> Finality:
    """Whether a forum's answer stands: approved on main, on or after the day it was given, by the person it names,
    who holds the forum's `answered_by` role."""
    forum = config.forum(answer.forum)
    if forum is None:
        return Finality(False, reason=f"no forum {answer.forum} in panel.yml")
    role = config.role_name(forum.answered_by)
    if not history.changes(answer.path):
        return Finality(False, reason="not on main yet")

    def may(candidate: Person) -> bool:
        return candidate.name == answer.answered_by and forum.answered_by in candidate.roles

    found = record_approval(answer.path, history, config, may, answer.answered)
    if found is None:
        return Finality(False, reason=f"awaiting the approval of {answer.answered_by}, as {role} for {forum.name}")
    return _made_final(answer.path, history, found, config)


def answers_finality(answers: Iterable[ForumAnswer], history: History, config: PanelConfig) -> dict[str, Finality]:
    """Each forum answer's standing by its path."""
    return {a.path: answer_finality(a, history, config) for a in answers}


def recommendation(
    config: PanelConfig,
    decision: Decision,
    kind: str,
    panel: Finality,
    answered: Iterable[tuple[Response, Finality]],
) -> Finality:
    """The finality of a panel decision that may be a recommendation to a decision maker (`decision_maker_for`).

    A recommendation the chair approved is not final: it awaits the role. It becomes final when a decision maker's
    decision on it, made as that role, stands; it is final from then (its notice and case record count from then).
    """
    if not panel.final or decision.outside:
        return panel
    approved = decision.approved
    role = config.decision_maker_for(kind, *((approved.weekly, approved.total) if approved else (0.0, 0.0)))
    if not role:
        return panel
    path = decision.path
    answer = next((pair for pair in answered if pair[0].panel_decision == path and pair[0].role == role), None)
    if answer is None or not answer[1].final:
        name = config.role_name(role)
        why = answer[1].reason if answer is not None else "no decision of theirs is recorded"
        return replace(
            panel,
            final=False,
            awaiting_role=role,
            reason=f"a recommendation to the {name}, approved by the chair {panel.approved_by}: awaiting the "
            f"{name}'s decision ({why}; panel decide {decision.referral} --decision-maker)",
        )
    response, standing = answer
    return replace(
        panel,
        approved_by=standing.approved_by,
        approved_at=standing.approved_at,
        moment=standing.moment,
        decided_by_role=role,
        response=response.path,
    )


def funding_by_referral(referrals: Sequence[Referral]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each referral's requested split by id (for `decision_finality`)."""
    return {r.id: r.costs.funding for r in referrals if r.costs is not None and r.costs.funding}


def _agreed_in_principle(
    config: PanelConfig, decision: Decision, meeting: MeetingRecord | None, history: History, stopped: Finality
) -> bool:
    """True for a decision made in principle (a role marked in_principle absent) that a holder of each missing
    role has approved: the chair's approval then makes it final as usual."""
    if meeting is None or not stopped.provisional or stopped.confirmed_at is not None:
        return False
    confirmers = item_quorum(config, meeting, decision.referral).confirmers(config)
    return bool(confirmers) and all(
        role_approval(decision.path, history, config, roles, decision.meeting) is not None for roles in confirmers
    )


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
    then = f"; confirmed at the meeting of {long_date(later.meeting)}, whose decision counts instead" if later else ""
    wanted = "" if later else "; awaiting confirmation at a quorate meeting"
    confirmers = count.confirmers(config)
    if confirmers and not later:
        who = " and ".join(" or ".join(config.role_name(r) for r in choice) for choice in confirmers)
        wanted = f"; awaiting the approval of a holder of {who}, or confirmation at a quorate meeting"
    how = "decided in principle" if confirmers else "decided without a quorum"
    return Finality(
        False,
        reason=f"provisional: {how} ({count.shortfall(config)}){then}{wanted}",
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
    return _made_final(decision.path, history, found, config)


def is_final(decision: Decision | Response | ForumAnswer, standing: Mapping[str, Finality] | None) -> bool:
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
    return _made_final(response.path, history, found, config)


def responses_finality(responses: Iterable[Response], history: History, config: PanelConfig) -> dict[str, Finality]:
    """Each decision maker's decision's standing by its path."""
    return {r.path: response_finality(r, history, config) for r in responses}
