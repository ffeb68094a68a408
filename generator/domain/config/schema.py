"""The JSON Schema of `panel.yml`: every setting and its default, documented where it is defined.

This is the one declaration of panel.yml's shape: `panel schema` writes it for editors, the loader
validates against it, and the typed model (config/model.py) takes its fields' defaults from it.
"""

from __future__ import annotations

from typing import Any

from generator.domain.conditions import PERIOD_SCHEMA, condition_schema
from generator.domain.config.model import (
    PROTECTED_CHARACTERISTICS,
    REFERRAL_GROUPS,
    SLUG_PATTERN,
    WEEKDAY_NAMES,
    Aim,
    BankHolidayMeeting,
    Basis,
    DueSeverity,
    Every,
    FieldKind,
    Region,
    Requirement,
    StepStart,
    ThresholdAction,
)
from generator.domain.schema_parts import date, money

SLUG = SLUG_PATTERN
BUDGET_MAX = 10_000_000_000
"""The largest budget for one financial year, in pounds."""
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
HOLIDAYS = "^(" + "|".join(r.value for r in Region) + r"|[A-Z]{2}(-[A-Z0-9]{1,5})?)$"
"""A named region, or a country code and optional subdivision (checked against the holidays package)."""
WEEKDAYS = list(WEEKDAY_NAMES)
DEFAULT_SLOT_MINUTES = 20
"""Agenda minutes for one referral, where its type gives none."""
AGENDA_ORDER = [kind.value for kind in REFERRAL_GROUPS]
REQUIREMENTS = [r.value for r in Requirement]
FIELD_PATH = r"^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$"


def _slug(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": SLUG, "description": description}


def _ids(description: str, *, pattern: str = SLUG, at_least_one: bool = False) -> dict[str, Any]:
    """A list of distinct ids (roles, types, sections; or field paths with `pattern`), none twice."""
    least: dict[str, Any] = {"minItems": 1} if at_least_one else {}
    return {
        "type": "array",
        "items": {"type": "string", "pattern": pattern},
        **least,
        "uniqueItems": True,
        "description": description,
    }


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _named(summary: str, **extra: Any) -> dict[str, Any]:
    """A catalogue entry: an id used in files, and the name people read."""
    return {
        "type": "object",
        "description": summary,
        "required": ["id", "name"],
        "additionalProperties": False,
        "properties": {
            "id": _slug("Identifier used in referrals and decisions: lower case, digits, hyphens."),
            "name": _text("The name people read."),
            **extra,
        },
    }


_TIME_RULE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "When something is due relative to a meeting. Give exactly one of "
        "working_days_before, calendar_days_before, weekday_before or on_the_day; "
        "'time' is the clock time (Europe/London) it is due by."
    ),
    "properties": {
        "working_days_before": {
            "type": "integer",
            "minimum": 1,
            "maximum": 30,
            "description": "Working days before the meeting (weekends and the region's bank holidays skipped).",
        },
        "calendar_days_before": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60,
            "description": "Calendar days before the meeting.",
        },
        "weekday_before": {
            "enum": WEEKDAYS,
            "description": "The last such weekday before the meeting, e.g. friday for 'Friday before'.",
        },
        "on_the_day": {"const": True, "description": "On the day of the meeting itself."},
        "time": {"type": "string", "pattern": TIME, "description": "Clock time, HH:MM (24-hour)."},
        "words": {
            "type": "string",
            "minLength": 1,
            "maxLength": 60,
            "pattern": r"^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$",
            "description": (
                "The council's own words for it, e.g. 'Tuesday lunchtime' or 'Monday afternoon': shown wherever the "
                "time is, beside the clock time used."
            ),
        },
    },
    "required": ["time"],
    "oneOf": [
        {"required": ["working_days_before"]},
        {"required": ["calendar_days_before"]},
        {"required": ["weekday_before"]},
        {"required": ["on_the_day"]},
    ],
}

_STAGE: dict[str, Any] = {
    **_TIME_RULE,
    "description": (
        "One stage of a staged deadline: the approvals of `roles` are due by this time (a time rule: exactly one "
        "of working_days_before, calendar_days_before, weekday_before or on_the_day, and 'time')."
    ),
    "required": ["id", "name", "roles", "time"],
    "properties": {
        **_TIME_RULE["properties"],
        "id": _slug("Identifier of the stage, e.g. authorisation."),
        "name": _text("What is due, as people read it, e.g. Group Manager's authorisation."),
        "roles": _ids(
            "Roles (from 'roles') whose sign-off is judged against this stage's deadline.", at_least_one=True
        ),
    },
}

_ROTA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "oneOf": [{"required": ["dates"]}, {"required": ["weekday"]}],
    "dependentRequired": {"weeks": ["weekday"]},
    "description": (
        "One entry of the rota: its name (an area, a team), and either its dates or its weekday (with weeks, "
        "if not every week)."
    ),
    "properties": {
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 60,
            "pattern": r"^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$",
            "description": "What people call these meetings, e.g. East or Children with disabilities.",
        },
        "dates": {
            "type": "array",
            "items": date("A date it meets"),
            "minItems": 1,
            "maxItems": 400,
            "uniqueItems": True,
            "description": "The dates it meets on (give these or a weekday).",
        },
        "weekday": {"enum": WEEKDAYS, "description": "The day of the week it meets (give this or dates)."},
        "weeks": {
            "type": "array",
            "items": {"type": "integer", "minimum": -1, "maximum": 5, "not": {"const": 0}},
            "minItems": 1,
            "uniqueItems": True,
            "description": "With weekday: which of the month's such weekdays (1 = first, -1 = last); default: every.",
        },
    },
}

EVENT = r"^(submitted|heard|decision|signoff:[a-z0-9][a-z0-9-]{0,62})$"
"""An event in a referral's history that a deadline counted forward starts from or is met by."""
EVENT_WORDS = (
    "submitted (the referral first reached the sign-off branch), signoff:<role> (that role's sign-off that counts, "
    "e.g. signoff:team-manager), heard (the meeting the referral asks for) or decision (the date of its final "
    "decision's meeting, or of a decision outside a meeting)"
)

_DUE_AFTER: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "what", "after", "within"],
    "description": (
        "A deadline counted forward from an event: `what` is due within so many working days (by the panel's "
        "calendar) or calendar days of the `after` event, and is met by the `by` event. E.g. {id: booked, what: "
        "Booked on to a panel, after: signoff:service-manager, within: {working_days: 10}, by: heard}."
    ),
    "properties": {
        "id": _slug("Identifier of the rule, e.g. booked."),
        "what": {
            "type": "string",
            "minLength": 1,
            "maxLength": 120,
            "pattern": r"^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$",
            "description": "What is due, in the terms' words, e.g. Legal planning meeting booked.",
        },
        "after": {"type": "string", "pattern": EVENT, "description": f"The event it counts from: {EVENT_WORDS}."},
        "by": {
            "type": "string",
            "pattern": EVENT,
            "default": "heard",
            "description": (
                f"The event that meets it, one of the same: {EVENT_WORDS}. Default heard: the referral asks for a "
                "meeting on or before the due date."
            ),
        },
        "within": {
            "type": "object",
            "additionalProperties": False,
            "oneOf": [{"required": ["working_days"]}, {"required": ["days"]}],
            "description": "How long: working_days (weekends, bank holidays, closures skipped) or days (one of them).",
            "properties": {
                "working_days": {"type": "integer", "minimum": 1, "maximum": 120, "description": "Working days."},
                "days": {"type": "integer", "minimum": 1, "maximum": 366, "description": "Calendar days."},
            },
        },
        "types": _ids("Referral types it applies to; all when left out."),
    },
}

