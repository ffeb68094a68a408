"""`panel init`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.init import init_panel
from generator.io.packaged import starter_names


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("."), metavar="[DIR]")
@click.option(
    "--from",
    "starter",
    type=click.Choice(starter_names()),
    required=True,
    help="The starter configuration, modelled on that panel's terms of reference.",
)
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (files of the same names are replaced)."
)
def init(folder: Path, starter: str, force: bool) -> None:
    """Start a panel repository in DIR (default: here) from a starter, with a first commit.

    Writes panel.yml (every value the starter assumes marked `# assumed:`), submissions/ and meetings/,
    .gitignore (built packs and sites are never committed), CI for GitLab and GitHub, editor settings
    with the JSON Schemas, and a README for the panel's users; then `git init` and a first commit.
    Refuses a folder that is not empty unless --force.
    """
    made = init_panel(folder, starter, force=force)
    click.echo(
        f"started the {made.config.panel.name} in {made.root.as_posix()} from the {starter} starter: "
        f"{len(made.written)} files, first commit {made.commit[:10]}"
    )
    assumed = len(made.config.assumed)
    click.echo(
        f"next: replace the {assumed} assumed setting(s) marked `# assumed:` in panel.yml and the example people, "
        "then run: panel check"
    )
