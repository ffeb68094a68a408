"""A referral as a typed content object, built only from front matter that passed the schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from generator.domain.schema_parts import parse_moment
from generator.io.yamlsafe import SourceMap


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


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
    date_of_birth: dt.date | None = None
    expected_delivery: dt.date | None = None
    gender: str = ""

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on `day`, None before birth."""
        return age_on(self.date_of_birth, day) if self.date_of_birth else None


@dataclass(frozen=True)
class FamilyMember:
    """A member of the child's family."""

    name: str
    relationship: str
    date_of_birth: dt.date | None = None


@dataclass(frozen=True)
class NetworkMember:
    """A member of the family's support network."""

    name: str
    role: str


@dataclass(frozen=True)
class Costs:
    """What the request costs."""

    weekly: float
    weeks: int
    total: float
    start: dt.date
    one_off: float = 0.0
    budget_line: str = ""
    provider: str = ""
    funding: tuple[tuple[str, float], ...] = ()

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
class Section:
    """A section of the referral body."""

    id: str
    heading: str
    line: int
    text: str


@dataclass
class Referral:
    """A request to the panel, read from `submissions/<id>.md`."""

    id: str
    type: str
    meeting: dt.date
    path: str
    worker_name: str
    worker_team: str
    worker_email: str
    children: tuple[Child, ...]
    family: tuple[FamilyMember, ...] = ()
    network: tuple[NetworkMember, ...] = ()
    family_network_meeting_held: bool = False
    safety_plan_in_place: bool = False
    costs: Costs | None = None
    retrospective_started: dt.date | None = None
    retrospective_started_time: dt.time | None = None
    retrospective_reason: str = ""
    emergency: bool = False
    assessment_completed: dt.date | None = None
    scaling: tuple[Scaling, ...] = ()
    title: str = ""
    submitted: dt.date | None = None
    review_of: str | None = None
    withdrawn: dt.date | None = None
    body: str = ""
    sections: dict[str, Section] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def case_ids(self) -> tuple[str, ...]:
        """The case-system ids of the children."""
        return tuple(c.case_id for c in self.children)

    def without_source_map(self) -> Referral:
        """A copy that remembers only where its id is: cheap to send between processes."""
        slim = SourceMap()
        slim.values[("id",)] = self.source.mark(("id",))
        return replace(self, source=slim)

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str, source: SourceMap) -> Referral:
        """Build from schema-valid front matter."""
        worker = data["worker"]
        costs = data.get("costs")
        retro = data.get("retrospective") or {}
        started = parse_moment(retro["started"]) if retro.get("started") else (None, None)
        withdrawn = data.get("withdrawn") or {}
        return cls(
            id=data["id"],
            type=data["type"],
            meeting=dt.date.fromisoformat(data["meeting"]),
            path=path,
            worker_name=worker["name"],
            worker_team=worker["team"],
            worker_email=worker["email"],
            children=tuple(
                Child(
                    name=c["name"],
                    case_id=c["case_id"],
                    ethnicity=c["ethnicity"],
                    disability=c["disability"],
                    legal_status=c["legal_status"],
                    date_of_birth=_date(c.get("date_of_birth")),
                    expected_delivery=_date(c.get("expected_delivery")),
                    gender=c.get("gender", ""),
                )
                for c in data["children"]
            ),
            family=tuple(
                FamilyMember(f["name"], f["relationship"], _date(f.get("date_of_birth")))
                for f in data.get("family", [])
            ),
            network=tuple(NetworkMember(n["name"], n["role"]) for n in data.get("network", [])),
            family_network_meeting_held=data["family_network_meeting"]["held"],
            safety_plan_in_place=data["safety_plan"]["in_place"],
            costs=Costs(
                weekly=float(costs["weekly"]),
                weeks=int(costs["weeks"]),
                total=float(costs["total"]),
                start=dt.date.fromisoformat(costs["start"]),
                one_off=float(costs.get("one_off", 0)),
                budget_line=costs.get("budget_line", ""),
                provider=costs.get("provider", ""),
                funding=tuple((f["source"], float(f["share"])) for f in costs.get("funding", [])),
            )
            if costs
            else None,
            retrospective_started=started[0],
            retrospective_started_time=started[1],
            retrospective_reason=retro.get("reason", ""),
            emergency=bool(data.get("emergency", False)),
            assessment_completed=_date((data.get("assessment") or {}).get("completed")),
            scaling=tuple(Scaling(s["person"], s["role"], s["score"], s["reason"]) for s in data.get("scaling", [])),
            title=data.get("title", ""),
            submitted=_date(data.get("submitted")),
            review_of=data.get("review_of"),
            withdrawn=_date(withdrawn.get("date")),
            data=data,
            source=source,
        )
