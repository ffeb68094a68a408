"""An agenda: the items of one meeting in order, with time slots, as stored in agenda.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.domain.config.model import ItemKind
from generator.domain.schema_parts import parse_meeting_id
from generator.domain.shapes import converted
from generator.io.yamlsafe import SourceMap


@dataclass(frozen=True)
class CarriedAction:
    """An action from an earlier decision, still open when the agenda was written."""

    referral: str
    meeting: dt.date = field(metadata=converted(parse_meeting_id))
    action: str
    owner: str
    due: dt.date


@dataclass(frozen=True)
class ChairAcceptance:
    """The chair's recorded acceptance of an item that no longer passes the check or lost its sign-off."""

    by: str
    """The chair's email, as in panel.yml."""
    reason: str


@dataclass(frozen=True)
class AgendaItem:
    """One item of business: a referral to hear, or a standing item such as declarations."""

    number: int
    kind: ItemKind
    title: str
    start: dt.time
    minutes: int
    referral: str | None = None
    type: str | None = None
    case_ids: tuple[str, ...] = ()
    review_of: str | None = None
    """For reviews and deferred cases: the path of the decision being revisited, always
    meetings/<date>/decisions/<id>.md (see generator.domain.decisions.earlier)."""
    note: str = ""
    actions: tuple[CarriedAction, ...] = ()
    """For the open-actions item: the actions it lists."""
    chair_accepted: ChairAcceptance | None = None


@dataclass
class Agenda:
    """The agenda of one meeting. Late referrals are listed apart for the chair to accept or defer."""

    meeting: dt.date = field(metadata=converted(parse_meeting_id))
    start: dt.time
    end: dt.time
    items: list[AgendaItem] = field(default_factory=list)
    late: list[AgendaItem] = field(default_factory=list)
    generated: dt.datetime | None = None
    source: SourceMap = field(default_factory=SourceMap, repr=False, compare=False)
    """Where each value is in agenda.md (empty for an agenda not read from a file)."""

    @property
    def referral_items(self) -> list[AgendaItem]:
        """Items that hear a referral, in agenda order."""
        return [i for i in self.items if i.referral]
