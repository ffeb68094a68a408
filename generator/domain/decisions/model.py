"""Meeting records and decision records as typed content objects, built from schema-valid front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.io.yamlsafe import SourceMap


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


@dataclass(frozen=True)
class Declaration:
    """A member's declared interest in an item; they take no part in it."""

    member: str
    item: str
    nature: str


@dataclass
class MeetingRecord:
    """Who met, who declared what, and the minutes: meetings/<date>/meeting.md."""

    date: dt.date
    path: str
    chair: str
    present: tuple[str, ...]
    apologies: tuple[str, ...] = ()
    in_attendance: tuple[str, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    minutes: str = ""
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    def conflicted(self, item: str) -> tuple[str, ...]:
        """Members who declared an interest in `item` (a referral id)."""
        return tuple(d.member for d in self.declarations if d.item == item)

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str, source: SourceMap, minutes: str) -> MeetingRecord:
        """Build from schema-valid front matter."""
        return cls(
            date=dt.date.fromisoformat(data["meeting"]),
            path=path,
            chair=data["chair"],
            present=tuple(data["present"]),
            apologies=tuple(data.get("apologies", [])),
            in_attendance=tuple(data.get("in_attendance", [])),
            declarations=tuple(Declaration(d["member"], d["item"], d["nature"]) for d in data.get("declarations", [])),
            minutes=minutes,
            source=source,
        )


@dataclass(frozen=True)
class Approved:
    """The resource the panel approved, and what it costs."""

    resource: str
    weekly: float
    total: float
    start: dt.date
    end: dt.date
    one_off: float = 0.0
    budget_line: str = ""
    over_request: str = ""

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
    done: dt.date | None = None


@dataclass(frozen=True)
class UnmetNeed:
    """A gap in provision recorded for the sufficiency strategy."""

    category: str
    note: str = ""


@dataclass
class Decision:
    """What the panel decided on one referral: meetings/<date>/decisions/<referral-id>.md."""

    referral: str
    meeting: dt.date
    outcome: str
    path: str
    rationale: str = ""
    agreed: tuple[str, ...] = ()
    chair: str = ""
    approved: Approved | None = None
    conditions: tuple[str, ...] = ()
    review_date: dt.date | None = None
    review_every_weeks: int | None = None
    chair_satisfied: bool = False
    """The chair is satisfied: reviews under the type's until_chair_satisfied rule stop."""
    deferral_date: dt.date | None = None
    deferral_reason: str = ""
    alternative: str = ""
    return_date: dt.date | None = None
    referred_to: str = ""
    actions: tuple[Action, ...] = ()
    unmet_need: UnmetNeed | None = None
    notes: str = ""
    funding: tuple[tuple[str, float], ...] = ()
    """(funder, percentage) as agreed for the approval; empty: the referral's split."""
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def next_review(self) -> dt.date | None:
        """When the decision itself says the case must come back: the review or return date, else one
        review period on (the type's review rule applies where it says nothing: registers.reviews.next_review)."""
        if self.review_date or self.return_date:
            return min(d for d in (self.review_date, self.return_date) if d)
        if self.review_every_weeks:
            return self.meeting + dt.timedelta(weeks=self.review_every_weeks)
        return None

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str, source: SourceMap, notes: str) -> Decision:
        """Build from schema-valid front matter."""
        approved = data.get("approved")
        need = data.get("unmet_need")
        return cls(
            referral=data["referral"],
            meeting=dt.date.fromisoformat(data["meeting"]),
            outcome=data["outcome"],
            path=path,
            rationale=data.get("rationale", ""),
            agreed=tuple(data.get("agreed", [])),
            chair=data.get("chair", ""),
            approved=Approved(
                resource=approved["resource"],
                weekly=float(approved["weekly"]),
                total=float(approved["total"]),
                start=dt.date.fromisoformat(approved["start"]),
                end=dt.date.fromisoformat(approved["end"]),
                one_off=float(approved.get("one_off", 0)),
                budget_line=approved.get("budget_line", ""),
                over_request=approved.get("over_request", ""),
            )
            if approved
            else None,
            conditions=tuple(data.get("conditions", [])),
            review_date=_date(data.get("review_date")),
            review_every_weeks=data.get("review_every_weeks"),
            chair_satisfied=bool(data.get("chair_satisfied", False)),
            deferral_date=_date(data.get("deferral_date")),
            deferral_reason=data.get("deferral_reason", ""),
            alternative=data.get("alternative", ""),
            return_date=_date(data.get("return_date")),
            referred_to=data.get("referred_to", ""),
            actions=tuple(
                Action(a["action"], a["owner"], dt.date.fromisoformat(a["due"]), _date(a.get("done")))
                for a in data.get("actions", [])
            ),
            unmet_need=UnmetNeed(need["category"], need.get("note", "")) if need else None,
            funding=tuple((f["source"], float(f["share"])) for f in approved.get("funding", ())) if approved else (),
            notes=notes,
            data=data,
            source=source,
        )
