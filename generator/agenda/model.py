"""An agenda: the items of one meeting in order, with time slots, as stored in agenda.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ITEM_KINDS = ("declarations", "retrospective", "review", "deferred", "new", "late", "actions", "other")


@dataclass(frozen=True)
class AgendaItem:
    """One item of business: a referral to hear, or a standing item such as declarations."""

    number: int
    kind: str
    title: str
    start: dt.time
    minutes: int
    referral: str | None = None
    type: str | None = None
    case_ids: tuple[str, ...] = ()
    review_of: str | None = None
    """For reviews and deferred cases: the decision being revisited (meetings/<date>/decisions/<id>.md)."""
    note: str = ""


@dataclass
class Agenda:
    """The agenda of one meeting. Late referrals are listed apart for the chair to accept or defer."""

    meeting: dt.date
    start: dt.time
    end: dt.time
    items: list[AgendaItem] = field(default_factory=list)
    late: list[AgendaItem] = field(default_factory=list)
    generated: dt.datetime | None = None

    @property
    def referral_items(self) -> list[AgendaItem]:
        """Items that hear a referral, in agenda order."""
        return [i for i in self.items if i.referral]
