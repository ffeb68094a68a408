"""`panel check`: read everything; add id clashes, identifiers out of place and approval lines since a base."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.commands.cancellations import unagreed_cancellations
from generator.commands.ci_artifacts import ci_artifact_problems
from generator.commands.due_checks import overdue_diagnostics
from generator.commands.errors import EXIT_USAGE, PanelError, require_panel
from generator.commands.history import approval_lines_since
from generator.commands.idclash import collision_diagnostics, default_target
from generator.commands.identifier_scan import identifier_diagnostics
from generator.commands.repository import fewer_collections, read_repository
from generator.commands.tracked_outputs import tracked_outputs
from generator.domain.bookings import booking_problems
from generator.domain.config import CONFIG_NAME
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
    cache: bool = True,
    only: list[Path] | None = None,
) -> Checked:
    """Check the repository at `root`; `against` 'none' skips the id clashes, `base` adds REF..HEAD's approval lines.

    With `only` (files, as given on the command line), the problems in just those files are reported, the rules
    across files (ids, meetings, decisions) still judged against the whole repository; panel.yml among them
    means every file.
    """
    require_panel(root)
    chosen = chosen_files(root, only) if only else None
    scoped = chosen if chosen is not None and CONFIG_NAME not in chosen else None
    with fewer_collections():
        checked = _check(root, today, jobs, against, base, progress, cache, scoped)
    if chosen is None or CONFIG_NAME in chosen:
        return checked
    kept = [d for d in checked.diagnostics if d.path in chosen]
    return Checked(kept, len(chosen), checked.configured)


def chosen_files(root: Path, given: list[Path]) -> set[str]:
    """The given files as paths from the repository's root; a file outside it, or not there, stops the check."""
    top = root.resolve()
    found = set()
    for path in given:
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not absolute.is_relative_to(top):
            raise PanelError.hinted(
                f"{path} is not in the panel repository {root}", "name files inside the repository", EXIT_USAGE
            )
        if not os.path.lexists(absolute):
            raise PanelError.hinted(
                f"{path}: no such file", "name files that exist (a deleted file needs no check)", EXIT_USAGE
            )
        found.add(absolute.relative_to(top).as_posix())
    return found


def _check(
    root: Path,
    today: dt.date,
    jobs: int | None,
    against: str | None,
    base: str | None,
    progress: Progress,
    cache: bool,
    only: set[str] | None = None,
) -> Checked:
    """The whole check; with `only`, the identifier scan looks only at those files (nothing else it finds is
    kept: each file's scan is its own)."""
    repo = read_repository(root, today, jobs=jobs, progress=progress, cache=cache, save_cache=False)
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
        repo.diagnostics.extend(booking_problems(repo.config))
        repo.diagnostics.extend(overdue_diagnostics(root, repo.config, repo.referrals, today))
    if repo.config is not None:
        repo.diagnostics.extend(
            identifier_diagnostics(root, repo.config, repo.referrals, base or target, repo.cache, only)
        )
    if repo.cache is not None:
        repo.cache.save()
    diagnostics = repo.diagnostics.sorted()
    if base is not None:
        try:
            diagnostics += approval_lines_since(root, base)
        except HistoryUnavailable as exc:
            raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    return Checked(diagnostics, repo.referral_files + 1, repo.config is not None)
