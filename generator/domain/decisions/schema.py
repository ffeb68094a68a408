"""JSON Schemas (2020-12) of meeting records and decision records, built from panel.yml."""

from __future__ import annotations

from typing import Any

from generator.domain.config.model import SLUG_PATTERN, PanelConfig
from generator.domain.decisions.outside import OUTSIDE_PATH
from generator.domain.schema_parts import (
    date,
    date_or_time,
    front_matter,
    funding_shares,
    money,
    referral_id_pattern,
    required_when,
    strict_object,
    text,
    texts,
    weeks,
)

DECISION_REQUIRED = ("referral", "meeting", "outcome", "agreed")
"""Fields every decision states, whatever its outcome."""


def _person(config: PanelConfig, description: str) -> dict[str, Any]:
    names = [p.name for p in config.people]
    return {"type": "string", "enum": names, "description": description} if names else text(description)


def _referral_id(config: PanelConfig) -> dict[str, Any]:
    prefix = config.panel.referral_id_prefix
    return {
        "type": "string",
        "pattern": referral_id_pattern(prefix),
        "description": f"A referral id, e.g. {prefix}-0142.",
    }


def approved_schema(config: PanelConfig) -> dict[str, Any]:
    """The resource approved and what it costs: a decision's `approved`, and a decision maker's varied one."""
    return strict_object(
        "The resource approved and what it costs.",
        {
            "resource": text("What is approved, e.g. three after-school sessions a week."),
            "weekly": money("Weekly amount."),
            "total": money("Total amount approved."),
            "one_off": money("One-off amount within the total."),
            "start": date("When the resource starts"),
            "end": date("When the approval ends"),
            "budget_line": {
                "type": "string",
                "enum": [b.id for b in config.budget_lines],
                "description": "Budget line, as defined in panel.yml.",
            }
            if config.budget_lines
            else text("Budget line."),
            "over_request": text("Why the panel approved more than the referral asked for (required then)."),
            "funding": funding_shares(
                "How the approved cost is split between agencies, if not as the referral asked; "
                "shares add up to 100. Only the council's share counts against the panel's budget.",
                [f.id for f in config.funders],
                min_items=1,
            ),
        },
        ["resource", "weekly", "total", "start", "end"],
    )


def meeting_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of meetings/<date>/meeting.md's front matter."""
    member = _person(config, "A member, by name as in panel.yml people.")
    return front_matter(
        "meeting",
        f"Meeting record of {config.panel.name}",
        "Front matter of meeting.md; the minutes follow as bullet points.",
        {
            "meeting": date("The date of the meeting; the same as the folder name"),
            "chair": _person(config, "Who chaired the meeting, by name as in panel.yml people."),
            "present": {"type": "array", "minItems": 1, "items": member, "description": "Members present."},
            "minutes_by": _person(
                config,
                "Who took the minutes, by name as in panel.yml people. A member with an interest in an item may not "
                "minute it: name who minuted that item in its decision's minutes_by.",
            ),
            "apologies": {"type": "array", "items": member, "description": "Members who sent apologies."},
            "in_attendance": texts("Others who attended for items, e.g. the presenting workers."),
            "substitutes": {
                "type": "array",
                "maxItems": 50,
                "description": (
                    "People standing in for an absent member or for a role, counted towards the quorum as them: "
                    "{name: Jo Hart, for: Ruth Bell} takes Ruth Bell's roles, vote and organisation; {name: Jo Hart, "
                    "role: finance-officer} that role's. The member stood in for may not also be present."
                ),
                "items": {
                    **strict_object(
                        "One substitute: give for (a member) or role, not both.",
                        {
                            "name": text("The substitute's name (they need not be in panel.yml people)."),
                            "for": member,
                            "role": {
                                "type": "string",
                                "enum": [r.id for r in config.roles],
                                "description": "The role they stand in for, as in panel.yml roles.",
                            },
                        },
                        ["name"],
                    ),
                    "oneOf": [{"required": ["for"]}, {"required": ["role"]}],
                },
            },
            "declarations": {
                "type": "array",
                "description": "Declarations of interest: a conflicted member takes no part in that item.",
                "items": strict_object(
                    "One declaration.",
                    {
                        "member": text("Who declared: a member present, the chair or a substitute, by name."),
                        "item": _referral_id(config),
                        "nature": text("The nature of the interest, e.g. 'manages the allocated worker'."),
                    },
                    ["member", "item", "nature"],
                ),
            },
        },
        ["meeting", "chair", "present"],
    )