_REVIEW: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "When an approved resource must come back to panel.",
    "properties": {
        "every_weeks": {
            "type": "integer",
            "minimum": 1,
            "maximum": 104,
            "description": "Reviewed every N weeks (NRPF: 12).",
        },
        "first_after_months": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60,
            "description": "First review N months after the approved resource starts.",
        },
        "then_every_months": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60,
            "description": "Then every N months after each review.",
        },
        "until_chair_satisfied": {
            "type": "boolean",
            "description": "Keep coming back at that interval until the chair records that the review may stop.",
        },
        "stated": {
            "type": "boolean",
            "description": (
                "Every decision that approves a resource must state its review: a review_date and/or "
                "review_every_weeks (panel check: an error, review-missing, where it states neither)."
            ),
        },
        "at_risk": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": (
                "What is at risk when the review is overdue, e.g. 'funding for the resource may be ended': "
                "said in panel check's warning, on the agenda and on the site's home page."
            ),
        },
    },
}

_ROUTE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["when", "type"],
    "description": "A routing rule: cases for which `when` holds belong to `type`.",
    "properties": {
        "when": condition_schema(),
        "type": {"type": "string", "pattern": SLUG, "description": "The referral type such cases must be."},
        "types": _ids("The types the rule covers (default: every type), e.g. the placement types.", at_least_one=True),
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 80,
            "description": "What the terms call such a case, e.g. 'high value': said first in the error.",
        },
    },
}
_FORM_RULE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "anyOf": [{"required": ["fields"]}, {"required": ["sections"]}],
    "description": (
        "Fields and sections required when `when` holds (left out: always), unless `unless` holds, e.g. a family "
        "network meeting section unless an explanation is given: {unless: {field: case.no_fnm_reason, present: "
        "true}, sections: [family-network-meeting]}."
    ),
    "properties": {
        "when": {**condition_schema(), "description": "When the fields and sections are required (default: always)."},
        "unless": {
            **condition_schema(),
            "description": "When they are not required after all, e.g. an explanation is given.",
        },
        "types": _ids("The types the rule covers (default: every type).", at_least_one=True),
        "fields": _ids(
            "Front-matter fields then required, as paths (children.date_of_birth: every child's).",
            pattern=FIELD_PATH,
            at_least_one=True,
        ),
        "sections": _ids("Body sections (ids from 'sections') then required.", at_least_one=True),
    },
}

CASE_FIELD_ID = r"^[a-z][a-z0-9_]{0,39}$"
_CASE_FIELD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "kind"],
    "description": (
        "A fact about the case a referral gives, in its front matter under `case:` (e.g. case.plan_start): "
        "`panel check` validates it, the browser editor and `panel new referral` offer it, conditions test it."
    ),
    "properties": {
        "id": {
            "type": "string",
            "pattern": CASE_FIELD_ID,
            "description": "Its key under `case:` in the front matter: lower case, digits, underscores.",
        },
        "name": {"type": "string", "minLength": 1, "description": "Its label, as people read it."},
        "kind": {
            "enum": [k.value for k in FieldKind],
            "description": (
                "What it holds: date (YYYY-MM-DD), number, integer (a whole number, e.g. placement moves), text, "
                "yes-no (true or false) or choice (one of `choices`)."
            ),
        },
        "help": {"type": "string", "maxLength": 300, "description": "What to write, shown in the browser editor."},
        "required": {
            "type": "boolean",
            "default": False,
            "description": "Every referral (of `types`) must give it.",
        },
        "types": _ids("The types that ask for it (default: every type).", at_least_one=True),
        "choices": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": SLUG},
            "description": "For kind choice: the ids it may take.",
        },
    },
}
_DUE_FROM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from"],
    "maxProperties": 2,
    "description": (
        "The due date, counted from a date field of the referral: {from: case.order_expires, before: {weeks: 4}}, "
        "{from: case.plan_start, after: {months: 9}}, {from: children.expected_delivery, pregnancy_week: 24} or "
        "{from: case.next_lac_review} (by that day). Through a list (every child's) the earliest counts."
    ),
    "properties": {
        "from": {
            "type": "string",
            "pattern": FIELD_PATH,
            "description": "A date field of the referral, e.g. case.placement_ends or children.expected_delivery.",
        },
        "before": {**PERIOD_SCHEMA, "description": "Due this long before that date."},
        "after": {**PERIOD_SCHEMA, "description": "Due this long after that date."},
        "pregnancy_week": {
            "type": "integer",
            "minimum": 1,
            "maximum": 40,
            "description": "Due by this week of pregnancy, counted back from the expected delivery date (40 weeks).",
        },
    },
}
_DUE_RULE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "due", "because"],
    "description": (
        "A referral for which `when` holds is due by a date computed from one of its dates; `panel check` reports "
        "a meeting after it (`due-missed`), and the agenda, pack and site say 'due by <date>, because <because>'."
    ),
    "properties": {
        "name": {"type": "string", "minLength": 1, "description": "The rule's name, e.g. Pre-birth."},
        "types": _ids("The types the rule covers (default: every type).", at_least_one=True),
        "when": {
            **condition_schema(),
            "description": "When the rule applies, e.g. {field: case.placement_moves, at_least: 3} (default: always).",
        },
        "due": _DUE_FROM,
        "because": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "Why, in the terms' words: shown after 'because'.",
        },
        "severity": {
            "enum": [s.value for s in DueSeverity],
            "default": DueSeverity.WARNING.value,
            "description": "A meeting after the due date is an error or a warning (default).",
        },
    },
}
_ONE_OPEN: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "At most one open referral (not withdrawn, no final decision) per child, or per value of other fields "
        "(a sibling group: a case field naming the group); `panel check` names both files (`open-referral`)."
    ),
    "properties": {
        "per": {
            **_ids("Fields two open referrals may not share a value of.", pattern=FIELD_PATH, at_least_one=True),
            "default": ["children.case_id"],
        },
        "types": _ids("The types that count (default: every type).", at_least_one=True),
    },
}

