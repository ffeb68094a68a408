"""Meeting dates, deadlines and papers-out times from the configured cadence."""

from __future__ import annotations

import datetime as dt

from generator.domain import calendar
from generator.domain.config import PanelConfig
from generator.domain.configcheck import parse_config
from panelfixtures import PANEL_YML

BASE = PANEL_YML.read_text(encoding="utf-8")


def config_with(cadence: str, deadline: str = 'deadline: {working_days_before: 3, time: "17:00"}') -> PanelConfig:
    """The fixture panel with another cadence and deadline; without papers-out, cancelled and extra dates,
    which the fixture gives for a Thursday panel with a 3-working-day deadline."""
    text = BASE.replace("cadence: {every: week, weekday: thursday}", cadence)
    text = text.replace('deadline: {working_days_before: 3, time: "17:00"}', deadline)
    for line in ('  papers_out: {working_days_before: 2, time: "12:00"}\n', "  cancelled: [2026-12-24, 2026-12-31]\n"):
        text = text.replace(line, "")
    text = text.replace("  extra: [2026-12-29]\n", "")
    return parse_config(text)


def dates(config: PanelConfig, first: str, last: str) -> list[str]:
    return [
        m.date.isoformat()
        for m in calendar.meetings_between(config, dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    ]


def test_weekly_with_cancelled_and_extra_dates() -> None:
    """Weekly on Thursdays; 24 and 31 December cancelled; an extra on Tuesday 29th."""
    config = parse_config(BASE)
    assert dates(config, "2026-12-14", "2027-01-10") == ["2026-12-17", "2026-12-29", "2027-01-07"]


def test_fortnightly_from_anchor() -> None:
    """South Gloucestershire style: every other Tuesday from the anchor."""
    config = config_with("cadence: {every: fortnight, weekday: tuesday, anchor: 2026-11-10}")
    assert dates(config, "2026-11-01", "2026-12-20") == ["2026-11-10", "2026-11-24", "2026-12-08"]


def test_second_and_fourth_tuesday_and_last_friday() -> None:
    """Nth weekday of the month, including -1 for the last."""
    config = config_with("cadence: {every: month, weekday: tuesday, weeks: [2, 4]}")
    assert dates(config, "2027-03-01", "2027-04-30") == ["2027-03-09", "2027-03-23", "2027-04-13", "2027-04-27"]
    config = config_with("cadence: {every: month, weekday: friday, weeks: [-1]}")
    # 26 March 2027 is Good Friday: no meeting that month.
    assert dates(config, "2027-01-01", "2027-04-30") == ["2027-01-29", "2027-02-26", "2027-04-30"]


def test_no_meeting_on_a_bank_holiday() -> None:
    """Easter Monday 2027 is skipped for a Monday panel."""
    config = config_with("cadence: {every: week, weekday: monday}")
    assert "2027-03-29" not in dates(config, "2027-03-20", "2027-04-10")


def test_working_days_skip_bank_holidays() -> None:
    """3 working days before Tuesday 29 Dec 2026 skips Christmas and Boxing Day (observed)."""
    config = parse_config(BASE)
    deadline = calendar.deadline_for(config, dt.date(2026, 12, 29))
    assert deadline == dt.datetime(2026, 12, 22, 17, 0, tzinfo=calendar.LONDON)


def test_friday_before_moves_back_from_good_friday() -> None:
    """'Friday 15:00 before' on Good Friday 2027 (26 March) falls on Thursday 25th."""
    config = config_with(
        "cadence: {every: week, weekday: wednesday}", 'deadline: {weekday_before: friday, time: "15:00"}'
    )
    assert calendar.deadline_for(config, dt.date(2027, 3, 31)) == dt.datetime(
        2027, 3, 25, 15, 0, tzinfo=calendar.LONDON
    )


def test_on_the_day_and_calendar_days() -> None:
    """Rochdale's 11:00 on the day; 4 calendar days before, moved back off the weekend."""
    config = config_with("cadence: {every: week, weekday: wednesday}", 'deadline: {on_the_day: true, time: "11:00"}')
    due = calendar.deadline_for(config, dt.date(2026, 12, 2))
    assert due is not None and due.isoformat() == "2026-12-02T11:00:00+00:00"
    config = config_with(
        "cadence: {every: week, weekday: wednesday}", 'deadline: {calendar_days_before: 4, time: "09:00"}'
    )
    # Saturday 28 November is not a working day: Friday 27th.
    due = calendar.deadline_for(config, dt.date(2026, 12, 2))
    assert due is not None and due.date() == dt.date(2026, 11, 27)


def test_times_are_london_time_across_the_clock_change() -> None:
    """A 14:00 meeting is 13:00 UTC in summer and 14:00 UTC in winter."""
    config = parse_config(BASE)
    summer = calendar.meeting_on(config, dt.date(2027, 3, 25))
    winter = calendar.meeting_on(config, dt.date(2026, 10, 22))
    assert summer and winter
    assert summer.start.astimezone(dt.UTC).hour == 14  # 25 March 2027 is before the change (28th)
    after = calendar.meeting_on(config, dt.date(2027, 4, 1))
    assert after and after.start.astimezone(dt.UTC).hour == 13
    assert winter.start.astimezone(dt.UTC).hour == 13  # 22 Oct 2026 is still BST


def test_next_open_meeting_is_the_first_with_a_deadline_ahead() -> None:
    """On Monday 23 Nov at 18:00 the 26 Nov deadline (23rd 17:00) has passed: next is 3 Dec."""
    config = parse_config(BASE)
    now = dt.datetime(2026, 11, 23, 18, 0, tzinfo=calendar.LONDON)
    meeting = calendar.next_open_meeting(config, now)
    assert meeting and meeting.date == dt.date(2026, 12, 3)
    earlier = calendar.next_open_meeting(config, now.replace(hour=16))
    assert earlier and earlier.date == dt.date(2026, 11, 26)
