"""Settings of `panel.yml` that are each valid alone but contradict one another."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable

from generator.domain.calendar import LONDON, due_date, on_pattern
from generator.domain.config.model import WEEKDAY_NAMES, Every, PanelConfig, ThresholdAction
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_errors import did_you_mean
from generator.io.yamlsafe import Path, SourceMap

SAMPLE_YEAR = 2027
"""Deadlines are tried against every meeting weekday of one year, bank holidays included."""

Report = Callable[[Path, str, str, str], None]


def inconsistencies(config: PanelConfig, source: SourceMap, display: str) -> list[Diagnostic]:
    """One located error for each pair of settings that cannot both hold."""
    found: list[Diagnostic] = []

    def report(path: Path, code: str, message: str, hint: str) -> None:
        mark = source.mark(path)
        found.append(Diagnostic(display, mark.line, mark.column, code, message, Severity.ERROR, hint))

    _calendar(config, source, report)
    _deadlines(config, report)
    _people(config, report)
    _rules(config, report)
    _follow_ups(config, report)
    _organisations(config, report)
    return found


def _organisations(config: PanelConfig, report: Report) -> None:
    """Roles, people and quorum_organisations name organisations the panel defines; someone comes from each needed."""
    defined = {o.id for o in config.organisations}
    hint = f"defined organisations: {', '.join(sorted(defined))}" if defined else "define it under organisations:"
    for index, count in _duplicates([o.id for o in config.organisations]):
        report(
            ("organisations", index, "id"),
            "config-duplicate-id",
            f"organisations: the id '{config.organisations[index].id}' is used {count} times",
            "give each organisation its own id",
        )
    named: list[tuple[Path, str]] = [(("roles", i, "organisation"), r.organisation) for i, r in enumerate(config.roles)]
    named += [(("people", i, "organisation"), p.organisation) for i, p in enumerate(config.people)]
    named += [(("panel", "quorum_organisations", i), o) for i, o in enumerate(config.panel.quorum_organisations)]
    for path, wanted in named:
        if wanted and wanted not in defined:
            found = did_you_mean(wanted, defined) or hint
            report(path, "config-unknown-id", f"'{wanted}' is not one of the organisations", found)
    for index, wanted in enumerate(config.panel.quorum_organisations):
        if wanted in defined and not any(config.organisation_of(p) == wanted for p in config.people):
            report(
                ("panel", "quorum_organisations", index),
                "config-inconsistent",
                f"panel.quorum_organisations needs someone from {config.organisation_name(wanted)}, but no one "
                "in people comes from it (their own organisation, or their roles'), so no meeting could be quorate",
                f"give the members from it organisation: {wanted} (on them or on their role)",
            )


def _follow_ups(config: PanelConfig, report: Report) -> None:
    """Each outcome's follow-up steps: distinct ids, done by a role the panel defines and someone holds."""
    roles = {r.id for r in config.roles}
    for index, outcome in enumerate(config.outcomes):
        seen: set[str] = set()
        for position, step in enumerate(outcome.follow_up):
            where = ("outcomes", index, "follow_up", position)
            if step.id in seen:
                report(
                    (*where, "id"),
                    "config-duplicate-id",
                    f"outcomes {outcome.id}: the follow-up step id '{step.id}' is used twice",
                    "give each step of an outcome its own id",
                )
            seen.add(step.id)
            if step.by not in roles:
                hint = did_you_mean(step.by, roles) or f"defined roles: {', '.join(sorted(roles))}"
                report((*where, "by"), "config-unknown-id", f"'{step.by}' is not one of the roles", hint)
            elif not config.people_with_role(step.by):
                report(
                    (*where, "by"),
                    "config-inconsistent",
                    f"outcomes {outcome.id}: the follow-up step '{step.id}' is by '{step.by}', but no one in people "
                    "holds that role",
                    f"add '{step.by}' to the roles of whoever does it",
                )


