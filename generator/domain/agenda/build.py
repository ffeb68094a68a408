"""Assembling a meeting's agenda from referral statuses and earlier decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from generator.domain.agenda.due import Returning, actions_note, as_at, carried_actions, returning
from generator.domain.agenda.model import Agenda, AgendaItem, CarriedAction
from generator.domain.calendar import Meeting
from generator.domain.config.model import REFERRAL_GROUPS, ItemKind, PanelConfig
from generator.domain.config.schema import DEFAULT_SLOT_MINUTES
from generator.domain.decisions import Decision
from generator.domain.decisions.earlier import latest_before
from generator.domain.decisions.outside import screens
from generator.domain.formatting import long_date, short_date
from generator.domain.forums import ForumAnswer, awaiting_return
from generator.domain.meetingday import meeting_day
from generator.domain.reconsideration import Reconsideration
from generator.domain.referrals import Referral
from generator.domain.referrals.due import due_note
from generator.domain.registers.base import PanelData
from generator.domain.registers.ratification import Unratified, unratified
from generator.domain.signoff import SIGNED_OFF, ReferralStatus, State
from generator.domain.signoff.due_after import DueState

"""States in which a referral has every sign-off its chain needs."""


@dataclass(frozen=True)
class Business:
    """An item before it has a number and a time."""

    kind: ItemKind
    title: str
    minutes: int
    referral: str | None = None
    type: str | None = None
    case_ids: tuple[str, ...] = ()
    review_of: str | None = None
    note: str = ""
    actions: tuple[CarriedAction, ...] = ()


@dataclass
class AgendaPlan:
    """The agenda and what the co-ordinator should know about it."""

    agenda: Agenda
    not_ready: list[tuple[Referral, ReferralStatus]] = field(default_factory=list)
    failing: list[tuple[Referral, str]] = field(default_factory=list)
    """Signed off, or nearly, but failing `panel check`: (referral, the first problem)."""
    carried: list[Referral] = field(default_factory=list)
    """Signed off for an earlier meeting that passed without a decision on them."""
    overrun_minutes: int = 0
    screened: list[tuple[Referral, Decision]] = field(default_factory=list)
    """Screened out before the meeting by a pre-meeting filter (a final decision under a route that `screens`)."""

    @property
    def held_back(self) -> list[tuple[str, str]]:
        """Every referral for the meeting left off the agenda, with the reason, by id."""
        found = [(r.id, f"fails panel check: {problem}") for r, problem in self.failing]
        found += [(r.id, s.label) for r, s in self.not_ready]
        found += [(r.id, screened_words(d)) for r, d in self.screened]
        return sorted(found)


def screened_words(decision: Decision) -> str:
    """'screened out on 30 Nov 2026 by Marcus Haworth: <reason>'."""
    reason = " ".join(decision.rationale.split()) if decision.rationale else ""
    return f"screened out on {short_date(decision.meeting)} by {decision.chair}" + (f": {reason}" if reason else "")


def _slot(config: PanelConfig, type_id: str | None) -> int:
    kind = config.referral_type(type_id) if type_id else None
    return kind.slot_minutes if kind else DEFAULT_SLOT_MINUTES


def _title(config: PanelConfig, referral: Referral) -> str:
    kind = config.referral_type(referral.type)
    name = kind.name if kind else referral.type
    return f"{referral.id} {name}: {referral.title}" if referral.title else f"{referral.id} {name}"


def _from_referral(
    config: PanelConfig, referral: Referral, kind: ItemKind, data: PanelData, meeting: dt.date, note: str = ""
) -> Business:
    reviewed = None
    due = due_note(config, referral.type, referral.data, meeting)
    if due:
        note = f"{note}; {due}" if note else due
    if referral.review_of:
        earlier = latest_before(data.final, referral.review_of, meeting)
        if earlier is None:
            missing = f"reviews {referral.review_of}, but no final decision on it is recorded before this meeting"
            note = f"{note}; {missing}" if note else missing
        else:
            reviewed = earlier.path
    return Business(
        kind,
        _title(config, referral),
        _slot(config, referral.type),
        referral.id,
        referral.type,
        referral.case_ids,
        reviewed,
        note,
    )


def _back(
    config: PanelConfig,
    kind: ItemKind,
    label: str,
    referral_id: str,
    known: dict[str, Referral],
    record: str,
    note: str,
    after: str = "",
) -> Business:
    """An item that brings a referral back with a record (`review_of`), titled "<label>: <the referral><after>":
    the referral's title, slot, type and cases where it is known; its id and the default slot where it is not."""
    referral = known.get(referral_id)
    if referral is None:
        return Business(
            kind, f"{label}: {referral_id}{after}", DEFAULT_SLOT_MINUTES, referral_id, None, (), record, note
        )
    return Business(
        kind,
        f"{label}: {_title(config, referral)}{after}",
        _slot(config, referral.type),
        referral.id,
        referral.type,
        referral.case_ids,
        record,
        note,
    )


