"""The panel's terms of reference as typed objects: the types of what config/schema.py declares.

The fields, their defaults and their documentation are declared once, in the JSON Schema
(`config/schema.py`); these dataclasses add each field's Python type and the methods that read
them, and are built from validated data by `generator.domain.shapes.Shape` (see config/loader.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import ClassVar

from generator.domain.conditions import Condition, parse, parse_optional, period_of
from generator.domain.conditions import Period as DatePeriod
from generator.domain.shapes import at, converted
from generator.io import documents
from generator.io.yamlsafe import SourceMap

TO_BE_CONFIRMED = "to be confirmed"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""An id used in files: lower case, digits, hyphens."""
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_number(name: str) -> int:
    """0 for monday … 6 for sunday."""
    return WEEKDAY_NAMES.index(name)


def role_alternatives(entries: list[str | list[str]]) -> tuple[tuple[str, ...], ...]:
    """`quorum_roles` as alternatives: 'finance-officer' is (finance-officer,); [chair, vice-chair] stays a choice."""
    return tuple((entry,) if isinstance(entry, str) else tuple(entry) for entry in entries)


@lru_cache(maxsize=4096)
def email_key(email: str, plus_addressing: bool = True) -> str:
    """`email` case-folded with white space removed; with `plus_addressing`, `name+tag@x` becomes `name@x`."""
    text = "".join(email.split()).casefold()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if plus_addressing:
        local = local.split("+", 1)[0]
    return f"{local}@{domain}"


@dataclass(frozen=True)
class Named:
    """A catalogue entry: the id files use and the name people read."""

    id: str
    name: str


@dataclass(frozen=True)
class Role(Named):
    """A role someone can hold: whether its holders vote, and the organisation they come from."""

    voting: bool
    """False: its holders attend and advise but are not counted towards the quorum's number of members."""
    organisation: str
    """The organisation (an id of panel.yml `organisations`) its holders come from ('' when not said)."""
    in_principle: bool
    """When quorum_roles needs this role and no holder is there, the panel decides in principle: final once a
    holder approves the decision (or a quorate meeting confirms it)."""


@dataclass(frozen=True)
class TimeRule:
    """When something is due relative to a meeting (exactly one of the offsets is set)."""

    time: dt.time
    working_days_before: int | None
    calendar_days_before: int | None
    weekday_before: int | None = field(metadata=converted(weekday_number))
    on_the_day: bool
    words: str
    """The council's own words for it ('Tuesday lunchtime'), shown with the clock time used."""

    def describe(self) -> str:
        """Plain words, e.g. '3 working days before, by 17:00', or 'Monday afternoon (Monday before, by 14:00)'."""
        at = self.time.strftime("%H:%M")
        if self.working_days_before:
            rule = f"{self.working_days_before} working days before, by {at}"
        elif self.calendar_days_before:
            rule = f"{self.calendar_days_before} days before, by {at}"
        elif self.weekday_before is not None:
            rule = f"{WEEKDAY_NAMES[self.weekday_before].title()} before, by {at}"
        else:
            rule = f"on the day, by {at}"
        return f"{self.words} ({rule})" if self.words else rule


@dataclass(frozen=True)
class DueWithin:
    """How long after its event a deadline counted forward falls: working days or calendar days."""

    working_days: int | None
    days: int | None

    def describe(self) -> str:
        """'5 working days' or '10 days'."""
        if self.working_days:
            return f"{self.working_days} working day{'s' if self.working_days != 1 else ''}"
        return f"{self.days} day{'s' if self.days != 1 else ''}"


@dataclass(frozen=True)
class DueAfter:
    """A deadline counted forward from an event (`calendar.due_after`): `what` is due `within` of `after`."""

    id: str
    what: str
    after: str
    """submitted, heard, decision or signoff:<role>."""
    by: str
    """The event that meets it (the same kinds)."""
    within: DueWithin
    types: tuple[str, ...] | None

    def covers(self, type_id: str) -> bool:
        """True when the rule applies to referrals of this type."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class Stage(TimeRule):
    """One stage of a staged deadline: the sign-off of `roles` is due by this stage's time."""

    id: str
    name: str
    roles: tuple[str, ...]


class Every(enum.StrEnum):
    """How often the panel meets: `calendar.cadence.every`."""

    WEEK = "week"
    FORTNIGHT = "fortnight"
    MONTH = "month"
    PER_CASE = "per-case"


class Region(enum.StrEnum):
    """The named regions `panel.holidays` accepts besides a country code (GB-WLS, IM, JE …)."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


REGION_CODES = {Region.ENGLAND_AND_WALES: "GB-ENG", Region.SCOTLAND: "GB-SCT", Region.NORTHERN_IRELAND: "GB-NIR"}
"""The `holidays` country and subdivision each named region stands for."""


def holiday_calendar(holidays: str) -> tuple[str, str | None]:
    """The `holidays` package's country and subdivision for `panel.holidays` ('scotland', 'GB-WLS', 'IM')."""
    code = REGION_CODES.get(Region(holidays), holidays) if holidays in set(Region) else holidays
    country, _, subdiv = code.partition("-")
    return country, subdiv or None


class BankHolidayMeeting(enum.StrEnum):
    """What happens to a meeting that falls on a bank holiday or closure day: `calendar.on_bank_holiday`."""

    SKIP = "skip"
    NEXT = "next-working-day"
    PREVIOUS = "previous-working-day"
    KEEP = "keep"


