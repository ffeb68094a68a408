"""A meeting's identity: its day, and in a panel with areas (panel.yml `areas`) the area that meets.

In a panel with one instance a meeting is its date (meetings/2026-12-03/, MEETING 2026-12-03) and every
meeting date is a plain `datetime.date`: nothing here is used. In a panel with areas two areas may meet the
same day, so a meeting is its date and its area (meetings/2026-12-03-east/, MEETING 2026-12-03-east):
`MeetingDay` is a date that also knows its area. As a date it sorts, subtracts and formats as its day
(long_date, strftime); its ISO form (isoformat, str) is the meeting's id with the area, which is what
paths and MEETING arguments are made of. Two meeting days are the same meeting only when their areas
are the same too; compared with a plain date (today, a submission date) only the day counts.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Sequence
from typing import Any

AREA_SUFFIX = r"[a-z][a-z0-9-]{0,19}"
"""An area's id as it follows the date in a meeting's id (panel.yml areas[].id)."""
MEETING_ID = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}})(?:-({AREA_SUFFIX}))?")


class MeetingDay(dt.date):
    """The day of a meeting of one area: a date whose ISO form (its id) ends with the area's id."""

    __slots__ = ("area",)
    area: str

    def __new__(cls, year: int, month: int, day: int, area: str = "") -> MeetingDay:
        made = super().__new__(cls, year, month, day)
        made.area = area
        return made

    @classmethod
    def of(cls, day: dt.date, area: str) -> dt.date:
        """`day` as the meeting of `area` that day; a plain date when `area` is '' (a panel without areas)."""
        if not area:
            return dt.date(day.year, day.month, day.day)
        return cls(day.year, day.month, day.day, area)

    def isoformat(self) -> str:
        """The meeting's id: its date and area, e.g. 2026-12-03-east."""
        day = super().isoformat()
        return f"{day}-{self.area}" if self.area else day

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MeetingDay({self.year}, {self.month}, {self.day}, {self.area!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MeetingDay, (self.year, self.month, self.day, self.area))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MeetingDay):
            return (self.toordinal(), self.area) == (other.toordinal(), other.area)
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return super().__hash__()  # the day's: equal to a plain date of that day where == says so

    def __lt__(self, other: dt.date) -> bool:
        result: bool = self._pair(other, operator.lt)
        return result

    def __le__(self, other: dt.date) -> bool:
        result: bool = self._pair(other, operator.le)
        return result

    def __gt__(self, other: dt.date) -> bool:
        result: bool = self._pair(other, operator.gt)
        return result

    def __ge__(self, other: dt.date) -> bool:
        result: bool = self._pair(other, operator.ge)
        return result

    def _pair(self, other: object, test: Any) -> Any:
        # Two meetings the same day sort by area; against a plain date only the day counts.
        if isinstance(other, MeetingDay):
            return test((self.toordinal(), self.area), (other.toordinal(), other.area))
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return test(self.toordinal(), other.toordinal())
        return NotImplemented


def area_of(day: dt.date) -> str:
    """The area whose meeting `day` is ('' for a plain date: a panel without areas)."""
    return day.area if isinstance(day, MeetingDay) else ""


def parse_meeting_id(text: str) -> tuple[dt.date, str] | None:
    """(day, area) of a meeting id such as 2026-12-03 or 2026-12-03-east; None when it is not one."""
    found = MEETING_ID.fullmatch(text)
    if found is None:
        return None
    try:
        day = dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None
    return day, found.group(2) or ""


def meeting_day(text: str) -> dt.date | None:
    """The meeting day a meeting id names (a MeetingDay when it names an area); None when it is not one."""
    parsed = parse_meeting_id(text)
    return MeetingDay.of(*parsed) if parsed else None


def folder_meeting(name: str, areas: Sequence[str]) -> tuple[dt.date | None, str, str]:
    """The meeting a folder under meetings/ is named by, given the panel's area ids (none: a panel without areas);
    else None, what is wrong and the fix."""
    parsed = parse_meeting_id(name)
    if parsed is None:
        if areas:
            return (
                None,
                f"folder {name!r} is not a meeting",
                "name each meeting's folder by its date and area, YYYY-MM-DD-AREA",
            )
        return None, f"folder {name!r} is not a meeting date", "name each meeting's folder by its date, YYYY-MM-DD"
    day, area = parsed
    if not areas and area:
        return None, f"folder {name!r} is not a meeting date", "name each meeting's folder by its date, YYYY-MM-DD"
    if areas and area not in areas:
        what = f"names the area '{area}', which panel.yml's areas do not define" if area else "names no area"
        hint = f"name it by its date and area: {day.isoformat()}-AREA, AREA one of {', '.join(areas)}"
        return None, f"folder {name!r} {what}: each area's meetings are its own", hint
    return MeetingDay.of(day, area), "", ""
