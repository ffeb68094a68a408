"""`panel check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import files
from ..check import PARALLEL_FROM, read_repository, referral_files
from ..diagnostics import Severity
from ..history import HistoryUnavailable
from ..history.branch_scan import approval_lines_since
from ..idclash import collision_diagnostics, default_target
from ..report import FORMATS, render
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, root_option, today


@click.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Processes to read referrals with (default: one per core)."
)
@click.option(
    "--against",
    metavar="BRANCH",
    default=None,
    help="Report referral ids this branch shares with BRANCH's new referrals "
    "(default: origin/main, else main; 'none' to skip).",
)
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="In CI for a merge request: also fail if any commit in REF..HEAD carries an Approved-by or "
    "Reviewed-by line (e.g. --base origin/main).",
)
def check(root: Path, fmt: str, strict: bool, jobs: int | None, against: str | None, base: str | None) -> None:
    """Check panel.yml and every referral; report every problem at once.

    With --base, a merge request's own commits (REF..HEAD) must not carry approval lines:
    only the merge, or `panel approve`, records approvals.

    Exit status: 0 no problems, 1 problems found, 2 the check could not run
    (e.g. no panel.yml, or panel.yml itself is broken, or --base cannot be read). In a git clone, a
    referral id that the target branch also added since this branch started is an error (fix: panel
    renumber ID).
    """
    if files.entry_mode(root / "panel.yml") is None:
        click.echo(
            f"error: no panel.yml in {root.resolve()}; run panel commands from the panel's repository or pass --root",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    total = len(referral_files(root))
    show_progress = fmt == "text" and total >= PARALLEL_FROM and sys.stderr.isatty()
    if show_progress:
        with click.progressbar(length=total, label="checking referrals", file=sys.stderr) as bar:
            repo = read_repository(root, today(), jobs=jobs, progress=bar.update)
    else:
        repo = read_repository(root, today(), jobs=jobs)
    if repo.config is not None and against != "none":
        target = against or default_target(root, repo.config)
        if target:
            lines = {r.path: (m.line, m.column) for r in repo.referrals for m in [r.source.mark(("id",))]}
            repo.diagnostics.extend(collision_diagnostics(root, target, lines))
    diagnostics = repo.diagnostics.sorted()
    if base is not None:
        try:
            diagnostics += approval_lines_since(root, base)
        except HistoryUnavailable as exc:
            click.echo(f"error: {exc.message}\nhint: {exc.hint}", err=True)
            sys.exit(EXIT_USAGE)
    click.echo(render(diagnostics, fmt, checked=total + 1, strict=strict))
    if repo.config is None:
        sys.exit(EXIT_USAGE)
    failing = [d for d in diagnostics if d.severity is Severity.ERROR or strict]
    sys.exit(EXIT_PROBLEMS if failing else EXIT_OK)
