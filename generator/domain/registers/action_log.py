"""The action log: open, overdue and done actions from every decision, and the follow-up steps of their outcomes."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from generator.domain.config.model import FollowUp
from generator.domain.decisions import Action, Decision
from generator.domain.registers.base import PanelData, Register, Table, iso
from generator.domain.registers.follow_up import all_steps

COLUMNS = ("status", "due", "action", "owner", "referral", "meeting", "done")


class ActionStatus(enum.StrEnum):
    """Where an action stands on a day; the action log lists them in this order."""

    OVERDUE = "overdue"
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True)
class TrackedAction:
    """An action with the decision it came from and its status on a day."""

    action: Action
    decision: Decision
    status: ActionStatus
    step: FollowUp | None = None
    """For a follow-up step of the decision's outcome (panel.yml): the step; the action's owner is its role."""


def status_of(action: Action, today: dt.date) -> ActionStatus:
    """done, overdue or open."""
    if action.done:
        return ActionStatus.DONE
    return ActionStatus.OVERDUE if action.due < today else ActionStatus.OPEN


def tracked(data: PanelData) -> list[TrackedAction]:
    """Every action, overdue first, then by due date."""
    order = list(ActionStatus)
    found = [TrackedAction(a, d, status_of(a, data.today)) for d in data.final for a in d.actions]
    for step in all_steps(data):
        action = Action(step.follow_up.step, data.config.role_name(step.follow_up.by), step.due, step.done)
        found.append(TrackedAction(action, step.decision, status_of(action, data.today), step.follow_up))
    return sorted(found, key=lambda t: (order.index(t.status), t.action.due, t.decision.referral))


def open_actions(data: PanelData, before: dt.date) -> list[TrackedAction]:
    """Actions not done from meetings before `before`: carried into that meeting's agenda."""
    return [t for t in tracked(data) if t.status != ActionStatus.DONE and t.decision.meeting < before]


def build(data: PanelData) -> Register:
    """The action log."""
    rows = [
        (
            t.status,
            iso(t.action.due),
            t.action.action,
            t.action.owner,
            t.decision.referral,
            iso(t.decision.meeting),
            iso(t.action.done),
        )
        for t in tracked(data)
    ]
    return Register(
        "actions",
        "Action log",
        "Actions arising from decisions, and the follow-up steps their outcomes make due (owned by a role): "
        "overdue first, then open, then done.",
        Table("Actions", COLUMNS, rows),
    )
