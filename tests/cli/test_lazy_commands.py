"""The `panel` group imports each command only when it runs: every command module is listed, under its own name."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import click

import generator.cli
from generator.cli import COMMANDS, SUMMARIES, main

HELPERS = {"common", "progress"}


def test_every_command_module_is_listed_under_the_name_it_runs_as() -> None:
    modules = {m.name for m in pkgutil.iter_modules(generator.cli.__path__)} - HELPERS
    assert {target.split(":")[0] for target in COMMANDS.values()} == modules
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
    assert main.get_command(context, "no-such-command") is None
    assert main.list_commands(context) == sorted(COMMANDS)


def test_panel_check_starts_without_the_pack_or_site_code() -> None:
    code = (
        "import sys; from generator.cli import main; main.get_command(None, 'check'); "
        "print(sorted(m for m in sys.modules if m.startswith(('generator.rendering.pack', 'pikepdf', 'mkdocs'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_panel_help_lists_each_command_with_its_own_one_line_help() -> None:
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and not command.hidden
        assert SUMMARIES[name] == command.get_short_help_str(10**6)
    assert set(SUMMARIES) == set(COMMANDS)
    for width in (40, 80, 120):
        ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
        main.format_commands(context, ours)
        click.Group.format_commands(main, context, clicks)
        assert ours.getvalue() == clicks.getvalue()


def test_panel_help_starts_without_any_command_or_the_config_reader() -> None:
    code = (
        "import sys; from generator.cli import main\n"
        "try: main(['--help'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('generator.cli.', 'generator.commands', "
        "'generator.domain', 'jsonschema', 'holidays'))), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "check " in done.stdout
    assert done.stderr.strip() == "[]"
