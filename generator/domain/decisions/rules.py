"""Checks across records: decisions name real referrals, conflicts are respected, over-approvals explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence

from generator.domain import calendar
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord, Response
from generator.domain.decisions.outside import allowed_roles, in_office_hours
from generator.domain.decisions.quorum import confirmation_of, has_quorum_rule, item_quorum
from generator.domain.decisions.reader import _at
from generator.domain.formatting import money
from generator.domain.referrals import Referral
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_errors import did_you_mean


def cross_check(
    config: PanelConfig,
    meetings: Sequence[MeetingRecord],
    decisions: Sequence[Decision],
    referrals: Sequence[Referral],
    erased: Collection[str] = (),
    responses: Sequence[Response] = (),
) -> list[Diagnostic]:
    """Every problem that needs more than one file to see; `erased` referrals (panel erase) are not missed."""
    by_id = {r.id: r for r in referrals}
    by_date = {m.date: m for m in meetings}
    found: list[Diagnostic] = []
    for meeting in meetings:
        found.extend(_meeting_rules(config, meeting, decisions, erased))
        found.extend(_substitutes(config, meeting))
    for decision in decisions:
        referral = by_id.get(decision.referral)
        if referral is None:
            hint = did_you_mean(decision.referral, by_id) or "the referral must be in submissions/<id>.md"
            found.append(
                _at(
                    decision.path,
                    decision.source,
                    ("referral",),
                    "decision-referral-unknown",
                    f"no referral {decision.referral} in submissions/",
                    hint,
                )
            )
        elif not decision.outside:
            found.extend(_against_referral(decision, referral))
            found.extend(_partner_share(config, decision, referral))
            found.extend(_chair_satisfied(config, decision, referral, by_id))
        if not decision.outside:
            found.extend(_conflicts(decision, by_date.get(decision.meeting)))
            found.extend(_quorum(config, decision, by_date.get(decision.meeting), decisions))
        found.extend(_dates(config, decision))
        found.extend(_follow_up(config, decision))
    by_path = {d.path: d for d in decisions}
    for decision in decisions:
        if decision.outside:
            found.extend(_outside(config, decision, by_id))
        if decision.ratifies:
            found.extend(_ratifies(decision, by_path.get(decision.ratifies)))
    for response in responses:
        found.extend(_response(config, response, by_path.get(response.panel_decision), by_id))
    return found


def _response(
    config: PanelConfig, response: Response, decision: Decision | None, by_id: dict[str, Referral]
) -> Iterator[Diagnostic]:
    """A decision maker's decision answers a recommendation that went to their role, and they hold it."""

    def error(field: str, code: str, message: str, hint: str) -> Diagnostic:
        return _at(response.path, response.source, (field,), code, message, hint)

    referral = by_id.get(response.referral)
    if decision is None or referral is None:
        yield error(
            "meeting",
            "decision-maker-unneeded",
            f"no panel decision {response.panel_decision} for this decision maker's decision to answer",
            "record the panel's recommendation first (panel decide), or correct the meeting and referral",
        )
        return
    approved = decision.approved
    weekly, total = (approved.weekly, approved.total) if approved else (0.0, 0.0)
    role = config.decision_maker_for(referral.type, weekly, total)
    if not role:
        yield error(
            "role",
            "decision-maker-unneeded",
            f"the panel decides {referral.type} referrals at this amount (panel.yml), so its decision on "
            f"{response.referral} is not a recommendation to anyone",
            "remove this file; or, if the panel only recommends this type, set decides: false and decision_maker",
        )
        return
    if response.role != role:
        yield error(
            "role",
            "decision-maker-role",
            f"the recommendation on {response.referral} went to {config.role_name(role)} ({role}), "
            f"not {config.role_name(response.role)}",
            f"set role: {role}, and have someone holding it decide",
        )
    person = config.person_by_name(response.decided_by)
    if person is not None and response.role not in person.roles:
        holders = ", ".join(p.name for p in config.people_with_role(response.role)) or "no one"
        yield error(
            "decided_by",
            "decision-maker-role",
            f"{response.decided_by} does not hold the role {config.role_name(response.role)}",
            f"the decision maker is someone holding it: {holders}",
        )


def _substitutes(config: PanelConfig, meeting: MeetingRecord) -> Iterator[Diagnostic]:
    """A substitute stands in for someone absent, is not also counted as present, and is named once."""
    present = {meeting.chair, *meeting.present}
    seen: set[str] = set()
    for index, substitute in enumerate(meeting.substitutes):
        where = ("substitutes", index)
        if substitute.for_ and substitute.for_ in present:
            yield _at(
                meeting.path,
                meeting.source,
                (*where, "for"),
                "substitute-present",
                f"{substitute.name} stands in for {substitute.for_}, who is listed as present too",
                f"move {substitute.for_} to apologies:, or remove the substitute",
            )
        if substitute.name in present or substitute.name in seen:
            yield _at(
                meeting.path,
                meeting.source,
                (*where, "name"),
                "substitute-present",
                f"{substitute.name} is listed as a substitute and as present (or as a substitute twice): counted once",
                "list each person once: as present, or as a substitute for someone absent",
            )
        seen.add(substitute.name)


