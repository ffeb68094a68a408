"""Folder swaps (site and packs) survive a SIGKILL at the dangerous moment; the next run recovers and tidies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.io.files import recover, staging_dir, swap_in
from panelfixtures.repos import make_repo
from tests.killer import killed_panel, run_panel

ENV = {"PANEL_NOW": "2026-11-30T10:00"}
MEETING = "2026-12-03"


def in_process(*args: str) -> Result:
    """`panel ARGS` in this process (the same command without a Python start): what a killed run left is on disk."""
    return CliRunner().invoke(main, list(args), env=ENV)


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_recover_puts_back_a_folder_left_aside_and_removes_debris(tmp_path: Path) -> None:
    pid = dead_pid()
    (tmp_path / f".packs.old-{pid}-ab12").mkdir()
    (tmp_path / f".packs.old-{pid}-ab12" / "pack-v1.pdf").write_text("old")
    (tmp_path / f".packs.new-{pid}-cd34").mkdir()
    live = tmp_path / f".packs.new-{os.getpid()}-ef56"  # this process's own staging folder stays
    live.mkdir()
    recover(tmp_path / "packs")
    assert (tmp_path / "packs" / "pack-v1.pdf").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "packs"]


def test_recover_keeps_the_target_when_it_is_there(tmp_path: Path) -> None:
    pid = dead_pid()
    (tmp_path / "site").mkdir()
    (tmp_path / f".site.old-{pid}-ab12").mkdir()
    recover(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_in_replaces_and_leaves_nothing_beside(tmp_path: Path) -> None:
    target = tmp_path / "site"
    for text in ("one", "two"):
        staged = staging_dir(target)
        (staged / "index.html").write_text(text)
        swap_in(staged, target)
    assert (target / "index.html").read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.slow
def test_pack_killed_between_the_renames_is_recovered_by_the_next_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1, 2])
    done = in_process("pack", MEETING, "--root", str(root))
    assert done.exit_code == 0, done.output + done.stderr
    packs = root / "build/packs"
    before = {p.name: p.read_bytes() for p in (packs / MEETING).iterdir()}
    assert "pack-v1.pdf" in before
    killed_panel("swap", "pack", MEETING, "--root", str(root), "--format", "docx", env=ENV)
    assert not (packs / MEETING).exists()  # the kill came between the two renames
    aside = [p.name for p in packs.iterdir()]
    assert any(n.startswith(f".{MEETING}.old-") for n in aside) and any(n.startswith(f".{MEETING}.new-") for n in aside)
    done = in_process("build", "--root", str(root))  # the site build reads the packs: it recovers them
    assert done.exit_code == 0, done.output + done.stderr
    assert {p.name: p.read_bytes() for p in (packs / MEETING).iterdir()} == before
    assert [p.name for p in packs.iterdir()] == [MEETING]
    assert (root / "site/meetings").is_dir()


@pytest.mark.slow
def test_pack_recovers_by_itself_and_typst_scratch_of_a_killed_run_is_removed(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**ENV, "TMPDIR": str(scratch)}
    assert run_panel("pack", MEETING, "--root", str(root), "--format", "docx", env=env).returncode == 0
    killed_panel("swap", "pack", MEETING, "--root", str(root), "--format", "docx", env=env)
    killed_panel("typst", "pack", MEETING, "--root", str(root), "--format", "pdf", env=env)
    left = {p.name.split("-")[1] for p in scratch.iterdir() if p.name.startswith("panel-")}
    assert left == {"typst", "pack"}  # Typst's and the templates' scratch folders, left by the kill
    done = run_panel("pack", MEETING, "--root", str(root), env=env)
    assert done.returncode == 0, done.stderr
    packs = root / "build/packs"
    assert [p.name for p in packs.iterdir()] == [MEETING]
    assert sorted(p.name for p in (packs / MEETING).iterdir()) == ["pack-v1.docx", "pack-v1.pdf"]
    assert [p.name for p in scratch.iterdir() if p.name.startswith("panel-")] == []


def test_temporary_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    from generator.io.files import remove_stale

    pid = dead_pid()
    stale = tmp_path / "docs" / "referrals" / f".R-0001.md.{pid}-ab12.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_text("half a page")
    mine = tmp_path / "docs" / f".index.md.{os.getpid()}-cd34.tmp"
    mine.write_text("being written")
    remove_stale(tmp_path / "docs")
    assert not stale.exists() and mine.exists()