class ItemKind(enum.StrEnum):
    """A kind of agenda business: the referral groups `agenda.order` arranges, and the standing items."""

    DECLARATIONS = "declarations"
    RATIFICATION = "ratification"
    RETROSPECTIVE = "retrospective"
    REVIEW = "review"
    DEFERRED = "deferred"
    NEW = "new"
    LATE = "late"
    ACTIONS = "actions"
    OTHER = "other"


REFERRAL_GROUPS = (
    ItemKind.RATIFICATION,
    ItemKind.RETROSPECTIVE,
    ItemKind.REVIEW,
    ItemKind.DEFERRED,
    ItemKind.NEW,
    ItemKind.LATE,
)
"""The agenda groups referrals are heard in, in the default order."""


class Requirement(enum.StrEnum):
    """What a decision with a given outcome must state: an outcome's `requires` (a decision field)."""

    REVIEW_DATE = "review_date"
    DEFERRAL_DATE = "deferral_date"
    DEFERRAL_REASON = "deferral_reason"
    ALTERNATIVE = "alternative"
    RETURN_DATE = "return_date"
    REFERRED_TO = "referred_to"
    RATIONALE = "rationale"
    CONDITIONS = "conditions"


class Aim(enum.StrEnum):
    """Whether the panel aims for fewer or more of a case outcome: `case_outcomes[].aim`."""

    FEWER = "fewer"
    MORE = "more"


PROTECTED_CHARACTERISTICS = ("age", "gender", "ethnicity", "disability")
"""The characteristics of the children referred a panel may monitor: `protected_characteristics`."""


@dataclass(frozen=True)
class StandingReview:
    """A category of approved cases reviewed every N months with no new referral: `standing_reviews`."""

    id: str
    name: str
    types: tuple[str, ...] | None
    weekly_over: float | None
    every_months: int

    def covers(self, type_id: str, weekly: float) -> bool:
        """True for an approval of this type (or any, when no types are given) over the weekly amount."""
        return (self.types is None or type_id in self.types) and (self.weekly_over is None or weekly > self.weekly_over)


@dataclass(frozen=True)
class CaseOutcome:
    """An outcome measure recorded at review: what happened for the child."""

    id: str
    name: str
    aim: Aim | None


class Basis(enum.StrEnum):
    """What a spending threshold limits: `thresholds[].basis`."""

    TOTAL = "total"
    WEEKLY = "weekly"


class ThresholdAction(enum.StrEnum):
    """What crossing a spending threshold triggers: `thresholds[].action`."""

    PANEL_REQUIRED = "panel-required"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class Cadence:
    """The regular pattern of meetings."""

    every: Every
    weekday: int | None = field(metadata=converted(weekday_number))
    """None only for per-case meetings (the loader requires a weekday for every other cadence)."""
    anchor: dt.date | None
    weeks: tuple[int, ...]


@dataclass(frozen=True)
class RotaEntry:
    """One named entry of `calendar.rota`: its dates, or a weekday on some (or every) week of the month."""

    name: str
    dates: frozenset[dt.date]
    weekday: int | None = field(metadata=converted(weekday_number))
    weeks: tuple[int, ...]

    def meets_on(self, day: dt.date) -> bool:
        """True when this entry's meetings include `day` (before bank holidays and cancellations)."""
        if day in self.dates:
            return True
        if self.weekday is None or day.weekday() != self.weekday:
            return False
        return not self.weeks or week_of_month(day) in self.weeks or (is_last_of_month(day) and -1 in self.weeks)


def week_of_month(day: dt.date) -> int:
    """1 for the month's first such weekday, 2 for the second …"""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: dt.date) -> bool:
    """True for the month's last such weekday."""
    return (day + dt.timedelta(days=7)).month != day.month


@dataclass(frozen=True)
class CalendarConfig:
    """When the panel meets and when papers are due."""

    cadence: Cadence | None
    """None where panel.yml gives no cadence: meetings booked per case, as with {every: per-case}."""
    start: dt.time
    end: dt.time
    deadline: TimeRule | None
    """None where the terms set no deadline: a referral may be heard at any meeting."""
    rota: tuple[RotaEntry, ...]
    due_after: tuple[DueAfter, ...]
    """Deadlines counted forward from an event in a referral's history."""
    stages: tuple[Stage, ...]
    papers_out: TimeRule | None
    first: dt.date | None
    last: dt.date | None
    cancelled: frozenset[dt.date]
    extra: frozenset[dt.date]
    skip_bank_holidays: bool
    on_bank_holiday: BankHolidayMeeting | None
    """Set: what happens to a meeting on a bank holiday or closure day (over skip_bank_holidays)."""
    closures: tuple[Closure, ...]
    cancellation_needs_chair: bool
    """Each cancelled date needs the chair's approval on the merge that added it."""
    booked: frozenset[dt.date] = field(default=frozenset(), compare=False)
    """Per-case meetings booked in the repository (its meetings/DATE/ folders), set by whoever reads it."""

    @property
    def per_case(self) -> bool:
        """True when meetings are booked one by one (no cadence, or {every: per-case}) rather than on a pattern."""
        return self.cadence is None or self.cadence.every is Every.PER_CASE

    def rota_name(self, day: dt.date) -> str:
        """The name of the rota entry that meets on `day` ('' for none)."""
        return next((entry.name for entry in self.rota if entry.meets_on(day)), "")

    @property
    def bank_holiday_meetings(self) -> BankHolidayMeeting:
        """What happens to a meeting on a bank holiday or closure day: `on_bank_holiday`, else skip_bank_holidays'."""
        if self.on_bank_holiday is not None:
            return self.on_bank_holiday
        return BankHolidayMeeting.SKIP if self.skip_bank_holidays else BankHolidayMeeting.KEEP

    @cached_property
    def closed(self) -> frozenset[dt.date]:
        """Every closure day: not working days, like bank holidays."""
        return frozenset(day for closure in self.closures for day in closure.days())