def _from_decision(config: PanelConfig, due: Returning, known: dict[str, Referral]) -> Business:
    decision = due.review.decision
    words = "Deferred" if due.kind == ItemKind.DEFERRED else "Review"
    decided = f" (decided {short_date(decision.meeting)})"
    return _back(config, due.kind, words, decision.referral, known, decision.path, due.note, decided)


def _ratification(config: PanelConfig, waiting: Unratified, known: dict[str, Referral]) -> Business:
    """A decision made outside a meeting, put to this meeting for ratification."""
    decision = waiting.decision
    route = config.outside_route(decision.route)
    when = decision.decided_at.strftime("%a %d %b %H:%M") if decision.decided_at else short_date(decision.meeting)
    how = f"decided {when} by {decision.chair}" + (f" ({route.name})" if route else "")
    until = f"stands until {long_date(waiting.until)}" if waiting.until else ""
    note = "; ".join(n for n in (how, until) if n)
    return _back(config, ItemKind.RATIFICATION, "Ratification", decision.referral, known, decision.path, note)


def _confirming(config: PanelConfig, decision: Decision, known: dict[str, Referral]) -> Business:
    """A provisional decision (made without a quorum), put to this meeting to be confirmed (a decision that
    `confirms` it)."""
    note = (
        f"provisional: decided without a quorum on {long_date(decision.meeting)}; a decision at a quorate meeting "
        f"confirms it (confirms: {decision.meeting.isoformat()})"
    )
    after = f" (decided without a quorum {short_date(decision.meeting)})"
    return _back(config, ItemKind.REVIEW, "Confirmation", decision.referral, known, decision.path, note, after)


def _day(text: str) -> str:
    """An ISO date as the pack writes dates; anything else as it is."""
    day = meeting_day(text)
    return short_date(day) if day is not None else text


def _reconsidering(config: PanelConfig, request: Reconsideration, known: dict[str, Referral]) -> Business:
    """A request to reconsider a decision, heard like a review: the referral with the decision it questions."""
    decided = f" (decided {_day(request.decision.split('/')[1])})"
    note = f"reconsideration requested by {request.by} on {short_date(request.requested)}: {request.grounds}"
    return _back(config, ItemKind.REVIEW, "Reconsideration", request.referral, known, request.decision, note, decided)


def _returned(config: PanelConfig, answer: ForumAnswer, known: dict[str, Referral]) -> Business:
    """A case the panel referred to a forum, back on the forum's answer: heard like a review of the referral."""
    forum = config.forum(answer.forum)
    name = forum.name if forum else answer.forum
    note = (
        f"returned from {name}: answered {short_date(answer.answered)} by {answer.answered_by}: {answer.answer}; "
        f"referred to it on {short_date(answer.meeting)}"
    )
    return _back(config, ItemKind.REVIEW, f"Returned from {name}", answer.referral, known, answer.decision, note)


def _standing(config: PanelConfig, data: PanelData, meeting: dt.date) -> list[Business]:
    """Declarations of interest, then actions still open from earlier meetings."""
    standing: list[Business] = []
    if config.agenda.declarations_first:
        standing.append(Business(ItemKind.DECLARATIONS, "Declarations of interest", config.agenda.declarations_minutes))
    actions = carried_actions(data, meeting)
    if actions:
        title = f"Open actions from earlier meetings ({len(actions)})"
        listed = tuple(
            CarriedAction(t.decision.referral, t.decision.meeting, t.action.action, t.action.owner, t.action.due)
            for t in actions
        )
        note = actions_note(actions, meeting)
        standing.append(Business(ItemKind.ACTIONS, title, config.agenda.actions_minutes, note=note, actions=listed))
    return standing


