"""Timeliness: days from referral to decision, and referrals submitted after the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.domain import calendar
from generator.domain.referrals import Referral
from generator.domain.registers.base import PanelData, Register, Table, iso

COLUMNS = ("referral", "type", "submitted", "deadline", "late", "meeting", "decided", "days_to_decision")


@dataclass(frozen=True)
class Timing:
    """How long one referral took."""

    referral: Referral
    late: bool
    decided: dt.date | None
    days: int | None


def timings(data: PanelData) -> list[Timing]:
    """One timing per referral, in meeting order."""
    found = []
    for referral in sorted(data.referrals, key=lambda r: (r.meeting, r.id)):
        deadline = calendar.deadline_for(data.config, referral.meeting).date()
        late = referral.submitted is not None and referral.submitted > deadline
        decisions = data.decisions_by_referral.get(referral.id, [])
        final = next((d for d in decisions if not d.deferral_date), decisions[-1] if decisions else None)
        decided = final.meeting if final else None
        start = referral.submitted
        days = (decided - start).days if decided and start else None
        found.append(Timing(referral, late, decided, days))
    return found


def build(data: PanelData) -> Register:
    """The timeliness register, with the late count and median days."""
    rows = []
    all_timings = timings(data)
    for t in all_timings:
        deadline = calendar.deadline_for(data.config, t.referral.meeting).date()
        rows.append(
            (
                t.referral.id,
                data.type_name(t.referral.type),
                iso(t.referral.submitted),
                iso(deadline),
                "yes" if t.late else "no",
                iso(t.referral.meeting),
                iso(t.decided),
                t.days,
            )
        )
    days = sorted(t.days for t in all_timings if t.days is not None)
    median = days[len(days) // 2] if days else None
    late = sum(1 for t in all_timings if t.late)
    return Register(
        "timeliness",
        "Timeliness",
        "Days from referral to decision (a deferral waits for the final decision), and late submissions.",
        Table("Referrals", COLUMNS, rows),
        (
            Table(
                "Summary",
                ("measure", "value"),
                [("referrals", len(all_timings)), ("late", late), ("median days", median)],
            ),
        ),
    )