def _calendar(config: PanelConfig, source: SourceMap, report: Report) -> None:
    calendar = config.calendar
    cadence = calendar.cadence
    if calendar.first and calendar.last and calendar.first > calendar.last:
        report(
            ("calendar", "last"),
            "config-inconsistent",
            f"calendar: last ({calendar.last}) is before first ({calendar.first}), so the panel never meets",
            "swap them, or correct the year",
        )
    if cadence is not None and cadence.anchor and cadence.every is not Every.FORTNIGHT:
        report(
            ("calendar", "cadence", "anchor"),
            "config-inconsistent",
            f"calendar.cadence: an anchor is used only by fortnightly panels, and this one meets every {cadence.every}",
            "remove 'anchor', or set 'every: fortnight'",
        )
    if cadence is not None and cadence.weeks and cadence.every is not Every.MONTH:
        report(
            ("calendar", "cadence", "weeks"),
            "config-inconsistent",
            f"calendar.cadence: 'weeks' is used only by monthly panels, and this one meets every {cadence.every}",
            "remove 'weeks', or set 'every: month'",
        )
    for day in sorted(calendar.cancelled & calendar.extra):
        report(
            ("calendar", "extra", _index_of(source, ("calendar", "extra"), day)),
            "config-inconsistent",
            f"calendar: {day} is both cancelled and an extra meeting",
            "keep it in one list only",
        )
    for day in sorted(calendar.cancelled):
        if not on_pattern(calendar, day) and day not in calendar.extra:
            meets = (
                f"the panel meets on {WEEKDAY_NAMES[cadence.weekday].title()}s"
                if cadence is not None and cadence.weekday is not None
                else "see panel calendar; a meeting booked per case is cancelled by removing its meetings/DATE/ folder"
            )
            report(
                ("calendar", "cancelled", _index_of(source, ("calendar", "cancelled"), day)),
                "config-inconsistent",
                f"calendar.cancelled: {day} ({day:%A}) is not a regular meeting day, so nothing is cancelled",
                f"give the date of the meeting you mean to cancel ({meets})",
            )


def _index_of(source: SourceMap, path: Path, day: dt.date) -> int:
    """The list index at which `day` is written, for pointing at it."""
    index = 0
    while (*path, index) in source.raw:
        if source.raw[(*path, index)] == day.isoformat():
            return index
        index += 1
    return 0


def _deadlines(config: PanelConfig, report: Report) -> None:
    calendar = config.calendar
    if calendar.papers_out is None or calendar.deadline is None:
        return
    day = dt.date(SAMPLE_YEAR, 1, 1)
    weekday = calendar.cadence.weekday if calendar.cadence is not None else None
    # Meetings booked per case or on a rota may fall on any weekday: try each.
    step = dt.timedelta(days=1)
    if weekday is not None and not calendar.rota:
        step = dt.timedelta(weeks=1)
        day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    while day.year == SAMPLE_YEAR:
        deadline = due_date(config, day, calendar.deadline)
        papers = due_date(config, day, calendar.papers_out)
        if papers <= deadline:
            report(
                ("calendar", "papers_out"),
                "config-inconsistent",
                f"calendar.papers_out ({calendar.papers_out.describe()}) is not after the deadline "
                f"({calendar.deadline.describe()}): for a meeting on {day:%A %d %B %Y} papers would go out "
                f"{papers.astimezone(LONDON):%a %d %b %H:%M}, "
                f"the deadline is {deadline.astimezone(LONDON):%a %d %b %H:%M}",
                "papers go out after referrals are in: move the deadline earlier or papers_out later",
            )
            return
        day += step


def _people(config: PanelConfig, report: Report) -> None:
    held = {role for person in config.people for role in person.roles}
    chains: list[tuple[Path, tuple[str, ...]]] = [(("sign_off", "chain"), config.sign_off.chain)]
    chains += [(("referral_types", i, "sign_off"), kind.sign_off) for i, kind in enumerate(config.referral_types)]
    for path, chain in chains:
        for r, role in enumerate(chain):
            if role not in held:
                report(
                    (*path, r),
                    "config-inconsistent",
                    f"role '{role}' must sign off, but no one in people holds it, so no referral could be signed off",
                    f"add '{role}' to the roles of the person who approves, or remove it from the chain",
                )
        for role, times in Counter(chain).items():
            holders = sum(1 for p in config.people if role in p.roles)
            if times > 1 and holders < times:
                report(
                    path,
                    "config-inconsistent",
                    f"the chain needs {times} different people with role '{role}', but only {holders} hold it",
                    f"give the role to more people, or name '{role}' once in the chain",
                )
    for index, count in _duplicates([p.name for p in config.people]):
        report(
            ("people", index, "name"),
            "config-duplicate-id",
            f"people: {count} people are called '{config.people[index].name}'; records name people by name",
            "add a middle initial or similar so each name is unique",
        )
    logins = [p.github.lower() for p in config.people]
    for index, _count in _duplicates(logins):
        if logins[index]:
            report(
                ("people", index, "github"),
                "config-duplicate-id",
                f"people: the github login '{config.people[index].github}' is given to two people",
                "each login belongs to one person",
            )
    members = sum(1 for p in config.people if {"chair", "vice-chair", "member"} & set(p.roles))
    quorum = config.panel.quorum
    if quorum is not None and quorum > members:
        report(
            ("panel", "quorum"),
            "config-inconsistent",
            f"panel.quorum is {quorum}, but only {members} people hold the role chair, vice-chair or member",
            "lower the quorum, or give members their roles in people",
        )
    defined = {r.id for r in config.roles}
    for index, choice in enumerate(config.panel.quorum_roles):
        for position, role in enumerate(choice):
            if role not in defined:
                report(
                    ("panel", "quorum_roles", index, position),
                    "config-inconsistent",
                    f"panel.quorum_roles names role '{role}', which roles does not define",
                    f"use one of: {', '.join(sorted(defined))}",
                )
        if all(role in defined for role in choice) and not any(config.people_with_role(r) for r in choice):
            report(
                ("panel", "quorum_roles", index),
                "config-inconsistent",
                f"panel.quorum_roles needs {' or '.join(choice)} present, but no one in people holds "
                f"{'that role' if len(choice) == 1 else 'any of those roles'}, so no meeting could be quorate",
                "give the role to the people who hold it, or remove it from quorum_roles",
            )

    taker = config.panel.minute_taker
    if taker and taker not in defined:
        hint = did_you_mean(taker, defined) or f"defined roles: {', '.join(sorted(defined))}"
        report(("panel", "minute_taker"), "config-unknown-id", f"'{taker}' is not one of the roles", hint)
    elif taker and not config.people_with_role(taker):
        report(
            ("panel", "minute_taker"),
            "config-inconsistent",
            f"panel.minute_taker is '{taker}', but no one in people holds that role, so no one would take the minutes",
            f"add '{taker}' to the roles of the minute-taker, or leave minute_taker out",
        )


