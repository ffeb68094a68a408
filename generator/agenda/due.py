"""What earlier decisions bring back to a meeting: deferrals and reviews.

Read from decision files' front matter (meetings/<date>/decisions/<referral-id>.md: `outcome`,
`deferral_date`, `return_date`, `review_date`). This is the one function to replace once the
decisions module offers its own reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import sources


@dataclass(frozen=True)
class DecisionDates:
    """The dates in one decision that bring a referral back to panel."""

    referral: str
    path: str
    meeting: dt.date | None
    outcome: str
    deferral_date: dt.date | None = None
    return_date: dt.date | None = None
    review_date: dt.date | None = None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def read_decision_dates(root: Path) -> list[DecisionDates]:
    """Every decision under meetings/*/decisions/ with its outcome and return dates (unreadable files skipped)."""
    found: list[DecisionDates] = []
    for path in sorted(root.glob("meetings/*/decisions/*.md")):
        display = path.relative_to(root).as_posix()
        source_file, _ = sources.read_markdown(path, display)
        if source_file is None or not isinstance(source_file.data, dict):
            continue
        data = source_file.data
        found.append(
            DecisionDates(
                referral=str(data.get("referral") or path.stem),
                path=display,
                meeting=_date(path.parent.parent.name),
                outcome=str(data.get("outcome", "")),
                deferral_date=_date(data.get("deferral_date")),
                return_date=_date(data.get("return_date")),
                review_date=_date(data.get("review_date")),
            )
        )
    return found
