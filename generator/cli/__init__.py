"""The `panel` command: a thin layer over the library, one module per command."""

from __future__ import annotations

import importlib
from typing import Any

import click

from generator import __version__
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

SUMMARIES = {
    "agenda": (
        "Assemble meetings/MEETING/agenda.md from the referrals ready for MEETING (YYYY-MM-DD; YYYY-MM-DD-"
        "AREA in a panel with areas)."
    ),
    "approve": "Record your approval of REFERRAL as a commit on main (for teams with no forge).",
    "book": "Book a meeting on YYYY-MM-DD, where meetings are booked per case (calendar.cadence: {every: per-case}).",
    "build": "Build the panel's internal site into site/ (pages in build/site-src/, then MkDocs Material).",
    "calendar": "The coming meetings with their submission deadlines and papers-out times (Europe/London).",
    "check": "Check panel.yml and every referral; report every problem at once.",
    "cms": "Write the browser editor (Decap CMS, pinned) and its configuration generated from panel.yml.",
    "decide": "Start the decision record for REFERRAL (e.g.",
    "erase": "Remove a child's referrals and decisions from the working tree and from all of git history.",
    "export": "Write REGISTER as CSV for the finance and performance teams.",
    "init": "Start a panel repository in DIR (default: here) from a starter, with a first commit.",
    "meeting": (
        "Start meetings/MEETING/meeting.md (YYYY-MM-DD; YYYY-MM-DD-AREA with areas): chair, members present, minutes."
    ),
    "new": "Start a new file from the panel's templates.",
    "nginx": "Print an nginx server block that serves the built site only to signed-in readers.",
    "notify": (
        "Send each final decision of MEETING (YYYY-MM-DD, YYYY-MM-DD-AREA in a panel with areas, or `outside`"
        " for decisions made outside a meeting) to the worker and their managers, once."
    ),
    "pack": (
        "Build the paper pack of MEETING (YYYY-MM-DD; YYYY-MM-DD-AREA in a panel with areas) as PDF and DOCX "
        "under build/packs/<meeting>/."
    ),
    "reconsider": "Start a request to reconsider the panel's decision on REFERRAL (e.g.",
    "refer-on": "Hand REFERRAL on to the linked panel its final decision's outcome refers it to.",
    "renumber": "Give REFERRAL (e.g.",
    "retention": "List the children whose records are past the retention schedule in panel.yml (retention:).",
    "sar": "Gather everything the repository holds about one person, for a subject access request.",
    "schema": "Write the JSON Schemas of referrals and panel.yml for editors to validate as you type.",
    "serve": "Preview the site at http://127.0.0.1:8000/, rebuilding pages as referrals and decisions change.",
    "snapshot": (
        "Record the expenditure log for PERIOD (2026-11, or 2026-27-Q3 when signed off quarterly) for sign-off."
    ),
    "status": "Who has approved each referral and what is still needed, from the history of main.",
}
"""Each command's one-line help, as `panel --help` lists it without importing the commands (a test checks each
against its command's own)."""


class PanelGroup(click.Group):
    """The command group; a fault of the machine (disk, permissions, tools, lock) is one line and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without importing any."""
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help (as click words them), without importing any."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit))
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
        from generator.commands.errors import EXIT_USAGE, PanelError  # not at the top: it loads panel.yml's reader

        raise PanelError(f"error: {message}", exit_code=EXIT_USAGE)


@click.group(cls=PanelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panel")
def main() -> None:
    """Panel Papers: referrals, sign-offs, agendas, packs and the site for a resource panel.

    Run commands from the root of the panel's repository (where panel.yml is), or pass
    --root to any command.
    """
