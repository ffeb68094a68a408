"""Deadlines counted forward from an event in a referral's history (`calendar.due_after`).

E.g. "booked within 5 working days of the manager's sign-off": the rule's `after` event starts the count, its
`within` says how long (working days by the panel's calendar, or calendar days), and its `by` event meets it.
The dates are what the program can prove: a sign-off's is the approval that counts (signoff/approval.py, through
the referral's status), submission the first commit of the sign-off branch that had the referral, a decision the
date of the final decision's meeting (or of a decision outside a meeting), and `heard` the meeting the referral
asks for (known once it is written, so a meeting after the due date shows as late before it is held).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from generator.domain.calendar import forward
from generator.domain.config.model import DueAfter, PanelConfig
from generator.domain.formatting import short_date

SUBMITTED = "submitted"
HEARD = "heard"
DECISION = "decision"
SIGNOFF = "signoff:"


class DueState(enum.StrEnum):
    """Where a deadline counted from an event stands; prints as its value."""

    WAITING = "waiting"
    """Its `after` event has not happened yet."""
    OPEN = "open"
    OVERDUE = "overdue"
    MET = "met"
    LATE = "late"
    """Done, after the due date."""


@dataclass(frozen=True)
class DueStep:
    """One rule of `calendar.due_after` judged for one referral."""

    rule: DueAfter
    started: dt.date | None
    """The date of its `after` event (None: not yet)."""
    due: dt.date | None
    done: dt.date | None
    """The date of its `by` event (None: not yet)."""
    state: DueState
    after_words: str
    """Its `after` event in words, e.g. "the Service Manager's sign-off"."""

    def describe(self) -> str:
        """E.g. 'Booked on to a panel: due 14 Dec 2026 (10 working days after the Service Manager's sign-off on
        30 Nov 2026): overdue'."""
        since = f" on {short_date(self.started)}" if self.started else ""
        when = f"due {short_date(self.due)}" if self.due else "not yet due"
        done = f", done {short_date(self.done)}" if self.done and self.state in (DueState.MET, DueState.LATE) else ""
        return (
            f"{self.rule.what}: {when} ({self.rule.within.describe()} after {self.after_words}"
            f"{since}){done}: {self.state.value}"
        )


def event_words(config: PanelConfig, event: str) -> str:
    """'submission', 'the meeting', 'the decision' or "the Team Manager's sign-off"."""
    if event.startswith(SIGNOFF):
        return f"the {config.role_name(event.removeprefix(SIGNOFF))}'s sign-off"
    return {SUBMITTED: "submission", HEARD: "the meeting", DECISION: "the decision"}.get(event, event)


def due_steps(config: PanelConfig, type_id: str, dates: Mapping[str, dt.date], today: dt.date) -> tuple[DueStep, ...]:
    """Each rule of `calendar.due_after` that covers a referral of this type, judged on `today` from the dates of
    its events (`signoff.status.event_dates`)."""
    rules = [rule for rule in config.calendar.due_after if rule.covers(type_id)]
    if not rules:
        return ()
    found = []
    for rule in rules:
        started = dates.get(rule.after)
        if started is not None and started > today:
            started = None  # a meeting still to come has not happened
        due = forward(config, started, rule.within.working_days, rule.within.days) if started else None
        done = dates.get(rule.by)
        if done is not None and rule.by != HEARD and done > today:
            done = None
        if due is None:
            state = DueState.WAITING
        elif done is not None:
            state = DueState.MET if done <= due else DueState.LATE
        else:
            state = DueState.OVERDUE if today > due else DueState.OPEN
        found.append(DueStep(rule, started, due, done, state, event_words(config, rule.after)))
    return tuple(found)
