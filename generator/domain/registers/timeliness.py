"""Timeliness: days from referral to decision, and referrals submitted after the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.domain import calendar
from generator.domain.notices import NoticeState
from generator.domain.referrals import Referral
from generator.domain.registers.base import Cell, PanelData, Register, Table, iso

COLUMNS = (
    "referral",
    "type",
    "submitted",
    "deadline",
    "late",
    "meeting",
    "decided",
    "days_to_decision",
    "final_at",
    "notice_due",
    "notice_sent",
    "notice_late",
    "case_record_due",
    "case_record_entered",
    "case_record_late",
)


@dataclass(frozen=True)
class Timing:
    """How long one referral took, and whether its decision was sent out and entered on the case record in time."""

    referral: Referral
    late: bool
    decided: dt.date | None
    days: int | None
    notice: NoticeState | None = None


def timings(data: PanelData) -> list[Timing]:
    """One timing per referral, in meeting order."""
    found = []
    for referral in sorted(data.referrals, key=lambda r: (r.meeting, r.id)):
        due = calendar.deadline_for(data.config, referral.meeting)
        late = referral.submitted is not None and due is not None and referral.submitted > due.date()
        decisions = data.decisions_by_referral.get(referral.id, [])
        final = next((d for d in decisions if not d.deferral_date), decisions[-1] if decisions else None)
        decided = final.meeting if final else None
        start = referral.submitted
        days = (decided - start).days if decided and start else None
        found.append(Timing(referral, late, decided, days, data.notices.get(final.path) if final else None))
    return found


def _moment(moment: dt.datetime | None) -> str:
    return moment.astimezone(calendar.LONDON).strftime("%Y-%m-%d %H:%M") if moment else ""


def _late(flag: bool, due: dt.datetime | None) -> str:
    return "" if due is None else "yes" if flag else "no"


def build(data: PanelData) -> Register:
    """The timeliness register, with the late count and median days."""
    rows = []
    all_timings = timings(data)
    now = dt.datetime.combine(data.today, dt.time(0), calendar.LONDON)  # what was overdue when the day began
    for t in all_timings:
        n = t.notice
        due = calendar.deadline_for(data.config, t.referral.meeting)
        deadline = due.date() if due else None
        rows.append(
            (
                t.referral.id,
                data.type_name(t.referral.type),
                iso(t.referral.submitted),
                iso(deadline),
                ("yes" if t.late else "no") if deadline else "",
                iso(t.referral.meeting),
                iso(t.decided),
                t.days,
                _moment(n.final_at) if n else "",
                _moment(n.notice_due) if n else "",
                _moment(n.notice_sent) if n else "",
                _late(n.notice_late(now), n.notice_due) if n else "",
                _moment(n.case_record_due) if n else "",
                iso(n.case_record_entered) if n else "",
                _late(n.case_record_late(now), n.case_record_due) if n else "",
            )
        )
    days = sorted(t.days for t in all_timings if t.days is not None)
    median = days[len(days) // 2] if days else None
    late = sum(1 for t in all_timings if t.late)
    notices = [t.notice for t in all_timings if t.notice is not None]
    summary: list[tuple[str, Cell]] = [("referrals", len(all_timings)), ("late", late), ("median days", median)]
    if data.config.notices is not None:
        summary.append(("decision notices late or overdue", sum(1 for n in notices if n.notice_late(now))))
    if data.config.case_record is not None:
        summary.append(("case record entries late or overdue", sum(1 for n in notices if n.case_record_late(now))))
    return Register(
        "timeliness",
        "Timeliness",
        "Days from referral to decision (a deferral waits for the final decision), late submissions, and whether "
        "each decision's notice was sent and it was entered on the case record in the time panel.yml allows.",
        Table("Referrals", COLUMNS, rows),
        (
            Table(
                "Summary",
                ("measure", "value"),
                summary,
            ),
        ),
    )
