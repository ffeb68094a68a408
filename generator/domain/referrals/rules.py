"""Checks on a referral beyond its schema: sums, dates, calendar, thresholds and time limits.

Each rule takes a schema-valid Referral and yields diagnostics; RULES lists them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.domain import calendar
from generator.domain.conditions import Condition, Test, Verdict, evaluate, tests_in
from generator.domain.config.model import Basis, DueSeverity, FormRule, PanelConfig, ThresholdAction
from generator.domain.formatting import long_date, money
from generator.domain.meetingday import MeetingDay
from generator.domain.referrals.due import due_dates
from generator.domain.referrals.model import Referral, age_on
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.yamlsafe import Path

MAX_WEEKS = 52


@dataclass(frozen=True)
class RuleContext:
    """What the rules need besides the referral."""

    config: PanelConfig
    today: dt.date
    file_stem: str


Rule = Callable[[Referral, RuleContext], Iterator[Diagnostic]]


def _at(
    referral: Referral,
    path: Path,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    *,
    key: bool = False,
) -> Diagnostic:
    mark = referral.source.mark(path, key=key)
    return Diagnostic(referral.path, mark.line, mark.column, code, message, severity, hint)


def _num(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:.2f}"


def check_id(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The file is named after the referral's id."""
    if referral.id != ctx.file_stem:
        yield _at(
            referral,
            ("id",),
            "id-filename",
            f"id {referral.id} does not match the file name {ctx.file_stem}.md",
            f"rename the file to submissions/{referral.id}.md or correct the id",
        )


