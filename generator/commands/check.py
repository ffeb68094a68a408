"""`panel check`: read everything; add id clashes, identifiers out of place and approval lines since a base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.cancellations import unagreed_cancellations
from generator.commands.ci_artifacts import ci_artifact_problems
from generator.commands.errors import EXIT_USAGE, PanelError, require_panel
from generator.commands.history import approval_lines_since
from generator.commands.idclash import collision_diagnostics, default_target
from generator.commands.identifier_scan import identifier_diagnostics
from generator.commands.repository import read_repository, referral_files
from generator.commands.tracked_outputs import tracked_outputs
from generator.domain.history import HistoryUnavailable
from generator.io.diagnostics import Diagnostic
from generator.rendering.progress import QUIET, Progress


@dataclass
class Checked:
    """Every problem found, sorted, how many files were checked, and whether panel.yml could be read at all."""

    diagnostics: list[Diagnostic]
    checked: int
    configured: bool


def run_check(
    root: Path,
    today: dt.date,
    *,
    jobs: int | None = None,
    against: str | None = None,
    base: str | None = None,
    progress: Progress = QUIET,
) -> Checked:
    """Check the repository at `root`; `against` 'none' skips the id clashes, `base` adds REF..HEAD's approval lines."""
    require_panel(root)
    total = len(referral_files(root))
    repo = read_repository(root, today, jobs=jobs, progress=progress)
    target = None
    if repo.config is not None and against != "none":
        target = against or default_target(root, repo.config)
        if target:
            lines = {r.path: (m.line, m.column) for r in repo.referrals for m in [r.source.mark(("id",))]}
            repo.diagnostics.extend(collision_diagnostics(root, target, lines))
    repo.diagnostics.extend(tracked_outputs(root))
    if repo.config is not None:
        repo.diagnostics.extend(ci_artifact_problems(root, repo.config.retention.ci_artifacts_days))
        repo.diagnostics.extend(unagreed_cancellations(root, repo.config))
    if repo.config is not None:
        repo.diagnostics.extend(identifier_diagnostics(root, repo.config, repo.referrals, base or target))
    diagnostics = repo.diagnostics.sorted()
    if base is not None:
        try:
            diagnostics += approval_lines_since(root, base)
        except HistoryUnavailable as exc:
            raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    return Checked(diagnostics, total + 1, repo.config is not None)
