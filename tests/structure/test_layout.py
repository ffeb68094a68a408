"""The README's layout map matches the tree: every folder of tests/ and every module of generator/'s layers."""

from __future__ import annotations

import fnmatch
import re

import pytest

from panelfixtures import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
LAYERS = ("cli", "commands", "rendering", "domain", "io")


def _row(first_cell: str) -> str:
    """The README table row whose first cell is `first_cell`."""
    found = [line for line in README.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(found) == 1, f"the README has {len(found)} rows for {first_cell}"
    return found[0]


def test_no_test_module_stands_at_the_top_of_tests() -> None:
    assert sorted(p.name for p in (REPO / "tests").glob("test_*.py")) == []


def test_every_test_folder_is_in_the_readme_and_every_listed_one_exists() -> None:
    folders = {p.parent.name for p in (REPO / "tests").glob("*/__init__.py")}
    listed = set(re.findall(r"^\| `tests/([a-z_]+)` \|", README, re.MULTILINE))
    assert folders == listed


@pytest.mark.parametrize("layer", LAYERS[1:])
def test_every_module_of_a_layer_is_named_in_the_readme(layer: str) -> None:
    """Each module and package of commands/, rendering/, domain/ and io/ is named in its row of the layout table."""
    row = _row(f"`{layer}/`")
    named = {token.removesuffix("/").removesuffix(".py") for token in re.findall(r"`([A-Za-z_*]+(?:\.py|/)?)", row)}
    children = {
        p.stem if p.is_file() else p.name
        for p in (REPO / "generator" / layer).iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())
    }
    missing = {child for child in children if not any(fnmatch.fnmatchcase(child, name) for name in named)}
    assert missing == set(), f"not named in the README's row for {layer}/"