_TYPE: dict[str, Any] = _named(
    "A kind of request the panel hears, and the rules that apply to it.",
    description={"type": "string", "description": "What this type of referral is for."},
    sign_off={
        "type": "array",
        "items": {"type": "string", "pattern": SLUG},
        "minItems": 1,
        "description": "Roles that must approve, in order, overriding the panel's default chain.",
    },
    sign_off_bands={
        "type": "array",
        "maxItems": 20,
        "description": (
            "A scheme of delegation: who signs off depends on the referral (e.g. its cost band). The first band "
            "whose `when` holds gives the chain; when none holds, `sign_off` (or the panel's chain) applies. List "
            "the highest band first, e.g. [{when: {field: costs.weekly, above: 1000}, chain: [team-manager, "
            "head-of-service]}, {when: {field: costs.weekly, above: 100}, chain: [team-manager, "
            "service-delivery-manager]}]."
        ),
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["when", "chain"],
            "description": "One band: the condition that puts a referral in it, and the roles that sign it off.",
            "properties": {
                "when": condition_schema(),
                "chain": {
                    "type": "array",
                    "items": {"type": "string", "pattern": SLUG},
                    "minItems": 1,
                    "description": "Roles that must approve a referral in this band, in order.",
                },
            },
        },
    },
    eligible={
        **condition_schema(),
        "description": (
            "Which referrals this type is for (service eligibility): a referral of this type for which the condition "
            "does not hold is an error (`not-eligible`) saying why, e.g. {field: children.legal_status, in: [lac]}."
        ),
    },
    required_fields=_ids(
        (
            "Front-matter fields a referral of this type must give (besides the core fields), as paths: "
            "costs, assessment, costs.funding, children.date_of_birth (every child) …"
        ),
        pattern=FIELD_PATH,
    ),
    required_sections=_ids("Body sections (ids from 'sections') it must have; default: all sections."),
    slot_minutes={
        "type": "integer",
        "minimum": 5,
        "maximum": 180,
        "default": DEFAULT_SLOT_MINUTES,
        "description": f"Agenda time for one referral of this type (default {DEFAULT_SLOT_MINUTES}).",
    },
    review={**_REVIEW},
    retrospective={
        "type": "object",
        "additionalProperties": False,
        "description": "Whether a child may already be accommodated when the referral is heard.",
        "properties": {
            "allowed": {"type": "boolean", "default": True, "description": "Retrospective referrals accepted."},
            "max_days": {
                "type": "integer",
                "minimum": 0,
                "maximum": 365,
                "description": "At most this many days between the start and the meeting.",
            },
            "at_next_meeting": {
                "type": "boolean",
                "description": "Must be heard at the first meeting after the start.",
            },
        },
    },
    max_weeks={
        "type": "integer",
        "minimum": 1,
        "maximum": 52,
        "description": "Longest period that may be requested (S20 without court: 12).",
    },
    requested_before_birthday={
        "type": "integer",
        "minimum": 1,
        "maximum": 25,
        "description": "The child must not yet have reached this birthday at the meeting (care leavers: 18).",
    },
    assessment_within_days={
        "type": "integer",
        "minimum": 1,
        "maximum": 730,
        "description": "The social work assessment must be at most this old at the meeting, unless an emergency.",
    },
    genogram_required={
        "type": "boolean",
        "default": False,
        "description": "A genogram must be on file (assessment.genogram_on_file: true), unless an emergency.",
    },
    no_cost={
        "type": "boolean",
        "default": False,
        "description": (
            "Referrals of this type ask for no money (discussion only, oversight): costs must be left out, and the "
            "pack and the site say that no cost is requested."
        ),
    },
    joint_funding_to={
        "type": "string",
        "description": "Where a referral funded jointly with health or education goes (e.g. Tripartite group).",
    },
    decides={
        "type": "boolean",
        "description": (
            "Whether the panel decides referrals of this type (true) or only recommends to decision_maker "
            "(false); left out: panel.decides."
        ),
    },
    decision_maker={
        "type": "string",
        "pattern": SLUG,
        "description": (
            "The role (from 'roles') that decides this type where the panel only recommends; "
            "left out: panel.decision_maker."
        ),
    },
    required_attachments={
        "type": "array",
        "maxItems": 20,
        "description": (
            "Documents a referral of this type must attach (submissions/<id>/, listed under `attachments:` with "
            "this kind), unless it is an emergency (emergency: true)."
        ),
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "name"],
            "properties": {
                "kind": _slug("The kind the referral gives the document (attachments: kind:), e.g. genogram."),
                "name": _text("What the document is, as people read it, e.g. Genogram."),
                "within_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 730,
                    "description": (
                        "The document must be dated (attachments: dated:) at most this many days before the meeting."
                    ),
                },
            },
        },
    },
)

_ATTACHMENT_LIMITS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "Documents attached to referrals (submissions/<id>/: PDF, PNG, JPEG): how large they may be. "
        "panel check refuses a document over a limit; the pack and the site never see it."
    ),
    "properties": {
        "max_bytes": {
            "type": "integer",
            "minimum": 10_000,
            "maximum": 100_000_000,
            "default": 20_000_000,
            "description": "Largest size of one document, in bytes (default 20 MB).",
        },
        "max_pdf_pages": {
            "type": "integer",
            "minimum": 1,
            "maximum": 500,
            "default": 30,
            "description": "Most pages of one PDF (default 30): each page is printed in the pack.",
        },
        "max_image_pixels": {
            "type": "integer",
            "minimum": 10_000,
            "maximum": 100_000_000,
            "default": 40_000_000,
            "description": "Most pixels of one image (width x height; default 40 million).",
        },
    },
}

_THRESHOLD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "A spending limit and what crossing it triggers.",
    "required": ["amount", "action"],
    "properties": {
        "types": {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG},
            "description": "Referral types it applies to; all types when left out.",
        },
        "amount": money("The limit."),
        "basis": {
            "enum": [b.value for b in Basis],
            "default": Basis.TOTAL.value,
            "description": "Whether the limit is on the total or the weekly cost.",
        },
        "action": {
            "enum": [a.value for a in ThresholdAction],
            "description": (
                "panel-required: only requests over the amount need panel (a warning below it); "
                "escalate: requests over the amount need a decision above panel."
            ),
        },
        "escalate_to": {
            "type": "string",
            "pattern": SLUG,
            "description": (
                "For escalate: the role (from 'roles') that decides above the amount; the panel's decision is "
                "then a recommendation until someone holding that role records theirs."
            ),
        },
    },
}


_OUTSIDE_ROUTE: dict[str, Any] = _named(
    "A route for urgent decisions between meetings: who may make them, for which types, for how long.",
    roles=_ids(
        "Roles that may decide in office hours, in the order they are asked (e.g. service-manager "
        "then head-of-service).",
        at_least_one=True,
    ),
    out_of_hours=_ids(
        "Roles that may decide out of office hours (e.g. the on-duty head-of-service); left out: "
        "the same roles as in office hours."
    ),
    office_hours={
        "type": "object",
        "additionalProperties": False,
        "description": "Office hours on working days (Europe/London); outside them, out_of_hours applies.",
        "properties": {
            "start": {"type": "string", "pattern": TIME, "default": "09:00", "description": "From, HH:MM."},
            "end": {"type": "string", "pattern": TIME, "default": "17:00", "description": "Until, HH:MM."},
        },
    },
    types=_ids("Referral types that may be decided this way; left out: every type."),
    stands_days={
        "type": "integer",
        "minimum": 1,
        "maximum": 90,
        "description": (
            "How many days the decision stands unratified; left out: until the next meeting. Either way it must be "
            "ratified at the next meeting, and past its time unratified it is a warning (an error with --strict) "
            "and a red item on the home page."
        ),
    },
    screens={
        "type": "boolean",
        "default": False,
        "description": (
            "A pre-meeting filter (e.g. Rochdale's): a decision under this route screens the referral out before "
            "the agenda, with its reason in `rationale`. It is not ratified; panel agenda leaves the referral off "
            "and lists it as screened out, and panel status and the site show it so."
        ),
    },
)

DEFAULT_FUNDERS: list[dict[str, Any]] = [
    {"id": "social-care", "name": "Children's social care", "council": True},
    {"id": "health", "name": "Health"},
    {"id": "education", "name": "Education"},
    {"id": "other", "name": "Other"},
]
"""The agencies that pay a share where panel.yml names none: no partner's agreement is recorded."""

_FUNDER: dict[str, Any] = _named(
    "An agency that pays a share of a cost: `funding[].source` in referrals and decisions names it by id.",
    council={
        "type": "boolean",
        "default": False,
        "description": "The panel's own agency (exactly one): its share counts against panel.budget.",
    },
    agrees=_slug(
        "A role (from 'roles') whose holder agrees this partner's share: a decision giving it a share is final "
        "only when such a person's Approved-by trailer on the decision counts, or the decision says "
        "partner_share_pending (council share only). Leave out for a funder whose agreement is not recorded."
    ),
)

