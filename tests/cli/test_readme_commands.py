"""The README's command table and the `panel` command tree agree, both ways: every command, argument and option.

Each row's synopsis shows the arguments in order (optional ones in brackets), each option with a value exactly
when it takes one (a choice option its choices), and every option named anywhere in a row exists.
"""

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
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
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
            path = tuple(itertools.takewhile(lambda w: re.fullmatch(r"[a-z]+(-[a-z]+)*", w) is not None, words[1:]))
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
        for option, listed in re.findall(r"(--[a-z-]+) ([a-z-]+(?:\|[a-z-]+)+)", table[path]):
            kind = options[option].type
            assert isinstance(kind, click.Choice), option
            assert set(listed.split("|")) == set(kind.choices), f"panel {' '.join(path)} {option}"


def test_options_documented_once_for_all_are_on_every_command() -> None:
    section = _section()
    for path, command in _commands().items():
        if path == ("init",):  # makes the repository: its folder is the DIR argument
            assert "(all but `panel init`, which makes the repository and takes its folder as `DIR`)" in section
            continue
        assert "--root" in _options(command), f"panel {' '.join(path)} has no --root, though the README says all do"
    assert "`--root DIR`" in section and "`--help`" in section
    for name in (n for p in main.params if isinstance(p, click.Option) for n in p.opts):
        assert f"panel {name}" in section, f"`panel {name}` is not in README's Commands section"


def _row(path: tuple[str, ...]) -> str:
    """The whole table row of a command: synopsis, who, what it does."""
    start = re.compile(rf"\| `{' '.join(('panel', *path))}[ `]")
    for row in _section().splitlines():
        if start.match(row):
            return row.replace("\\|", "|")
    raise AssertionError(f"no README row for panel {' '.join(path)}")


def _synopsis_parts(path: tuple[str, ...], synopsis: str) -> tuple[list[tuple[str, bool]], dict[str, str | None]]:
    """A synopsis's positional arguments (name, optional) in order, and its options with the value each shows.

    Options are `--opt VALUE`, `[--opt VALUE]`, `[--a|--b]` or a group of alternatives `(--a X | --b Y)`.
    """
    rest = synopsis.split(None, len(path) + 1)[len(path) + 1 :]
    tokens = re.findall(r"\([^()]*\)|\[(?:[^\[\]]|\[[^\]]*\])*\]|\S+", rest[0] if rest else "")
    positionals: list[tuple[str, bool]] = []
    options: dict[str, str | None] = {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("("):  # (--a X | --b Y): one of these options
            for alternative in token[1:-1].split(" | "):
                name, _, value = alternative.partition(" ")
                options[name] = value or None
            index += 1
            continue
        optional = token.startswith("[")
        words = token[1:-1].split(None, 1) if optional else [token]
        if words[0].startswith("-"):
            value = words[1] if len(words) > 1 else None
            if not optional and index + 1 < len(tokens) and not tokens[index + 1].startswith(("-", "[")):
                index += 1
                value = tokens[index]
            for name in words[0].split("|"):
                options[name] = value
        else:
            positionals.append((words[0], optional))
        index += 1
    return positionals, options


def test_every_argument_is_in_its_synopsis_in_order() -> None:
    for path, synopsis in _table().items():
        command = _commands()[path]
        arguments = [
            (p.human_readable_name.strip("[]"), not p.required) for p in command.params if isinstance(p, click.Argument)
        ]
        shown, _ = _synopsis_parts(path, synopsis)
        assert shown == arguments, (
            f"panel {' '.join(path)}: README shows arguments {shown}, the command takes {arguments}"
        )


def test_an_option_shows_a_value_exactly_when_it_takes_one() -> None:
    for path, synopsis in _table().items():
        options = _options(_commands()[path])
        _, shown = _synopsis_parts(path, synopsis)
        for name, value in shown.items():
            takes_value = not options[name].is_flag and not options[name].count
            assert (value is not None) == takes_value, f"panel {' '.join(path)} {name}: README shows {value!r}"
            kind = options[name].type
            if isinstance(kind, click.Choice):
                assert value is not None and set(value.split("|")) == set(kind.choices), name


def test_short_options_and_choice_arguments_are_in_the_row() -> None:
    for path, command in _commands().items():
        row = _row(path)
        for option in _options(command):
            if not option.startswith("--") and option not in EVERYWHERE:
                assert re.search(rf"(?<![\w-]){option}(?![\w-])", row), (
                    f"panel {' '.join(path)}: {option} not in its row"
                )
        for argument in (p for p in command.params if isinstance(p, click.Argument)):
            if isinstance(argument.type, click.Choice):
                missing = [c for c in argument.type.choices if str(c) not in row]
                assert not missing, f"panel {' '.join(path)} {argument.human_readable_name}: {missing} not in its row"


def test_options_a_row_mentions_exist() -> None:
    """An option named anywhere in a row (its description too) is an option of that command."""
    for path, command in _commands().items():
        mentioned = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", _row(path)))
        unknown = mentioned - set(_options(command)) - EVERYWHERE
        assert not unknown, f"panel {' '.join(path)}: README's row mentions options it lacks: {sorted(unknown)}"


def test_groups_take_no_undocumented_options() -> None:
    """Options of `panel` itself and of command groups (`panel new`) are documented in the Commands section."""
    section = _section()

    def groups(group: click.Group, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Group]]:
        found = [(path, group)]
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            if isinstance(command, click.Group):
                found += groups(command, (*path, name))
        return found

    for path, group in groups(main, ()):
        for name in (n for p in group.params if isinstance(p, click.Option) for n in (*p.opts, *p.secondary_opts)):
            assert f"{' '.join(('panel', *path))} {name}" in section, f"`panel {' '.join(path)} {name}` undocumented"
