"""The panel's calendar: meeting dates, submission deadlines and papers-out times.

Dates come from the cadence and the rota in `panel.yml` (or, booked per case, from the repository's
meetings/DATE/ folders, given as `calendar.booked`); working days skip weekends, the configured
region's bank holidays (from the `holidays` package) and the council's closure days; a meeting
that falls on such a day is skipped, moved or kept as `calendar.on_bank_holiday` says; times are
Europe/London wall-clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from generator.domain.config.model import (
    BankHolidayMeeting,
    CalendarConfig,
    Every,
    PanelConfig,
    TimeRule,
    holiday_calendar,
    is_last_of_month,
    week_of_month,
)
from generator.domain.formatting import long_date
from generator.domain.meetingday import MeetingDay, area_of

LONDON = ZoneInfo("Europe/London")


SIGN_OFF_STAGE = "sign-off"
"""The id of the stage `calendar.deadline` stands for: every sign-off role no other stage names."""
SIGN_OFF_NAME = "Sign-off"
"""Its name where the panel has one deadline (with stages, the roles it covers follow in brackets)."""


@dataclass(frozen=True)
class StageDue:
    """One stage of a meeting's deadlines: what is due (its name), from whose roles, and when."""

    id: str
    name: str
    roles: tuple[str, ...]
    """The roles it judges; empty for the sign-off deadline, which judges every role no stage names."""
    due: dt.datetime
    words: str = ""
    """The council's own words for the time ('Tuesday lunchtime'), if panel.yml gives them."""


@dataclass(frozen=True)
class Meeting:
    """One sitting of the panel."""

    date: dt.date
    start: dt.datetime
    end: dt.datetime
    deadline: dt.datetime | None
    """None where the panel has no deadline: a referral may be heard at any meeting."""
    papers_out: dt.datetime | None
    extra: bool = False
    stages: tuple[StageDue, ...] = ()
    """Every deadline of the meeting, the sign-off deadline included, earliest first."""
    moved_from: dt.date | None = None
    """The regular date it was moved from, because that was a bank holiday or closure day."""
    moved_because: str = ""
    """What that day was: the bank holiday's or the closure's name."""
    deadline_words: str = ""
    """The council's own words for the deadline's time, if panel.yml gives them."""
    papers_out_words: str = ""
    """The council's own words for the papers-out time, if panel.yml gives them."""
    rota: str = ""
    """The name of the rota entry it belongs to ('' for a meeting of the cadence, booked or extra)."""
    booked: bool = False
    """Booked per case (its meetings/DATE/ folder), not from the cadence or the rota."""
    area_name: str = ""
    """The name of the area that meets (panel.yml `areas`; '' in a panel without areas)."""

    @property
    def first_due(self) -> dt.datetime | None:
        """The earliest of its deadlines: what a new referral must still be able to meet (None: it has none)."""
        return min((s.due for s in self.stages), default=self.deadline)

    @property
    def open_at(self) -> dt.datetime:
        """Until when a new referral can still be written for it: its first deadline, else its start."""
        return self.first_due or self.start

    def stage_for(self, role: str) -> StageDue | None:
        """The stage a role's sign-off is judged against: its own, else the sign-off deadline (None: no deadline)."""
        return stage_for(self.stages, role, self.deadline)

    @property
    def moved(self) -> str:
        """'moved from Monday 3 May 2027 (Early May Bank Holiday)', or '' for a meeting on its regular date."""
        return f"moved from {long_date(self.moved_from)} ({self.moved_because})" if self.moved_from else ""

    @property
    def id(self) -> str:
        """The meeting's identifier, its ISO date (used in paths such as meetings/2026-11-26/); in a panel with areas
        followed by its area's id (meetings/2026-11-26-east/)."""
        return self.date.isoformat()

    @property
    def area(self) -> str:
        """The id of the area that meets ('' in a panel without areas)."""
        return area_of(self.date)


