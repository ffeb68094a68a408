"""A file the check accepts never crashes or stalls a later command (issue 8, item 6).

Every record kind (panel.yml, referral, meeting record, decision, agenda) is given YAML nested 50,000 and 900
deep, anchors and aliases (scalar ones too), an oversized value, too many values, and a body of entities,
deep lists or delimiter runs. `panel check` refuses each with a located error, quickly; `panel build` and
`panel pack` refuse too; a file just inside the bounds builds in bounded time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.io.textbounds import MAX_ESCAPED, MAX_NESTING
from generator.io.yamlsafe import MAX_DEPTH, MAX_NODES, MAX_VALUE_CHARS
from tests.records_helpers import MEETING_DAY, PANEL_FILES, make_panel

DAY = MEETING_DAY
KINDS = PANEL_FILES
MARKDOWN = {k: v for k, v in KINDS.items() if v.endswith(".md")}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_panel(tmp_path_factory.mktemp("bounds") / "panel", ("R-0001",))


@pytest.fixture
def panel(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(template, root)
    return root


def add_yaml(root: Path, relative: str, lines: str) -> int:
    """Add top-level YAML `lines` to the file's front matter (or panel.yml); returns the line they start on."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    if relative == "panel.yml":
        text = text.rstrip("\n") + "\n"
        start = text.count("\n") + 1
        path.write_text(text + lines + "\n", encoding="utf-8")
        return start
    head, rest = text.split("\n", 1)
    path.write_text(f"{head}\n{lines}\n{rest}", encoding="utf-8")
    return 2


def add_body(root: Path, relative: str, body: str) -> int:
    """Append `body` to the markdown file; returns the line it starts on."""
    path = root / relative
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + body + "\n", encoding="utf-8")
    return text.count("\n") + 1


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-12-04T10:00"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def expected_exit(relative: str) -> int:
    return 2 if relative == "panel.yml" else 1


def refuse(root: Path, relative: str) -> tuple[int, str]:
    """Run the command that reads `relative` and must refuse it: `panel check`, or for an agenda `panel pack`."""
    if relative.endswith("agenda.md"):
        code, out = run(root, "pack", DAY)
        assert code != 0, out
        return expected_exit(relative), out
    return run(root, "check")


@pytest.mark.parametrize("kind", KINDS)
def test_yaml_nested_50000_deep_is_refused_without_a_crash(panel: Path, kind: str) -> None:
    """In a separate process: before the fix this killed the interpreter with a segmentation fault."""
    relative = KINDS[kind]
    line = add_yaml(panel, relative, "deep: " + "{a: " * 50_000 + "1" + "}" * 50_000)
    started = time.perf_counter()
    command = ["pack", DAY] if kind == "agenda" else ["check"]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *command, "--root", str(panel)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PANEL_NOW": "2026-12-04T10:00"},
    )
    output = done.stdout + done.stderr
    assert done.returncode == expected_exit(relative), output[-2000:]
    assert f"{relative}:{line}:" in output and "error[yaml-too-large]" in output, output[-2000:]
    assert f"nested more than {MAX_DEPTH} levels deep" in output
    assert "Traceback" not in done.stderr
    assert time.perf_counter() - started < 60


@pytest.mark.parametrize("kind", KINDS)
def test_yaml_nested_900_deep_in_blocks_is_refused(panel: Path, kind: str) -> None:
    relative = KINDS[kind]
    lines = "\n".join("  " * depth + "a:" for depth in range(900)) + " 1"
    line = add_yaml(panel, relative, lines)
    code, out = refuse(panel, relative)
    assert code == expected_exit(relative)
    assert f"{relative}:{line + MAX_DEPTH}:" in out and "error[yaml-too-large]" in out, out


@pytest.mark.parametrize(
    "yaml_text",
    [
        "note_a: &n hello\nnote_b: *n",
        "note_a: &n [1, 2]\nnote_b: *n",
        "note_a: &n {x: 1}\nnote_b: {<<: *n}",
        "note_a: &lonely hello",
        "note_a: [&x 1, *x, *x, *x]",
    ],
    ids=["scalar-alias", "list-alias", "merge-key", "anchor-alone", "in-a-list"],
)
@pytest.mark.parametrize("kind", KINDS)
def test_every_anchor_and_alias_is_refused(panel: Path, kind: str, yaml_text: str) -> None:
    relative = KINDS[kind]
    line = add_yaml(panel, relative, yaml_text)
    code, out = refuse(panel, relative)
    assert code == expected_exit(relative)
    assert f"{relative}:{line}:" in out and "error[yaml-alias]" in out, out


def test_a_scalar_alias_cannot_multiply_a_value(panel: Path) -> None:
    """The 556 kB file that grew past 3 GB: a big scalar repeated by aliases is refused, not expanded."""
    big = "x" * 10_000
    aliases = "\n".join(f"n{i}: *big" for i in range(20_000))
    add_yaml(panel, KINDS["referral"], f"big: &big {big}\n{aliases}")
    code, out = run(panel, "check")
    assert code == 1 and "error[yaml-alias]" in out


