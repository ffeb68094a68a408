"""The decision a review revisits: how an agenda names it, how it is found, and how it is read.

An agenda item's `review_of` always holds the path of one decision record,
`meetings/<date>/decisions/<referral-id>.md` (meetings/<date>-<area>/… in a panel with areas). `panel agenda`
resolves it (a review referral names only the referral it reviews) and `panel pack` reads it (`commands/records.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from generator.domain.decisions.model import Decision
from generator.domain.meetingday import AREA_SUFFIX, meeting_day
from generator.io.tree import DECISIONS, MEETINGS

DECISION_PATH = (
    rf"^meetings/(?:([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:-{AREA_SUFFIX})?)/decisions/|outside/([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})-)"
    r"([A-Za-z0-9][A-Za-z0-9_-]{0,40})\.md$"
)
"""What an agenda item's `review_of` must look like: a meeting's decision, or one made outside a meeting."""
_PATH = re.compile(DECISION_PATH)


def decision_path(meeting: dt.date, referral_id: str) -> str:
    """meetings/2026-11-26/decisions/R-0002.md."""
    return f"{MEETINGS}/{meeting.isoformat()}/{DECISIONS}/{referral_id}.md"


def parse_decision_path(path: str) -> tuple[dt.date, str] | None:
    """The meeting date and referral id a decision path names, or None if it is not one."""
    found = _PATH.match(path)
    if not found:
        return None
    day = meeting_day(found.group(1) or found.group(2))
    return (day, found.group(3)) if day is not None else None


def latest_before(decisions: Iterable[Decision], referral_id: str, before: dt.date) -> Decision | None:
    """The newest decision on `referral_id` from a meeting before `before`."""
    found = [d for d in decisions if d.referral == referral_id and d.meeting < before]
    return max(found, key=lambda d: d.meeting, default=None)