def decision_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of meetings/<date>/decisions/<referral-id>.md's front matter."""
    outcomes = [o.id for o in config.outcomes]
    properties: dict[str, Any] = {
        "referral": _referral_id(config),
        "meeting": date("The meeting that decided; the same as the folder name"),
        "outcome": {"type": "string", "enum": outcomes, "description": "The outcome: one of the panel's outcomes."},
        "chair": _person(config, "Who decided, if not the meeting's chair (e.g. the vice chair on a conflict)."),
        "minutes_by": _person(
            config, "Who minuted this item, if not the meeting's minute-taker (e.g. when they declared an interest)."
        ),
        "agreed": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "What the panel agreed, one numbered point per entry.",
        },
        "approved": approved_schema(config),
        "partner_share_pending": {
            "type": "boolean",
            "description": (
                "Council share only, partner share pending: the decision stands for the council's share while a "
                "partner funder (panel.yml funders with `agrees`) has not yet recorded its agreement."
            ),
        },
        "conditions": texts("Conditions attached to the decision."),
        "review_date": date("When the case comes back for review"),
        "review_every_weeks": weeks("Review frequency in weeks.", 104),
        "chair_satisfied": {
            "type": "boolean",
            "description": (
                "For a type reviewed until the chair is satisfied (review.until_chair_satisfied in panel.yml): "
                "true when the chair is satisfied and the case need not come back again."
            ),
        },
        "deferral_date": date("The meeting the case is deferred to"),
        "deferral_reason": text("Why it was deferred, e.g. more information or joint funding."),
        "alternative": text("The alternative the panel approved instead."),
        "return_date": date("The meeting the case returns to panel"),
        "referred_to": text("Where the case was referred on to, e.g. a joint funding group."),
        "forum": {
            "enum": [f.id for f in config.forums] or ["(none configured)"],
            "description": (
                "The multi-agency forum (panel.yml forums) this decision refers the case to: nothing is approved; "
                "the forum's answer (meetings/<date>/forum/<referral-id>.md) brings the case back to the panel."
            ),
        },
        "actions": {
            "type": "array",
            "description": "Actions arising: each has an owner and a due date; add done: when completed.",
            "items": strict_object(
                "One action.",
                {
                    "action": text("What must be done."),
                    "owner": _person(config, "Who does it: a person in panel.yml people, by name."),
                    "due": date("When it is due"),
                    "done": date("When it was done"),
                },
                ["action", "owner", "due"],
            ),
        },
        "follow_up": {
            "type": "array",
            "maxItems": 40,
            "description": (
                "The outcome's follow-up steps (panel.yml outcomes[].follow_up) done: each names the step's id and "
                "the day it was done; a step not listed is open, and overdue after its due date."
            ),
            "items": strict_object(
                "One follow-up step done.",
                {
                    "step": {
                        "type": "string",
                        "enum": sorted({s.id for o in config.outcomes for s in o.follow_up}) or ["(none configured)"],
                        "description": "The step's id, as in panel.yml outcomes[].follow_up.",
                    },
                    "done": date("When it was done"),
                },
                ["step", "done"],
            ),
        },
        "unmet_need": strict_object(
            "A gap in provision, for the sufficiency strategy.",
            {
                "category": {
                    "type": "string",
                    "enum": [c.id for c in config.unmet_need_categories],
                    "description": "Category, as defined in panel.yml unmet_need_categories.",
                }
                if config.unmet_need_categories
                else text("Category."),
                "note": text("What was needed and not available."),
            },
            ["category"],
        ),
        "case_outcomes": {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": [o.id for o in config.case_outcomes]} if config.case_outcomes else {"type": "string"},
            **({} if config.case_outcomes else {"maxItems": 0}),
            "description": (
                "At review: what happened for the child, ids from panel.yml case_outcomes"
                + (
                    f" ({', '.join(o.id for o in config.case_outcomes)})."
                    if config.case_outcomes
                    else "; this panel defines none, so leave it out."
                )
            ),
        },
        "rationale": text("Why the panel decided as it did."),
        "ratifies": {
            "type": "string",
            "pattern": OUTSIDE_PATH,
            "description": (
                "The decision made outside a meeting that this decision ratifies: meetings/outside/<date>-<id>.md "
                "(panel decide fills it in for an agenda's ratification item)."
            ),
        },
        "case_record": strict_object(
            "Who entered the decision on the child's case record, and when (see case_record in panel.yml).",
            {
                "by": _person(config, "Who entered it: a person in panel.yml people, by name."),
                "entered": date("When it was entered"),
            },
            ["by", "entered"],
        ),
        "confirms": date(
            "The earlier meeting whose provisional decision on this referral (made without a quorum) this "
            "quorate meeting confirms; this decision then counts in its place"
        ),
    }
    return front_matter(
        "decision",
        f"Decision of {config.panel.name}",
        "Front matter of a decision record (Part B of the referral form).",
        properties,
        list(DECISION_REQUIRED),
        required_when("outcome", ((o.id, o.requires) for o in config.outcomes)),
    )


