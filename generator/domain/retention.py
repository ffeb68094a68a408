"""The retention schedule applied to each child's records: when each record may be kept until, and who is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.domain.config.model import RetentionPeriod, RetentionSchedule
from generator.domain.decisions import Decision
from generator.domain.referrals import Referral


@dataclass(frozen=True)
class HeldRecord:
    """One record about a child and the day it may be removed (None: not yet known, e.g. no decision yet)."""

    path: str
    kind: str
    """'referral' or 'decision'."""
    due: dt.date | None
    reason: str


@dataclass(frozen=True)
class ChildRecords:
    """Everything held about one child (by case id), and when it all falls due."""

    case_id: str
    referrals: tuple[str, ...]
    records: tuple[HeldRecord, ...]

    @property
    def due(self) -> dt.date | None:
        """The day the last of the child's records falls due; None while any is kept without an end."""
        days = [r.due for r in self.records]
        return None if not days or any(d is None for d in days) else max(d for d in days if d is not None)

    def is_due(self, today: dt.date) -> bool:
        """True when every record about the child is past its retention period."""
        return self.due is not None and self.due <= today


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` `years` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _start(
    period: RetentionPeriod, birth: dt.date | None, meeting: dt.date, decided: dt.date | None
) -> tuple[dt.date | None, str]:
    if period.from_ == "date_of_birth":
        return birth, "the child's date of birth" if birth else "no date of birth"
    if period.from_ == "decision":
        return decided, "the latest decision" if decided else "no decision yet"
    return meeting, "the meeting"


def _held(path: str, kind: str, period: RetentionPeriod | None, start: tuple[dt.date | None, str]) -> HeldRecord:
    if period is None:
        return HeldRecord(path, kind, None, f"panel.yml sets no retention.{kind}s: kept until one is set")
    day, what = start
    if day is None:
        return HeldRecord(path, kind, None, f"{period.years} years from {period.from_.replace('_', ' ')}: {what}")
    return HeldRecord(path, kind, add_years(day, period.years), f"{period.years} years from {what} ({day})")


def children_records(
    schedule: RetentionSchedule, referrals: Sequence[Referral], decisions: Iterable[Decision]
) -> list[ChildRecords]:
    """Each child named in a referral, with every referral and decision about them and when each falls due."""
    by_referral: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_referral.setdefault(decision.referral, []).append(decision)
    found: dict[str, list[tuple[Referral, dt.date | None]]] = {}
    for referral in referrals:
        for child in referral.children:
            found.setdefault(child.case_id, []).append((referral, child.date_of_birth or child.expected_delivery))
    result = []
    for case_id, entries in sorted(found.items()):
        records: list[HeldRecord] = []
        for referral, birth in entries:
            own = sorted(by_referral.get(referral.id, []), key=lambda d: d.meeting)
            decided = own[-1].meeting if own else None
            start = _start(schedule.referrals, birth, referral.meeting, decided) if schedule.referrals else (None, "")
            records.append(_held(referral.path, "referral", schedule.referrals, start))
            for decision in own:
                period = schedule.decisions
                start = _start(period, birth, decision.meeting, decision.meeting) if period else (None, "")
                records.append(_held(decision.path, "decision", period, start))
        result.append(ChildRecords(case_id, tuple(r.id for r, _ in entries), tuple(records)))
    return result