@dataclass(frozen=True)
class Closure:
    """Days the council is closed besides bank holidays, e.g. between Christmas and New Year: `calendar.closures`."""

    name: str
    from_: dt.date = field(metadata=at("from"))
    to: dt.date | None = field(metadata=at("to"))

    def days(self) -> list[dt.date]:
        """Each day from `from` to `to` (or the one day)."""
        last = self.to or self.from_
        return [self.from_ + dt.timedelta(days=n) for n in range((last - self.from_).days + 1)]


@dataclass(frozen=True)
class Person:
    """Someone with a part in the panel."""

    name: str
    email: str
    roles: tuple[str, ...]
    signing_keys: tuple[str, ...]
    github: str
    organisation: str = ""
    """The organisation (an id of panel.yml `organisations`) they come from, over their roles' ('' when not said)."""


@dataclass(frozen=True)
class Section:
    """A required heading in the referral body."""

    id: str
    name: str
    heading_level: int
    guidance: str


@dataclass(frozen=True)
class ReviewRule:
    """When an approved resource must come back to panel."""

    every_weeks: int | None
    first_after_months: int | None
    then_every_months: int | None
    until_chair_satisfied: bool
    stated: bool
    """Every approving decision must state its review (review_date and/or review_every_weeks)."""
    at_risk: str
    """What is at risk when the review is overdue ('' when the panel says nothing)."""


@dataclass(frozen=True)
class RetrospectiveRule:
    """Whether and how long after the start a referral may be heard."""

    allowed: bool
    max_days: int | None
    at_next_meeting: bool


@dataclass(frozen=True)
class RequiredAttachment:
    """A document a referral of a type must attach (unless an emergency)."""

    kind: str
    name: str
    within_days: int | None
    """Its `dated:` at most this many days before the meeting; None: any date."""


@dataclass(frozen=True)
class AttachmentLimits:
    """How large a document attached to a referral may be (panel.yml `attachments`)."""

    max_bytes: int
    max_pdf_pages: int
    max_image_pixels: int

    def inspector(self) -> documents.Limits:
        """These limits as the document checker takes them (referrals' documents and meetings' PDF papers alike)."""
        return documents.Limits(self.max_bytes, self.max_pdf_pages, self.max_image_pixels)


@dataclass(frozen=True)
class SignOffBand:
    """A band of a scheme of delegation: referrals for which `when` holds are signed off by `chain`."""

    when: Condition = field(metadata=converted(parse))
    chain: tuple[str, ...]


@dataclass(frozen=True)
class Route:
    """A routing rule: cases of `types` (None: any) for which `when` holds belong to the type `type`."""

    when: Condition = field(metadata=converted(parse))
    type: str
    types: tuple[str, ...] | None
    name: str

    def covers(self, type_id: str) -> bool:
        """True when the rule judges referrals of this type."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class FormRule:
    """Fields and sections a referral of `types` (None: any) must give when `when` holds (None: always), unless
    `unless` holds."""

    when: Condition | None = field(metadata=converted(parse_optional))
    unless: Condition | None = field(metadata=converted(parse_optional))
    types: tuple[str, ...] | None
    fields: tuple[str, ...]
    sections: tuple[str, ...]

    def covers(self, type_id: str) -> bool:
        """True when the rule applies to referrals of this type."""
        return self.types is None or type_id in self.types


class FieldKind(enum.StrEnum):
    """What a panel's own referral field holds: `case_fields[].kind`."""

    DATE = "date"
    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    YES_NO = "yes-no"
    CHOICE = "choice"


@dataclass(frozen=True)
class CaseField:
    """A fact about the case the panel asks for in every referral (of `types`): front matter `case.<id>`."""

    id: str
    name: str
    kind: FieldKind
    help: str
    required: bool
    types: tuple[str, ...] | None
    choices: tuple[str, ...]

    @property
    def path(self) -> str:
        """Where it stands in a referral's front matter, as conditions name it: case.<id>."""
        return f"case.{self.id}"

    def covers(self, type_id: str) -> bool:
        """True when referrals of this type are asked for it."""
        return self.types is None or type_id in self.types


class DueSeverity(enum.StrEnum):
    """What a meeting after a due date is: `due_rules[].severity`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class DueFrom:
    """How a due date is counted from a date in the referral: `due_rules[].due`."""

    from_: str = field(metadata=at("from"))
    before: DatePeriod | None = field(metadata=converted(period_of))
    after: DatePeriod | None = field(metadata=converted(period_of))
    pregnancy_week: int | None
    """By this week of pregnancy, counted back from the expected delivery date (a pregnancy is 40 weeks)."""

    def day(self, start: dt.date) -> dt.date:
        """The due date counted from `start`."""
        if self.pregnancy_week is not None:
            return start - dt.timedelta(weeks=PREGNANCY_WEEKS - self.pregnancy_week)
        if self.before is not None:
            return self.before.back_from(start)
        return self.after.on_from(start) if self.after is not None else start

    def describe(self) -> str:
        """'12 weeks before case.order_ends', 'week 24 of pregnancy (from children.expected_delivery)'."""
        if self.pregnancy_week is not None:
            return f"week {self.pregnancy_week} of pregnancy (counted from {self.from_})"
        if self.before is not None:
            return f"{self.before.describe()} before {self.from_}"
        if self.after is not None:
            return f"{self.after.describe()} after {self.from_}"
        return f"by {self.from_}"


PREGNANCY_WEEKS = 40
"""A pregnancy's length in weeks, from which `pregnancy_week` counts back from the expected delivery date."""


