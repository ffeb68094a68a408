"""Outputs respect the umask (a web server user can read the site), and CI writes nothing the build would drop."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from panelfixtures import REPO
from panelfixtures.repos import make_repo

pytestmark = pytest.mark.slow


RUN_ALL = """
import json, sys
from generator.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args, prog_name="panel")
    except SystemExit as exit:
        if exit.code:
            raise
"""
"""The commands one after another in one process (each as `panel` runs it), so the umask is set once for all."""


def panel(mask: int, commands: list[list[str]], now: str) -> None:
    """`panel ARGS` for each of `commands`, in a process of their own whose umask is `mask`."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_ALL, json.dumps(commands)],
        env={**os.environ, "PANEL_NOW": now},
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(mask),
    )
    assert done.returncode == 0, done.stderr


def wrong_modes(paths: list[Path], mask: int) -> list[str]:
    wrong = []
    for path in paths:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = (0o777 if path.is_dir() else 0o666) & ~mask
        if mode != wanted:
            wrong.append(f"{path}: {oct(mode)} (wanted {oct(wanted)})")
    return wrong


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_every_output_has_the_mode_the_umask_gives(tmp_path: Path, mask: int) -> None:
    root = make_repo(tmp_path / "panel", [1])
    commands = [
        ["pack", "2026-12-03", "--format", "docx"],
        ["pack", "2026-12-03", "--item", "R-0001"],
        ["build"],
        ["export", "decisions", "-o", str(root / "decisions.csv")],
        ["agenda", "2026-12-10"],
        ["calendar", "--ics", "--output", str(root / "panel.ics")],
    ]
    panel(mask, [[*command, "--root", str(root)] for command in commands], now="2026-11-30T10:00")
    outputs = [root / "site", root / "build/packs", root / "decisions.csv", root / "panel.ics"]
    outputs += [root / "meetings/2026-12-10/agenda.md"]
    every = [p for top in outputs for p in [top, *top.rglob("*")]]
    assert len(every) > 50
    assert {"pack-v1.docx", "R-0001.pdf", "index.html"} <= {p.name for p in every}
    assert wrong_modes(every, mask) == []


def test_ci_templates_write_nothing_into_the_site_folder() -> None:
    """panel build replaces site/ as a whole: a file a CI step put there before it would be dropped."""
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    github = yaml.safe_load((REPO / ".github/workflows/panel.yml").read_text())
    steps = [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    steps += [step["run"] for job in github["jobs"].values() for step in job["steps"] if "run" in step]
    assert any("panel build" in step for step in steps)
    writes_site = re.compile(r"(--output|-o|>)\s*\"?(\./)?site(/|\b)")
    assert [s for s in steps if writes_site.search(s)] == []
