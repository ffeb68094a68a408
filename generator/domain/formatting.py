"""The one way dates and money are written for people: packs, the site and command output."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date | None) -> str:
    """'Thursday 3 December 2026' (empty for no date)."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def day_month(day: dt.date) -> str:
    """'2 December'."""
    return f"{day.day} {day:%B}"


def short_date(day: dt.date | None) -> str:
    """'3 Dec 2026' (empty for no date)."""
    return f"{day.day} {day:%b %Y}" if day else ""


def money(amount: float | None) -> str:
    """'£4,680' or '£180.50' (empty for no amount)."""
    if amount is None:
        return ""
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


def with_words(when: str, words: str) -> str:
    """A time as printed, with the council's own words for it: 'Mon 07 Dec 2026 12:00 (Monday by 12 noon)'."""
    return f"{when} ({words})" if words else when
