"""`panel decide`: start a decision record for a referral from its meeting's agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.agenda_files import load_agenda
from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.records import inquorate_day, read_reviewed
from generator.commands.scaffold import ScaffoldError, render_template
from generator.domain.agenda import AgendaItem
from generator.domain.config.model import ItemKind, PanelConfig
from generator.domain.decisions.model import Decision
from generator.domain.decisions.outside import in_office_hours, outside_path, route_stands_until
from generator.domain.decisions.reader import RecordReader
from generator.domain.meetingday import meeting_day
from generator.domain.referrals import Referral, ReferralReader
from generator.io.diagnostics import ProblemsFound
from generator.io.files import create_new
from generator.io.tree import DECISION_MAKER, DECISIONS, MEETINGS, SUBMISSIONS


@dataclass(frozen=True)
class NewDecision:
    """What `panel decide` wrote."""

    path: Path
    item: AgendaItem


def _num(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:.2f}"


def read_referral(root: Path, config: PanelConfig, referral_id: str, today: dt.date) -> Referral:
    """The referral submissions/<id>.md, or ScaffoldError saying what is wrong with it."""
    path = root / SUBMISSIONS / f"{referral_id}.md"
    if not path.is_file():
        raise ScaffoldError(f"no referral {referral_id}: submissions/{referral_id}.md does not exist")
    referral, problems = ReferralReader(config, today).read(path, f"submissions/{referral_id}.md")
    if referral is None:
        first = next(iter(problems), None)
        raise ScaffoldError(f"{referral_id} cannot be read: {first.format() if first else 'unknown problem'}")
    return referral


@dataclass(frozen=True)
class Prefill:
    """The approval a new decision starts from: the referral's request, or the earlier approval it continues."""

    resource: str
    weekly: float
    total: float
    start: dt.date
    end: dt.date
    one_off: float = 0.0
    budget_line: str = ""
    funding: tuple[tuple[str, float], ...] = ()
    continues: Decision | None = None
    """The earlier decision whose approval this one continues (a review), if any."""


def earlier_decisions(root: Path, config: PanelConfig, referral: Referral, before: dt.date) -> list[Decision]:
    """Readable decisions on this case before `before`, oldest first: on the referral or on the one it reviews."""
    reader = RecordReader(config)
    ids = [referral.id] + ([referral.review_of] if referral.review_of else [])
    found: list[Decision] = []
    for referral_id in ids:
        for path in sorted((root / MEETINGS).glob(f"*/{DECISIONS}/{referral_id}.md")):
            day = meeting_day(path.parent.parent.name)
            if day is None:
                continue
            if day >= before or not path.is_file():
                continue
            decision, _ = reader.read_decision(path, path.relative_to(root).as_posix(), day)
            if decision is not None:
                found.append(decision)
    return sorted(found, key=lambda d: (d.meeting, d.referral))


def prefill(referral: Referral, meeting: dt.date, earlier: list[Decision]) -> Prefill | None:
    """What `approved:` starts as: the rest of the earlier approval from this meeting on, else the request."""
    previous = next((d for d in reversed(earlier) if d.approved is not None), None)
    if previous is not None and previous.approved is not None:
        old = previous.approved
        if old.end < meeting:
            return None  # it ran out: the panel approves afresh, or not at all
        start = max(meeting, old.start)
        days, kept = (old.end - old.start).days + 1, (old.end - start).days + 1
        total = round((old.total - old.one_off) * kept / days + (old.one_off if start == old.start else 0.0), 2)
        one_off = old.one_off if start == old.start else 0.0
        return Prefill(
            old.resource, old.weekly, total, start, old.end, one_off, old.budget_line, previous.funding, previous
        )
    costs = referral.costs
    if costs is None:
        return None
    return Prefill(
        referral.title or "the resource requested",
        costs.weekly,
        costs.total,
        costs.start,
        costs.end,
        costs.one_off,
        costs.budget_line,
        costs.funding,
    )


