"""Assembling a meeting's agenda from referral statuses and earlier decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..calendar import Meeting
from ..config.model import DEFAULT_SLOT_MINUTES, PanelConfig
from ..referrals import Referral
from ..registers.base import PanelData
from ..signoff import ReferralStatus
from .due import Returning, actions_note, as_at, carried_actions, returning
from .model import Agenda, AgendaItem


@dataclass(frozen=True)
class Business:
    """An item before it has a number and a time."""

    kind: str
    title: str
    minutes: int
    referral: str | None = None
    type: str | None = None
    case_ids: tuple[str, ...] = ()
    review_of: str | None = None
    note: str = ""


@dataclass
class AgendaPlan:
    """The agenda and what the co-ordinator should know about it."""

    agenda: Agenda
    not_ready: list[tuple[Referral, ReferralStatus]] = field(default_factory=list)
    overrun_minutes: int = 0


def _slot(config: PanelConfig, type_id: str | None) -> int:
    kind = config.referral_type(type_id) if type_id else None
    return kind.slot_minutes if kind else DEFAULT_SLOT_MINUTES


def _title(config: PanelConfig, referral: Referral) -> str:
    kind = config.referral_type(referral.type)
    name = kind.name if kind else referral.type
    return f"{referral.id} {name}: {referral.title}" if referral.title else f"{referral.id} {name}"


def _from_referral(config: PanelConfig, referral: Referral, kind: str, note: str = "") -> Business:
    return Business(
        kind,
        _title(config, referral),
        _slot(config, referral.type),
        referral.id,
        referral.type,
        referral.case_ids,
        referral.review_of,
        note,
    )


def _from_decision(config: PanelConfig, due: Returning, known: dict[str, Referral]) -> Business:
    decision = due.review.decision
    referral = known.get(decision.referral)
    decided = f" (decided {decision.meeting.isoformat()})"
    words = "Deferred" if due.kind == "deferred" else "Review"
    if referral is not None:
        title = f"{words}: {_title(config, referral)}{decided}"
        return Business(
            due.kind,
            title,
            _slot(config, referral.type),
            referral.id,
            referral.type,
            referral.case_ids,
            decision.path,
            due.note,
        )
    title = f"{words}: {decision.referral}{decided}"
    return Business(due.kind, title, DEFAULT_SLOT_MINUTES, decision.referral, None, (), decision.path, due.note)


def _standing(config: PanelConfig, data: PanelData, meeting: dt.date) -> list[Business]:
    """Declarations of interest, then actions still open from earlier meetings."""
    standing: list[Business] = []
    if config.agenda.declarations_first:
        standing.append(Business("declarations", "Declarations of interest", config.agenda.declarations_minutes))
    actions = carried_actions(data, meeting)
    if actions:
        title = f"Open actions from earlier meetings ({len(actions)})"
        standing.append(Business("actions", title, config.agenda.actions_minutes, note=actions_note(actions, meeting)))
    return standing


def build_agenda(
    config: PanelConfig,
    meeting: Meeting,
    rows: list[tuple[Referral, ReferralStatus]],
    data: PanelData,
    previous: dt.date | None,
    now: dt.datetime,
) -> AgendaPlan:
    """The agenda of `meeting` from its referrals' statuses, and the decisions (`data`) of earlier meetings.

    Reviews and deferrals falling due since `previous` join their groups, as do reviews overdue since
    before it (noted so); actions still open from earlier meetings make one item after declarations.
    """
    groups: dict[str, list[Business]] = {"retrospective": [], "review": [], "deferred": [], "new": [], "late": []}
    plan = AgendaPlan(Agenda(meeting.date, meeting.start.time(), meeting.end.time()))
    listed: set[str] = set()
    for referral, status in sorted(rows, key=lambda pair: pair[0].id):
        if referral.meeting != meeting.date:
            continue
        if status.state == "late":
            note = (
                f"signed off {status.signed_off_at:%a %d %b %H:%M}, after the deadline" if status.signed_off_at else ""
            )
            groups["late"].append(_from_referral(config, referral, "late", note))
        elif status.state == "ready":
            kind = "retrospective" if referral.retrospective_started else "review" if referral.review_of else "new"
            groups[kind].append(_from_referral(config, referral, kind))
        elif status.state in ("draft", "awaiting"):
            plan.not_ready.append((referral, status))
            continue
        else:
            continue
        listed.add(referral.id)
        if referral.review_of:
            listed.add(referral.review_of)
    known = data.referral_by_id
    before = as_at(data, meeting.date)
    for due in returning(before, previous, meeting.date):
        if due.review.decision.referral not in listed:
            groups[due.kind].append(_from_decision(config, due, known))
            listed.add(due.review.decision.referral)
    groups["retrospective"].sort(key=lambda b: b.referral or "")
    business = _standing(config, before, meeting.date)
    for group in config.agenda.order:
        if group != "late":
            business += groups[group]
    for group in ("retrospective", "review", "deferred", "new"):
        if group not in config.agenda.order:
            business += groups[group]
    _schedule(plan, business, groups["late"], config.agenda.break_minutes, meeting)
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
                )
            )
            clock += dt.timedelta(minutes=item.minutes + gap)
        if target is plan.agenda.items:
            finish = clock - dt.timedelta(minutes=gap if items else 0)
            end = meeting.end.replace(tzinfo=None)
            plan.overrun_minutes = max(0, int((finish - end).total_seconds() // 60))
