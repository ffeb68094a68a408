"""The `panel` command: a thin layer over the library, one module per command."""

from __future__ import annotations

from typing import Any

import click

from generator import __version__
from generator.cli.agenda import agenda
from generator.cli.approve import approve
from generator.cli.build import build
from generator.cli.calendar import calendar
from generator.cli.check import check
from generator.cli.cms import cms
from generator.cli.decide import decide
from generator.cli.erase import erase_command
from generator.cli.export import export
from generator.cli.finance import finance_snapshot
from generator.cli.init import init
from generator.cli.meeting import meeting
from generator.cli.new import new
from generator.cli.nginx import nginx
from generator.cli.notify import notify
from generator.cli.pack import pack
from generator.cli.reconsider import reconsider
from generator.cli.renumber import renumber_command
from generator.cli.retention import retention
from generator.cli.sar import sar
from generator.cli.schema import schema
from generator.cli.serve import serve
from generator.cli.status import status
from generator.commands.errors import EXIT_USAGE, PanelError
from generator.io.faults import Fault, describe


class PanelGroup(click.Group):
    """The command group; a fault of the machine (disk, permissions, tools, lock) is one line and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand, turning faults into one-line errors."""
        try:
            return super().invoke(ctx)
        except Fault as exc:
            message = str(exc)
        except OSError as exc:
            message = describe(exc)
        raise PanelError(f"error: {message}", exit_code=EXIT_USAGE)


@click.group(cls=PanelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panel")
def main() -> None:
    """Panel Papers: referrals, sign-offs, agendas, packs and the site for a resource panel.

    Run commands from the root of the panel's repository (where panel.yml is), or pass
    --root to any command.
    """


main.add_command(init)
main.add_command(check)
main.add_command(schema)
main.add_command(new)
main.add_command(status)
main.add_command(renumber_command)
main.add_command(approve)
main.add_command(calendar)
main.add_command(agenda)
main.add_command(pack)
main.add_command(meeting)
main.add_command(decide)
main.add_command(reconsider)
main.add_command(notify)
main.add_command(export)
main.add_command(finance_snapshot)
main.add_command(build)
main.add_command(serve)
main.add_command(nginx)
main.add_command(retention)
main.add_command(erase_command)
main.add_command(cms)
main.add_command(sar)