def _meeting_rules(
    config: PanelConfig, meeting: MeetingRecord, decisions: Sequence[Decision], erased: Collection[str]
) -> Iterator[Diagnostic]:
    heard = {d.referral for d in decisions if d.meeting == meeting.date}
    attending = meeting.attending
    for index, declaration in enumerate(meeting.declarations):
        if declaration.member not in attending:
            named = did_you_mean(declaration.member, attending)
            yield _at(
                meeting.path,
                meeting.source,
                ("declarations", index, "member"),
                "declaration-absent",
                f"{declaration.member} declared an interest but is not listed as present (nor chair or substitute)",
                named or "add them to present: (or substitutes:), or remove the declaration",
            )
        if heard and declaration.item not in heard and declaration.item not in erased:
            yield _at(
                meeting.path,
                meeting.source,
                ("declarations", index, "item"),
                "declaration-item",
                f"declaration on {declaration.item}, but this meeting has no decision on it",
                f"items decided at this meeting: {', '.join(sorted(heard))}",
                Severity.WARNING,
            )


def _against_referral(decision: Decision, referral: Referral) -> Iterator[Diagnostic]:
    approved, costs = decision.approved, referral.costs
    if decision.meeting < referral.meeting:
        yield _at(
            decision.path,
            decision.source,
            ("meeting",),
            "decision-early",
            f"decided {decision.meeting}, before the meeting {referral.id} asked for ({referral.meeting})",
            "move the decision to the folder of the meeting that heard it",
            Severity.WARNING,
        )
    if approved is None or costs is None:
        return
    over = []
    if approved.weekly > costs.weekly + 0.005:
        over.append(f"weekly {money(approved.weekly)} > requested {money(costs.weekly)}")
    if approved.total > costs.total + 0.005:
        over.append(f"total {money(approved.total)} > requested {money(costs.total)}")
    if over and not approved.over_request:
        yield _at(
            decision.path,
            decision.source,
            ("approved",),
            "over-request",
            f"approval over the amount {referral.id} requested: {'; '.join(over)}",
            "say so and why in approved.over_request, or correct the amounts",
        )


def _partner_share(config: PanelConfig, decision: Decision, referral: Referral) -> Iterator[Diagnostic]:
    """partner_share_pending means something only where the approved cost gives a partner funder a share."""
    shares = decision.funding or referral.funding
    if not decision.partner_share_pending or (decision.approved is not None and config.partners(shares)):
        return
    agreeing = ", ".join(f.id for f in config.funders if f.agrees and not f.council) or "none in panel.yml"
    yield _at(
        decision.path,
        decision.source,
        ("partner_share_pending",),
        "partner-share-unused",
        "partner_share_pending: this decision approves no share for a funder whose agreement is recorded "
        f"(funders with agrees: {agreeing}), so it has no effect",
        "remove it, or give the partner's share in approved.funding",
        Severity.WARNING,
    )


def _chair_satisfied(
    config: PanelConfig, decision: Decision, referral: Referral, by_id: dict[str, Referral]
) -> Iterator[Diagnostic]:
    """chair_satisfied means something only where the type is reviewed until the chair is satisfied."""
    if not decision.chair_satisfied:
        return
    kinds = [config.referral_type(referral.type), config.outcome(decision.outcome)]
    if referral.review_of in by_id:
        kinds.append(config.referral_type(by_id[referral.review_of].type))
    if any(k and k.review and k.review.until_chair_satisfied for k in kinds):
        return
    yield _at(
        decision.path,
        decision.source,
        ("chair_satisfied",),
        "chair-satisfied-unused",
        f"chair_satisfied: {referral.type} referrals are not reviewed until the chair is satisfied, "
        "so this has no effect",
        "remove it; to end reviews, leave out review_date and review_every_weeks",
    )


