"""`panel pack`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import root_option, say, today
from generator.cli.progress import progress_display
from generator.commands.errors import EXIT_USAGE, PanelError
from generator.commands.pack import run_pack
from generator.domain.meetingday import meeting_day

_FORMATS = {"both": ("pdf", "docx"), "pdf": ("pdf",), "docx": ("docx",)}


def _meeting(value: str) -> dt.date:
    day = meeting_day(value)
    if day is None:
        raise PanelError(
            f"error: MEETING must be a date like 2026-11-26 (with areas: 2026-11-26-east), not {value!r}",
            exit_code=EXIT_USAGE,
        )
    return day


@click.command()
@click.argument("meeting")
@root_option
@click.option("--circulate", is_flag=True, help="Record the circulation: tag the commit as pack/<date>/v<N>.")
@click.option("--item", "items", multiple=True, metavar="ID", help="Build this referral alone (repeatable).")
@click.option(
    "--rebuild", type=click.IntRange(1), default=None, help="Rebuild circulated version N (to prove a match)."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(_FORMATS)), default="both", show_default=True, help="Files to build."
)
@click.option(
    "--encrypt",
    is_flag=True,
    help="Also write AES-256 encrypted copies of the PDFs to outside/, opened with $PANEL_PACK_PASSWORD "
    "or a random password printed once.",
)
@click.option(
    "--copies",
    is_flag=True,
    help="Also build one PDF per member in copies/, each page marked 'Copy for <name> — n of N', leaving out "
    "the items the register of interests says they have an interest in; --circulate records who got which.",
)
def pack(
    root: Path,
    meeting: str,
    circulate: bool,
    items: tuple[str, ...],
    rebuild: int | None,
    fmt: str,
    encrypt: bool,
    copies: bool,
) -> None:
    """Build the paper pack of MEETING (YYYY-MM-DD; YYYY-MM-DD-AREA in a panel with areas) as PDF and DOCX under
    build/packs/<meeting>/.

    The first pack is version 1; once circulated (--circulate), building again makes a numbered
    supplementary pack holding only the items added or changed since, with a list of the changes.
    With --encrypt, each PDF also gets an encrypted copy in build/packs/<date>/outside/ for anyone outside the
    panel's site; send the password separately (phone or text), never with the pack.
    Exit status: 0 built (or nothing changed), 1 problems in the sources or the build, 2 bad invocation.
    """
    day = _meeting(meeting)
    with progress_display() as progress:
        result = run_pack(
            root,
            day,
            today(),
            items=items,
            circulate=circulate,
            rebuild=rebuild,
            formats=_FORMATS[fmt],
            waiting=say,
            progress=progress,
            encrypt=encrypt,
            copies=copies,
        )
    if isinstance(result, str):
        click.echo(result)
        return
    for notice in result.notices:
        click.echo(f"warning: {notice}", err=True)
    for path in result.files:
        click.echo(f"wrote {path}")
    if result.supplements:
        base = result.supplements
        click.echo(f"supplementary pack, version {result.version}: changes since {base.words} ({base.tag}):")
        for change in result.changes:
            click.echo(f"  {change}")
    if result.provenance and result.provenance.dirty:
        click.echo(f"note: built with uncommitted changes to {', '.join(result.provenance.dirty)}", err=True)
    if result.tag:
        click.echo(f"circulated: tagged {result.tag} (push the tag to share the record)")
    if result.password and result.password_generated:
        click.echo(
            f"password for the encrypted copies in outside/: {result.password}\n"
            "  it is printed only this once and stored nowhere: send it separately from the pack "
            "(by phone or text message), or set PANEL_PACK_PASSWORD to choose it"
        )
    elif result.password:
        click.echo("encrypted copies in outside/ open with the password in PANEL_PACK_PASSWORD; send it separately")