_FORUM: dict[str, Any] = _named(
    "A multi-agency forum outside the panel (e.g. a joint funding or legal gateway panel): cases the panel may not "
    "decide alone go to it (a decision with forum: <id>) and come back to the panel's next agenda on its answer.",
    types=_ids("Referral types that go to the forum (with `when`: only those for which it holds).", at_least_one=True),
    when={
        **condition_schema(),
        "description": (
            "A condition on the referral that sends it to the forum, e.g. a partner's share or an amount beyond "
            "the panel's remit (with `types`: only for those types)."
        ),
    },
    answered_by=_slug(
        "The role (from 'roles') whose holder records the forum's answer: the answer file "
        "(meetings/<date>/forum/<referral-id>.md) counts only when that person approves it on main."
    ),
    url={
        "type": "string",
        "pattern": r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$",
        "maxLength": 300,
        "description": "The forum's own process or site (https), linked wherever a case is referred to it.",
    },
)
_FORUM["required"] = ["id", "name", "answered_by"]
_FORUM["anyOf"] = [{"required": ["types"]}, {"required": ["when"]}]

LINKED_PATH = r"^(\.\./){1,8}[A-Za-z0-9_][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9_][A-Za-z0-9._-]{0,99}){0,7}$"
"""Another repository's folder, relative to this one's: ../legal-gateway. It starts with ../ (a panel is its own
repository: a folder inside this one would be part of this panel's repository); no absolute paths, no '..' inside."""

_LINKED_PANEL: dict[str, Any] = _named(
    "Another panel of the council (its own repository, with its own panel.yml, calendar, roles and types) that "
    "this panel's outcomes may hand a case on to: `panel refer-on` writes the referral there, and each panel's "
    "pages show the case's path.",
    path={
        "type": "string",
        "pattern": LINKED_PATH,
        "maxLength": 300,
        "description": (
            "Where that panel's repository is checked out, relative to this panel's folder, starting with ../, e.g. "
            "../legal-gateway (a sibling clone: each panel is a repository of its own). It is read only when "
            "present, as a hostile repository: regular files inside it, never a link out of it, never its git "
            "history."
        ),
    },
)
_LINKED_PANEL["required"] = ["id", "name", "path"]

_ALLOWANCE_RATE: dict[str, Any] = _named(
    "A capped allowance (e.g. adopters' or special guardians' allowance at the national minimum rate).",
    weekly=money("The most per week a referral's allowance cost line may ask without an explanation."),
)
_WITHIN: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "How long after a decision becomes final (the chair's approval on main) something is due: exactly one of "
        "hours (clock hours) or working_days (the same time that many working days later, weekends and the "
        "region's bank holidays skipped)."
    ),
    "properties": {
        "hours": {"type": "integer", "minimum": 1, "maximum": 720, "description": "Clock hours, e.g. 24."},
        "working_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 30,
            "description": "Working days, e.g. 2.",
        },
    },
    "oneOf": [{"required": ["hours"]}, {"required": ["working_days"]}],
}

ENV_NAME = r"^[A-Z_][A-Z0-9_]{0,63}$"

_NOTICES: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["within", "from", "allowed_domains"],
    "description": (
        "Decision notices: after a decision is final, `panel notify MEETING` sends each referral's notice (PDF and "
        "email) to the worker and the managers who signed the referral off, and records what it sent in "
        "meetings/<date>/notices.yml."
    ),
    "properties": {
        "within": {**_WITHIN, "description": "How soon after the decision is final the notice must be sent."},
        "from": {
            "type": "string",
            "pattern": r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$",
            "description": "The address notices are sent from, e.g. the panel co-ordinator's shared mailbox.",
        },
        "allowed_domains": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^[a-z0-9-]+(\.[a-z0-9-]+)+$"},
            "description": (
                "The only mail domains a notice may go to (lower case, e.g. council.gov.uk): a recipient elsewhere "
                "is refused and nothing is sent to them."
            ),
        },
        "smtp": {
            "type": "object",
            "additionalProperties": False,
            "required": ["host"],
            "description": (
                "The mail server notices are sent through. Without it, `panel notify` writes each message as an "
                ".eml file under build/notices/<date>/ (not in git) to send by hand."
            ),
            "properties": {
                "host": {
                    "type": "string",
                    "pattern": r"^[A-Za-z0-9.-]{1,253}$",
                    "description": "The server's host name or address.",
                },
                "port": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 65535,
                    "default": 587,
                    "description": "The server's port (default 587, submission).",
                },
                "starttls": {
                    "type": "boolean",
                    "default": True,
                    "description": "Encrypt the connection with STARTTLS before anything is sent (refuse a server "
                    "that does not offer it).",
                },
                "username_env": {
                    "type": "string",
                    "pattern": ENV_NAME,
                    "description": "The environment variable holding the user name to sign in with (never the "
                    "user name itself: credentials are not kept in the repository).",
                },
                "password_env": {
                    "type": "string",
                    "pattern": ENV_NAME,
                    "description": "The environment variable holding the password (with username_env).",
                },
            },
            "dependentRequired": {"username_env": ["password_env"], "password_env": ["username_env"]},
        },
    },
}

_CASE_RECORD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["within"],
    "description": (
        "Entering each decision on the child's case record: a decision records it with `case_record: {by, entered}`; "
        "one not entered in time is late in the timeliness register and on the home page."
    ),
    "properties": {
        "within": {**_WITHIN, "description": "How soon after the decision is final it must be on the case record."},
    },
}


_RETENTION_PERIOD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["years", "from"],
    "properties": {
        "years": {"type": "integer", "minimum": 1, "maximum": 120, "description": "How many years it is kept."},
        "from": {
            "enum": ["date_of_birth", "decision", "meeting"],
            "description": (
                "When the years start: date_of_birth — the child's (or the expected delivery date); decision — "
                "the meeting of the latest decision on the referral (a referral not yet decided is never due); "
                "meeting — the meeting the referral was for, or the decision's own meeting."
            ),
        },
    },
}

_PERIOD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "How long after: exactly one of working_days (weekends, the region's bank holidays and calendar.closures "
        "skipped), days (calendar days) or weeks."
    ),
    "properties": {
        "working_days": {"type": "integer", "minimum": 1, "maximum": 250, "description": "Working days, e.g. 5."},
        "days": {"type": "integer", "minimum": 1, "maximum": 730, "description": "Calendar days, e.g. 56."},
        "weeks": {"type": "integer", "minimum": 1, "maximum": 104, "description": "Weeks, e.g. 2."},
    },
    "oneOf": [{"required": ["working_days"]}, {"required": ["days"]}, {"required": ["weeks"]}],
}

_FOLLOW_UP: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "step", "by", "within"],
    "description": (
        "A timed step due after every decision with this outcome, e.g. the minutes within 5 working days of the "
        "meeting, or the Director's endorsement within 14 days of the decision. Each is derived into the actions "
        "register (owner: the role), shown with its due date on the decision's meeting and referral pages, and "
        "overdue in panel check's warnings (follow-up-overdue), panel status and the site's home page until the "
        "decision records it done (`follow_up: [{step: <id>, done: <date>}]`)."
    ),
    "properties": {
        "id": _slug("Identifier of the step, as decisions name it in follow_up, e.g. minutes."),
        "step": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "What must be done, as people read it, e.g. 'Minutes circulated to members'.",
        },
        "by": {"type": "string", "pattern": SLUG, "description": "The role (from 'roles') whose holder does it."},
        "within": {**_PERIOD, "description": "How long after 'from' it is due: working_days, days or weeks."},
        "from": {
            "enum": [s.value for s in StepStart],
            "default": StepStart.DECISION.value,
            "description": (
                "What the time counts from: decision (default) — the day the decision became final (the chair's "
                "approval reached main; the day it was made where git history is not read, as in panel check); "
                "meeting — the day of the meeting that decided (for a decision outside a meeting, the day it was "
                "made)."
            ),
        },
    },
}