@dataclass(frozen=True)
class DueRule:
    """A referral (of `types`) for which `when` holds is due by a date counted from one of its dates."""

    name: str
    types: tuple[str, ...] | None
    when: Condition | None = field(metadata=converted(parse_optional))
    due: DueFrom
    because: str
    severity: DueSeverity

    def covers(self, type_id: str) -> bool:
        """True when the rule applies to referrals of this type."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class OneOpenReferral:
    """At most one open referral (not withdrawn, not decided) per value of each of `per`: `one_open_referral`."""

    per: tuple[str, ...]
    types: tuple[str, ...] | None

    def covers(self, type_id: str) -> bool:
        """True when referrals of this type count."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class ReferralType:
    """A kind of request the panel hears."""

    id: str
    name: str
    description: str
    sign_off: tuple[str, ...]
    sign_off_bands: tuple[SignOffBand, ...]
    eligible: Condition | None = field(metadata=converted(parse_optional))
    required_fields: tuple[str, ...]
    required_sections: tuple[str, ...] | None
    slot_minutes: int
    review: ReviewRule | None
    retrospective: RetrospectiveRule
    max_weeks: int | None
    requested_before_birthday: int | None
    assessment_within_days: int | None
    joint_funding_to: str | None
    decides: bool | None
    """None: the panel-wide `panel.decides`."""
    decision_maker: str
    """A role id; '': the panel-wide `panel.decision_maker`."""
    no_cost: bool
    genogram_required: bool
    required_attachments: tuple[RequiredAttachment, ...]


@dataclass(frozen=True)
class Threshold:
    """A spending limit and what crossing it triggers."""

    amount: float
    action: ThresholdAction
    basis: Basis
    types: tuple[str, ...] | None
    escalate_to: str | None

    def applies_to(self, type_id: str) -> bool:
        """True when the threshold covers referrals of this type."""
        return self.types is None or type_id in self.types


class StepStart(enum.StrEnum):
    """What a follow-up step's time is counted from: `outcomes[].follow_up[].from`."""

    DECISION = "decision"
    MEETING = "meeting"


@dataclass(frozen=True)
class Period:
    """A length of time after an event: exactly one of working days, calendar days or weeks."""

    working_days: int | None
    days: int | None
    weeks: int | None

    def describe(self) -> str:
        """Plain words, e.g. '5 working days', '56 days' or '2 weeks'."""
        if self.working_days:
            return f"{self.working_days} working day{'s' * (self.working_days != 1)}"
        if self.days:
            return f"{self.days} day{'s' * (self.days != 1)}"
        return f"{self.weeks} week{'s' * (self.weeks != 1)}"


@dataclass(frozen=True)
class FollowUp:
    """A timed step due after every decision with an outcome (minutes, an endorsement, a statutory window)."""

    id: str
    step: str
    by: str
    """The role (id) whose holder does it."""
    within: Period
    from_: StepStart = field(metadata=at("from"))

    def describe(self) -> str:
        """When it is due, in words: 'within 5 working days of the meeting'."""
        return f"within {self.within.describe()} of the {self.from_.value}"


@dataclass(frozen=True)
class RefersTo:
    """Where an outcome hands the case on: a linked panel and the type of referral it starts there."""

    panel: str
    type: str


@dataclass(frozen=True)
class LinkedPanel:
    """Another panel of the council, in its own repository at `path` (relative to this panel's folder)."""

    id: str
    name: str
    path: str


@dataclass(frozen=True)
class Outcome:
    """A decision the panel can record, and what it must state."""

    id: str
    name: str
    requires: tuple[Requirement, ...]
    description: str
    review: ReviewRule | None
    """When a case decided with this outcome comes back, over the type's rule."""
    follow_up: tuple[FollowUp, ...]
    """Steps due after each decision with this outcome, tracked in the actions register."""
    refers_to: RefersTo | None
    """The linked panel a decision with this outcome hands the case on to (None: it stays here)."""


@dataclass(frozen=True)
class OfficeHours:
    """Office hours on working days; outside them a route's out-of-hours roles decide."""

    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class OutsideRoute:
    """A route for urgent decisions between meetings (panel.yml `outside_meetings`)."""

    id: str
    name: str
    roles: tuple[str, ...]
    out_of_hours: tuple[str, ...]
    office_hours: OfficeHours
    types: tuple[str, ...] | None
    stands_days: int | None
    screens: bool
    """A pre-meeting filter: its decisions take the referral off the agenda and are not ratified."""

    def applies_to(self, type_id: str) -> bool:
        """True when referrals of this type may be decided this way."""
        return self.types is None or type_id in self.types

    def roles_at(self, in_hours: bool) -> tuple[str, ...]:
        """The roles that may decide at such a time: in office hours, or out of them."""
        return self.roles if in_hours or not self.out_of_hours else self.out_of_hours


@dataclass(frozen=True)
class FunderConfig:
    """An agency that pays shares of costs, and the role whose holder agrees its share."""

    id: str
    name: str
    council: bool
    agrees: str


