"""Decisions made outside a meeting that await ratification, and those past the time they stand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from generator.domain.decisions import Decision
from generator.domain.decisions.outside import screens, stands_until
from generator.domain.decisions.quorum import confirmation_of
from generator.domain.registers.base import PanelData
from generator.io.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Unratified:
    """A decision made outside a meeting that no meeting has ratified yet, and until when it stands."""

    decision: Decision
    until: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        """True once the day it stands until has passed."""
        return self.until is not None and today > self.until


def ratified_by(data: PanelData, decision: Decision) -> Decision | None:
    """The meeting decision ratifying `decision`: final, or provisional and confirmed by a final one."""
    final = data.final_paths
    for found in data.ratifying.get(decision.path, ()):
        if found.path in final:
            return found
        later = confirmation_of(found, data.decisions)
        if later is not None and later.path in final:
            return found
    return None


def unratified(data: PanelData, before: dt.date | None = None) -> list[Unratified]:
    """Final decisions made outside a meeting (before `before`, if given) that no final decision ratifies.

    A pre-meeting filter's screening (a route that `screens`) is never ratified: it is not listed.
    """
    ratified = {d.path for d in data.final if d.outside and ratified_by(data, d) is not None}
    return [
        Unratified(d, stands_until(data.config, d))
        for d in sorted(data.final, key=lambda d: (d.meeting, d.referral))
        if d.outside
        and not screens(data.config, d)
        and d.path not in ratified
        and (before is None or d.meeting < before)
    ]


def ratification_warnings(data: PanelData) -> Iterator[Diagnostic]:
    """A warning (failing `panel check --strict`) for each decision past its time and still unratified."""
    for item in unratified(data):
        if not item.overdue(data.today):
            continue
        mark = item.decision.source.mark(("decided",))
        yield Diagnostic(
            item.decision.path,
            mark.line,
            mark.column,
            "ratification-overdue",
            f"decided outside a meeting on {item.decision.meeting}, it stood until {item.until} and no meeting has "
            "ratified it",
            Severity.WARNING,
            f"put it to the next meeting: panel agenda lists it; record the ratification with panel decide "
            f"{item.decision.referral}",
        )
