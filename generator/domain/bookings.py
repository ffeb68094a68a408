"""Meetings booked per case on a day that is not a working day: `panel check` says what `panel book` would have.

A booked meeting is a folder meetings/DATE/ (`panel book` writes it, refusing a day that is not a working day or
is cancelled); a folder made by hand, or a closure added to panel.yml afterwards, can still put one there.
"""

from __future__ import annotations

from generator.domain.calendar import closed_because, is_working_day
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import long_date
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.tree import MEETINGS


def booking_problems(config: PanelConfig) -> list[Diagnostic]:
    """A warning for each meeting booked per case on a day that is not a working day."""
    found = []
    # In a panel with areas each area's bookings are its own (meetings/DATE-AREA/).
    booked = {day for terms in (config, *config.area_terms.values()) for day in terms.calendar.booked}
    for day in sorted(booked):
        terms = config.at(day)  # the terms in force that day (panel.yml `revisions`)
        if not terms.calendar.per_case:
            continue
        if is_working_day(terms, day):
            continue  # (a per-case panel cannot cancel a booked day: panel.yml's check refuses that)
        why = f"it is not a working day ({closed_because(terms, day) or day.strftime('a %A')})"
        found.append(
            Diagnostic(
                f"{MEETINGS}/{day.isoformat()}",
                1,
                1,
                "booking-closed",
                f"a meeting is booked on {long_date(day)}, but {why}; panel book refuses such a day",
                Severity.WARNING,
                "book a working day (panel book YYYY-MM-DD), move what this folder holds there, then delete it",
            )
        )
    return found