@dataclass(frozen=True)
class ForumConfig:
    """A multi-agency forum outside the panel: which cases go to it, and whose approval records its answer."""

    id: str
    name: str
    types: tuple[str, ...] | None
    when: Condition | None = field(metadata=converted(parse_optional))
    answered_by: str
    url: str

    def covers(self, type_id: str) -> bool:
        """True when referrals of this type may go to the forum (its `when` decides which)."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class AllowanceRate:
    """A capped allowance: the most per week an allowance cost line may ask without an explanation."""

    id: str
    name: str
    weekly: float


@dataclass(frozen=True)
class HighCost:
    """Which commitments the expenditure log lists as high-cost placements."""

    weekly: float
    types: tuple[str, ...] | None

    def applies_to(self, type_id: str) -> bool:
        """True when referrals of this type can be high-cost."""
        return self.types is None or type_id in self.types


@dataclass(frozen=True)
class FinanceSignOff:
    """Who signs the expenditure log off, and for what periods."""

    signer_role: str
    every: str


@dataclass(frozen=True)
class SignOffPolicy:
    """Who must approve a referral, and how."""

    chain: tuple[str, ...]
    ordered: bool
    require_signatures: bool
    branch: str


@dataclass(frozen=True)
class CmsSettings:
    """The forge the browser CMS commits to (panel.yml `cms`)."""

    backend: str
    repo: str
    base_url: str
    api_root: str
    app_id: str

    @property
    def api(self) -> str:
        """The forge's API: `api_root`, else the forge's public one."""
        return self.api_root or CMS_DEFAULT_API[self.backend]

    @property
    def sign_in(self) -> str:
        """Where people sign in (GitLab) or the OAuth relay (GitHub): `base_url`, else gitlab.com for GitLab."""
        return self.base_url or CMS_DEFAULT_BASE[self.backend]


CMS_DEFAULT_BASE = {"gitlab": "https://gitlab.com", "github": ""}
CMS_DEFAULT_API = {"gitlab": "https://gitlab.com/api/v4", "github": "https://api.github.com"}


@dataclass(frozen=True)
class AgendaRules:
    """How an agenda is put together."""

    declarations_first: bool
    order: tuple[ItemKind, ...]
    break_minutes: int
    declarations_minutes: int
    actions_minutes: int
    previous_minutes: bool
    """The pack prints the previous meeting's minutes."""
    chair_confirms: bool
    """`panel pack --circulate` needs the chair's approval on the agenda's merge."""


@dataclass(frozen=True)
class RetentionPeriod:
    """How long one kind of record is kept: `years` from the child's birth, the decision, or the meeting."""

    years: int
    from_: str = field(metadata=at("from"))
    """'date_of_birth', 'decision' or 'meeting' (panel.yml's `from`)."""


@dataclass(frozen=True)
class RetentionSchedule:
    """The council's retention schedule for the panel's records (panel.yml `retention`)."""

    referrals: RetentionPeriod | None
    decisions: RetentionPeriod | None
    ci_artifacts_days: int
    """The most days CI keeps artefacts (the schema's default when not set)."""


@dataclass(frozen=True)
class Within:
    """How long after a decision is final something is due: clock hours or working days."""

    hours: int | None
    working_days: int | None

    def describe(self) -> str:
        """Plain words, e.g. 'within 24 hours' or 'within 2 working days'."""
        if self.hours:
            return f"within {self.hours} hour{'s' if self.hours != 1 else ''}"
        return f"within {self.working_days} working day{'s' if self.working_days != 1 else ''}"


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server decision notices go through (panel.yml `notices.smtp`)."""

    host: str
    port: int
    starttls: bool
    username_env: str
    password_env: str


@dataclass(frozen=True)
class NoticeSettings:
    """Decision notices: when they are due, who sends them, where they may go (panel.yml `notices`)."""

    within: Within
    sender: str = field(metadata=at("from"))
    allowed_domains: tuple[str, ...]
    smtp: SmtpSettings | None


@dataclass(frozen=True)
class CaseRecordSettings:
    """How soon a decision must be entered on the child's case record (panel.yml `case_record`)."""

    within: Within


@dataclass(frozen=True)
class PanelInfo:
    """Who the panel is."""

    name: str
    council: str
    short_name: str
    marking: str
    holidays: str
    """Whose bank holidays: a named region or a country code with its subdivision (GB-WLS, IM, JE)."""
    venue: str
    site_url: str
    decides: bool
    decision_maker: str
    """The role that decides where the panel only recommends ('' when none is named)."""
    minute_taker: str
    """The role whose holder takes the minutes ('' when none is named): panel meeting writes them as minutes_by."""
    quorum: int | None
    quorum_roles: tuple[tuple[str, ...], ...] = field(metadata=converted(role_alternatives))
    """Each entry: the roles any one of which satisfies it (panel.yml's `quorum_roles`)."""
    quorum_organisations: tuple[str, ...]
    """Organisations (ids of `organisations`) each of which someone present without an interest must come from."""
    budget: dict[str, float]
    referral_id_prefix: str
    chair_roles: tuple[str, ...]
    """Roles that may chair; where panel.yml leaves it out, the schema's default roles the panel defines."""
    email_plus_addressing: bool
    identifier_scan: str


RENAMEABLE = {"types": "referral_types", "roles": "roles", "outcomes": "outcomes"}
"""What a revision's `renamed` may rename, and the catalogue each names."""


class Timeline:
    """The terms of reference over time: the base terms, then each revision from its date (panel.yml `revisions`)."""

    def __init__(
        self, starts: tuple[dt.date, ...], notes: tuple[str, ...], renames: tuple[Mapping[str, Mapping[str, str]], ...]
    ) -> None:
        self.starts = starts
        """The day each revision takes effect, oldest first (the base terms have none)."""
        self.notes = notes
        self.renames = renames
        """Each revision's own renames by kind, old: new."""
        self.terms: tuple[PanelConfig, ...] = ()
        """The configuration in force from each start: the base first, then one per revision."""

    def index_on(self, day: dt.date) -> int:
        """The position in `terms` of the configuration in force on `day`."""
        return bisect.bisect_right(self.starts, day)