ANSWERS = ("agree", "vary", "refuse")
"""What a decision maker can record on the panel's recommendation."""


def response_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of meetings/<date>/decision-maker/<referral-id>.md: the decision maker's decision."""
    roles = [r.id for r in config.roles]
    properties: dict[str, Any] = {
        "referral": _referral_id(config),
        "meeting": date("The meeting whose recommendation this decides; the same as the folder name"),
        "role": {
            "type": "string",
            "enum": roles,
            "description": "The role the decision is made as: the one the recommendation went to (panel.yml).",
        },
        "decided_by": _person(config, "Who decides, by name as in panel.yml people: they approve this file."),
        "decision": {
            "enum": list(ANSWERS),
            "description": (
                "agree: the recommendation stands as the decision; vary: it stands as changed in 'approved' "
                "and 'conditions'; refuse: it is not agreed."
            ),
        },
        "approved": approved_schema(config),
        "conditions": texts("Conditions the decision maker attaches."),
        "rationale": text("Why the decision maker agreed, varied or refused."),
    }
    return front_matter(
        "decision-maker",
        f"Decision maker's decision on a recommendation of {config.panel.name}",
        "Front matter of a decision maker's decision on the panel's recommendation.",
        properties,
        ["referral", "meeting", "role", "decided_by", "decision"],
        required_when("decision", (("vary", ("approved", "rationale")), ("refuse", ("rationale",)))),
    )


OUTSIDE_ONLY = ("decided", "decided_by", "route", "escalated_because")
"""Fields a decision outside a meeting has instead of a meeting's `meeting` and `chair`."""


def outside_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of meetings/outside/<date>-<referral-id>.md: a decision made outside a meeting."""
    panel = decision_schema(config)
    properties = {
        k: v for k, v in panel["properties"].items() if k not in ("meeting", "chair", "minutes_by", "ratifies")
    }
    properties["decided"] = date_or_time("When it was decided, with the time of day (Europe/London)")
    properties["decided_by"] = _person(config, "Who decided: a person holding a role the route allows at that time.")
    properties["route"] = {
        "type": "string",
        "pattern": SLUG_PATTERN,
        "description": "The route of panel.yml outside_meetings it was decided under.",
    }
    properties["escalated_because"] = text(
        "In office hours, why the roles the route asks first did not decide (e.g. 'the Service Manager was on "
        "leave'): required when someone holding a later role decided."
    )
    return front_matter(
        "outside-decision",
        f"Decision outside a meeting of {config.panel.name}",
        "Front matter of a decision made outside a meeting, ratified at the next one.",
        properties,
        ["referral", "decided", "decided_by", "route", "outcome", "agreed"],
        panel.get("allOf"),
    )
