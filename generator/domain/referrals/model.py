"""A referral as a typed content object, built only from front matter that passed the schema.

Its fields, and what a left-out field is, are declared once in the referral schema
(referrals/schema.py); these dataclasses give their types, and `shapes.Shape` builds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from generator.domain.meetingday import area_of
from generator.domain.schema_parts import funding_pairs, parse_moment
from generator.domain.shapes import at, converted, given
from generator.io.yamlsafe import SourceMap


def _moment_date(value: str) -> dt.date:
    return parse_moment(value)[0]


def _moment_time(value: str) -> dt.time | None:
    return parse_moment(value)[1]


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Child:
    """A child the referral is about."""

    name: str
    case_id: str
    ethnicity: str
    disability: str
    legal_status: str
    date_of_birth: dt.date | None
    expected_delivery: dt.date | None
    gender: str

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on `day`, None before birth."""
        return age_on(self.date_of_birth, day) if self.date_of_birth else None


@dataclass(frozen=True)
class FamilyMember:
    """A member of the child's family."""

    name: str
    relationship: str
    date_of_birth: dt.date | None


@dataclass(frozen=True)
class NetworkMember:
    """A member of the family's support network."""

    name: str
    role: str


@dataclass(frozen=True)
class CostLine:
    """One line of a request's cost: a service, an allowance, transport, contact …"""

    kind: str
    description: str
    weekly: float
    one_off: float
    rate: str
    explanation: str


@dataclass(frozen=True)
class Costs:
    """What the request costs."""

    weekly: float
    weeks: int
    total: float
    start: dt.date
    one_off: float
    budget_line: str
    provider: str
    funding: tuple[tuple[str, float], ...] = field(metadata=converted(funding_pairs))
    lines: tuple[CostLine, ...] = ()

    @property
    def expected_total(self) -> float:
        """weekly × weeks + one-off."""
        return round(self.weekly * self.weeks + self.one_off, 2)

    @property
    def end(self) -> dt.date:
        """The last day covered by the requested weeks."""
        return self.start + dt.timedelta(weeks=self.weeks) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Scaling:
    """One person's Signs of Safety scaling."""

    person: str
    role: str
    score: int
    reason: str


@dataclass(frozen=True)
class Attachment:
    """A document attached to the referral: submissions/<id>/<file>."""

    file: str
    title: str
    kind: str
    dated: dt.date | None


@dataclass(frozen=True)
class AttachedDocument:
    """A document that passed every check (panel check's): its entry in the front matter, bytes and pages."""

    attachment: Attachment
    data: bytes = field(repr=False)
    format: str
    """PDF, PNG or JPEG."""
    pages: int


@dataclass(frozen=True)
class Section:
    """A section of the referral body."""

    id: str
    heading: str
    line: int
    text: str


@dataclass(frozen=True)
class PathStep:
    """An earlier panel's hearing of the case before it was handed on: who, which referral, when, what outcome."""

    name: str
    referral: str
    meeting: dt.date
    outcome: str


@dataclass(frozen=True)
class ReferredFrom:
    """Where a referral came from: a linked panel's decision that handed the case on (front matter referred_from)."""

    panel: str
    """The linked panel's id in this panel's linked_panels."""
    name: str
    referral: str
    meeting: dt.date
    outcome: str
    summary: str
    earlier: tuple[PathStep, ...]
    """The case's path before that panel, oldest first."""

    @property
    def steps(self) -> tuple[PathStep, ...]:
        """Every hearing before this referral, oldest first."""
        return (*self.earlier, PathStep(self.name, self.referral, self.meeting, self.outcome))


@dataclass
class Referral:
    """A request to the panel, read from `submissions/<id>.md`."""

    UNMODELLED: ClassVar[frozenset[str]] = frozenset(
        {
            "family_network_meeting.date",
            "family_network_meeting.explanation",
            "safety_plan.explanation",
            "withdrawn.reason",
            "case",
            "area",
        }
    )
    """Schema fields read from `data` where needed, not modelled (the area is the meeting's: see `area`)."""

    id: str
    type: str
    meeting: dt.date
    path: str = field(metadata=given())
    worker_name: str = field(metadata=at("worker.name"))
    worker_team: str = field(metadata=at("worker.team"))
    worker_email: str = field(metadata=at("worker.email"))
    children: tuple[Child, ...]
    family: tuple[FamilyMember, ...]
    network: tuple[NetworkMember, ...]
    family_network_meeting_held: bool = field(metadata=at("family_network_meeting.held"))
    safety_plan_in_place: bool = field(metadata=at("safety_plan.in_place"))
    costs: Costs | None
    retrospective_started: dt.date | None = field(metadata=at("retrospective.started", _moment_date))
    retrospective_started_time: dt.time | None = field(metadata=at("retrospective.started", _moment_time))
    retrospective_reason: str = field(metadata=at("retrospective.reason"))
    emergency: bool
    assessment_completed: dt.date | None = field(metadata=at("assessment.completed"))
    genogram_on_file: bool = field(metadata=at("assessment.genogram_on_file"))
    scaling: tuple[Scaling, ...]
    attachments: tuple[Attachment, ...]
    title: str
    submitted: dt.date | None
    review_of: str | None
    withdrawn: dt.date | None = field(metadata=at("withdrawn.date"))
    referred_from: ReferredFrom | None = None
    """The linked panel's decision that handed the case to this panel (None: referred here first)."""
    body: str = ""
    sections: dict[str, Section] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def area(self) -> str:
        """The id of the area whose meeting hears it ('' in a panel without areas): its meeting day's."""
        return area_of(self.meeting)

    @property
    def funding(self) -> tuple[tuple[str, float], ...]:
        """The requested split between funders (empty: no costs, or no split given)."""
        return self.costs.funding if self.costs is not None else ()

    @property
    def case_ids(self) -> tuple[str, ...]:
        """The case-system ids of the children."""
        return tuple(c.case_id for c in self.children)

    def without_source_map(self) -> Referral:
        """A copy that remembers only where its id, meeting and attachments are (what rules across files point at).

        Cheap to send between processes and to cache; every reader returns it, so results never depend on how
        (in how many processes, or from the cache) the referrals were read.
        """
        slim = SourceMap()
        paths: list[tuple[str | int, ...]] = [("id",), ("meeting",), ("referred_from", "panel")]
        paths += [("attachments", i, "file") for i in range(len(self.attachments))]
        for path in paths:
            slim.values[path] = self.source.mark(path)
        copy = object.__new__(type(self))  # dataclasses.replace would run __init__ again, field by field
        copy.__dict__.update(self.__dict__)
        copy.source = slim
        return copy