@lru_cache(maxsize=64)
def _bank_holidays(code: str, year: int) -> dict[dt.date, str]:
    import holidays as holidays_lib  # loaded only when a calendar is computed: ~0.05 s, more per country

    country, subdiv = holiday_calendar(code)
    return dict(holidays_lib.country_holidays(country, subdiv=subdiv, years=year).items())


def closed_because(config: PanelConfig, day: dt.date) -> str:
    """Why `day` is not a working day: the closure's or the bank holiday's name ('' when it is open)."""
    closure = next((c.name for c in config.calendar.closures if day in c.days()), "")
    return closure or _bank_holidays(config.panel.holidays, day.year).get(day, "")


def is_bank_holiday(config: PanelConfig, day: dt.date) -> bool:
    """True on a bank holiday of the panel's region."""
    return day in _bank_holidays(config.panel.holidays, day.year)


def is_closed(config: PanelConfig, day: dt.date) -> bool:
    """True on a bank holiday or one of the council's closure days (as the terms in force that day define them)."""
    config = config.at(day)
    return day in config.calendar.closed or is_bank_holiday(config, day)


def is_working_day(config: PanelConfig, day: dt.date) -> bool:
    """Monday to Friday, not a bank holiday and not a closure day."""
    return day.weekday() < 5 and not is_closed(config, day)


def on_pattern(calendar: CalendarConfig, day: dt.date) -> bool:
    """True when `day` is on the regular pattern or the rota (ignoring first, last, cancelled, extra and holidays)."""
    if calendar.rota and calendar.rota_name(day):
        return True
    cadence = calendar.cadence
    if calendar.per_case or cadence is None or day.weekday() != cadence.weekday:
        return False
    if cadence.every is Every.FORTNIGHT:
        return cadence.anchor is not None and (day - cadence.anchor).days % 14 == 0
    if cadence.every is Every.MONTH:
        return week_of_month(day) in cadence.weeks or (is_last_of_month(day) and -1 in cadence.weeks)
    return True


def is_booked(calendar: CalendarConfig, day: dt.date) -> bool:
    """True when a per-case panel has booked a meeting on `day` (its meetings/DATE/ folder exists)."""
    return calendar.per_case and day in calendar.booked


def moved_from(config: PanelConfig, day: dt.date) -> dt.date | None:
    """The regular date whose meeting moves to working day `day` (on_bank_holiday: next or previous working day)."""
    config = config.at(day)
    calendar = config.calendar
    rule = calendar.bank_holiday_meetings
    if rule not in (BankHolidayMeeting.NEXT, BankHolidayMeeting.PREVIOUS) or not is_working_day(config, day):
        return None
    step = dt.timedelta(days=-1 if rule is BankHolidayMeeting.NEXT else 1)
    regular = day + step
    # The days between a moved meeting and its regular date are all non-working, so the walk is short.
    while not is_working_day(config, regular):
        if on_pattern(calendar, regular) and is_closed(config, regular) and regular not in calendar.cancelled:
            return regular
        regular += step
    return None


def by_area(config: PanelConfig) -> tuple[PanelConfig, ...]:
    """Each area's terms (panel.yml `areas`), or the configuration itself when it is one area's or has none."""
    if config.areas and config.area is None:
        return tuple(config.for_area(area.id) for area in config.areas)
    return (config,)


def cancelled_between(config: PanelConfig, first: dt.date, last: dt.date) -> list[dt.date]:
    """The cancelled meetings from `first` to `last` (calendar.cancelled): in a panel with areas, each area's, as the
    meeting day of that area."""
    return sorted(
        MeetingDay.of(day, terms.area.id if terms.area else "")
        for terms in by_area(config)
        for day in terms.calendar.cancelled
        if first <= day <= last
    )


