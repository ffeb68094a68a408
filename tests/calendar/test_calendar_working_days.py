"""Every due date is a working day: each rule kind against every day of 2026–2029 and each region.

The expected day is worked out independently, by brute force over the `holidays` package's own
bank holidays: the latest working day that satisfies the rule and is strictly before the meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import holidays
import pytest
import yaml

from generator.domain import calendar
from generator.domain.config.model import PanelConfig
from generator.domain.configcheck import parse_config
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML

BASE = PANEL_YML.read_text(encoding="utf-8")
DEADLINE = 'deadline: {working_days_before: 3, time: "17:00"}'
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2029, 12, 31)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
RULES = [
    "{working_days_before: 1, time: '17:00'}",
    "{working_days_before: 3, time: '17:00'}",
    "{working_days_before: 7, time: '12:00'}",
    "{calendar_days_before: 1, time: '09:00'}",
    "{calendar_days_before: 3, time: '09:00'}",
    "{calendar_days_before: 7, time: '09:00'}",
    *(f"{{weekday_before: {day}, time: '15:00'}}" for day in WEEKDAYS),
    "{on_the_day: true, time: '09:00'}",
]


def config_for(region: str, rule: str) -> PanelConfig:
    """The fixture panel (meets 14:00) in `region` with `rule` as its deadline (and no papers-out rule,
    which a late deadline would contradict)."""
    text = BASE.replace("holidays: england-and-wales", f"holidays: {region}").replace(DEADLINE, f"deadline: {rule}")
    text = text.replace('  papers_out: {working_days_before: 2, time: "12:00"}\n', "")
    return parse_config(text)


def expected(region: str, rule: str) -> Callable[[dt.date], dt.date]:
    """The oracle: the latest working day satisfying `rule`, by brute force over `holidays`."""
    bank = holidays.country_holidays("GB", subdiv=REGIONS[region], years=range(2025, 2031))

    def working(day: dt.date) -> bool:
        return day.weekday() < 5 and day not in bank

    spec = yaml.safe_load(rule)

    def satisfies(day: dt.date, meeting: dt.date) -> bool:
        if "working_days_before" in spec:
            between = sum(working(meeting - dt.timedelta(days=k)) for k in range(1, (meeting - day).days))
            return between >= spec["working_days_before"] - 1 and day < meeting
        if "calendar_days_before" in spec:
            return day <= meeting - dt.timedelta(days=spec["calendar_days_before"])
        if "weekday_before" in spec:
            wanted = WEEKDAYS.index(spec["weekday_before"])
            last = next(
                meeting - dt.timedelta(days=k)
                for k in range(1, 8)
                if (meeting - dt.timedelta(days=k)).weekday() == wanted
            )
            return day <= last
        return day <= meeting

    def latest(meeting: dt.date) -> dt.date:
        day = meeting
        while not (working(day) and satisfies(day, meeting)):
            day -= dt.timedelta(days=1)
        return day

    return latest


@pytest.mark.parametrize("region", list(REGIONS))
@pytest.mark.parametrize("rule", RULES)
def test_every_rule_lands_on_the_latest_working_day_before_the_meeting(region: str, rule: str) -> None:
    """For every day of 2026–2029 as a meeting day: a working day, before the start, the latest allowed."""
    config = config_for(region, rule)
    oracle = expected(region, rule)
    start = config.calendar.start
    day = FIRST
    assert config.calendar.deadline is not None
    while day <= LAST:
        due = calendar.due_date(config, day, config.calendar.deadline)
        assert calendar.is_working_day(config, due.date()), f"{rule} for {day}: due on {due:%A %d %B %Y}"
        assert due < dt.datetime.combine(day, start, tzinfo=calendar.LONDON), f"{rule} for {day}: {due}"
        assert due.date() == oracle(day), f"{rule} for {day}: {due.date()} but {oracle(day)} expected"
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("rule", "meeting", "due"),
    [
        # Papers out 'Monday before' a Wednesday meeting: Easter Monday 2027 (29 March) and Good
        # Friday (26th) are both bank holidays, so Thursday 25 March.
        ("{weekday_before: monday, time: '14:00'}", dt.date(2027, 3, 31), dt.date(2027, 3, 25)),
        # Early May bank holiday 2026 is Monday 4 May: Friday 1 May.
        ("{weekday_before: monday, time: '14:00'}", dt.date(2026, 5, 6), dt.date(2026, 5, 1)),
        # Spring bank holiday 2028 is Monday 29 May: Friday 26 May.
        ("{weekday_before: monday, time: '14:00'}", dt.date(2028, 5, 31), dt.date(2028, 5, 26)),
        # Summer bank holiday 2029 is Monday 27 August: Friday 24 August.
        ("{weekday_before: monday, time: '14:00'}", dt.date(2029, 8, 29), dt.date(2029, 8, 24)),
        # Christmas 2027 is a Saturday: the 27th and 28th are the substitute days, so Friday 24th.
        ("{weekday_before: monday, time: '14:00'}", dt.date(2027, 12, 29), dt.date(2027, 12, 24)),
        ("{calendar_days_before: 2, time: '09:00'}", dt.date(2027, 12, 30), dt.date(2027, 12, 24)),
        # Seven days before Monday 1 January 2029 is Christmas Day 2028: back past the weekend to Friday 22nd.
        ("{calendar_days_before: 7, time: '09:00'}", dt.date(2029, 1, 1), dt.date(2028, 12, 22)),
        # A meeting on Easter Monday 2029 (2 April, an extra date) with an on-the-day deadline.
        ("{on_the_day: true, time: '09:00'}", dt.date(2029, 4, 2), dt.date(2029, 3, 29)),
        ("{working_days_before: 1, time: '17:00'}", dt.date(2026, 12, 29), dt.date(2026, 12, 24)),
    ],
)
def test_bank_holiday_examples(rule: str, meeting: dt.date, due: dt.date) -> None:
    """Named examples: bank-holiday Mondays, Easter and Christmas 2026–2029."""
    config = config_for("england-and-wales", rule)
    assert config.calendar.deadline is not None
    result = calendar.due_date(config, meeting, config.calendar.deadline)
    assert result.date() == due, f"{result:%A %d %B %Y}"


def test_on_the_day_must_be_before_the_meeting_starts() -> None:
    """An on-the-day deadline at or after the start is rejected, at the deadline's line."""
    with pytest.raises(ProblemsFound) as caught:
        config_for("england-and-wales", "{on_the_day: true, time: '14:00'}")
    problem = next(iter(caught.value.diagnostics))
    assert problem.code == "config-inconsistent" and "14:00" in problem.message
    assert BASE.splitlines()[problem.line - 1].lstrip().startswith("deadline:")