def _duplicates(names: list[str]) -> list[tuple[int, int]]:
    """(index of the second occurrence, count) of each value given more than once."""
    counts = Counter(names)
    seen: set[str] = set()
    found = []
    for index, name in enumerate(names):
        if counts[name] > 1 and name in seen:
            found.append((index, counts[name]))
            counts[name] = 0
        seen.add(name)
    return found


def _rules(config: PanelConfig, report: Report) -> None:
    for year, _amount in config.panel.budget.items():
        start, end = year.split("-")
        if int(end) != (int(start) + 1) % 100:
            report(
                ("panel", "budget", year),
                "config-inconsistent",
                f"panel.budget: '{year}' is not a financial year (April {start} to March of the next year)",
                f"write it as {start}-{(int(start) + 1) % 100:02d}",
            )
    for index, kind in enumerate(config.referral_types):
        where = ("referral_types", index)
        retro = kind.retrospective
        if not retro.allowed and (retro.max_days is not None or retro.at_next_meeting):
            report(
                (*where, "retrospective"),
                "config-inconsistent",
                f"referral type {kind.id}: retrospective referrals are not allowed, yet max_days or "
                "at_next_meeting is set",
                "remove max_days and at_next_meeting, or set allowed: true",
            )
        review = kind.review
        if review is None:
            continue
        if review.every_weeks and (review.first_after_months or review.then_every_months):
            report(
                (*where, "review"),
                "config-inconsistent",
                f"referral type {kind.id}: review gives both every_weeks and months",
                "use every_weeks, or first_after_months (then then_every_months)",
            )
        elif review.then_every_months and not review.first_after_months:
            report(
                (*where, "review", "then_every_months"),
                "config-inconsistent",
                f"referral type {kind.id}: then_every_months needs first_after_months (when the first review is)",
                "add first_after_months",
            )
        elif not (review.every_weeks or review.first_after_months):
            report(
                (*where, "review"),
                "config-inconsistent",
                f"referral type {kind.id}: the review rule gives no interval",
                "add every_weeks, or first_after_months (then then_every_months)",
            )
        elif review.until_chair_satisfied and review.first_after_months and not review.then_every_months:
            report(
                (*where, "review", "until_chair_satisfied"),
                "config-inconsistent",
                f"referral type {kind.id}: until_chair_satisfied repeats reviews, but no interval follows the first",
                "add then_every_months",
            )
    for index, threshold in enumerate(config.thresholds):
        if threshold.action != ThresholdAction.ESCALATE and threshold.escalate_to:
            report(
                ("thresholds", index, "escalate_to"),
                "config-inconsistent",
                "escalate_to is used only by an 'escalate' threshold; this one is 'panel-required'",
                "remove escalate_to, or set action: escalate",
            )
    _deciders(config, report)