def _conflicts(decision: Decision, meeting: MeetingRecord | None) -> Iterator[Diagnostic]:
    if meeting is None:
        yield _at(
            decision.path,
            decision.source,
            ("meeting",),
            "meeting-record-missing",
            f"no meeting record meetings/{decision.meeting}/meeting.md for this decision",
            "record who chaired, who was present and any declarations in meeting.md",
            Severity.WARNING,
        )
        return
    conflicted = meeting.conflicted(decision.referral)
    chair = decision.chair or meeting.chair
    if chair in conflicted:
        where = ("chair",) if decision.chair else ("referral",)
        yield _at(
            decision.path,
            decision.source,
            where,
            "conflict-of-interest",
            f"{chair} declared an interest in {decision.referral} and must take no part, but is recorded as deciding",
            "name the member who chaired this item instead (e.g. the vice chair) in 'chair:'",
        )
    recorder = decision.minutes_by or meeting.minutes_by
    if recorder and recorder in conflicted:
        yield _at(
            decision.path,
            decision.source,
            ("minutes_by",) if decision.minutes_by else ("referral",),
            "conflict-of-interest",
            f"{recorder} declared an interest in {decision.referral} and must take no part, but is recorded as "
            "minuting it",
            "name who minuted this item instead in the decision's 'minutes_by:'",
        )
    for index, action in enumerate(decision.actions):
        if action.owner in conflicted:
            yield _at(
                decision.path,
                decision.source,
                ("actions", index, "owner"),
                "conflict-of-interest",
                f"{action.owner} declared an interest in {decision.referral} but owns an action on it",
                "give the action to someone without an interest",
            )


def _quorum(
    config: PanelConfig, decision: Decision, meeting: MeetingRecord | None, decisions: Sequence[Decision]
) -> Iterator[Diagnostic]:
    """An item decided without a quorum is an error until a quorate meeting confirms it; `confirms` must fit."""
    if decision.confirms is not None:
        confirmed = next(
            (d for d in decisions if d.referral == decision.referral and d.meeting == decision.confirms), None
        )
        if confirmed is None or decision.confirms >= decision.meeting:
            yield _at(
                decision.path,
                decision.source,
                ("confirms",),
                "confirms-unknown",
                f"confirms: no decision on {decision.referral} at an earlier meeting on {decision.confirms}",
                f"name the meeting of the provisional decision (meetings/<date>/decisions/{decision.referral}.md)",
            )
    if meeting is None or not has_quorum_rule(config):
        return
    count = item_quorum(config, meeting, decision.referral)
    if count.quorate:
        return
    if confirmation_of(decision, decisions) is not None:
        return  # the confirming decision counts instead, and is checked in its own right
    declared = meeting.conflicted(decision.referral)
    why = f" ({', '.join(declared)} declared an interest)" if declared else ""
    confirmers = count.confirmers(config)
    if confirmers:
        who = " and ".join(" or ".join(config.role_name(r) for r in choice) for choice in confirmers)
        yield _at(
            decision.path,
            decision.source,
            ("referral",),
            "in-principle",
            f"{decision.referral} was decided in principle on {decision.meeting}: {count.shortfall(config)}{why}; "
            f"it becomes final when a holder of {who} approves it as well as the chair",
            f"have them approve this decision's merge (Approved-by), or confirm it at a quorate meeting "
            f"('confirms: {decision.meeting}')",
            Severity.WARNING,
        )
        return
    yield _at(
        decision.path,
        decision.source,
        ("referral",),
        "inquorate",
        f"{decision.referral} was decided without a quorum on {decision.meeting}: {count.shortfall(config)}{why}; "
        "the decision is provisional and counts in no register",
        f"confirm it at a quorate meeting: a decision there on {decision.referral} with "
        f"'confirms: {decision.meeting}', or correct the meeting record's present: list",
    )


def _follow_up(config: PanelConfig, decision: Decision) -> Iterator[Diagnostic]:
    """Each follow-up step a decision records done is one its outcome has, recorded once, not before the decision."""
    own = {f.id for f in config.follow_up_steps(decision.outcome)}
    seen: set[str] = set()
    for index, done in enumerate(decision.follow_up):
        if done.step not in own:
            listed = ", ".join(sorted(own)) or "none"
            yield _at(
                decision.path,
                decision.source,
                ("follow_up", index, "step"),
                "follow-up-unknown",
                f"follow_up: the outcome '{decision.outcome}' has no follow-up step '{done.step}' "
                f"(its steps: {listed})",
                "name one of the outcome's steps (panel.yml outcomes[].follow_up), or remove the entry",
            )
        elif done.step in seen:
            yield _at(
                decision.path,
                decision.source,
                ("follow_up", index, "step"),
                "follow-up-unknown",
                f"follow_up: the step '{done.step}' is recorded done twice",
                "keep one entry per step",
            )
        elif done.done < decision.meeting:
            yield _at(
                decision.path,
                decision.source,
                ("follow_up", index, "done"),
                "date-order",
                f"follow_up: '{done.step}' done {done.done}, before the decision ({decision.meeting})",
                "give the day the step was done",
            )
        seen.add(done.step)


