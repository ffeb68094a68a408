"""`panel notify`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option, say
from generator.commands.errors import EXIT_PROBLEMS, PanelError
from generator.commands.notify import folder_name, meeting_argument
from generator.commands.notify import notify as send_notices
from generator.domain.calendar import now_london


@click.command()
@root_option
@click.argument("meeting", metavar="MEETING")
def notify(root: Path, meeting: str) -> None:
    """Send each final decision of MEETING (YYYY-MM-DD, YYYY-MM-DD-AREA in a panel with areas, or `outside` for
    decisions made outside a meeting) to the worker and their managers, once.

    Through the mail server in panel.yml's notices.smtp, else as .eml files under build/notices/MEETING/.
    What was sent is recorded in meetings/MEETING/notices.yml (commit it): a second run sends only what is left.
    """
    day = meeting_argument(meeting)
    folder = folder_name(day)
    report = send_notices(root, day, now_london(), say)
    for line in report.waiting:
        say(f"note: {line}")
    verb = "written" if report.via == "eml" else "sent"
    summary = f"{len(report.sent)} notice(s) {verb}"
    amended = sum(1 for entry in report.sent if entry.amends is not None)
    if amended:
        summary += f" ({amended} amended: the decision changed after its notice)"
    if report.already:
        summary += f", {report.already} already sent before (meetings/{folder}/notices.yml)"
    click.echo(summary)
    if report.sent:
        click.echo(f"commit meetings/{folder}/notices.yml, the record of what was sent")
        if report.via == "eml" and report.outbox is not None:
            click.echo(f"send the .eml files in {report.outbox.relative_to(root).as_posix()}/ by hand")
    if report.failed:
        raise PanelError(*(f"error: {line}" for line in report.failed), exit_code=EXIT_PROBLEMS)