def check_costs(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Total = weekly × weeks (+ one-off), within a year and the type's limit; funding and cost lines add up."""
    costs = referral.costs
    kind = ctx.config.referral_type(referral.type)
    if costs is not None and kind is not None and kind.no_cost:
        yield _at(
            referral,
            ("costs",),
            "cost-not-asked",
            f"a {kind.name} referral asks for no money (no_cost in panel.yml), but it gives costs",
            "remove costs:, or choose the referral type that asks for a resource",
            key=True,
        )
        return
    if costs is None:
        return
    yield from _cost_lines(referral, ctx)
    if abs(costs.total - costs.expected_total) > 0.005:
        extra = f" + one-off {_num(costs.one_off)}" if costs.one_off else ""
        yield _at(
            referral,
            ("costs", "total"),
            "cost-total",
            f"total {_num(costs.total)} ≠ weekly {_num(costs.weekly)} × weeks {costs.weeks}{extra} "
            f"= {_num(costs.expected_total)}",
            f"set total to {_num(costs.expected_total)}, or correct weekly or weeks",
        )
    if costs.weeks > MAX_WEEKS:
        yield _at(
            referral,
            ("costs", "weeks"),
            "cost-weeks",
            f"{costs.weeks} weeks requested; the panel funds at most {MAX_WEEKS} weeks at a time",
            "request up to 52 weeks and set a review date for the rest",
        )
    if kind and kind.max_weeks and costs.weeks > kind.max_weeks:
        yield _at(
            referral,
            ("costs", "weeks"),
            "max-weeks",
            f"{costs.weeks} weeks requested; a {kind.name} referral may ask for at most {kind.max_weeks}",
            "shorten the period and book the case back for review",
        )
    if costs.funding:
        share = sum(s for _, s in costs.funding)
        if abs(share - 100) > 0.01:
            yield _at(
                referral,
                ("costs", "funding"),
                "funding-split",
                f"funding shares add up to {_num(share)}%, not 100%",
                "correct the shares",
            )


def _cost_lines(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Cost lines add up to the weekly and one-off amounts; an allowance above its rate says why."""
    costs = referral.costs
    if costs is None or not costs.lines:
        return
    for name, given, found in (
        ("weekly", costs.weekly, sum(line.weekly for line in costs.lines)),
        ("one_off", costs.one_off, sum(line.one_off for line in costs.lines)),
    ):
        if abs(given - found) > 0.005:
            yield _at(
                referral,
                ("costs", name),
                "cost-lines",
                f"costs.{name} is {money(given)}, but the cost lines' {name} amounts add up to {money(found)}",
                f"set costs.{name} to {_num(found)}, or correct the lines",
            )
    for index, line in enumerate(costs.lines):
        if line.kind != "allowance":
            continue
        rate = ctx.config.allowance_rate(line.rate) if line.rate else None
        if rate is None and ctx.config.allowance_rates:
            names = ", ".join(r.id for r in ctx.config.allowance_rates)
            yield _at(
                referral,
                ("costs", "lines", index),
                "allowance-rate-missing",
                "an allowance line must name the rate that caps it",
                f"add rate: one of {names} (panel.yml allowance_rates)",
            )
        elif rate is not None and line.weekly > rate.weekly + 0.005 and not line.explanation:
            yield _at(
                referral,
                ("costs", "lines", index, "weekly"),
                "allowance-over-rate",
                f"allowance {money(line.weekly)} a week is above the {rate.name} rate of {money(rate.weekly)} a week",
                "ask for the rate, or say why more is needed in explanation: on this line",
            )


def check_dates(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Dates of birth past, one of DOB or EDD per child, submission not in the future."""
    for index, child in enumerate(referral.children):
        where: Path = ("children", index)
        if child.date_of_birth and child.expected_delivery:
            yield _at(
                referral,
                (*where, "expected_delivery"),
                "dob-and-edd",
                f"children[{index}] has both date_of_birth and expected_delivery",
                "keep date_of_birth once the baby is born; expected_delivery is for pre-birth referrals",
            )
        elif not child.date_of_birth and not child.expected_delivery:
            yield _at(
                referral,
                where,
                "dob-missing",
                f"children[{index}] ({child.name}) needs date_of_birth, or expected_delivery if unborn",
            )
        if child.date_of_birth and child.date_of_birth > ctx.today:
            yield _at(
                referral,
                (*where, "date_of_birth"),
                "dob-future",
                f"date of birth {child.date_of_birth} is in the future",
                "for an unborn child use expected_delivery instead",
            )
        elif child.date_of_birth and age_on(child.date_of_birth, ctx.today) > 25:
            yield _at(
                referral,
                (*where, "date_of_birth"),
                "dob-implausible",
                f"date of birth {child.date_of_birth} makes {child.name} "
                f"{age_on(child.date_of_birth, ctx.today)}; children's services work up to 25",
                "check the year",
            )
        if child.expected_delivery and child.expected_delivery < ctx.today - dt.timedelta(days=30):
            yield _at(
                referral,
                (*where, "expected_delivery"),
                "edd-passed",
                f"expected delivery {child.expected_delivery} has passed",
                "if the baby is born, replace expected_delivery with date_of_birth",
                Severity.WARNING,
            )
    for index, member in enumerate(referral.family):
        if member.date_of_birth and member.date_of_birth > ctx.today:
            yield _at(
                referral,
                ("family", index, "date_of_birth"),
                "dob-future",
                f"date of birth {member.date_of_birth} of {member.name} is in the future",
            )
    if referral.submitted and referral.submitted > ctx.today:
        yield _at(referral, ("submitted",), "date-future", f"submitted date {referral.submitted} is in the future")
    if referral.submitted and referral.submitted > referral.meeting:
        yield _at(
            referral,
            ("submitted",),
            "date-order",
            f"submitted {referral.submitted} after the meeting it asks for ({referral.meeting})",
        )


def check_meeting(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The requested meeting is in the panel's calendar."""
    if calendar.is_meeting_day(ctx.config, referral.meeting):
        return
    near = calendar.meetings_between(
        ctx.config, referral.meeting - dt.timedelta(days=21), referral.meeting + dt.timedelta(days=21)
    )
    options = ", ".join(m.date.strftime("%a %d %b %Y") for m in near[:4])
    day = referral.meeting.strftime("%A %d %B %Y")
    hint = f"meetings near then: {options}" if options else "run `panel calendar` to see meeting dates"
    if ctx.config.calendar.per_case:
        hint += f"; meetings are booked per case: book this one with `panel book {referral.meeting.isoformat()}`"
    who = "the panel"
    if ctx.config.area is not None:
        # A referral asking for a day another area meets: say which, so the fix (its area or its date) is plain.
        who = f"the {ctx.config.area.name} ({referral.area})"
        others = [
            a
            for a in ctx.config.areas
            if a.id != referral.area and calendar.is_meeting_day(ctx.config, MeetingDay.of(referral.meeting, a.id))
        ]
        if others:
            meets = ", ".join(f"{a.name} ({a.id})" for a in others)
            hint += f"; {meets} meets that day: if it is for that meeting, set area: {others[0].id}"
    yield _at(
        referral,
        ("meeting",),
        "meeting-unknown",
        f"{who} does not meet on {day}" + (" (no meeting is booked then)" if ctx.config.calendar.per_case else ""),
        hint,
    )


def check_thresholds(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Requests below a panel threshold need no panel; above an escalation limit go higher."""
    costs = referral.costs
    if costs is None:
        return
    for threshold in ctx.config.thresholds:
        if not threshold.applies_to(referral.type):
            continue
        weekly = threshold.basis == Basis.WEEKLY
        amount = costs.weekly if weekly else costs.total
        basis = "weekly cost" if weekly else "total"
        if threshold.action == ThresholdAction.PANEL_REQUIRED and amount <= threshold.amount:
            yield _at(
                referral,
                ("costs", str(threshold.basis)),
                "below-threshold",
                f"{basis} {money(amount)} is not over {money(threshold.amount)}: this does not need panel",
                "a manager can approve it under the scheme of delegation; withdraw it or say why panel should hear it",
                Severity.WARNING,
            )
        elif threshold.action == ThresholdAction.ESCALATE and amount > threshold.amount:
            yield _at(
                referral,
                ("costs", "total"),
                "escalate",
                f"{basis} {money(amount)} is over {money(threshold.amount)}: the panel recommends "
                f"and {threshold.escalate_to} decides",
                None,
                Severity.WARNING,
            )


def check_retrospective(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Retrospective referrals are allowed for the type and heard within its window."""
    started = referral.retrospective_started
    kind = ctx.config.referral_type(referral.type)
    if started is None or kind is None:
        return
    rule = kind.retrospective
    where: Path = ("retrospective", "started")
    if not rule.allowed:
        yield _at(
            referral,
            ("retrospective",),
            "retrospective-not-allowed",
            f"a {kind.name} referral cannot be retrospective: it must be heard before it starts",
        )
        return
    at = referral.retrospective_started_time
    when = f"{started} {at:%H:%M}" if at else str(started)
    held = calendar.meeting_on(ctx.config, referral.meeting)
    after_it = held and at and started == held.date and dt.datetime.combine(started, at, calendar.LONDON) >= held.end
    if started > referral.meeting or after_it:
        yield _at(
            referral,
            where,
            "date-order",
            f"started {when} is after the meeting ({referral.meeting}): it is not retrospective",
            "remove 'retrospective' and give costs.start instead",
        )
        return
    days = (referral.meeting - started).days
    if rule.max_days is not None and days > rule.max_days:
        yield _at(
            referral,
            where,
            "retrospective-window",
            f"started {started}, {days} days before the meeting; {kind.name} allows at most {rule.max_days}",
            _outside_route_hint(ctx.config, referral),
        )
    if rule.at_next_meeting:
        allowed = calendar.meetings_to_hear(ctx.config, started, at)
        if allowed and referral.meeting not in {m.date for m in allowed}:
            first = allowed[0]
            options = " or ".join(str(m.date) for m in allowed)
            yield _at(
                referral,
                ("meeting",),
                "retrospective-window",
                f"started {when}: it must be heard at the next panel, {options}, not {referral.meeting}",
                f"set meeting: {first.date}",
            )


def check_explanations(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A 'no' to the family network meeting or safety plan is explained."""
    for field, answer in (("family_network_meeting", "held"), ("safety_plan", "in_place")):
        entry = referral.data[field]
        if entry[answer] is False and not entry.get("explanation"):
            yield _at(
                referral,
                (field, answer),
                "explanation-missing",
                f"{field}.{answer} is false but there is no explanation",
                f"add '  explanation: …' under {field}: why not, and what is planned instead",
            )


def _reason_at(condition: Condition, data: dict[str, Any]) -> Path:
    """Where a condition's reason stands: the first field it tests (in a list, the first entry that gives it)."""
    keys = next(tests_in(condition))[0].field.split(".")
    path: list[str | int] = []
    value: object = data
    for key in keys:
        if isinstance(value, list):
            index = next((i for i, e in enumerate(value) if isinstance(e, dict) and key in e), None)
            if index is None:
                break
            path.append(index)
            value = value[index]
        if not isinstance(value, dict) or key not in value:
            break
        path.append(key)
        value = value[key]
    return tuple(path)


def _given_in_every(data: object, path: str) -> bool:
    """True when the dotted `path` is given (through a list: in every entry; an empty list gives nothing)."""
    head, _, rest = path.partition(".")
    if not isinstance(data, dict) or data.get(head) is None:
        return False
    value = data[head]
    if not rest:
        return True
    entries = value if isinstance(value, list) else [value]
    return bool(entries) and all(_given_in_every(entry, rest) for entry in entries)


def check_case_rules(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """panel.yml's conditions on the case: its type's eligibility, the type routing puts it in, and form rules."""
    config, data, meeting = ctx.config, referral.data, referral.meeting
    kinds = config.field_kinds
    kind = config.referral_type(referral.type)
    if kind is None:
        return
    if kind.eligible is not None:
        verdict = evaluate(kind.eligible, data, meeting, kinds)
        if not verdict.holds:
            yield _at(
                referral,
                _reason_at(kind.eligible, data),
                "not-eligible",
                f"not eligible for {kind.name} ({kind.id}): {verdict.because}",
                "check the facts and the referral's type: the type's eligible rule in panel.yml says whom it is for",
            )
    for route in config.routing:
        if not route.covers(referral.type):
            continue
        verdict = evaluate(route.when, data, meeting, kinds)
        if not verdict.holds:
            continue
        if route.type != referral.type:
            target = config.referral_type(route.type)
            named = f"{route.name}: " if route.name else ""
            yield _at(
                referral,
                ("type",),
                "wrong-type",
                f"{named}{verdict.because}: use type {route.type} ({target.name if target else route.type})",
                f"set type: {route.type} (panel.yml routing)",
            )
        break
    for rule in config.form_rules:
        if not rule.covers(referral.type):
            continue
        required = _required_by(rule, data, meeting, kinds)
        if required is None:
            continue
        for path in rule.fields:
            if not _given_in_every(data, path):
                yield _at(
                    referral,
                    tuple(path.split(".")),
                    "required-when",
                    f"{path} is required here: {required.because}",
                    f"add {path} to the front matter (panel.yml form_rules)",
                )
        for section_id in rule.sections:
            section = next((s for s in config.sections if s.id == section_id), None)
            if section is not None and section_id not in referral.sections:
                reason = rule.when or rule.unless
                yield _at(
                    referral,
                    _reason_at(reason, data) if reason is not None else ("type",),
                    "required-when",
                    f"section '{'#' * section.heading_level} {section.name}' is required here: {required.because}",
                    section.guidance or "add the heading exactly as shown, with text under it (panel.yml form_rules)",
                )


def _required_by(rule: FormRule, data: dict[str, Any], meeting: dt.date, kinds: dict[str, str]) -> Verdict | None:
    """Why the form rule requires its fields and sections of this referral, or None when it does not."""
    reasons = []
    if rule.when is not None:
        verdict = evaluate(rule.when, data, meeting, kinds)
        if not verdict.holds:
            return None
        reasons.append(verdict.because)
    if rule.unless is not None:
        verdict = evaluate(rule.unless, data, meeting, kinds)
        if verdict.holds:
            return None
        reasons.append(verdict.because)
    return Verdict(True, " and ".join(reasons) or "panel.yml form_rules require it of every referral of this type")


def check_due_rules(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A meeting after a date panel.yml's due_rules count from facts in the referral (e.g. week 24 of pregnancy)."""
    for due in due_dates(ctx.config, referral.type, referral.data, referral.meeting):
        late = due.missed_by(referral.meeting)
        if late <= 0:
            continue
        rule = due.rule
        yield _at(
            referral,
            _reason_at(Test(rule.due.from_, "present", True), referral.data),
            "due-missed",
            f"{rule.name}: {due.describe()} ({rule.due.describe()}, {due.counted_from.isoformat()}), and the "
            f"meeting on {long_date(referral.meeting)} is {late} day{'s' if late != 1 else ''} after it",
            "ask for an earlier meeting, or tell the chair why it is late (panel.yml due_rules)",
            Severity.ERROR if rule.severity == DueSeverity.ERROR else Severity.WARNING,
        )


def check_type_limits(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Age limits, assessment freshness and joint funding for the referral's type."""
    kind = ctx.config.referral_type(referral.type)
    if kind is None:
        return
    if kind.requested_before_birthday:
        for index, child in enumerate(referral.children):
            age = child.age_on(referral.meeting)
            if age is not None and age >= kind.requested_before_birthday:
                yield _at(
                    referral,
                    ("children", index, "date_of_birth"),
                    "age-limit",
                    f"{child.name} will be {age} at the meeting; {kind.name} requests must be heard "
                    f"before the {kind.requested_before_birthday}th birthday",
                )
    if kind.assessment_within_days and not referral.emergency:
        completed = referral.assessment_completed
        if completed is None:
            yield _at(
                referral,
                (),
                "assessment-missing",
                f"a {kind.name} referral needs an assessment (assessment: completed: YYYY-MM-DD)",
                "or set 'emergency: true' if this is an emergency",
            )
        elif (referral.meeting - completed).days > kind.assessment_within_days:
            yield _at(
                referral,
                ("assessment", "completed"),
                "assessment-stale",
                f"assessment completed {completed}, {(referral.meeting - completed).days} days before the "
                f"meeting; it must be within {kind.assessment_within_days} days unless an emergency",
            )
    if kind.genogram_required and not referral.emergency and not referral.genogram_on_file:
        yield _at(
            referral,
            ("assessment",) if referral.assessment_completed else (),
            "genogram-missing",
            f"a {kind.name} referral needs the genogram on file (assessment: genogram_on_file: true)",
            "put the genogram on the child's record and say so, or set 'emergency: true' for an emergency new referral",
        )
    if (
        kind.joint_funding_to
        and referral.costs
        and any(s != ctx.config.council_funder for s, _ in referral.costs.funding)
    ):
        yield _at(
            referral,
            ("costs", "funding"),
            "joint-funding",
            f"jointly funded: this goes to {kind.joint_funding_to} as well as panel",
            None,
            Severity.WARNING,
        )


def check_attachments(referral: Referral, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each document listed once; the documents the type requires attached (and recent) unless an emergency."""
    seen: set[str] = set()
    for index, attachment in enumerate(referral.attachments):
        if attachment.file in seen:
            yield _at(
                referral,
                ("attachments", index, "file"),
                "attachment-duplicate",
                f"{attachment.file} is listed more than once under attachments",
                "list each document once (one entry with its file and title)",
            )
        seen.add(attachment.file)
    kind = ctx.config.referral_type(referral.type)
    if kind is None or referral.emergency:
        return
    for required in kind.required_attachments:
        found = [(i, a) for i, a in enumerate(referral.attachments) if a.kind == required.kind]
        if not found:
            yield _at(
                referral,
                ("attachments",) if referral.attachments else (),
                "attachment-required",
                f"a {kind.name} referral needs the {required.name} attached (attachments: an entry with "
                f"kind: {required.kind}); none is listed",
                f"put the document in submissions/{referral.id}/ and list it: attachments: [{{file: "
                f"{required.kind}.pdf, title: {required.name}, kind: {required.kind}"
                + (", dated: YYYY-MM-DD" if required.within_days else "")
                + "}], or set 'emergency: true' for an emergency new referral",
            )
            continue
        if required.within_days is None:
            continue
        index, latest = max(found, key=lambda pair: pair[1].dated or dt.date.min)
        if latest.dated is None:
            yield _at(
                referral,
                ("attachments", index),
                "attachment-undated",
                f"the {required.name} ({latest.file}) has no date; it must be dated within "
                f"{required.within_days} days before the meeting",
                "add 'dated: YYYY-MM-DD' (the date it was completed) to its entry under attachments",
            )
        elif (referral.meeting - latest.dated).days > required.within_days:
            yield _at(
                referral,
                ("attachments", index, "dated"),
                "attachment-stale",
                f"the {required.name} ({latest.file}) is dated {latest.dated}, "
                f"{(referral.meeting - latest.dated).days} days before the meeting; it must be within "
                f"{required.within_days} days unless an emergency",
                f"attach a {required.name} completed within {required.within_days} days of {referral.meeting}",
            )


RULES: tuple[tuple[Rule, frozenset[str]], ...] = (
    (check_id, frozenset({"id"})),
    (check_costs, frozenset({"costs", "type"})),
    (check_dates, frozenset({"children", "family", "submitted", "meeting"})),
    (check_meeting, frozenset({"meeting"})),
    (check_thresholds, frozenset({"costs", "type"})),
    (check_retrospective, frozenset({"retrospective", "type", "meeting"})),
    (check_explanations, frozenset({"family_network_meeting", "safety_plan"})),
    (check_type_limits, frozenset({"type", "children", "meeting", "emergency", "assessment", "costs"})),
    (check_attachments, frozenset({"type", "meeting", "emergency", "attachments"})),
    (check_case_rules, frozenset({"type", "meeting", "children", "case"})),
    (check_due_rules, frozenset({"type", "meeting", "children", "case"})),
)
"""Each rule with the top-level fields it reads: it runs only when those fields are schema-valid."""


def _outside_route_hint(config: PanelConfig, referral: Referral) -> str:
    """Where a retrospective referral goes when no meeting is soon enough: the route for decisions between meetings."""
    routes = [r for r in config.outside_meetings if r.applies_to(referral.type)]
    if not routes:
        return (
            "the panel cannot hear it in time and panel.yml has no outside_meetings route for this type: "
            "add one (README: Who decides)"
        )
    route = routes[0]
    who = ", then ".join(config.role_name(r) for r in route.roles)
    return (
        f'decide it outside a meeting under "{route.name}" ({who} may decide): '
        f"panel decide {referral.id} --outside-meeting; the next meeting ratifies it"
    )
