"""The JSON Schema (2020-12) of a referral's front matter, built from the panel's configuration."""

from __future__ import annotations

from typing import Any

from generator.domain.config.model import SLUG_PATTERN, CaseField, FieldKind, PanelConfig
from generator.domain.schema_parts import (
    birth_date,
    choice,
    date,
    date_or_time,
    front_matter,
    funding_shares,
    money,
    referral_id_pattern,
    required_when,
    strict_object,
    text,
    weeks,
)

SAFE_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
ATTACHMENT_NAME = r"^[a-z0-9][a-z0-9_-]{0,62}\.(pdf|png|jpg|jpeg)$"
"""A document's file name: safe as a file name and in an address on every system it is copied to."""
MAX_ATTACHMENTS = 20
COST_LINE_KINDS = ("service", "placement", "allowance", "transport", "contact", "other")
"""What a cost line pays for: transport and contact costs are lines of their own."""


CASE_NUMBER_MAX = 1_000_000_000
"""The largest number a panel's own number field may hold: far above any count or amount it names."""
CASE_TEXT_MAX = 2000


def case_field_schema(entry: CaseField) -> dict[str, Any]:
    """The schema of one of the panel's own case fields (`case_fields`), its name as the title people read."""
    words = entry.help or f"{entry.name}."
    spec: dict[str, Any]
    if entry.kind == FieldKind.DATE:
        spec = date(words.rstrip("."))
    elif entry.kind == FieldKind.NUMBER:
        spec = {"type": "number", "minimum": 0, "maximum": CASE_NUMBER_MAX, "description": words}
    elif entry.kind == FieldKind.INTEGER:
        spec = {"type": "integer", "minimum": 0, "maximum": CASE_NUMBER_MAX, "description": words}
    elif entry.kind == FieldKind.YES_NO:
        spec = {"type": "boolean", "description": f"{words} true or false."}
    elif entry.kind == FieldKind.CHOICE:
        spec = {"type": "string", "enum": list(entry.choices), "description": words}
    else:
        spec = {**text(words), "maxLength": CASE_TEXT_MAX}
    return {"title": entry.name, **spec}


def case_schema(config: PanelConfig, type_id: str | None = None) -> dict[str, Any]:
    """The `case` mapping: the panel's own facts about the case (those asked of `type_id`, or every one)."""
    fields = [f for f in config.case_fields if type_id is None or f.covers(type_id)]
    return strict_object(
        "Facts about the case this panel asks for (panel.yml case_fields).",
        {f.id: case_field_schema(f) for f in fields},
        [],
    )


MAX_PATH_STEPS = 20
"""The most earlier hearings a referral's path carries: far more than any case goes through."""


