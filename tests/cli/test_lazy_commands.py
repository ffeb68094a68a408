"""The `panel` group imports each command only when it runs: every command module is listed, under its own name."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import click

import generator.cli
from generator.cli import COMMANDS, main

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
