"""The `panel` command: a thin layer over the library, one module per command."""

from __future__ import annotations

import importlib
from typing import Any

import click

from generator import __version__
from generator.commands.errors import EXIT_USAGE, PanelError
from generator.io.faults import Fault, describe

COMMANDS = {
    "init": "init:init",
    "check": "check:check",
    "schema": "schema:schema",
    "new": "new:new",
    "status": "status:status",
    "renumber": "renumber:renumber_command",
    "approve": "approve:approve",
    "calendar": "calendar:calendar",
    "book": "book:book",
    "agenda": "agenda:agenda",
    "pack": "pack:pack",
    "meeting": "meeting:meeting",
    "decide": "decide:decide",
    "reconsider": "reconsider:reconsider",
    "refer-on": "refer_on:refer_on_command",
    "notify": "notify:notify",
    "export": "export:export",
    "snapshot": "finance:finance_snapshot",
    "build": "build:build",
    "serve": "serve:serve",
    "nginx": "nginx:nginx",
    "retention": "retention:retention",
    "erase": "erase:erase_command",
    "cms": "cms:cms",
    "sar": "sar:sar",
}
"""Each command's module under generator.cli and its name there: a command's code is imported only when it runs, so
`panel check` starts without loading the pack, PDF and site code."""


class PanelGroup(click.Group):
    """The command group; a fault of the machine (disk, permissions, tools, lock) is one line and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without importing any."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, imported on first use."""
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(f"generator.cli.{module}"), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name
        return command

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