def _decided_already(root: Path, referral: Referral, meeting: dt.date) -> str:
    """Why there is already a decision at `meeting`, and which later meeting to name instead."""
    listed = []
    for path in sorted((root / MEETINGS).glob("*/agenda.md")):
        day = meeting_day(path.parent.name)
        if day is None:
            continue
        if day <= meeting or (path.parent / DECISIONS / f"{referral.id}.md").exists():
            continue
        try:
            agenda = load_agenda(root, day)
        except ProblemsFound:
            continue
        if any(i.referral == referral.id for i in [*agenda.items, *agenda.late]):
            listed.append(day)
    where = f"meetings/{meeting}/{DECISIONS}/{referral.id}.md"
    if listed:
        return (
            f"{referral.id} was decided at the meeting of {meeting} ({where}); to record the decision of a later "
            f"meeting that heard it, name that meeting: panel decide {referral.id} --meeting {listed[0]}"
        )
    return (
        f"{referral.id} was decided at the meeting of {meeting} ({where}) and no later agenda lists it; "
        f"edit that file, or add it to a later meeting's agenda (panel agenda MEETING) and run "
        f"panel decide {referral.id} --meeting MEETING"
    )


def new_decision(
    root: Path, config: PanelConfig, referral: Referral, meeting: dt.date, *, named: bool = True
) -> NewDecision:
    """Write meetings/<date>/decisions/<id>.md, prefilled from the referral and its agenda item.

    `named` says whether the meeting was named by the user (else it is the meeting the referral asked for).
    A review starts from the earlier approval, from this meeting on, so keeping it continues the commitment.
    """
    target = root / MEETINGS / meeting.isoformat() / DECISIONS / f"{referral.id}.md"
    if target.exists() and not named:
        raise ScaffoldError(_decided_already(root, referral, meeting))
    try:
        agenda = load_agenda(root, meeting)
    except ProblemsFound as exc:
        first = next(iter(exc.diagnostics))
        raise ScaffoldError(f"{first.message} ({first.path}); {first.hint or 'fix the agenda first'}") from None
    item = next((i for i in [*agenda.items, *agenda.late] if i.referral == referral.id), None)
    if item is None:
        heard = ", ".join(i.referral for i in agenda.items if i.referral) or "none"
        raise ScaffoldError(f"{referral.id} is not on the agenda of {meeting}; referrals on it: {heard}")
    kind = config.referral_type(referral.type)
    review_weeks = kind.review.every_weeks if kind and kind.review else None
    earlier = earlier_decisions(root, config, referral, meeting)
    ratifies = item.review_of if item.kind == ItemKind.RATIFICATION and item.review_of else ""
    confirms = inquorate_day(root, config, item.review_of) if item.review_of and not ratifies else None
    if ratifies:
        ratified, _ = read_reviewed(root, config, ratifies)
        earlier = [ratified] if ratified is not None else earlier
    text = render_template(
        root,
        "decision.md.j2",
        config=config,
        referral=referral,
        item=item,
        meeting=meeting,
        review_weeks=review_weeks,
        kind=kind,
        num=_num,
        approved=prefill(referral, meeting, earlier),
        ratifies=ratifies,
        confirms=confirms,
    )
    try:
        create_new(target, text)  # never overwrite a decision already recorded
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewDecision(target, item)


def decide(root: Path, referral_id: str, meeting: dt.date | None, today: dt.date) -> NewDecision:
    """`panel decide`: start the decision record of `referral_id` (for its own meeting unless `meeting` is named)."""
    config = config_or_fail(root)
    named = checked_meeting(config, meeting) if meeting is not None else None
    try:
        referral = read_referral(root, config, referral_id, today)
        day = named or referral.meeting
        return new_decision(root, config.at(day), referral, day, named=named is not None)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc


@dataclass(frozen=True)
class NewResponse:
    """What `panel decide --decision-maker` wrote."""

    path: Path
    role: str
    """The role's name."""


def panel_decision(root: Path, config: PanelConfig, referral: Referral, meeting: dt.date | None) -> Decision:
    """The panel's decision on `referral` at `meeting`, else its latest one."""
    reader = RecordReader(config)
    found = []
    for path in sorted((root / MEETINGS).glob(f"*/{DECISIONS}/{referral.id}.md")):
        day = meeting_day(path.parent.parent.name)
        if day is None:
            continue
        if meeting is not None and day != meeting:
            continue
        decision, problems = reader.read_decision(path, path.relative_to(root).as_posix(), day)
        if decision is None:
            first = next(iter(problems), None)
            raise ScaffoldError(
                f"{path.relative_to(root).as_posix()} cannot be read: {first.format() if first else ''}"
            )
        found.append(decision)
    if not found:
        where = f"at the meeting of {meeting}" if meeting else "yet"
        raise ScaffoldError(
            f"the panel has no decision on {referral.id} {where}: record the panel's decision first "
            f"(panel decide {referral.id})"
        )
    return max(found, key=lambda d: d.meeting)