@dataclass(frozen=True)
class Revision:
    """A revision of the terms as people read it: from when, why, and what it renamed (old name, new name)."""

    start: dt.date
    note: str
    renamed: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PanelConfig:
    """Everything `panel.yml` says, validated."""

    UNMODELLED: ClassVar[frozenset[str]] = frozenset({"revisions"})

    panel: PanelInfo
    calendar: CalendarConfig
    roles: tuple[Role, ...]
    people: tuple[Person, ...]
    teams: tuple[Named, ...]
    sign_off: SignOffPolicy
    sections: tuple[Section, ...]
    referral_types: tuple[ReferralType, ...]
    outcomes: tuple[Outcome, ...]
    budget_lines: tuple[Named, ...]
    legal_statuses: tuple[Named, ...]
    thresholds: tuple[Threshold, ...]
    routing: tuple[Route, ...]
    form_rules: tuple[FormRule, ...]
    case_fields: tuple[CaseField, ...]
    """The panel's own facts about the case, asked for in referrals (front matter `case`)."""
    due_rules: tuple[DueRule, ...]
    """When a referral is due, from facts in it."""
    one_open_referral: OneOpenReferral | None
    unmet_need_categories: tuple[Named, ...]
    outside_meetings: tuple[OutsideRoute, ...]
    agenda: AgendaRules
    retention: RetentionSchedule
    assumed: tuple[str, ...]
    """Dotted paths of settings no terms of reference give (see `is_assumed`)."""
    standing_reviews: tuple[StandingReview, ...]
    """Categories of approved cases reviewed on a cycle without a new referral."""
    case_outcomes: tuple[CaseOutcome, ...]
    """Outcome measures recorded at review."""
    protected_characteristics: tuple[str, ...]
    """Characteristics of the children referred that the panel monitors, in aggregate only."""
    funders: tuple[FunderConfig, ...]
    forums: tuple[ForumConfig, ...]
    """Multi-agency forums that decide the cases the panel may not decide alone."""
    linked_panels: tuple[LinkedPanel, ...]
    """The council's other panels this one hands cases to or takes them from."""
    allowance_rates: tuple[AllowanceRate, ...]
    high_cost: HighCost | None
    finance_sign_off: FinanceSignOff | None
    attachments: AttachmentLimits
    """Limits on documents attached to referrals."""
    organisations: tuple[Named, ...]
    """The organisations members come from (health, education, legal …), for quorum_organisations."""
    source: SourceMap = field(default_factory=SourceMap, repr=False, compare=False)
    """Where each setting stands in panel.yml, for pointing at it."""
    cms: CmsSettings | None = None
    """Editing in the browser: the forge the CMS commits to; None when the site has no /admin/."""
    notices: NoticeSettings | None = None
    """Decision notices (`panel notify`); None when the panel sends none."""
    case_record: CaseRecordSettings | None = None
    """The time allowed to enter a decision on the case record; None when not tracked."""
    field_kinds: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Each referral field's kind (money, date …: conditions.kind_of), set by configcheck.parse_config."""
    timeline: Timeline | None = field(default=None, repr=False, compare=False)
    """The terms over time when panel.yml has `revisions` (set by configcheck.parse_config); None: one set."""
    revision: int = 0
    """This configuration's place in the timeline: 0 the base terms, n the n-th revision."""
    renamed: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False, compare=False)
    """Every id earlier terms used that these terms renamed, by kind ('types', 'roles', 'outcomes'): old: new."""

    def at(self, day: dt.date) -> PanelConfig:
        """The configuration in force on `day`: the newest revision from on or before it, else the base terms."""
        if self.timeline is None:
            return self
        return self.timeline.terms[self.timeline.index_on(day)]

    @property
    def effective(self) -> dt.date | None:
        """The day these terms took effect (None: the base terms)."""
        return self.timeline.starts[self.revision - 1] if self.timeline is not None and self.revision else None

    @property
    def earlier(self) -> tuple[PanelConfig, ...]:
        """The terms in force before these, newest first."""
        return tuple(reversed(self.timeline.terms[: self.revision])) if self.timeline is not None else ()

    @property
    def every_term(self) -> tuple[PanelConfig, ...]:
        """Every configuration of the timeline, oldest first (just this one without revisions)."""
        return self.timeline.terms if self.timeline is not None else (self,)

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """The revisions of the terms up to these (panel.yml `revisions`), oldest first."""
        if self.timeline is None:
            return ()
        found = []
        terms = self.timeline.terms
        for index in range(1, self.revision + 1):
            renamed = []
            for kind, pairs in self.timeline.renames[index - 1].items():
                before, after = getattr(terms[index - 1], RENAMEABLE[kind]), getattr(terms[index], RENAMEABLE[kind])
                for old, new in pairs.items():
                    old_name = next((e.name for e in before if e.id == old), old)
                    renamed.append((old_name, next((e.name for e in after if e.id == new), new)))
            found.append(Revision(self.timeline.starts[index - 1], self.timeline.notes[index - 1], tuple(renamed)))
        return tuple(found)

    def current_id(self, kind: str, old: str) -> str:
        """The id these terms give what earlier terms called `old` (a type, role or outcome); `old` if not renamed."""
        return self.renamed.get(kind, {}).get(old, old)

    def formerly(self, kind: str, record_id: str) -> str:
        """'formerly <old name>' when a record's `record_id` was renamed since and its name changed, else ''."""
        wanted = self.current_id(kind, record_id)
        if wanted == record_id:
            return ""
        now = next((e.name for e in getattr(self, RENAMEABLE[kind]) if e.id == wanted), "")
        for earlier in self.earlier:
            entry = next((e for e in getattr(earlier, RENAMEABLE[kind]) if e.id == record_id), None)
            if entry is not None:
                return f"formerly {entry.name}" if entry.name != now else ""
        return f"formerly {record_id}"

    def with_booked(self, booked: frozenset[dt.date]) -> PanelConfig:
        """This configuration with the meetings booked per case in the repository (`calendar.booked`)."""
        if self.timeline is None:
            return dataclasses.replace(self, calendar=dataclasses.replace(self.calendar, booked=booked))
        # Every set of terms gets the bookings, in a timeline of its own, so that at(day) keeps them.
        old = self.timeline
        timeline = Timeline(old.starts, old.notes, old.renames)
        timeline.terms = tuple(
            dataclasses.replace(t, calendar=dataclasses.replace(t.calendar, booked=booked), timeline=timeline)
            for t in old.terms
        )
        return timeline.terms[self.revision]

    @property
    def council_funder(self) -> str:
        """The id of the panel's own agency: its share counts against panel.budget."""
        return next((f.id for f in self.funders if f.council), self.funders[0].id)

    def funder(self, funder_id: str) -> FunderConfig | None:
        """The funder with this id."""
        return next((f for f in self.funders if f.id == funder_id), None)

    def funder_name(self, funder_id: str) -> str:
        """The readable name of a funder."""
        found = self.funder(funder_id)
        return found.name if found else funder_id

    def partners(self, shares: tuple[tuple[str, float], ...]) -> tuple[FunderConfig, ...]:
        """The funders in `shares` (with a share above 0) whose agreement is recorded (they name an `agrees` role)."""
        ids = [funder for funder, share in shares if share > 0]
        return tuple(f for f in self.funders if f.id in ids and f.agrees and not f.council)

    def forum(self, forum_id: str) -> ForumConfig | None:
        """The forum with this id."""
        return next((f for f in self.forums if f.id == forum_id), None)

    def linked_panel(self, panel_id: str) -> LinkedPanel | None:
        """The linked panel with this id."""
        return next((p for p in self.linked_panels if p.id == panel_id), None)

    def allowance_rate(self, rate_id: str) -> AllowanceRate | None:
        """The allowance rate with this id."""
        return next((r for r in self.allowance_rates if r.id == rate_id), None)

    def is_assumed(self, path: str) -> bool:
        """True when `path` (e.g. 'panel.venue') or a setting containing it is listed in `assumed`."""
        wanted = path.split(".")
        for listed in self.assumed:
            parts = listed.split(".")
            if len(parts) <= len(wanted) and all(p in ("*", w) for p, w in zip(parts, wanted, strict=False)):
                return True
        return False

    def venue_text(self) -> str:
        """Where the panel meets: '' when not given, 'to be confirmed' while assumed."""
        if not self.panel.venue:
            return ""
        return TO_BE_CONFIRMED if self.is_assumed("panel.venue") else self.panel.venue

    def hours(self, start: dt.time, end: dt.time) -> str:
        """'14:00 to 17:00', or what of it is still to be confirmed while the times are assumed."""
        if self.is_assumed("calendar.start"):
            return f"time {TO_BE_CONFIRMED}"
        if self.is_assumed("calendar.end"):
            return f"from {start:%H:%M} (end time {TO_BE_CONFIRMED})"
        return f"{start:%H:%M} to {end:%H:%M}"

    def referral_type(self, type_id: str) -> ReferralType | None:
        """The referral type with this id (or its id since a rename), else as earlier terms defined it."""
        wanted = self.current_id("types", type_id)
        found = next((t for t in self.referral_types if t.id == wanted), None)
        if found is None and self.timeline is not None:
            found = next((t for c in self.earlier for t in c.referral_types if t.id == type_id), None)
        return found

    def outcome(self, outcome_id: str) -> Outcome | None:
        """The outcome with this id (or its id since a rename), else as earlier terms defined it."""
        wanted = self.current_id("outcomes", outcome_id)
        found = next((o for o in self.outcomes if o.id == wanted), None)
        if found is None and self.timeline is not None:
            found = next((o for c in self.earlier for o in c.outcomes if o.id == outcome_id), None)
        return found

    def follow_up_steps(self, outcome_id: str) -> tuple[FollowUp, ...]:
        """The follow-up steps due after a decision with this outcome (none for an unknown one)."""
        outcome = self.outcome(outcome_id)
        return outcome.follow_up if outcome else ()

    def case_outcome(self, outcome_id: str) -> CaseOutcome | None:
        """The case outcome (measure) with this id."""
        return next((o for o in self.case_outcomes if o.id == outcome_id), None)

    def chain_for(self, type_id: str) -> tuple[str, ...]:
        """The roles that must sign off a referral of this type, in order."""
        kind = self.referral_type(type_id)
        return kind.sign_off if kind and kind.sign_off else self.sign_off.chain

    def sections_for(self, type_id: str) -> tuple[Section, ...]:
        """The body sections a referral of this type must have: its `required_sections`, else every section but
        those a form rule covering the type requires only when its condition holds."""
        kind = self.referral_type(type_id)
        if kind is None or kind.required_sections is None:
            conditional = {s for rule in self.form_rules if rule.covers(type_id) for s in rule.sections}
            return tuple(s for s in self.sections if s.id not in conditional)
        wanted = set(kind.required_sections)
        return tuple(s for s in self.sections if s.id in wanted)

    def sections_offered(self, type_id: str) -> tuple[Section, ...]:
        """The sections a new referral of this type starts with: those it must have, and those a form rule requires
        of every referral of it unless something is explained (so the worker writes them or explains)."""
        always = {s for rule in self.form_rules if rule.when is None and rule.covers(type_id) for s in rule.sections}
        own = self.sections_for(type_id)
        return tuple(s for s in self.sections if s in own or s.id in always)

    def required_fields_for(self, type_id: str) -> tuple[str, ...]:
        """The front-matter fields every referral of this type must give: its `required_fields` and the required
        case fields that cover it."""
        kind = self.referral_type(type_id)
        own = kind.required_fields if kind is not None else ()
        return own + tuple(f.path for f in self.case_fields if f.required and f.covers(type_id))

    def case_field(self, field_id: str) -> CaseField | None:
        """The case field with this id."""
        return next((f for f in self.case_fields if f.id == field_id), None)

    def outside_route(self, route_id: str) -> OutsideRoute | None:
        """The route for decisions outside a meeting with this id."""
        return next((r for r in self.outside_meetings if r.id == route_id), None)

    def recommends_to(self, type_id: str) -> str:
        """The role a panel decision on this type is a recommendation to ('' when the panel itself decides)."""
        kind = self.referral_type(type_id)
        decides = kind.decides if kind is not None and kind.decides is not None else self.panel.decides
        if decides:
            return ""
        return (kind.decision_maker if kind is not None else "") or self.panel.decision_maker

    def escalated_to(self, type_id: str, weekly: float, total: float) -> str:
        """The role an amount over an escalate threshold goes to ('' under every one); the highest limit passed wins."""
        passed = [
            t
            for t in self.thresholds
            if t.action == ThresholdAction.ESCALATE
            and t.escalate_to
            and t.applies_to(type_id)
            and (weekly if t.basis == Basis.WEEKLY else total) > t.amount
        ]
        if not passed:
            return ""
        return max(passed, key=lambda t: t.amount).escalate_to or ""

    def decision_maker_for(self, type_id: str, weekly: float = 0.0, total: float = 0.0) -> str:
        """The role that decides a referral of this type at these amounts, or '' when the panel's decision stands."""
        return self.escalated_to(type_id, weekly, total) or self.recommends_to(type_id)

    def people_with_role(self, role: str) -> tuple[Person, ...]:
        """Everyone who holds `role`."""
        return tuple(p for p in self.people if role in p.roles)

    def email_key(self, email: str) -> str:
        """The address as compared for approvals: case-folded, and without a +tag when plus-addressing is on."""
        return email_key(email, self.panel.email_plus_addressing)

    def person_by_email(self, email: str) -> Person | None:
        """The person with this address, however it is spelt (case, +tag per `panel.email_plus_addressing`)."""
        return self._people_by_key.get(self.email_key(email))

    @cached_property
    def _people_by_key(self) -> dict[str, Person]:
        # Looked up for every approval line of every referral: an index, not a scan of the people.
        found: dict[str, Person] = {}
        for person in self.people:
            found.setdefault(self.email_key(person.email), person)
        return found

    def may_chair(self, person: Person) -> bool:
        """True when `person` holds a role that may chair a meeting (panel.chair_roles)."""
        return bool(set(person.roles) & set(self.panel.chair_roles))

    def person_by_name(self, name: str) -> Person | None:
        """The person with this name, as meeting records and decisions name them."""
        return next((p for p in self.people if p.name == name), None)

    def quorum_text(self) -> str:
        """What the panel needs for each item, in words ('' without a quorum rule), e.g. 'at least 3 members and
        the Chair or Vice Chair present without an interest in it'."""
        needs = [f"at least {self.panel.quorum} members" if self.panel.quorum else ""]
        needs += [" or ".join(self.role_name(r) for r in choice) for choice in self.panel.quorum_roles]
        needs += [f"someone from {self.organisation_name(o)}" for o in self.panel.quorum_organisations]
        wanted = [n for n in needs if n]
        return f"{' and '.join(wanted)} present without an interest in it" if wanted else ""

    def role(self, role_id: str) -> Role | None:
        """The role with this id."""
        return next((r for r in self.roles if r.id == role_id), None)

    def organisation_name(self, organisation_id: str) -> str:
        """The readable name of an organisation."""
        return next((o.name for o in self.organisations if o.id == organisation_id), organisation_id)

    def organisation_of(self, person: Person) -> str:
        """The organisation a person comes from: their own `organisation`, else the first of their roles' ('')."""
        if person.organisation:
            return person.organisation
        return next((r.organisation for role in person.roles if (r := self.role(role)) and r.organisation), "")

    def votes(self, person: Person) -> bool:
        """True when the person holds a voting role (every role votes unless panel.yml says `voting: false`)."""
        return any(r.voting for role in person.roles if (r := self.role(role)) is not None) or not person.roles

    def role_name(self, role_id: str) -> str:
        """The readable name of a role (by its id since a rename, else as earlier terms named it)."""
        wanted = self.current_id("roles", role_id)
        found = next((r.name for r in self.roles if r.id == wanted), None)
        if found is None and self.timeline is not None:
            found = next((r.name for c in self.earlier for r in c.roles if r.id == role_id), None)
        return found or role_id