def is_meeting_day(config: PanelConfig, day: dt.date) -> bool:
    """True when the panel meets on `day`, by the terms in force that day (panel.yml `revisions`); in a panel with
    areas, the area of `day` (a MeetingDay), or for a plain date any area."""
    config = config.at(day)
    if config.areas and config.area is None:
        return any(is_meeting_day(area, day) for area in by_area(config))
    calendar = config.calendar
    if day in calendar.extra or is_booked(calendar, day):
        return True
    if day in calendar.cancelled:
        return False
    if (calendar.first and day < calendar.first) or (calendar.last and day > calendar.last):
        return False
    if on_pattern(calendar, day):
        if not is_closed(config, day):
            return True
        if calendar.bank_holiday_meetings is BankHolidayMeeting.KEEP:
            return True
    return moved_from(config, day) is not None


def due_date(config: PanelConfig, meeting_day: dt.date, rule: TimeRule) -> dt.datetime:
    """When something governed by `rule` is due for the meeting on `meeting_day`.

    The rule names a day (so many working or calendar days before, the last such weekday
    before, or the day itself); a day that is not a working day moves back to the working
    day before it, so nothing is ever due on a weekend or a bank holiday.
    """
    day = meeting_day
    if rule.on_the_day:
        day = meeting_day
    elif rule.working_days_before:
        remaining = rule.working_days_before
        while remaining:
            day -= dt.timedelta(days=1)
            if is_working_day(config, day):
                remaining -= 1
    elif rule.calendar_days_before:
        day -= dt.timedelta(days=rule.calendar_days_before)
    elif rule.weekday_before is not None:
        day -= dt.timedelta(days=1)
        while day.weekday() != rule.weekday_before:
            day -= dt.timedelta(days=1)
    while not is_working_day(config, day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, rule.time, tzinfo=LONDON)


def forward(config: PanelConfig, start: dt.date, working_days: int | None, days: int | None) -> dt.date:
    """The day `working_days` working days (by the panel's calendar) or `days` calendar days after `start`."""
    if not working_days:
        return start + dt.timedelta(days=days or 0)
    day, remaining = start, working_days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(config, day):
            remaining -= 1
    return day


def deadline_for(config: PanelConfig, meeting_day: dt.date) -> dt.datetime | None:
    """The submission and sign-off deadline for the meeting on `meeting_day` (None: the panel sets none), by the
    terms in force that day."""
    config = config.at(meeting_day)
    rule = config.calendar.deadline
    return due_date(config, meeting_day, rule) if rule else None


NO_DEADLINE = "no deadline: a referral may be heard at any meeting"
"""What the calendar, the agenda and panel new referral say where the panel sets no deadline."""


def stage_for(stages: tuple[StageDue, ...], role: str, deadline: dt.datetime | None) -> StageDue | None:
    """The stage of `stages` a role's sign-off is judged against: its own, else the sign-off `deadline` (None: none)."""
    named = next((s for s in stages if role in s.roles), None)
    if named or deadline is None:
        return named or next((s for s in stages if not s.roles), None)
    return next((s for s in stages if not s.roles), StageDue(SIGN_OFF_STAGE, SIGN_OFF_NAME, (), deadline))


def stages_for(config: PanelConfig, meeting_day: dt.date) -> tuple[StageDue, ...]:
    """The meeting's deadlines, earliest first: each stage of `calendar.stages`, and the sign-off deadline."""
    config = config.at(meeting_day)
    found = [StageDue(s.id, s.name, s.roles, due_date(config, meeting_day, s), s.words) for s in config.calendar.stages]
    name = SIGN_OFF_NAME
    if found:
        staged = {role for stage in config.calendar.stages for role in stage.roles}
        chains = [config.sign_off.chain, *(kind.sign_off for kind in config.referral_types)]
        chains += [band.chain for kind in config.referral_types for band in kind.sign_off_bands]
        others = dict.fromkeys(role for chain in chains for role in chain if role not in staged)
        name += f" ({', '.join(config.role_name(role) for role in others)})" if others else ""
    deadline = deadline_for(config, meeting_day)
    if deadline is not None and config.calendar.deadline is not None:
        found.append(StageDue(SIGN_OFF_STAGE, name, (), deadline, config.calendar.deadline.words))
    return tuple(sorted(found, key=lambda s: s.due))