def _deciders(config: PanelConfig, report: Report) -> None:
    """Every recommendation goes to a role someone holds, and every decision_maker is used."""
    roles = {r.id for r in config.roles}
    held = {role for person in config.people for role in person.roles}
    named: list[tuple[Path, str]] = []
    if config.panel.decision_maker:
        named.append((("panel", "decision_maker"), config.panel.decision_maker))
    for index, kind in enumerate(config.referral_types):
        where = ("referral_types", index)
        if kind.decision_maker:
            named.append(((*where, "decision_maker"), kind.decision_maker))
        decides = kind.decides if kind.decides is not None else config.panel.decides
        if not config.recommends_to(kind.id) and not decides and kind.decides is False:
            report(
                (*where, "decides"),
                "config-missing",
                f"referral type {kind.id}: the panel only recommends, but no decision_maker is named",
                "add decision_maker: ROLE to the type or to panel (the role that decides, e.g. head-of-service)",
            )
        if kind.decision_maker and decides:
            report(
                (*where, "decision_maker"),
                "config-inconsistent",
                f"referral type {kind.id}: decision_maker is set, but the panel decides this type",
                "remove decision_maker, or set decides: false on the type if the panel only recommends",
            )
    orphans = [k.id for k in config.referral_types if k.decides is None and not k.decision_maker]
    if not config.panel.decides and not config.panel.decision_maker and orphans:
        report(
            ("panel", "decides"),
            "config-missing",
            f"the panel only recommends (decides: false), but no decision_maker is named for {', '.join(orphans)}",
            "add decision_maker: ROLE to panel (the role that decides, e.g. head-of-service)",
        )
    if config.panel.decision_maker and not any(
        (k.decides is False or (k.decides is None and not config.panel.decides)) and not k.decision_maker
        for k in config.referral_types
    ):
        report(
            ("panel", "decision_maker"),
            "config-inconsistent",
            "panel.decision_maker is set, but no referral type uses it: the panel decides every type, "
            "or each type that it recommends names its own decision_maker",
            "remove panel.decision_maker, or set decides: false (on the panel or a type) where the panel recommends",
        )
    for index, threshold in enumerate(config.thresholds):
        if threshold.action == ThresholdAction.ESCALATE and threshold.escalate_to:
            named.append((("thresholds", index, "escalate_to"), threshold.escalate_to))
    types = {k.id for k in config.referral_types}
    for index, route in enumerate(config.outside_meetings):
        where = ("outside_meetings", index)
        named += [((*where, "roles", r), role) for r, role in enumerate(route.roles)]
        named += [((*where, "out_of_hours", r), role) for r, role in enumerate(route.out_of_hours)]
        for t, type_id in enumerate(route.types or ()):
            if type_id not in types:
                hint = did_you_mean(type_id, types) or f"defined referral types: {', '.join(sorted(types))}"
                report((*where, "types", t), "config-unknown-id", f"'{type_id}' is not one of the referral types", hint)
        hours = route.office_hours
        if hours.end <= hours.start:
            report(
                (*where, "office_hours"),
                "config-inconsistent",
                f"outside_meetings {route.id}: office hours end ({hours.end:%H:%M}) before they start "
                f"({hours.start:%H:%M})",
                "give the start and end of the working day, e.g. {start: '09:00', end: '17:00'}",
            )
    for route_id, count in Counter(r.id for r in config.outside_meetings).items():
        if count > 1:
            report(
                ("outside_meetings",),
                "config-duplicate-id",
                f"outside_meetings: the id '{route_id}' is used {count} times",
                "give each route its own id",
            )
    _retrospective_routes(config, report)
    for path, role in named:
        if role not in roles:
            hint = did_you_mean(role, roles) or f"defined roles: {', '.join(sorted(roles))}"
            report(path, "config-unknown-id", f"'{role}' is not one of the roles", hint)
        elif role not in held:
            report(
                path,
                "config-inconsistent",
                f"role '{role}' decides, but no one in people holds it, so no decision could ever be made",
                f"add '{role}' to the roles of the person who decides",
            )


def longest_gap(config: PanelConfig) -> int:
    """The most days between two regular meetings (by the cadence, over a sample year)."""
    from generator.domain.calendar import on_pattern  # the calendar module reads the loaded configuration

    start = dt.date(SAMPLE_YEAR, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range(366 + 62)]
    held = [d for d in days if on_pattern(config.calendar, d)]
    return max((b - a).days for a, b in itertools.pairwise(held)) if len(held) > 1 else 0


def _retrospective_routes(config: PanelConfig, report: Report) -> None:
    """A retrospective window shorter than the gap between meetings needs a route to decide outside a meeting."""
    gap = None
    for index, kind in enumerate(config.referral_types):
        window = kind.retrospective.max_days
        if window is None or not kind.retrospective.allowed:
            continue
        gap = longest_gap(config) if gap is None else gap
        if window >= gap or any(r.applies_to(kind.id) for r in config.outside_meetings):
            continue
        report(
            ("referral_types", index, "retrospective", "max_days"),
            "config-inconsistent",
            f"referral type {kind.id}: retrospective referrals must be heard within {window} days, but meetings can "
            f"be {gap} days apart, and no outside_meetings route may decide {kind.id} in between",
            "add a route under outside_meetings for this type (who may decide between meetings; README: Who decides)",
        )
