"""`panel sar`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, say
from generator.commands.errors import EXIT_USAGE, PanelError
from generator.commands.sar import subject_access
from generator.domain.calendar import now_london


@click.command()
@root_option
@click.option("--child", "child", metavar="CASE-ID", default=None, help="The child's case id (children[].case_id).")
@click.option("--person", "person", metavar="EMAIL|NAME", default=None, help="Anyone else, by email or name.")
@click.option(
    "--output", type=click.Path(path_type=Path), default=None, help="Folder to write (default build/sar/<case id>/)."
)
def sar(root: Path, child: str | None, person: str | None, output: Path | None) -> None:
    """Gather everything the repository holds about one person, for a subject access request.

    Writes a PDF bundle and an index into one folder (built aside, swapped in when complete), with other
    children's names and case ids redacted from shared records, marked with the panel's protective marking,
    for review before release.
    """
    if (child is None) == (person is None):
        raise PanelError("error: give exactly one of --child CASE-ID or --person EMAIL|NAME", exit_code=EXIT_USAGE)
    done = subject_access(root, now_london(), child=child, person=person, output=output, waiting=say)
    bundle = done.bundle
    click.echo(f"wrote {done.folder}/: bundle.pdf and index.md (draft for review: do not release unchecked)")
    click.echo(
        f"  {len(bundle.referrals)} referral(s), {len(bundle.agenda_items)} agenda item(s), {len(bundle.decisions)} "
        f"decision(s), {len(bundle.meetings)} meeting record(s), {len(bundle.registers)} register(s), "
        f"{len(bundle.packs)} circulated pack(s), {len(bundle.history)} commit(s)"
    )
    click.echo(
        f"  redacted: {bundle.redactor.count} mention(s) of other children; {bundle.left_out} left out of tables"
    )
