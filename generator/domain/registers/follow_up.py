"""Follow-up steps: what each decision's outcome makes due after it (panel.yml `outcomes[].follow_up`).

Each final decision whose outcome lists follow-up steps gets each step with a due date: `within`
working days (the panel's calendar: weekends, bank holidays and closures skipped), days or weeks
of `from` — the meeting's day, or the day the decision became final (its day where finality is not
judged). A step is done when the decision records it (`follow_up: [{step, done}]`); until then it is
open, and overdue after its due date. The action log carries them beside the decisions' own actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.domain import calendar
from generator.domain.config.model import FollowUp, PanelConfig, Period, StepStart
from generator.domain.decisions import Decision
from generator.domain.registers.base import PanelData
from generator.io.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Step:
    """One follow-up step of one decision: when it is due, and when it was done."""

    decision: Decision
    follow_up: FollowUp
    start: dt.date
    due: dt.date
    done: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        """True when not done and its due date has passed."""
        return self.done is None and self.due < today


def due_after(config: PanelConfig, start: dt.date, period: Period) -> dt.date:
    """The day `period` after `start`: N working days on (the panel's calendar), N days or N weeks."""
    if period.working_days:
        day, left = start, period.working_days
        while left:
            day += dt.timedelta(days=1)
            if calendar.is_working_day(config, day):
                left -= 1
        return day
    return start + dt.timedelta(days=period.days or 7 * (period.weeks or 0))


def start_of(data: PanelData, decision: Decision, follow_up: FollowUp) -> dt.date:
    """The day a step's time counts from: the meeting's, or the day the decision became final."""
    if follow_up.from_ == StepStart.DECISION:
        finality = data.finality(decision)
        if finality is not None and finality.moment is not None:
            return finality.moment.astimezone(calendar.LONDON).date()
    return decision.meeting


def steps_of(data: PanelData, decision: Decision) -> list[Step]:
    """The follow-up steps a decision's outcome makes due, in panel.yml's order."""
    found = []
    for follow_up in data.config.follow_up_steps(decision.outcome):
        start = start_of(data, decision, follow_up)
        due = due_after(data.config, start, follow_up.within)
        found.append(Step(decision, follow_up, start, due, decision.step_done(follow_up.id)))
    return found


def all_steps(data: PanelData) -> list[Step]:
    """Every final decision's follow-up steps."""
    return [step for decision in data.final for step in steps_of(data, decision)]


def overdue_warnings(data: PanelData) -> list[Diagnostic]:
    """One `panel check` warning per follow-up step past its due date and not recorded as done."""
    found = []
    for step in all_steps(data):
        if not step.overdue(data.today):
            continue
        decision, follow_up = step.decision, step.follow_up
        mark = decision.source.mark(("outcome",))
        found.append(
            Diagnostic(
                decision.path,
                mark.line,
                mark.column,
                "follow-up-overdue",
                f"{decision.referral}: '{follow_up.step}' ({data.config.role_name(follow_up.by)}) was due by "
                f"{step.due} ({follow_up.describe()}) and is not recorded as done",
                Severity.WARNING,
                f"when it is done, add to this decision: follow_up: [{{step: {follow_up.id}, done: YYYY-MM-DD}}]",
            )
        )
    return found