_OUTCOME: dict[str, Any] = _named(
    "A decision the panel can record.",
    requires={
        "type": "array",
        "items": {"enum": REQUIREMENTS},
        "uniqueItems": True,
        "description": "What a decision with this outcome must state.",
    },
    description={"type": "string", "description": "When to use this outcome."},
    review={
        **_REVIEW,
        "description": (
            "When a case decided with this outcome comes back: overrides the referral type's review rule "
            "(e.g. an interim approval reviewed every 4 weeks)."
        ),
    },
    refers_to={
        "type": "object",
        "additionalProperties": False,
        "required": ["panel", "type"],
        "description": (
            "A decision with this outcome hands the case on to a linked panel (see linked_panels): `panel refer-on "
            "<referral>` writes a referral of `type` there, carrying the child and the history, e.g. {panel: "
            "legal-gateway, type: pre-proceedings}."
        ),
        "properties": {
            "panel": _slug("The linked panel (an id of linked_panels) the case goes to."),
            "type": _slug("The referral type (of that panel's panel.yml referral_types) the new referral is."),
        },
    },
    follow_up={
        "type": "array",
        "maxItems": 20,
        "items": _FOLLOW_UP,
        "description": (
            "Timed steps due after each decision with this outcome, e.g. "
            "[{id: minutes, step: Minutes circulated, by: co-ordinator, within: {working_days: 5}, from: meeting}]."
        ),
    },
)

_PERSON: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "email", "roles"],
    "description": "Someone with a part in the panel; git approvals are matched by email.",
    "properties": {
        "name": _text("Full name."),
        "email": {
            "type": "string",
            "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
            "description": "Work email, as used for git commits.",
        },
        "roles": {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG},
            "minItems": 1,
            "description": "Role ids this person holds (from 'roles').",
        },
        "organisation": {
            "type": "string",
            "pattern": SLUG,
            "description": (
                "The organisation (an id of 'organisations') this person comes from, over their roles' "
                "organisation, e.g. health for the ICB's commissioner."
            ),
        },
        "github": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9-]{1,39}$",
            "description": "GitHub login, so a merge bot can write this person's Approved-by trailer.",
        },
        "signing_keys": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Public keys (ssh-ed25519 … or GPG fingerprints) whose signatures count as theirs.",
        },
    },
}

_RENAMES = {
    "type": "object",
    "maxProperties": 200,
    "propertyNames": {"pattern": SLUG},
    "additionalProperties": {"type": "string", "pattern": SLUG},
}
REVISABLE_EXCLUDED = ("revisions",)
"""Top-level sections a revision may not change (every other one it may)."""


def _revisions(sections: list[str]) -> dict[str, Any]:
    """`revisions`: dated overlays of the base configuration (validated whole once merged, see config/revisions.py)."""
    changes = {name: {"description": f"'{name}' from this date, merged into the terms before it."} for name in sections}
    return {
        "type": "array",
        "maxItems": 100,
        "description": (
            "Changes to these terms of reference, each from the date it takes effect, oldest first. Each revision "
            "overlays the configuration in force before it: a mapping merges key by key, anything else (a list, a "
            "value) replaces what was there (so a revision that changes referral_types gives the whole list). Each "
            "merged result is checked like the base, with errors at the revision's lines. A referral is judged by "
            "the terms in force on its meeting date, a decision or meeting record by its meeting's date, and each "
            "meeting of the calendar by the terms in force on its day; registers and the site use the newest "
            "terms' names. Example: [{from: 2027-04-01, note: Terms revised March 2027, panel: {name: Resource "
            "Panel}, renamed: {types: {placement: external-placement}}, referral_types: [...]}]."
        ),
        "items": {
            "type": "object",
            "required": ["from", "note"],
            "additionalProperties": False,
            "properties": {
                "from": date("The day the revision takes effect"),
                "note": _text("What changed and on whose authority, e.g. 'Terms revised by the DCS, March 2027'."),
                "renamed": {
                    "type": "object",
                    "additionalProperties": False,
                    "description": (
                        "Ids this revision renames, old: new: records written under an old id stay valid and are "
                        "shown under the new name ('formerly …')."
                    ),
                    "properties": {
                        "types": {**_RENAMES, "description": "Referral types: old id: new id."},
                        "roles": {**_RENAMES, "description": "Roles: old id: new id."},
                        "outcomes": {**_RENAMES, "description": "Outcomes: old id: new id."},
                    },
                },
                **changes,
            },
        },
    }