@pytest.mark.parametrize("kind", KINDS)
def test_an_oversized_value_is_refused(panel: Path, kind: str) -> None:
    relative = KINDS[kind]
    line = add_yaml(panel, relative, "note: " + "word " * (MAX_VALUE_CHARS // 5 + 10))
    code, out = refuse(panel, relative)
    assert code == expected_exit(relative)
    assert f"{relative}:{line}:" in out and f"at most {MAX_VALUE_CHARS:,} are allowed" in out, out


@pytest.mark.parametrize("kind", KINDS)
def test_too_many_values_are_refused(panel: Path, kind: str) -> None:
    relative = KINDS[kind]
    add_yaml(panel, relative, "many: {" + ", ".join(f"k{i}: 1" for i in range(MAX_NODES // 2 + 10)) + "}")
    code, out = refuse(panel, relative)
    assert code == expected_exit(relative)
    assert f"more than {MAX_NODES:,} values" in out, out


BODIES = {
    "entities-940kB": "&#" * 470_000,
    "entities-spread": ("& < > [ " * 50 + "\n\n") * 120,
    "lists-1000-deep": "- " * 1000 + "x",
    "indented-lists": "\n".join("    " * depth + "- x" for depth in range(300)),
    "quotes-deep": "> " * 2000 + "x",
    "asterisks-3000": "*" * 3000 + "x" + "*" * 3000,
    "underscores-run": "_" * 5000,
}
CODES = {
    "entities-940kB": "text-too-many-symbols",
    "entities-spread": "text-too-many-symbols",
    "lists-1000-deep": "text-too-deep",
    "indented-lists": "text-too-deep",
    "quotes-deep": "text-too-deep",
    "asterisks-3000": "text-long-run",
    "underscores-run": "text-long-run",
}


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("kind", MARKDOWN)
def test_bodies_that_would_stall_or_crash_the_build_are_refused_quickly(panel: Path, kind: str, body: str) -> None:
    relative = MARKDOWN[kind]
    line = add_body(panel, relative, BODIES[body])
    started = time.perf_counter()
    code, out = refuse(panel, relative)
    assert code == 1
    assert f"{relative}:" in out and f"error[{CODES[body]}]" in out, out
    if body != "entities-spread":
        found = re.search(rf"{re.escape(relative)}:(\d+):\d+: error\[{CODES[body]}\]", out)
        assert found and line <= int(found.group(1)) <= line + MAX_NESTING, out
    if kind != "agenda":
        code, out = run(panel, "build")
        assert code != 0 and CODES[body] in out
        assert not (panel / "site").exists()
    assert time.perf_counter() - started < 60, "302 s before the bound; a refusal takes well under a second"


@pytest.mark.parametrize("body", ["entities-940kB", "lists-1000-deep", "asterisks-3000"])
def test_pack_refuses_a_referral_beyond_the_bounds(panel: Path, body: str) -> None:
    add_body(panel, KINDS["referral"], BODIES[body])
    code, out = run(panel, "pack", DAY)
    assert code != 0 and CODES[body] in out


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ('"' + "\\x26" * (MAX_ESCAPED + 1) + '"', "text-too-many-symbols"),
        ("'" + "<" * (MAX_ESCAPED + 1) + "'", "text-too-many-symbols"),
        ("|\n  " + "- " * 50 + "x", "text-too-deep"),
        ('"' + "\\n".join("    " * d + "- x" for d in range(30)) + '"', "text-too-deep"),
        ("'" + "*" * 500 + "'", "text-long-run"),
    ],
    ids=["escaped-ampersands", "less-thans", "block-list", "escaped-newlines", "asterisks"],
)
@pytest.mark.parametrize("kind", KINDS)
def test_front_matter_values_are_bounded_as_loaded(panel: Path, kind: str, value: str, code: str) -> None:
    """A value is rendered on the site and in the pack, so its text counts as loaded (YAML escapes resolved)."""
    relative = KINDS[kind]
    line = add_yaml(panel, relative, f"note: {value}")
    status, out = refuse(panel, relative)
    assert status == expected_exit(relative)
    assert f"{relative}:{line}:" in out and f"error[{code}]" in out, out


@pytest.mark.slow
def test_a_referral_just_inside_the_bounds_builds_in_bounded_time(panel: Path) -> None:
    """The most entities a file may hold, in one paragraph: the whole site still builds in seconds."""
    add_body(panel, KINDS["referral"], "&" * (MAX_ESCAPED - 200))
    started = time.perf_counter()
    code, out = run(panel, "check")
    assert code == 0, out
    code, out = run(panel, "build")
    assert code == 0, out
    assert time.perf_counter() - started < 120