def _dates(config: PanelConfig, decision: Decision) -> Iterator[Diagnostic]:
    entry = decision.case_record
    if entry is not None and entry.entered < decision.meeting:
        yield _at(
            decision.path,
            decision.source,
            ("case_record", "entered"),
            "case-record-early",
            f"case_record.entered {entry.entered} is before the meeting that decided ({decision.meeting})",
            "give the day the decision was entered on the child's case record",
        )
    approved = decision.approved
    if approved and approved.end < approved.start:
        yield _at(
            decision.path,
            decision.source,
            ("approved", "end"),
            "date-order",
            f"approved.end {approved.end} is before approved.start {approved.start}",
        )
    if decision.funding:
        share = sum(p for _, p in decision.funding)
        if abs(share - 100) > 0.005:
            yield _at(
                decision.path,
                decision.source,
                ("approved", "funding"),
                "funding-split",
                f"funding shares add up to {share:g}%, not 100%",
                "correct the shares so they add up to 100",
            )
    for name in ("deferral_date", "return_date"):
        day = getattr(decision, name)
        if day is None:
            continue
        if day <= decision.meeting:
            yield _at(
                decision.path,
                decision.source,
                (name,),
                "date-order",
                f"{name} {day} is not after the meeting ({decision.meeting})",
            )
        elif not calendar.is_meeting_day(config, day):
            near = calendar.meetings_between(config, day, day + dt.timedelta(days=21))
            yield _at(
                decision.path,
                decision.source,
                (name,),
                "meeting-unknown",
                f"{name}: the panel does not meet on {day.strftime('%A %d %B %Y')}",
                f"next meeting: {near[0].date}" if near else "run `panel calendar` to see meeting dates",
                Severity.WARNING,
            )


def _outside(config: PanelConfig, decision: Decision, by_id: dict[str, Referral]) -> Iterator[Diagnostic]:
    """A decision outside a meeting follows a route of panel.yml, for its types, by someone it allows at that time."""
    route = config.outside_route(decision.route)
    if route is None:
        routes = [r.id for r in config.outside_meetings]
        hint = did_you_mean(decision.route, routes) or (
            f"routes: {', '.join(routes)}" if routes else "panel.yml has no outside_meetings: add a route first"
        )
        yield _at(decision.path, decision.source, ("route",), "outside-route", f"no route '{decision.route}'", hint)
        return
    referral = by_id.get(decision.referral)
    if referral is not None and not route.applies_to(referral.type):
        yield _at(
            decision.path,
            decision.source,
            ("route",),
            "outside-route",
            f"route {route.id} ({route.name}) does not cover {referral.type} referrals",
            f"it covers: {', '.join(route.types or ())}; such a referral waits for a meeting",
        )
    assert decision.decided_at is not None
    in_hours = in_office_hours(config, route, decision.decided_at)
    roles = allowed_roles(config, decision)
    person = config.person_by_name(decision.chair)
    if person is not None and not set(person.roles) & set(roles):
        when = "in office hours" if in_hours else "out of office hours"
        names = ", ".join(config.role_name(r) for r in roles)
        holders = sorted({p.name for r in roles for p in config.people_with_role(r)})
        yield _at(
            decision.path,
            decision.source,
            ("decided_by",),
            "outside-route",
            f"{decision.chair} may not decide under route {route.id} {when} ({decision.decided_at:%a %d %b %H:%M}): "
            f"the route allows {names}",
            f"the decision is made by one of: {', '.join(holders) or 'no one holds these roles'}",
        )
    elif person is not None and in_hours and not decision.escalated_because:
        # office-hours roles are asked in order: a later role decides only when the earlier ones did not
        rank = min(roles.index(r) for r in person.roles if r in roles)
        if rank > 0:
            first = " or ".join(config.role_name(r) for r in roles[:rank])
            yield _at(
                decision.path,
                decision.source,
                ("decided_by",),
                "outside-route",
                f"{decision.chair} decided as {config.role_name(roles[rank])}, but route {route.id} asks {first} "
                "first in office hours",
                "say why they did not decide in 'escalated_because:' (e.g. 'the Service Manager was on leave')",
            )


def _ratifies(decision: Decision, ratified: Decision | None) -> Iterator[Diagnostic]:
    """A ratification names a decision made outside a meeting, on the same referral, before the meeting."""
    if ratified is None or not ratified.outside:
        yield _at(
            decision.path,
            decision.source,
            ("ratifies",),
            "ratification",
            f"ratifies {decision.ratifies}, which is no decision made outside a meeting",
            "name the file under meetings/outside/ that this meeting ratifies (panel agenda lists them)",
        )
        return
    if ratified.referral != decision.referral or ratified.meeting > decision.meeting:
        yield _at(
            decision.path,
            decision.source,
            ("ratifies",),
            "ratification",
            f"ratifies the decision of {ratified.meeting} on {ratified.referral}, but this is the decision of "
            f"{decision.meeting} on {decision.referral}",
            "a meeting ratifies an earlier decision on the same referral",
        )