def _carried_from(referral: Referral, meeting: dt.date, today: dt.date) -> bool:
    """Signed off for an earlier meeting that has passed, and no decision recorded: it comes to this one."""
    return referral.meeting < meeting and referral.meeting < today


def build_agenda(
    config: PanelConfig,
    meeting: Meeting,
    rows: list[tuple[Referral, ReferralStatus]],
    data: PanelData,
    previous: dt.date | None,
    now: dt.datetime,
    failing: Mapping[str, str] | None = None,
) -> AgendaPlan:
    """The agenda of `meeting` from its referrals' statuses, and the decisions (`data`) of earlier meetings.

    Only referrals that pass the check (`failing` maps a referral's path to its first problem) and are
    signed off go on; the rest are held back with the reason. Referrals signed off for an earlier
    meeting that passed with no decision on them are carried to this one (`rows` should then hold
    every open referral). Reviews and deferrals falling due since `previous` join their groups, as do
    reviews overdue since before it (noted so); actions still open from earlier meetings make one item
    after declarations.
    """
    failing = failing or {}
    groups: dict[ItemKind, list[Business]] = {group: [] for group in REFERRAL_GROUPS}
    plan = AgendaPlan(Agenda(meeting.date, meeting.start.time(), meeting.end.time()))
    listed: set[str] = set()
    recorded = {d.referral for d in data.decisions}
    before = as_at(data, meeting.date)
    for waiting in unratified(before, before=meeting.date):
        groups[ItemKind.RATIFICATION].append(_ratification(config, waiting, data.referral_by_id))
        listed.add(waiting.decision.referral)
    for decision in sorted(before.pending, key=lambda d: (d.meeting, d.referral)):
        standing = before.finality(decision)
        if standing is None or not standing.provisional or decision.referral in listed:
            continue
        if standing.confirmed_at is not None and standing.confirmed_at < meeting.date:
            continue  # confirmed at an earlier quorate meeting
        groups[ItemKind.REVIEW].append(_confirming(config, decision, data.referral_by_id))
        listed.add(decision.referral)
    screened = {d.referral: d for d in data.final if screens(config, d) and d.meeting <= meeting.date}
    for referral_id, decision in sorted(screened.items()):
        screened_referral = data.referral_by_id.get(referral_id)
        if screened_referral is not None and screened_referral.meeting == meeting.date:
            plan.screened.append((screened_referral, decision))
    for referral, status in sorted(rows, key=lambda pair: pair[0].id):
        if referral.id in listed:
            continue  # heard as the ratification of the decision made on it outside a meeting, or its confirmation
        if referral.id in screened:
            continue  # screened out before the meeting: listed below, not heard
        carried = (
            status.state in SIGNED_OFF
            and referral.id not in recorded
            and _carried_from(referral, meeting.date, data.today)
        )
        if referral.meeting != meeting.date and not carried:
            continue
        if referral.path in failing and status.state in (*SIGNED_OFF, State.DRAFT, State.AWAITING):
            also = "" if status.state in SIGNED_OFF else f"; not signed off either: {status.label}"
            plan.failing.append((referral, failing[referral.path] + also))
            continue
        note = f"carried from {long_date(referral.meeting)}: signed off, but no decision recorded" if carried else ""
        # Deadlines counted from events that are not met: the chair sees them beside the item (calendar.due_after).
        unmet = [step.describe() for step in status.due_steps if step.due and step.state is not DueState.MET]
        note = "; ".join(filter(None, [note, *unmet]))
        if carried:
            plan.carried.append(referral)
        if status.state is State.LATE and not carried:
            missed = "signed after the deadline: " + "; ".join(late.describe(config) for late in status.late_stages)
            note = "; ".join(filter(None, [missed, note]))
            groups[ItemKind.LATE].append(_from_referral(config, referral, ItemKind.LATE, data, meeting.date, note))
        elif status.state in SIGNED_OFF:
            kind = (
                ItemKind.RETROSPECTIVE
                if referral.retrospective_started
                else ItemKind.REVIEW
                if referral.review_of
                else ItemKind.NEW
            )
            groups[kind].append(_from_referral(config, referral, kind, data, meeting.date, note))
        elif status.state in (State.DRAFT, State.AWAITING):
            plan.not_ready.append((referral, status))
            continue
        else:
            continue
        listed.add(referral.id)
        if referral.review_of:
            listed.add(referral.review_of)
    known = data.referral_by_id
    for due in returning(before, previous, meeting.date):
        if due.review.decision.referral not in listed:
            groups[due.kind].append(_from_decision(config, due, known))
            listed.add(due.review.decision.referral)
    for request in data.open_reconsiderations:
        if request.at_meeting and request.requested < meeting.date and request.referral not in listed:
            groups[ItemKind.REVIEW].append(_reconsidering(config, request, known))
            listed.add(request.referral)
    stands = {a.path: data.answer_stands(a) for a in data.forum_answers}
    for answer in awaiting_return(data.forum_answers, data.decisions, stands, meeting.date):
        if answer.referral not in listed:
            groups[ItemKind.REVIEW].append(_returned(config, answer, known))
            listed.add(answer.referral)
    groups[ItemKind.RETROSPECTIVE].sort(key=lambda b: b.referral or "")
    business = _standing(config, before, meeting.date)
    for group in config.agenda.order:
        if group != ItemKind.LATE:
            business += groups[group]
    for group in REFERRAL_GROUPS:
        if group not in config.agenda.order and group != ItemKind.LATE:
            business += groups[group]
    _schedule(plan, business, groups[ItemKind.LATE], config.agenda.break_minutes, meeting)
    plan.agenda.generated = now
    return plan


