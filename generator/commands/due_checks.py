"""`panel check`: deadlines counted forward from events (`calendar.due_after`) that are overdue, as warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.domain.config.model import PanelConfig
from generator.domain.formatting import long_date, short_date
from generator.domain.history import HistoryUnavailable
from generator.domain.referrals import Referral
from generator.domain.signoff.due_after import HEARD, DueState, DueStep
from generator.io.diagnostics import Diagnostic, Severity


def overdue_diagnostics(
    root: Path, config: PanelConfig, referrals: Sequence[Referral], today: dt.date
) -> list[Diagnostic]:
    """A warning for each open referral's deadline counted from an event that is overdue, or that the meeting it
    asks for will miss; nothing without a full history (nothing is proved then: panel status says how to fetch it)."""
    if not config.calendar.due_after:
        return []
    # Imported here: a panel without deadlines counted from events does not pay for loading the status code.
    from generator.commands.history import read_history
    from generator.commands.status import statuses

    try:
        history = read_history(root, config)
        rows = statuses(list(referrals), history, config, root, None, today)
    except HistoryUnavailable:
        return []
    found = []
    for referral, status in rows:
        for step in status.due_steps:
            missed = _missed(step, today)
            if not missed:
                continue
            mark = referral.source.mark(("meeting",) if step.rule.by == HEARD else ("id",))
            found.append(
                Diagnostic(referral.path, mark.line, mark.column, "due-overdue", missed, Severity.WARNING, _hint(step))
            )
    return found


def _missed(step: DueStep, today: dt.date) -> str:
    """What is wrong with `step` on `today` ('' when nothing is)."""
    if step.due is None or step.started is None:
        return ""
    rule = f"({step.rule.within.describe()} after {step.after_words} on {short_date(step.started)})"
    if step.state is DueState.OVERDUE:
        return f"{step.rule.what} was due by {long_date(step.due)} {rule} and is not done"
    if step.state is DueState.LATE and step.done is not None and step.done > today:
        meeting = long_date(step.done)
        return f"{step.rule.what} is due by {long_date(step.due)} {rule}, but the meeting asked for is {meeting}"
    return ""


def _hint(step: DueStep) -> str:
    """How to meet it, naming the rule."""
    source = f"(panel.yml calendar.due_after '{step.rule.id}')"
    if step.rule.by == HEARD:
        return f"ask for a meeting on or before {long_date(step.due)} (meeting:), or ask the chair {source}"
    return f"it is met by {step.rule.by} {source}; ask whoever does it, or the chair"