PANEL_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Panel Papers terms of reference (panel.yml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["panel", "calendar", "people", "roles", "teams", "referral_types", "outcomes", "sections"],
    "properties": {
        "panel": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "council"],
            "description": "Who the panel is.",
            "properties": {
                "name": _text("The panel's name, e.g. Resource and Care Panel."),
                "short_name": _text("Abbreviation used in headings, e.g. RCP."),
                "council": _text("The council the panel belongs to."),
                "marking": {
                    "type": "string",
                    "default": "OFFICIAL-SENSITIVE",
                    "description": "Protective marking on every page and pack.",
                },
                "holidays": {
                    "type": "string",
                    "pattern": HOLIDAYS,
                    "default": Region.ENGLAND_AND_WALES.value,
                    "description": (
                        "Whose bank holidays are not working days: england-and-wales, scotland or northern-ireland, "
                        "or any country code with its subdivision that the holidays package knows, e.g. GB-WLS "
                        "(Wales), IM (Isle of Man), JE (Jersey), GG (Guernsey)."
                    ),
                },
                "venue": {"type": "string", "description": "Where the panel meets."},
                "site_url": {"type": "string", "description": "Address of the internal site, for calendar links."},
                "decides": {
                    "type": "boolean",
                    "default": True,
                    "description": (
                        "Panel-wide default: true where the panel decides, false where it only recommends and "
                        "decision_maker decides (a referral type's own 'decides' overrides it)."
                    ),
                },
                "decision_maker": {
                    "type": "string",
                    "pattern": SLUG,
                    "description": (
                        "The role (from 'roles') that decides where the panel only recommends, e.g. "
                        "head-of-service; a referral type's own decision_maker overrides it."
                    ),
                },
                "minute_taker": {
                    "type": "string",
                    "pattern": SLUG,
                    "description": (
                        "The role (from 'roles') whose holder takes the minutes, e.g. co-ordinator: panel meeting "
                        "writes them into the meeting record's minutes_by, and panel check then bars them from "
                        "minuting an item they have an interest in."
                    ),
                },
                "chair_roles": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "uniqueItems": True,
                    "default": ["chair", "vice-chair"],
                    "description": "Roles whose holders may chair a meeting; the chair named in a meeting's record "
                    "makes its decisions final by approving them. Default: chair and vice-chair (those defined).",
                },
                "quorum": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100,
                    "description": "Members needed for the panel to decide an item: those present (the chair "
                    "included) who declared no interest in it. An item decided with fewer is provisional until "
                    "a quorate meeting confirms it.",
                },
                "quorum_roles": {
                    "type": "array",
                    "maxItems": 20,
                    "items": {
                        "anyOf": [
                            {"type": "string", "minLength": 1, "description": "A role id, as in roles."},
                            {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 20,
                                "uniqueItems": True,
                                "items": {"type": "string", "minLength": 1},
                                "description": "Roles any one of which will do, e.g. [chair, vice-chair].",
                            },
                        ]
                    },
                    "description": "Roles that must be present, without an interest in the item, for the panel to "
                    "decide it: each entry a role, or a list of roles any one of which will do, e.g. "
                    "[[chair, vice-chair], finance-officer]; each entry needs a different person.",
                },
                "quorum_organisations": {
                    "type": "array",
                    "maxItems": 20,
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": SLUG},
                    "description": (
                        "Organisations (ids of 'organisations') each of which at least one person present without an "
                        "interest in the item must come from, e.g. [health, education] for 'at least one member from "
                        "health and one from education'; a substitute counts for the organisation of whom they stand "
                        "in for. An item decided without one is provisional like any inquorate item."
                    ),
                },
                "budget": {
                    "type": "object",
                    "additionalProperties": money("The year's budget.", BUDGET_MAX),
                    "propertyNames": {"pattern": r"^20[0-9]{2}-[0-9]{2}$"},
                    "description": "Budget per financial year, keyed '2026-27'.",
                },
                "referral_id_prefix": {
                    "type": "string",
                    "pattern": "^[A-Z]{1,4}$",
                    "default": "R",
                    "description": "Prefix of referral ids, e.g. R for R-0142.",
                },
                "email_plus_addressing": {
                    "type": "boolean",
                    "default": True,
                    "description": (
                        "The council's mail system delivers name+tag@council to name@council, so approvals "
                        "compare addresses without the +tag (always ignoring case). Set false only where "
                        "name+tag and name are different people's mailboxes."
                    ),
                },
                "identifier_scan": {
                    "enum": ["warning", "error"],
                    "default": "warning",
                    "description": (
                        "How panel check reports an NHS or National Insurance number, phone number, postcode or "
                        "email address in free text, or a child's full name in a commit message, branch or file "
                        "name: warning (fails only with --strict) or error."
                    ),
                },
            },
        },
        "calendar": {
            "type": "object",
            "additionalProperties": False,
            "required": ["start", "end"],
            "description": "When the panel meets and when papers are due.",
            "properties": {
                "cadence": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["every"],
                    "description": (
                        "The regular pattern of meetings, e.g. {every: week, weekday: tuesday}. {every: per-case} (or "
                        "no cadence at all): no regular meetings; a meeting is booked per case with panel book DATE, "
                        "which creates its folder meetings/DATE/, and the rota and 'extra' dates add to those."
                    ),
                    "properties": {
                        "every": {
                            "enum": [every.value for every in Every],
                            "description": (
                                "week, fortnight (from 'anchor'), month (on 'weeks') or per-case (meetings booked one "
                                "by one: no weekday)."
                            ),
                        },
                        "weekday": {
                            "enum": WEEKDAYS,
                            "description": "Day of the week the panel meets (every cadence but per-case needs one).",
                        },
                        "anchor": date("For fortnightly panels: one date the panel meets on"),
                        "weeks": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": -1, "maximum": 5},
                            "minItems": 1,
                            "description": "For monthly panels: which weekdays of the month (2 = second, -1 = last).",
                        },
                    },
                },
                "first": date("No meetings before this date"),
                "last": date("No meetings after this date"),
                "start": {"type": "string", "pattern": TIME, "description": "Start time, HH:MM."},
                "end": {"type": "string", "pattern": TIME, "description": "End time, HH:MM."},
                "cancelled": {
                    "type": "array",
                    "items": date("A date"),
                    "description": "Regular dates on which the panel does not meet.",
                },
                "cancellation_needs_chair": {
                    "type": "boolean",
                    "default": False,
                    "description": (
                        "A meeting is cancelled only with the chair's recorded agreement: each date added to "
                        "'cancelled' must reach main in a merge approved (Approved-by) by someone holding a role in "
                        "panel.chair_roles; panel check reports any other as an error (cancellation-unagreed). Dates "
                        "in the first panel.yml the repository had are the adopted terms and need no agreement."
                    ),
                },
                "extra": {
                    "type": "array",
                    "items": date("A date"),
                    "description": "Additional meeting dates outside the pattern.",
                },
                "skip_bank_holidays": {
                    "type": "boolean",
                    "default": True,
                    "description": "No meeting on a bank holiday (false: keep it). on_bank_holiday says more.",
                },
                "on_bank_holiday": {
                    "enum": [b.value for b in BankHolidayMeeting],
                    "description": (
                        "What happens to a meeting that falls on a bank holiday or closure day: skip, "
                        "next-working-day, previous-working-day or keep. Replaces skip_bank_holidays (give one)."
                    ),
                },
                "closures": {
                    "type": "array",
                    "maxItems": 100,
                    "description": (
                        "Days the council is closed besides bank holidays (e.g. between Christmas and New Year): not "
                        "working days for deadlines, and a meeting on one is treated as on_bank_holiday says."
                    ),
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["name", "from"],
                        "properties": {
                            "name": _text("What the closure is, e.g. Christmas closure."),
                            "from": date("The first day closed"),
                            "to": date("The last day closed (default: the first: one day)"),
                        },
                    },
                },
                "rota": {
                    "type": "array",
                    "maxItems": 20,
                    "items": _ROTA,
                    "description": (
                        "A rota of meetings besides (or instead of) the cadence, each entry named (e.g. by area): "
                        "explicit dates, or a weekday on given weeks of the month. panel calendar, the calendar feed "
                        "and the site list each meeting with its entry's name. Example: [{name: East, weekday: "
                        "tuesday, weeks: [1, 3]}, {name: West, weekday: thursday, weeks: [2, 4]}, {name: Extra "
                        "sittings, dates: [2027-01-14]}]."
                    ),
                },
                "deadline": {
                    **_TIME_RULE,
                    "description": (
                        "When referrals must be submitted and signed off: the deadline of every sign-off role "
                        "that no stage names. Leave it out where the terms set none: a referral may then be heard "
                        "at any meeting, and the agenda, calendar and panel new referral say so instead of a date."
                    ),
                },
                "stages": {
                    "type": "array",
                    "items": _STAGE,
                    "maxItems": 10,
                    "description": (
                        "Staged deadlines: each names roles whose sign-off is due by its own time (the worker's "
                        "referral authorised by Friday 15:00, the Group Manager's by Monday 12:00, legal advice by "
                        "Tuesday). Each approval is judged against its role's stage; roles no stage names against "
                        "'deadline'."
                    ),
                },
                "papers_out": {**_TIME_RULE, "description": "When the pack goes to members."},
                "due_after": {
                    "type": "array",
                    "maxItems": 20,
                    "items": _DUE_AFTER,
                    "description": (
                        "Deadlines counted forward from an event in each referral's history (the deadlines above "
                        "count back from the meeting): panel status, the referral's page on the site and panel "
                        "check (a warning, due-overdue, once one is overdue) show each."
                    ),
                },
            },
        },
        "roles": {
            "type": "array",
            "minItems": 1,
            "items": _named(
                "A role someone can hold: team-manager, service-manager, chair …",
                voting={
                    "type": "boolean",
                    "default": True,
                    "description": (
                        "false: the role's holders (advisers, the co-ordinator) attend and are listed present but are "
                        "not counted towards panel.quorum's number of members; they can still fill a quorum_roles or "
                        "quorum_organisations entry. Someone holding any voting role votes. Default true."
                    ),
                },
                in_principle={
                    "type": "boolean",
                    "default": False,
                    "description": (
                        "true: when panel.quorum_roles needs this role at an item and no holder of it takes part "
                        "(everything else being quorate), the panel decides in principle: panel check warns "
                        "(in-principle) rather than errs, and the decision becomes final once a holder of the role "
                        "approves it (Approved-by, on or after the meeting) as well as the chair — or a quorate "
                        "meeting confirms it. Default false: only a quorate meeting confirms it."
                    ),
                },
                organisation={
                    "type": "string",
                    "pattern": SLUG,
                    "description": (
                        "The organisation (an id of 'organisations', e.g. health) the role's holders come from, for "
                        "panel.quorum_organisations; a person's own organisation wins."
                    ),
                },
            ),
            "description": "The roles people hold on this panel.",
        },
        "organisations": {
            "type": "array",
            "maxItems": 50,
            "items": _named("An organisation members come from, e.g. {id: health, name: Health (ICB)}."),
            "description": (
                "The organisations members come from (health, education, legal …): roles and people name one as "
                "their `organisation`, and panel.quorum_organisations needs someone from each it lists."
            ),
        },
        "people": {
            "type": "array",
            "items": _PERSON,
            "minItems": 1,
            "description": "Members, approvers, chairs and officers.",
        },
        "teams": {
            "type": "array",
            "items": _named("A team practitioners belong to."),
            "minItems": 1,
            "description": "Teams that refer to the panel.",
        },
        "budget_lines": {
            "type": "array",
            "items": _named("A budget line costs are charged to."),
            "description": "Budget lines costs are charged to.",
        },
        "legal_statuses": {
            "type": "array",
            "items": _named("A legal status a child may have."),
            "description": "Legal statuses a child may have (CIN, CP, S20, ICO …).",
        },
        "cms": {
            "type": "object",
            "additionalProperties": False,
            "required": ["backend", "repo"],
            "description": (
                "Editing in the browser (Decap CMS at the site's /admin/): the forge the CMS commits to through "
                "its API, opening a branch and a merge request per draft. Without it the site has no /admin/."
            ),
            "properties": {
                "backend": {
                    "enum": ["gitlab", "github"],
                    "description": "The forge: gitlab (self-managed or gitlab.com) or github.",
                },
                "repo": {
                    "type": "string",
                    "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+$",
                    "description": "The panel repository's path on the forge, e.g. childrens-services/resource-panel.",
                },
                "base_url": {
                    "type": "string",
                    "pattern": r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$",
                    "description": (
                        "GitLab: the forge's address, where people sign in (default https://gitlab.com). "
                        "GitHub: the address of the council's OAuth relay (Decap's GitHub login needs one)."
                    ),
                },
                "api_root": {
                    "type": "string",
                    "pattern": r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*$",
                    "description": (
                        "The forge's API (default https://gitlab.com/api/v4 or https://api.github.com): the only "
                        "host besides the site itself that the admin page may connect to."
                    ),
                },
                "app_id": {
                    "type": "string",
                    "pattern": r"^[A-Za-z0-9._-]{1,128}$",
                    "description": (
                        "GitLab: the Application ID of the OAuth application (PKCE: no secret). Required for gitlab."
                    ),
                },
            },
            "if": {"properties": {"backend": {"const": "gitlab"}}},
            "then": {"required": ["app_id"]},
            "else": {"not": {"required": ["app_id"]}},
        },
        "sign_off": {
            "type": "object",
            "additionalProperties": False,
            "required": ["chain"],
            "description": "Who must approve a referral before it is heard.",
            "properties": {
                "chain": {
                    "type": "array",
                    "items": {"type": "string", "pattern": SLUG},
                    "description": (
                        "Role ids, in order. An empty list ([]): no sign-off chain; a referral is ready once it is "
                        "submitted (merged to the sign-off branch), and panel status says 'no sign-off needed' (a "
                        "type's own sign_off still applies to that type)."
                    ),
                },
                "ordered": {
                    "type": "boolean",
                    "default": True,
                    "description": "Approvals must come in the chain's order.",
                },
                "require_signatures": {
                    "type": "boolean",
                    "default": False,
                    "description": (
                        "Only approvals in commits signed (SSH or GPG) by a key listed in the approver's "
                        "signing_keys count; checked with git's allowed-signers file."
                    ),
                },
                "branch": {
                    "type": "string",
                    "pattern": r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$",
                    "default": "main",
                    "description": (
                        "The branch whose first-parent history records approvals "
                        "(read from refs/heads/<branch>, else refs/remotes/origin/<branch>)."
                    ),
                },
            },
        },
        "sections": {
            "type": "array",
            "minItems": 1,
            "items": _named(
                "A section of the referral body: a heading with this name.",
                heading_level={
                    "type": "integer",
                    "minimum": 2,
                    "maximum": 4,
                    "default": 2,
                    "description": "Heading level (## = 2).",
                },
                guidance={"type": "string", "description": "What to write, shown in new referrals."},
            ),
            "description": "The body sections a referral has, in order.",
        },
        "referral_types": {
            "type": "array",
            "items": _TYPE,
            "minItems": 1,
            "description": "The kinds of request this panel hears.",
        },
        "thresholds": {"type": "array", "items": _THRESHOLD, "description": "Spending limits and what they trigger."},
        "routing": {
            "type": "array",
            "maxItems": 50,
            "items": _ROUTE,
            "description": (
                "Which type a case belongs to, from its attributes: the first rule whose `when` holds (among those "
                "covering the referral's type) names the type the referral must be; another type is an error "
                "(`wrong-type`) saying why."
            ),
        },
        "form_rules": {
            "type": "array",
            "maxItems": 50,
            "items": _FORM_RULE,
            "description": (
                "Fields and body sections a referral must give only when a condition holds (looked-after review "
                "minutes only for a looked-after child); one missing is an error (`required-when`) saying why."
            ),
        },
        "case_fields": {
            "type": "array",
            "maxItems": 100,
            "items": _CASE_FIELD,
            "description": (
                "The panel's own facts about the case, given under `case:` in each referral's front matter, e.g. "
                "[{id: plan_start, name: Child protection plan started, kind: date}, {id: placement_moves, name: "
                "Placement moves in the last year, kind: integer}]."
            ),
        },
        "due_rules": {
            "type": "array",
            "maxItems": 50,
            "items": _DUE_RULE,
            "description": (
                "When a referral is due because of facts in it, e.g. {name: Pre-birth, when: {field: "
                "children.expected_delivery, present: true}, due: {from: children.expected_delivery, "
                "pregnancy_week: 24}, because: pre-birth referrals are heard by week 24 of pregnancy}."
            ),
        },
        "one_open_referral": _ONE_OPEN,
        "funders": {
            "type": "array",
            "items": _FUNDER,
            "minItems": 1,
            "default": DEFAULT_FUNDERS,
            "description": (
                "The agencies that pay shares of costs (council, health, education …), each with the role that agrees "
                "its share; default: social-care (the council), health, education and other, none agreeing."
            ),
        },
        "forums": {
            "type": "array",
            "maxItems": 20,
            "items": _FORUM,
            "description": (
                "Multi-agency forums that decide cases the panel may not decide alone: a referral routed to one "
                "(its `types` and `when`) gets no final panel decision until the forum's answer, approved by a "
                "holder of `answered_by`, is recorded; then it returns to the next agenda."
            ),
        },
        "linked_panels": {
            "type": "array",
            "maxItems": 20,
            "items": _LINKED_PANEL,
            "description": (
                "The council's other panels this one hands cases to or takes them from, each its own repository, "
                "e.g. [{id: legal-gateway, name: Legal Gateway Panel, path: ../legal-gateway}]. An outcome's "
                "refers_to names one; a referral's referred_from.panel must be one."
            ),
        },
        "allowance_rates": {
            "type": "array",
            "items": _ALLOWANCE_RATE,
            "description": (
                "Rates that cap allowance cost lines (costs.lines[] with kind allowance and rate: <id>): a line over "
                "its rate is an error unless the line gives an explanation."
            ),
        },
        "high_cost": {
            "type": "object",
            "additionalProperties": False,
            "required": ["weekly"],
            "description": "Which commitments the expenditure log lists as high-cost placements.",
            "properties": {
                "weekly": money("A commitment at or above this weekly cost is high-cost."),
                "types": {
                    "type": "array",
                    "items": {"type": "string", "pattern": SLUG},
                    "description": "Referral types it applies to; all types when left out.",
                },
            },
        },
        "finance_sign_off": {
            "type": "object",
            "additionalProperties": False,
            "required": ["signer_role"],
            "description": (
                "The finance lead's periodic sign-off of the expenditure log: `panel snapshot` records the log "
                "for a period; it is signed when a holder of `signer_role` approves the snapshot's record."
            ),
            "properties": {
                "signer_role": _slug("The role (from 'roles') that signs the expenditure log off."),
                "every": {
                    "enum": ["month", "quarter"],
                    "default": "month",
                    "description": "Each snapshot covers a calendar month or a quarter of the financial year.",
                },
            },
        },
        "outcomes": {
            "type": "array",
            "items": _OUTCOME,
            "minItems": 1,
            "description": (
                "The decisions the panel can record: at least one, and no default set, because every decision file "
                "names one and what a panel may decide (and what each decision must state) is its terms of "
                "reference's to say. List them, e.g. [{id: approved, name: Approved, requires: [rationale]}, "
                "{id: declined, name: Declined, requires: [rationale]}]."
            ),
        },
        "outside_meetings": {
            "type": "array",
            "items": _OUTSIDE_ROUTE,
            "description": (
                "Routes for urgent decisions between meetings (meetings/outside/<date>-<referral>.md, panel decide "
                "--outside-meeting), each ratified at the next meeting."
            ),
        },
        "unmet_need_categories": {
            "type": "array",
            "items": _named("A kind of unmet need, for the sufficiency strategy."),
            "description": "Categories of unmet need recorded for the sufficiency strategy.",
        },
        "standing_reviews": {
            "type": "array",
            "maxItems": 20,
            "items": _named(
                "A category of approved cases the panel reviews on a cycle, with no new referral written.",
                types=_ids("Referral types it covers (the case's first referral's type); all when left out."),
                weekly_over=money("Only approvals costing more than this a week (e.g. high-cost placements)."),
                every_months={
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 24,
                    "description": "The case comes back this many months after each decision while the approval runs.",
                },
            )
            | {"required": ["id", "name", "every_months"]},
            "description": (
                "Standing reviews: every approved case of a category (e.g. every placement over £2,000 a week) comes "
                "back every N months without a referral being written again; the agenda item carries the last "
                "decision, the spend to date and the next commitment."
            ),
        },
        "case_outcomes": {
            "type": "array",
            "maxItems": 30,
            "items": _named(
                "What happened for the child, recorded at review (a decision's case_outcomes).",
                aim={
                    "enum": [aim.value for aim in Aim],
                    "description": (
                        "What the panel's terms aim for: fewer (children entering care, disruptions, repeat "
                        "referrals) or more (remaining at home, reunifications); shown beside its statistics."
                    ),
                },
            ),
            "description": (
                "Outcome measures a decision records at review (remained at home, entered care, placement "
                "stable or disrupted, returned home, re-referred within 12 months …): the case-outcomes register "
                "and the statistics page count them by referral type and financial year."
            ),
        },
        "protected_characteristics": {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": list(PROTECTED_CHARACTERISTICS)},
            "description": (
                "Characteristics of the children referred that the panel monitors (age, gender, ethnicity, "
                "disability, from each child's fields): the statistics page counts children by each, in aggregate "
                "only, every count under 5 shown as '<5'."
            ),
        },
        "assumed": {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "string",
                "pattern": r"^[a-z_]+(\.([A-Za-z0-9_-]+|\*))*$",
                "description": "A setting as a dotted path; list entries by id or position, * for all.",
            },
            "description": (
                "Settings whose values no terms of reference give: a starter configuration's guesses, "
                "e.g. [panel.venue, calendar.end, referral_types.*.slot_minutes]. Each must name a setting "
                "in this file. Until the panel confirms a value (and removes it from this list), the pack, "
                "the site and the calendar feed print an assumed venue or meeting time as 'to be confirmed'."
            ),
        },
        "retention": {
            "type": "object",
            "additionalProperties": False,
            "description": (
                "The council's retention schedule for this panel's records: `panel retention` lists the children "
                "whose records are all past it, and `panel erase` removes them (README: Data protection)."
            ),
            "properties": {
                "referrals": {**_RETENTION_PERIOD, "description": "How long a referral (submissions/<id>.md) is kept."},
                "decisions": {
                    **_RETENTION_PERIOD,
                    "description": "How long a decision (meetings/<date>/decisions/<id>.md) is kept.",
                },
                "ci_artifacts_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 90,
                    "default": 7,
                    "description": (
                        "The most days a CI run may keep its artefacts (site, packs, status): panel check fails on a "
                        "CI file in the repository that keeps them longer or for ever; CI templates use this value."
                    ),
                },
            },
        },
        "notices": _NOTICES,
        "case_record": _CASE_RECORD,
        "attachments": _ATTACHMENT_LIMITS,
        "agenda": {
            "type": "object",
            "additionalProperties": False,
            "description": "How agendas are put together.",
            "properties": {
                "declarations_first": {
                    "type": "boolean",
                    "default": True,
                    "description": "Open with declarations of interest.",
                },
                "order": {
                    "type": "array",
                    "items": {"enum": AGENDA_ORDER},
                    "default": AGENDA_ORDER,
                    "description": "Order of agenda groups.",
                },
                "break_minutes": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 120,
                    "default": 0,
                    "description": "Minutes between items.",
                },
                "declarations_minutes": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 120,
                    "default": 5,
                    "description": "Length of the declarations-of-interest item.",
                },
                "actions_minutes": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 120,
                    "default": 10,
                    "description": "Length of the item reviewing actions still open from earlier meetings.",
                },
                "previous_minutes": {
                    "type": "boolean",
                    "default": False,
                    "description": (
                        "Print the previous meeting's minutes (its meetings/<date>/meeting.md: attendance, "
                        "declarations and the bullet-point minutes) in this meeting's pack, after the declarations."
                    ),
                },
                "chair_confirms": {
                    "type": "boolean",
                    "default": False,
                    "description": (
                        "The chair confirms the agenda before it goes out: `panel pack --circulate` refuses until the "
                        "agenda (meetings/<date>/agenda.md) reached main in a merge approved (Approved-by) by someone "
                        "holding a role in panel.chair_roles, and has not changed since."
                    ),
                },
            },
        },
    },
}
PANEL_SCHEMA["properties"]["revisions"] = _revisions(
    [name for name in PANEL_SCHEMA["properties"] if name not in REVISABLE_EXCLUDED]
)
