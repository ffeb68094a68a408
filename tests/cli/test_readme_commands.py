"""The README's command table and the `panel` command tree agree: every command and option, both ways."""

from __future__ import annotations

import itertools
import re

import click

from generator.cli import main
from panelfixtures import REPO

README = REPO / "README.md"
# Documented once above the table, for every command.
EVERYWHERE = {"--root", "--help", "-h"}


def _commands(group: click.Group = main, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    """Every runnable command under `panel`, by its words."""
    found: dict[tuple[str, ...], click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(_commands(command, (*path, name)))
        else:
            found[(*path, name)] = command
    return found


def _options(command: click.Command) -> dict[str, click.Option]:
    return {name: p for p in command.params if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def _table() -> dict[tuple[str, ...], str]:
    """Each command the table documents, with its synopsis (the backquoted `panel ...` in the first column)."""
    found: dict[tuple[str, ...], str] = {}
    for row in _section().splitlines():
        if not row.startswith("| `panel"):
            continue
        cell = re.split(r"(?<!\\)\|", row)[1]
        for span in re.findall(r"`([^`]*)`", cell):
            words = span.replace("\\|", "|").split()
            assert words[0] == "panel", span
            path = tuple(itertools.takewhile(lambda w: re.fullmatch(r"[a-z]+", w) is not None, words[1:]))
            assert path not in found, f"{path} documented twice"
            found[path] = span.replace("\\|", "|")
    return found


def test_the_table_is_read() -> None:
    table = _table()
    assert ("check",) in table and ("new", "referral") in table
    assert "--against BRANCH" in table[("check",)]


def test_every_command_is_in_the_table_and_every_command_there_exists() -> None:
    commands, table = set(_commands()), set(_table())
    assert not commands - table, f"commands missing from README's command table: {sorted(commands - table)}"
    assert not table - commands, f"README's command table names commands that do not exist: {sorted(table - commands)}"


def test_every_option_is_in_its_row_and_every_option_there_exists() -> None:
    table = _table()
    for path, command in _commands().items():
        options = _options(command)
        shown = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", table[path]))
        missing = set(options) - shown - EVERYWHERE - {o for o in options if not o.startswith("--")}
        assert not missing, f"panel {' '.join(path)}: options missing from README's command table: {sorted(missing)}"
        unknown = shown - set(options)
        assert not unknown, f"panel {' '.join(path)}: README's command table shows options it lacks: {sorted(unknown)}"


def test_choices_shown_are_the_choices_accepted() -> None:
    table = _table()
    for path, command in _commands().items():
        options = _options(command)
        for option, listed in re.findall(r"(--[a-z-]+) ([a-z]+(?:\|[a-z]+)+)", table[path]):
            kind = options[option].type
            assert isinstance(kind, click.Choice), option
            assert set(listed.split("|")) == set(kind.choices), f"panel {' '.join(path)} {option}"


def test_options_documented_once_for_all_are_on_every_command() -> None:
    section = _section()
    for path, command in _commands().items():
        assert "--root" in _options(command), f"panel {' '.join(path)} has no --root, though the README says all do"
    assert "`--root DIR`" in section and "`--help`" in section
    for name in (n for p in main.params if isinstance(p, click.Option) for n in p.opts):
        assert f"panel {name}" in section, f"`panel {name}` is not in README's Commands section"
