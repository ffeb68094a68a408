"""When a decision notice and the case-record entry are due, and whether each was done in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.domain.calendar import LONDON, is_working_day
from generator.domain.config.model import PanelConfig, Within
from generator.domain.decisions.model import Decision
from generator.domain.notices.log import SentNotice
from generator.domain.signoff.finality import Finality


@dataclass(frozen=True)
class Recipient:
    """Someone a decision notice goes to: the referral's worker, or a manager who signed it off."""

    name: str
    email: str
    why: str
    """'worker' or the role they signed for, e.g. 'Team Manager'."""


def due_after(config: PanelConfig, moment: dt.datetime, within: Within) -> dt.datetime:
    """`moment` plus `within`: clock hours, or the same time that many working days later (Europe/London)."""
    local = moment.astimezone(LONDON)
    if within.hours:
        return (local.astimezone(dt.UTC) + dt.timedelta(hours=within.hours)).astimezone(LONDON)
    day, left = local.date(), within.working_days or 0
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(config, day):
            left -= 1
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), LONDON)


def notice_due(config: PanelConfig, standing: Finality | None) -> dt.datetime | None:
    """When the decision's notice is due: `notices.within` after it became final; None when not tracked."""
    if config.notices is None or standing is None or standing.moment is None:
        return None
    return due_after(config, standing.moment, config.notices.within)


def case_record_due(config: PanelConfig, standing: Finality | None) -> dt.datetime | None:
    """When the decision is due on the case record: `case_record.within` after it became final."""
    if config.case_record is None or standing is None or standing.moment is None:
        return None
    return due_after(config, standing.moment, config.case_record.within)


@dataclass(frozen=True)
class NoticeState:
    """A final decision's notice and case-record entry: when each was due and when it was done."""

    decision: Decision
    final_at: dt.datetime | None
    notice_due: dt.datetime | None
    notice_sent: dt.datetime | None
    """When the last message of its notice left (notices.yml; amended notices aside); None before any."""
    case_record_due: dt.datetime | None
    case_record_entered: dt.date | None

    def notice_late(self, now: dt.datetime) -> bool:
        """True when the notice was sent after it was due, or is still unsent and due has passed."""
        if self.notice_due is None:
            return False
        done = self.notice_sent
        return done > self.notice_due if done is not None else now > self.notice_due

    def notice_overdue(self, now: dt.datetime) -> bool:
        """True when no notice has been sent and it is past due."""
        return self.notice_due is not None and self.notice_sent is None and now > self.notice_due

    def case_record_late(self, now: dt.datetime) -> bool:
        """True when entered on a day after the due day, or not entered and the due time has passed."""
        if self.case_record_due is None:
            return False
        if self.case_record_entered is not None:
            return self.case_record_entered > self.case_record_due.date()
        return now > self.case_record_due

    def case_record_overdue(self, now: dt.datetime) -> bool:
        """True when not entered on the case record and past due."""
        return self.case_record_due is not None and self.case_record_entered is None and now > self.case_record_due


def notice_states(
    config: PanelConfig,
    decisions: Iterable[Decision],
    standing: Mapping[str, Finality] | None,
    sent: Iterable[SentNotice],
) -> list[NoticeState]:
    """The notice and case-record state of each final decision, in meeting then referral order."""
    last_sent: dict[str, dt.datetime] = {}
    for entry in sent:
        if entry.amends is not None:
            continue  # an amended notice tells of a later change; the timescale is the first notice's
        if entry.decision not in last_sent or entry.at > last_sent[entry.decision]:
            last_sent[entry.decision] = entry.at.astimezone(LONDON)
    found = []
    for decision in sorted(decisions, key=lambda d: (d.meeting, d.referral)):
        final = standing.get(decision.path) if standing is not None else None
        if final is None or not final.final:
            continue
        entered = decision.case_record.entered if decision.case_record else None
        found.append(
            NoticeState(
                decision,
                final.moment,
                notice_due(config, final),
                last_sent.get(decision.path),
                case_record_due(config, final),
                entered,
            )
        )
    return found
