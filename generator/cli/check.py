"""`panel check`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.cli.progress import progress_display
from generator.commands.check import run_check
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError
from generator.io.diagnostics import Severity
from generator.rendering.report import FORMATS, render


@click.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations, gitlab for a Code Quality report.",
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
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every referral again, ignoring and not updating build/check-cache (the cache is safe to delete).",
)
@click.argument("paths", metavar="[FILE...]", nargs=-1, type=click.Path(path_type=Path))
def check(
    root: Path,
    fmt: str,
    strict: bool,
    jobs: int | None,
    against: str | None,
    base: str | None,
    no_cache: bool,
    paths: tuple[Path, ...],
) -> None:
    """Check panel.yml and every referral; report every problem at once.

    With FILE arguments (as a pre-commit hook or an editor passes them), report only the problems in those
    files; rules across files (duplicate ids, meetings, decisions) are still judged against the whole
    repository, from the cache where nothing changed. Naming panel.yml checks everything.

    With --base, a merge request's own commits (REF..HEAD) must not carry approval lines:
    only the merge, or `panel approve`, records approvals.

    Exit status: 0 no problems, 1 problems found, 2 the check could not run
    (e.g. no panel.yml, or panel.yml itself is broken, or --base cannot be read). In a git clone, a
    referral id that the target branch also added since this branch started is an error (fix: panel
    renumber ID).
    """
    with progress_display(fmt == "text") as progress:
        checked = run_check(
            root,
            today(),
            jobs=jobs,
            against=against,
            base=base,
            progress=progress,
            cache=not no_cache,
            only=list(paths) or None,
        )
    click.echo(render(checked.diagnostics, fmt, checked=checked.checked, strict=strict))
    if not checked.configured:
        raise PanelError(exit_code=EXIT_USAGE)
    if any(d.severity is Severity.ERROR or strict for d in checked.diagnostics):
        raise PanelError(exit_code=EXIT_PROBLEMS)
