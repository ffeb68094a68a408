"""The `panel` command: a thin layer over the library, one module per command."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .. import __version__
from ..faults import Fault, describe
from .common import EXIT_USAGE

COMMANDS = {
    "check": "check:check",
    "schema": "schema:schema",
    "new": "new:new",
    "status": "status:status",
    "renumber": "renumber:renumber_command",
    "approve": "approve:approve",
    "calendar": "calendar:calendar",
    "agenda": "agenda:agenda",
    "pack": "pack:pack",
    "meeting": "meeting:meeting",
    "decide": "decide:decide",
    "export": "export:export",
    "build": "build:build",
    "serve": "serve:serve",
}
"""Command name -> 'module:attribute' under generator.cli, imported only when the command runs (or help lists it)."""


class PanelGroup(click.Group):
    """The command group; a fault of the machine (disk, permissions, tools, lock) is one line and exit 2.

    Each command's module is imported when it is asked for, so `panel status` does not load the pack and site code.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted."""
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing its module on first use."""
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
            assert isinstance(command, click.Command) and command.name == cmd_name
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand, turning faults into one-line errors."""
        try:
            return super().invoke(ctx)
        except Fault as exc:
            message = str(exc)
        except OSError as exc:
            message = describe(exc)
        click.echo(f"error: {message}", err=True)
        sys.exit(EXIT_USAGE)


@click.group(cls=PanelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panel")
def main() -> None:
    """Panel Papers: referrals, sign-offs, agendas, packs and the site for a resource panel.

    Run commands from the root of the panel's repository (where panel.yml is), or pass
    --root to any command.
    """