def new_response(root: Path, config: PanelConfig, referral: Referral, meeting: dt.date | None) -> NewResponse:
    """Write meetings/<date>/decision-maker/<id>.md: the decision maker's decision on the panel's recommendation."""
    decision = panel_decision(root, config, referral, meeting)
    approved = decision.approved
    role = config.decision_maker_for(
        referral.type, approved.weekly if approved else 0.0, approved.total if approved else 0.0
    )
    if not role:
        raise ScaffoldError(
            f"the panel decides {referral.type} referrals (panel.yml: decides, decision_maker and escalate "
            f"thresholds), so its decision of {decision.meeting} on {referral.id} needs no decision maker"
        )
    outcome = config.outcome(decision.outcome)
    text = render_template(
        root,
        "decision-maker.md.j2",
        config=config,
        decision=decision,
        role=role,
        role_name=config.role_name(role),
        holders=[p.name for p in config.people_with_role(role)],
        outcome_name=outcome.name if outcome else decision.outcome,
        num=_num,
    )
    target = root / MEETINGS / decision.meeting.isoformat() / DECISION_MAKER / f"{referral.id}.md"
    try:
        create_new(target, text)
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewResponse(target, config.role_name(role))


def decide_as_decision_maker(root: Path, referral_id: str, meeting: dt.date | None, today: dt.date) -> NewResponse:
    """`panel decide --decision-maker`: start the decision maker's decision on the panel's recommendation."""
    config = config_or_fail(root)
    try:
        named = checked_meeting(config, meeting) if meeting is not None else None
        return new_response(root, config, read_referral(root, config, referral_id, today), named)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc


def new_outside(
    root: Path, config: PanelConfig, referral: Referral, route_id: str | None, decided: dt.datetime
) -> NewResponse:
    """Write meetings/outside/<date>-<id>.md: a decision outside a meeting under a route of panel.yml."""
    routes = [r for r in config.outside_meetings if route_id is None or r.id == route_id]
    if not routes:
        known = ", ".join(r.id for r in config.outside_meetings)
        raise ScaffoldError(
            f"no route {route_id!r} in panel.yml outside_meetings (routes: {known})"
            if route_id and known
            else "panel.yml has no outside_meetings route: add one (README: Who decides)"
        )
    covering = [r for r in routes if r.applies_to(referral.type)]
    if not covering:
        raise ScaffoldError(f"no route in panel.yml outside_meetings covers {referral.type} referrals")
    if len(covering) > 1 and route_id is None:
        raise ScaffoldError(
            f"several routes cover {referral.type}: name one with --route ({', '.join(r.id for r in covering)})"
        )
    route = covering[0]
    in_hours = in_office_hours(config, route, decided)
    roles = route.roles_at(in_hours)
    holders = [p.name for role in roles for p in config.people_with_role(role)]
    holders = list(dict.fromkeys(holders))
    target = root / outside_path(decided.date(), referral.id)
    until = route_stands_until(config, route, decided)
    text = render_template(
        root,
        "outside-decision.md.j2",
        config=config,
        referral=referral,
        kind=config.referral_type(referral.type),
        route=route,
        decided=decided,
        holders=holders,
        in_hours_roles=[config.role_name(r) for r in route.roles],
        out_of_hours_roles=[config.role_name(r) for r in route.roles_at(False)],
        until=until.isoformat() if until else "the next meeting",
        num=_num,
    )
    try:
        create_new(target, text)
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewResponse(target, route.name)


def decide_outside_meeting(
    root: Path, referral_id: str, route: str | None, decided: dt.datetime, today: dt.date
) -> NewResponse:
    """`panel decide --outside-meeting`: start a decision made outside a meeting."""
    config = config_or_fail(root)
    try:
        return new_outside(root, config, read_referral(root, config, referral_id, today), route, decided)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
