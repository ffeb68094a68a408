"""Decisions outside a meeting: where they are kept, who may make them, and how long they stand unratified.

An urgent decision between meetings is `meetings/outside/<date>-<referral-id>.md`: a decision record (the same
outcomes and rules) with `decided` (date and time), `decided_by` and the `route` of panel.yml `outside_meetings`
it was made under. It stands once the person named approves its merge (signoff.finality), and must be ratified
at the next meeting by a decision there that names it in `ratifies`.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.domain import calendar
from generator.domain.config.model import OutsideRoute, PanelConfig
from generator.domain.decisions.model import Decision
from generator.io.tree import MEETINGS, OUTSIDE

OUTSIDE_PATH = r"^meetings/outside/([0-9]{4}-[0-9]{2}-[0-9]{2})-([A-Za-z0-9][A-Za-z0-9_-]{0,40})\.md$"
"""What a decision outside a meeting's path, and a ratification's `ratifies`, look like."""
_PATH = re.compile(OUTSIDE_PATH)


def outside_path(day: dt.date, referral_id: str) -> str:
    """meetings/outside/2026-12-05-R-0014.md."""
    return f"{MEETINGS}/{OUTSIDE}/{day.isoformat()}-{referral_id}.md"


def parse_outside_path(path: str) -> tuple[dt.date, str] | None:
    """The day and referral id an outside decision's path names, or None if it is not one."""
    found = _PATH.match(path)
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found.group(1)), found.group(2)
    except ValueError:
        return None


def in_office_hours(config: PanelConfig, route: OutsideRoute, moment: dt.datetime) -> bool:
    """True on a working day within the route's office hours (Europe/London)."""
    local = moment.astimezone(calendar.LONDON)
    hours = route.office_hours
    return calendar.is_working_day(config, local.date()) and hours.start <= local.time() < hours.end


def allowed_roles(config: PanelConfig, decision: Decision) -> tuple[str, ...]:
    """The roles that may have made this decision outside a meeting, at the time it was made."""
    route = config.outside_route(decision.route)
    if route is None or decision.decided_at is None:
        return ()
    return route.roles_at(in_office_hours(config, route, decision.decided_at))


def screens(config: PanelConfig, decision: Decision) -> bool:
    """True when `decision` was made under a pre-meeting filter route: it screens its referral out."""
    route = config.outside_route(decision.route) if decision.outside else None
    return route is not None and route.screens


def stands_until(config: PanelConfig, decision: Decision) -> dt.date | None:
    """The last day the decision stands unratified: `stands_days` after it, else the day of the next meeting."""
    route = config.outside_route(decision.route)
    if route is None or decision.decided_at is None:
        return None
    return route_stands_until(config, route, decision.decided_at)


def route_stands_until(config: PanelConfig, route: OutsideRoute, decided: dt.datetime) -> dt.date | None:
    """The last day a decision made at `decided` under `route` stands unratified."""
    if route.stands_days is not None:
        return decided.astimezone(calendar.LONDON).date() + dt.timedelta(days=route.stands_days)
    following = calendar.upcoming(config, decided, count=1)
    return following[0].date if following else None
