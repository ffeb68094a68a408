"""`panel erase`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.commands.erase import ErasurePlan, ErasureResult, erase
from generator.domain.calendar import now_london
from generator.domain.retention_ledger import ERASED, LEDGER


@click.command("erase")
@root_option
@click.option("--child", "children", multiple=True, required=True, metavar="CASE-ID", help="The child (repeatable).")
@click.option(
    "--authority", required=True, help="Under what authority (retention schedule, court order, DPO's decision)."
)
@click.option(
    "--also", multiple=True, metavar="TEXT", help="More text that identifies the child (a nickname, an address)."
)
@click.option(
    "--path", "paths", multiple=True, metavar="PATH", help="Also remove this file from every commit (a meeting paper)."
)
@click.option("--dry-run", is_flag=True, help="Say what would be erased; change nothing.")
def erase_command(
    root: Path, children: tuple[str, ...], authority: str, also: tuple[str, ...], paths: tuple[str, ...], dry_run: bool
) -> None:
    """Remove a child's referrals and decisions from the working tree and from all of git history.

    Every file and commit or tag message that names the child (name, case id, --also) is rewritten
    with git-filter-repo; every commit and approval line is kept. The erasure is recorded in
    erasures.yml (what, when, under what authority, by whom) and committed; then the steps for the
    shared repository, forks, mirrors, CI and circulated packs are printed. Refused on a dirty tree,
    an unknown case id, a referral shared with another child, or records that cannot be read.
    """
    outcome = erase(root, children, authority, also, today(), now_london(), paths=paths, dry_run=dry_run)
    if isinstance(outcome, ErasurePlan):
        _describe(outcome, "would remove")
        click.echo("dry run: nothing was changed")
        return
    _report(outcome)


def _describe(plan: ErasurePlan, verb: str) -> None:
    click.echo(f"{', '.join(plan.case_ids)}: referrals {', '.join(plan.referrals)}")
    click.echo(f"  {verb} from every commit: {', '.join(plan.paths)}")
    click.echo(
        f"  {len(plan.identifiers)} texts (names, case ids, --also) replaced with {ERASED} in every file, "
        "commit message and tag message of history"
    )
    if plan.decisions:
        click.echo(f"  decisions: {len(plan.decisions)} (their meetings and outcomes are kept in {LEDGER})")
    if plan.packs:
        click.echo(f"  circulated packs that held them: {', '.join(plan.packs)}")


def _report(result: ErasureResult) -> None:
    plan = result.plan
    _describe(plan, "removed")
    click.echo(f"  approval lines in history: {result.approvals_before} before, {result.approvals_after} after")
    if result.removed_outputs:
        click.echo(f"  built outputs removed (rebuild them): {', '.join(result.removed_outputs)}")
    click.echo(f"  recorded in {LEDGER} (commit {result.ledger_commit})")
    origin = result.origin or "<the shared repository's address>"
    packs = ", ".join(plan.packs) or "none recorded"
    click.echo(
        f"""
The records are gone from this clone only. Now, in this order:
  1. Shared repository: git-filter-repo removed the 'origin' remote so the old history is not pulled back.
     git remote add origin {origin}
     git push --force --all origin && git push --force --tags origin
     Delete on the forge every branch and tag this clone did not have. GitLab: Settings > Repository >
     Repository cleanup, upload .git/filter-repo/commit-map, then run housekeeping. GitHub: ask GitHub
     Support to remove cached views and pull request refs (refs/pull/*) that hold the old commits.
  2. Forks and mirrors: each holds the old history. Delete them and fork or mirror again. Everyone with a
     clone deletes it and clones again; a pull would bring the old commits back.
  3. CI: delete the artefacts and caches of every earlier pipeline (GitLab: job artifacts, CI/CD >
     Pipelines > Clear runner caches; GitHub: Actions > Caches and each run's artifacts), then rebuild
     and redeploy the site (panel build) so no page or search index names the child.
  4. Circulated packs ({packs}): ask every recipient to destroy their copies (paper, email, downloads)
     and record their confirmation with this erasure.
  5. Backups of the repository server keep the old history until they expire; note when that will be."""
    )