def _schedule(plan: AgendaPlan, business: list[Business], late: list[Business], gap: int, meeting: Meeting) -> None:
    clock = meeting.start.replace(tzinfo=None)
    number = 0
    for target, items in ((plan.agenda.items, business), (plan.agenda.late, late)):
        for item in items:
            number += 1
            target.append(
                AgendaItem(
                    number,
                    item.kind,
                    item.title,
                    clock.time(),
                    item.minutes,
                    item.referral,
                    item.type,
                    item.case_ids,
                    item.review_of,
                    item.note,
                    item.actions,
                )
            )
            clock += dt.timedelta(minutes=item.minutes + gap)
        if target is plan.agenda.items:
            finish = clock - dt.timedelta(minutes=gap if items else 0)
            end = meeting.end.replace(tzinfo=None)
            plan.overrun_minutes = max(0, int((finish - end).total_seconds() // 60))


def supplement(existing: Agenda, fresh: Agenda, gap: int, now: dt.datetime) -> tuple[Agenda, list[AgendaItem]]:
    """`existing` with the referral items of `fresh` that it lacks appended; nothing is dropped or renumbered.

    New items are numbered after every existing one and timed from the end of the last; returns the
    supplemented agenda and the items added.
    """
    present = {i.referral for i in (*existing.items, *existing.late) if i.referral}
    number = max((i.number for i in (*existing.items, *existing.late)), default=0)
    ends = [dt.datetime.combine(existing.meeting, i.start) + dt.timedelta(minutes=i.minutes) for i in existing.items]
    clock = max(ends, default=dt.datetime.combine(existing.meeting, existing.start))
    if ends:
        clock += dt.timedelta(minutes=gap)
    stamp = f"added by the supplementary agenda of {long_date(now.date())}"
    added: list[AgendaItem] = []
    items, late = list(existing.items), list(existing.late)
    for target, candidates in ((items, fresh.items), (late, fresh.late)):
        for item in candidates:
            if not item.referral or item.referral in present:
                continue
            number += 1
            note = f"{item.note}; {stamp}" if item.note else stamp
            new = replace(item, number=number, start=clock.time(), note=note)
            target.append(new)
            added.append(new)
            present.add(item.referral)
            if target is items:
                clock += dt.timedelta(minutes=item.minutes + gap)
    return replace(existing, items=items, late=late, generated=now), added
