"""`panel retention`: the children whose records are all past the retention schedule in panel.yml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, require_panel
from generator.commands.repository import read_repository
from generator.domain.retention import ChildRecords, children_records
from generator.io.diagnostics import Severity


@dataclass
class RetentionReport:
    """Every child's records with their due dates; which are due today."""

    today: dt.date
    children: list[ChildRecords]

    @property
    def due(self) -> list[ChildRecords]:
        """The children whose every record is past its period."""
        return [c for c in self.children if c.is_due(self.today)]


def retention_report(root: Path, today: dt.date) -> RetentionReport:
    """Read the repository and apply panel.yml's `retention` to each child's referrals and decisions."""
    require_panel(root)
    repo = read_repository(root, today)
    if repo.config is None:
        raise PanelError(
            "panel.yml has problems; fix them first (run: panel check).",
            diagnostics=repo.diagnostics.sorted(),
            exit_code=EXIT_USAGE,
        )
    errors = [d for d in repo.diagnostics.sorted() if d.severity is Severity.ERROR]
    if errors:
        # A record that cannot be read might be the one that keeps a child's records: never guess.
        raise PanelError(
            "error: some records cannot be read, so what is due cannot be known; fix the problems above (panel check)",
            diagnostics=errors,
            exit_code=EXIT_PROBLEMS,
        )
    schedule = repo.config.retention
    if schedule.referrals is None and schedule.decisions is None:
        raise PanelError.hinted(
            "panel.yml has no retention schedule, so nothing can fall due",
            "add retention: {referrals: {years: N, from: date_of_birth}, decisions: {...}} from the council's "
            "retention schedule (README: Data protection)",
            EXIT_USAGE,
        )
    return RetentionReport(today, children_records(schedule, repo.referrals, repo.decisions))