def _path_step(description: str, extra: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return strict_object(
        description,
        {
            **extra,
            "name": {**text("The panel's name, e.g. Resource Panel."), "maxLength": 200},
            "referral": {"type": "string", "pattern": SAFE_ID, "description": "Its referral id there, e.g. R-0012."},
            "meeting": date("The meeting that decided to hand the case on"),
            "outcome": {
                **text("The outcome there, as it was named, e.g. Referred to the Legal Gateway."),
                "maxLength": 200,
            },
        },
        [*required, "name", "referral", "meeting", "outcome"],
    )


def referred_from_schema() -> dict[str, Any]:
    """The `referred_from` block: the linked panel's decision that handed the case on, and its path before that."""
    step = _path_step("An earlier hearing of the case, at another panel.", {}, [])
    return _path_step(
        "Where the case came from: written by `panel refer-on` in the panel whose decision handed it on. Leave it "
        "as written: it is the case's path, shown on this referral's page and pack item.",
        {
            "panel": {
                "type": "string",
                "pattern": SLUG_PATTERN,
                "description": "That panel's id in this panel.yml's linked_panels.",
            },
            "summary": {**text("What that panel decided and why (its decision's rationale)."), "maxLength": 5000},
            "earlier": {
                "type": "array",
                "maxItems": MAX_PATH_STEPS,
                "items": step,
                "description": "The case's path before that panel, oldest first.",
            },
        },
        ["panel"],
    )


def referral_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of a referral's front matter for this panel."""
    prefix = config.panel.referral_id_prefix
    types = [t.id for t in config.referral_types]
    answer_with_reason = {
        "explanation": text("Why not, and what is planned instead. Required when the answer is false."),
    }
    properties: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": referral_id_pattern(prefix),
            "description": (
                f"The referral's stable id, e.g. {prefix}-0142 (or {prefix.lower()}-20261124-k3f9x2 when started "
                "in the browser): it names the file and web pages."
            ),
        },
        "type": {
            "type": "string",
            "enum": types,
            "description": "What is being asked for: one of the panel's referral types.",
        },
        "title": text("A short title for the agenda (no names of children)."),
        "meeting": date("The panel meeting this referral asks to be heard at"),
        "submitted": date("The date the worker completed the referral"),
        "worker": strict_object(
            "The practitioner who wrote the referral.",
            {
                "name": text("Full name."),
                "team": choice([t.id for t in config.teams], "Team id, as defined in panel.yml."),
                "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "description": "Work email."},
            },
            ["name", "team", "email"],
        ),
        "children": {
            "type": "array",
            "minItems": 1,
            "description": "The child or children the referral is about.",
            "items": strict_object(
                "A child.",
                {
                    "name": text("Full name."),
                    "case_id": {
                        "type": "string",
                        "pattern": SAFE_ID,
                        "description": "The child's id in the case-management system (LCS, Mosaic …).",
                    },
                    "date_of_birth": birth_date("Date of birth; leave out for a pre-birth referral"),
                    "expected_delivery": date("Expected date of delivery, for a pre-birth referral only"),
                    "gender": text("Gender, as recorded."),
                    "ethnicity": text("Ethnicity, as recorded."),
                    "disability": text("Disability or special need, or 'none known'."),
                    "legal_status": choice(
                        [s.id for s in config.legal_statuses], "Legal status, as defined in panel.yml."
                    ),
                },
                ["name", "case_id", "ethnicity", "disability", "legal_status"],
            ),
        },
        "family": {
            "type": "array",
            "description": "Family members.",
            "items": strict_object(
                "A family member.",
                {
                    "name": text("Full name."),
                    "relationship": text("Relationship to the child, e.g. mother."),
                    "date_of_birth": birth_date("Date of birth, if known"),
                },
                ["name", "relationship"],
            ),
        },
        "network": {
            "type": "array",
            "description": "The family's support network.",
            "items": strict_object(
                "A member of the network.",
                {"name": text("Name."), "role": text("Their part, e.g. grandmother, school.")},
                ["name", "role"],
            ),
        },
        "family_network_meeting": strict_object(
            "Has a family network meeting (FGC) taken place?",
            {
                "held": {"type": "boolean", "description": "true or false."},
                "date": date("When it was held"),
                **answer_with_reason,
            },
            ["held"],
        ),
        "safety_plan": strict_object(
            "Is there a safety plan?",
            {"in_place": {"type": "boolean", "description": "true or false."}, **answer_with_reason},
            ["in_place"],
        ),
        "costs": strict_object(
            "Projected costs (to a maximum of one year).",
            {
                "weekly": money("Weekly cost."),
                "weeks": weeks("Number of weeks requested (at most 52, or the type's max_weeks)."),
                "one_off": money("One-off costs, on top of the weekly cost."),
                "total": money("Total for the period: weekly × weeks + one-off."),
                "start": date("When the resource would start"),
                "budget_line": choice([b.id for b in config.budget_lines], "Budget line, as defined in panel.yml."),
                "provider": text("Who would provide the resource."),
                "funding": funding_shares(
                    "How the cost is split between agencies; shares add up to 100.", [f.id for f in config.funders]
                ),
                "lines": {
                    "type": "array",
                    "minItems": 1,
                    "description": (
                        "The cost broken into lines (transport and contact costs each their own line); their weekly "
                        "amounts add up to weekly and their one-off amounts to one_off."
                    ),
                    "items": strict_object(
                        "One cost line.",
                        {
                            "kind": {
                                "enum": list(COST_LINE_KINDS),
                                "description": "What it pays for: " + ", ".join(COST_LINE_KINDS) + ".",
                            },
                            "description": text("What it is, e.g. taxi to school, supervised contact twice a week."),
                            "weekly": money("Weekly amount of this line."),
                            "one_off": money("One-off amount of this line."),
                            "rate": choice(
                                [r.id for r in config.allowance_rates],
                                "For an allowance: the rate (panel.yml allowance_rates) that caps it.",
                            ),
                            "explanation": text("Why an allowance is above its rate (required then)."),
                        },
                        ["kind", "description"],
                    ),
                },
            },
            ["weekly", "weeks", "total", "start"],
        ),
        "retrospective": strict_object(
            "Where the child is already accommodated or the resource already started.",
            {"started": date_or_time("When it started"), "reason": text("Why it could not wait for panel.")},
            ["started", "reason"],
        ),
        "emergency": {"type": "boolean", "description": "An emergency: some time limits do not apply."},
        "assessment": strict_object(
            "The social work assessment behind the request.",
            {
                "completed": date("When the assessment was completed"),
                "genogram_on_file": {"type": "boolean", "description": "A genogram is on the child's record."},
            },
            ["completed"],
        ),
        "scaling": {
            "type": "array",
            "description": "Signs of Safety scaling: 10 = safe enough to close, 0 = must act to remove.",
            "items": strict_object(
                "One person's scaling.",
                {
                    "person": text("Who gave the score."),
                    "role": text("Their role, e.g. social worker, mother."),
                    "score": {"type": "integer", "minimum": 0, "maximum": 10, "description": "0 to 10."},
                    "reason": text("Why they gave that score."),
                },
                ["person", "role", "score", "reason"],
            ),
        },
        "attachments": {
            "type": "array",
            "maxItems": MAX_ATTACHMENTS,
            "description": (
                "Documents attached to the referral: each a PDF, PNG or JPEG in submissions/<id>/, printed after the "
                "referral in the pack and linked from its page on the site."
            ),
            "items": strict_object(
                "One document in submissions/<id>/.",
                {
                    "file": {
                        "type": "string",
                        "pattern": ATTACHMENT_NAME,
                        "description": (
                            "Its file name in submissions/<id>/: lower-case letters, digits, hyphens or underscores "
                            "and .pdf, .png, .jpg or .jpeg, e.g. genogram.pdf."
                        ),
                    },
                    "title": text("What it is, as the pack's bookmark and the site's link say, e.g. Genogram."),
                    "kind": {
                        "type": "string",
                        "pattern": r"^[a-z0-9][a-z0-9-]{0,39}$",
                        "description": "Its kind (for the type's required_attachments), e.g. genogram.",
                    },
                    "dated": date("The date of the document (e.g. when the assessment was completed)"),
                },
                ["file", "title"],
            ),
        },
        "review_of": {
            "type": "string",
            "pattern": referral_id_pattern(prefix),
            "description": "For a review: the referral whose decision is being reviewed.",
        },
        "referred_from": referred_from_schema(),
        "withdrawn": strict_object(
            "The referral was withdrawn before it was heard.",
            {"date": date("When"), "reason": text("Why.")},
            ["date", "reason"],
        ),
    }
    if config.case_fields:
        properties["case"] = case_schema(config)
    return front_matter(
        "referral",
        f"Referral to {config.panel.name}",
        "Front matter of a referral: the fields between the two '---' lines.",
        properties,
        ["id", "type", "meeting", "worker", "children", "family_network_meeting", "safety_plan"],
        required_when(
            "type", ((kind.id, config.required_fields_for(kind.id)) for kind in config.referral_types), properties
        ),
    )
