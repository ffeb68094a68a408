"""Meeting records and decision records as typed content objects, built from schema-valid front matter.

Their fields, and what a left-out field is, are declared once in decisions/schema.py; these
dataclasses give their types, and `shapes.Shape` builds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from generator.domain.schema_parts import funding_pairs
from generator.domain.shapes import at, given
from generator.io.yamlsafe import SourceMap


@dataclass(frozen=True)
class Declaration:
    """A member's declared interest in an item; they take no part in it."""

    member: str
    item: str
    nature: str


@dataclass(frozen=True)
class Substitute:
    """Someone standing in for an absent member (`for`) or for a role (`role`) at one meeting."""

    name: str
    for_: str = field(metadata=at("for"))
    """The member (by name, as in panel.yml people) they stand in for ('' when standing in for a role)."""
    role: str
    """The role (id) they stand in for ('' when standing in for a member)."""


@dataclass
class MeetingRecord:
    """Who met, who declared what, and the minutes: meetings/<date>/meeting.md."""

    date: dt.date = field(metadata=at("meeting"))
    path: str = field(metadata=given())
    chair: str
    present: tuple[str, ...]
    apologies: tuple[str, ...]
    in_attendance: tuple[str, ...]
    substitutes: tuple[Substitute, ...]
    """People standing in for absent members or for roles: counted as those members or roles."""
    declarations: tuple[Declaration, ...]
    minutes_by: str
    """Who took the minutes (empty: not recorded)."""
    minutes: str = field(metadata=given())
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def attending(self) -> tuple[str, ...]:
        """Everyone taking part: the chair, members present and substitutes, each once."""
        return tuple(dict.fromkeys(n for n in (self.chair, *self.present, *(s.name for s in self.substitutes)) if n))

    def conflicted(self, item: str) -> tuple[str, ...]:
        """Members who declared an interest in `item` (a referral id)."""
        return tuple(d.member for d in self.declarations if d.item == item)


@dataclass(frozen=True)
class Approved:
    """The resource the panel approved, and what it costs."""

    UNMODELLED: ClassVar[frozenset[str]] = frozenset({"funding"})
    """The agreed split is the decision's `funding`."""

    resource: str
    weekly: float
    total: float
    start: dt.date
    end: dt.date
    one_off: float
    budget_line: str
    over_request: str

    @property
    def weeks(self) -> float:
        """Length in weeks (end inclusive)."""
        return ((self.end - self.start).days + 1) / 7


@dataclass(frozen=True)
class Action:
    """Something someone must do after the meeting."""

    action: str
    owner: str
    due: dt.date
    done: dt.date | None


@dataclass(frozen=True)
class StepDone:
    """A follow-up step of the decision's outcome (panel.yml outcomes[].follow_up) recorded as done."""

    step: str
    done: dt.date


@dataclass(frozen=True)
class UnmetNeed:
    """A gap in provision recorded for the sufficiency strategy."""

    category: str
    note: str


@dataclass(frozen=True)
class CaseRecordEntry:
    """Who entered a decision on the child's case record, and when."""

    by: str
    entered: dt.date


@dataclass
class Decision:
    """What the panel decided on one referral: meetings/<date>/decisions/<referral-id>.md."""

    referral: str
    meeting: dt.date
    outcome: str
    path: str = field(metadata=given())
    rationale: str
    agreed: tuple[str, ...]
    chair: str
    minutes_by: str
    """Who minuted this item, where not the meeting's minute-taker."""
    approved: Approved | None
    conditions: tuple[str, ...]
    partner_share_pending: bool
    """Council share only: the decision stands while a partner's agreement to its share is still awaited."""
    review_date: dt.date | None
    review_every_weeks: int | None
    chair_satisfied: bool
    """The chair is satisfied: reviews under the type's until_chair_satisfied rule stop."""
    deferral_date: dt.date | None
    deferral_reason: str
    alternative: str
    return_date: dt.date | None
    referred_to: str
    forum: str
    """The multi-agency forum (panel.yml forums) this decision refers the case to ('' when none)."""
    actions: tuple[Action, ...]
    follow_up: tuple[StepDone, ...]
    """The outcome's follow-up steps recorded as done."""
    unmet_need: UnmetNeed | None
    case_outcomes: tuple[str, ...]
    """At review, what happened for the child: ids of panel.yml `case_outcomes`."""
    case_record: CaseRecordEntry | None
    confirms: dt.date | None
    """The meeting whose provisional (inquorate) decision on this referral this one confirms."""
    notes: str = field(metadata=given())
    funding: tuple[tuple[str, float], ...] = field(metadata=at("approved.funding", funding_pairs))
    """(funder, percentage) as agreed for the approval; empty: the referral's split."""
    ratifies: str
    """The decision made outside a meeting that this one ratifies (its path), if any."""
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    source: SourceMap = field(default_factory=SourceMap, repr=False)
    route: str = ""
    """For a decision made outside a meeting: the route (panel.yml outside_meetings) it was made under."""
    decided_at: dt.datetime | None = None
    """For a decision made outside a meeting: when (Europe/London); `meeting` is its day."""
    escalated_because: str = ""
    """For a decision made outside a meeting in office hours by a later role of its route: why earlier ones did not."""

    def step_done(self, step_id: str) -> dt.date | None:
        """When the follow-up step `step_id` was recorded as done (None: not yet)."""
        return next((s.done for s in self.follow_up if s.step == step_id), None)

    @property
    def outside(self) -> bool:
        """True for a decision made outside a meeting (meetings/outside/)."""
        return bool(self.route)

    @property
    def ratifies_day(self) -> dt.date | None:
        """The day of the decision made outside a meeting that this one ratifies (its file is named <date>-<id>.md)."""
        try:
            return dt.date.fromisoformat(self.ratifies.rpartition("/")[2][:10]) if self.ratifies else None
        except ValueError:
            return None

    @property
    def next_review(self) -> dt.date | None:
        """When the decision itself says the case must come back: the review or return date, else one
        review period on (the type's review rule applies where it says nothing: registers.reviews.next_review)."""
        if self.review_date or self.return_date:
            return min(d for d in (self.review_date, self.return_date) if d)
        if self.review_every_weeks:
            return self.meeting + dt.timedelta(weeks=self.review_every_weeks)
        return None


@dataclass
class Response:
    """A decision maker's decision on the panel's recommendation: meetings/<date>/decision-maker/<referral-id>.md."""

    referral: str
    meeting: dt.date
    role: str
    decided_by: str
    decision: str
    """agree, vary or refuse."""
    approved: Approved | None
    conditions: tuple[str, ...]
    rationale: str
    path: str = field(metadata=given())
    notes: str = field(metadata=given())
    funding: tuple[tuple[str, float], ...] = field(metadata=at("approved.funding", funding_pairs))
    """(funder, percentage) of a varied approval; empty: as recommended."""
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def panel_decision(self) -> str:
        """The path of the panel's decision this answers."""
        return f"meetings/{self.meeting}/decisions/{self.referral}.md"
