"""What earlier decisions bring to a meeting: reviews and deferrals falling due, overdue reviews, open actions.

Derived from the registers (generator.domain.registers.reviews and action_log), so the agenda, the review
tracker, the action log and `panel check`'s overdue warnings share one reading of the decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.domain.config.model import ItemKind
from generator.domain.registers.action_log import TrackedAction, open_actions
from generator.domain.registers.base import PanelData
from generator.domain.registers.reviews import Review, ReviewReason, ReviewStatus, overdue, reviews

ACTION_TEXT_CHARS = 60
"""How much of an action's wording the agenda note keeps."""


@dataclass(frozen=True)
class Returning:
    """A decision that brings its referral back to a meeting."""

    review: Review
    kind: ItemKind
    """review or deferred: the agenda group it joins."""
    overdue: bool = False
    """Due before the previous meeting and not back since."""

    @property
    def note(self) -> str:
        """What the chair should know about it."""
        parts = [self.review.standing] if self.review.standing else []
        if self.overdue:
            risk = f": {self.review.at_risk}" if self.review.at_risk else ""
            parts.insert(0, f"overdue since {self.review.due.isoformat()}{risk}")
        return "; ".join(parts)


def as_at(data: PanelData, meeting: dt.date) -> PanelData:
    """The records as they stood before `meeting`: decisions and meeting records from earlier meetings only."""
    return PanelData(
        data.config,
        data.referrals,
        [m for m in data.meetings if m.date < meeting],
        [d for d in data.decisions if d.meeting < meeting],
        meeting,
        standing=data.standing,
        responses=[r for r in data.responses if r.meeting < meeting],
        response_standing=data.response_standing,
    )


def _kind(review: Review) -> ItemKind:
    return ItemKind.DEFERRED if review.reason == ReviewReason.DEFERRED else ItemKind.REVIEW


def returning(data: PanelData, previous: dt.date | None, meeting: dt.date) -> list[Returning]:
    """Reviews falling due after `previous` up to `meeting`, then those overdue since before it; by due date.

    `data` should be `as_at(data, meeting)`, so that "overdue" and "came back" are judged on the meeting's day.
    """
    found = [
        Returning(r, _kind(r))
        for r in reviews(data)
        if r.status != ReviewStatus.DONE and r.due <= meeting and (previous is None or r.due > previous)
    ]
    if previous is not None:
        found += [Returning(r, _kind(r), overdue=True) for r in overdue(data) if r.due <= previous]
    return sorted(found, key=lambda x: (x.review.due, x.review.decision.referral, x.review.decision.meeting))


def carried_actions(data: PanelData, meeting: dt.date) -> list[TrackedAction]:
    """Actions from earlier meetings not yet done, by due date."""
    return sorted(open_actions(data, meeting), key=lambda t: (t.action.due, t.decision.referral))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ACTION_TEXT_CHARS else text[: ACTION_TEXT_CHARS - 1].rstrip() + "…"


def actions_note(actions: Sequence[TrackedAction], meeting: dt.date) -> str:
    """One line per action, e.g. "R-0003: Refer to outreach (Priya Shah, due 2026-11-30, overdue)"."""
    lines = []
    for tracked in actions:
        action = tracked.action
        late = ", overdue" if action.due < meeting else ""
        lines.append(
            f"{tracked.decision.referral}: {_short(action.action)} ({action.owner}, due {action.due.isoformat()}{late})"
        )
    return "; ".join(lines)