def meeting_on(config: PanelConfig, day: dt.date) -> Meeting | None:
    """The meeting held on `day`, if there is one: its times and deadlines by the terms in force that day."""
    config = config.at(day)
    if (config.areas and config.area is None) or not is_meeting_day(config, day):
        return None  # in a panel with areas, only an area meets
    calendar = config.calendar
    booked = day not in calendar.extra and is_booked(calendar, day)
    regular = None if day in calendar.extra or booked else moved_from(config, day)
    return Meeting(
        date=MeetingDay.of(day, config.area.id) if config.area else day,
        start=dt.datetime.combine(day, calendar.start, tzinfo=LONDON),
        end=dt.datetime.combine(day, calendar.end, tzinfo=LONDON),
        deadline=deadline_for(config, day),
        papers_out=due_date(config, day, calendar.papers_out) if calendar.papers_out else None,
        extra=day in calendar.extra,
        stages=stages_for(config, day),
        moved_from=regular,
        moved_because=closed_because(config, regular) if regular else "",
        deadline_words=calendar.deadline.words if calendar.deadline else "",
        papers_out_words=calendar.papers_out.words if calendar.papers_out else "",
        rota=calendar.rota_name(regular or day) if calendar.rota else "",
        booked=booked,
        area_name=config.area.name if config.area else "",
    )


def meetings_between(config: PanelConfig, first: dt.date, last: dt.date) -> list[Meeting]:
    """Every meeting from `first` to `last` inclusive, in date order."""
    found: list[Meeting] = []
    for terms in by_area(config):
        day = first
        while day <= last:
            meeting = meeting_on(terms, day)
            if meeting:
                found.append(meeting)
            day += dt.timedelta(days=1)
    return sorted(found, key=lambda m: (m.start, m.date))


def upcoming(config: PanelConfig, now: dt.datetime, count: int = 6, horizon_days: int = 400) -> list[Meeting]:
    """The next `count` meetings that have not yet started."""
    found: list[Meeting] = []
    for terms in by_area(config):
        day = now.astimezone(LONDON).date()
        stop = day + dt.timedelta(days=horizon_days)
        mine = 0
        while day <= stop and mine < count:
            meeting = meeting_on(terms, day)
            if meeting and meeting.start > now:
                found.append(meeting)
                mine += 1
            day += dt.timedelta(days=1)
    return sorted(found, key=lambda m: (m.start, m.date))[:count]


def next_open_meeting(config: PanelConfig, now: dt.datetime) -> Meeting | None:
    """The first meeting whose deadline has not yet passed: the one a new referral can still make."""
    return next((m for m in upcoming(config, now, count=20) if m.open_at > now), None)


def meetings_to_hear(config: PanelConfig, day: dt.date, time: dt.time | None) -> tuple[Meeting, ...]:
    """The meetings that count as 'the next panel' after something that happened on `day` at `time`.

    Before a meeting starts, that meeting; while it sits, that one or the next; after it ends,
    the next. Without a time, a meeting on the same day may have been before or after the
    event, so that one and the next both count.
    """
    found = upcoming(config, dt.datetime.combine(day, dt.time.min, tzinfo=LONDON), count=2)
    if not found:
        return ()
    first = found[0]
    if first.date != day:
        return (first,)
    if time is None:
        return tuple(found)
    moment = dt.datetime.combine(day, time, tzinfo=LONDON)
    if moment < first.start:
        return (first,)
    if moment < first.end:
        return tuple(found)
    return tuple(found[1:])


def now_london() -> dt.datetime:
    """The current time in Europe/London; PANEL_NOW=YYYY-MM-DDTHH:MM overrides it for tests and demos."""
    import os

    fixed = os.environ.get("PANEL_NOW")
    if fixed:
        parsed = dt.datetime.fromisoformat(fixed)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)
    return dt.datetime.now(LONDON)
