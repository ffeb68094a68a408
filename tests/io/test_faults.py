"""Faults of the machine (read-only folders, a full disk, no pandoc, builds at once) end in one line and exit 2."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.io.buildlock import build_lock
from panelfixtures.repos import make_repo
from tests.records_helpers import make_panel
from tests.site.test_build_recovery import files_of

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PANEL_NOW": "2026-12-04T10:00"}
PACK_ENV = {**os.environ, "PANEL_NOW": "2026-11-30T10:00"}


def panel(*args: str, env: dict[str, str] = ENV, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        env=env,
        capture_output=True,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )
    return done


def assert_one_line_fault(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A tmpfs at `folder` (root only), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]).returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """A folder this process cannot write: a read-only tmpfs as root (who ignores modes), else mode 0555."""
    if os.geteuid() == 0:
        with mounted_tmpfs(folder, "ro,size=1m") as mounted:
            yield mounted
        return
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def in_process(*args: str) -> Result:
    """A command whose process is not the point (the site a fault test starts from or compares with): run here."""
    return CliRunner().invoke(main, list(args), env={"PANEL_NOW": ENV["PANEL_NOW"]})


@pytest.fixture(scope="module")
def panel_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_panel(tmp_path_factory.mktemp("faults") / "panel", ("R-0001", "R-0002"))
    done = in_process("build", "--root", str(root))
    assert done.exit_code == 0, done.output
    return root


def test_read_only_output_folder(panel_root: Path, tmp_path: Path) -> None:
    with read_only(tmp_path / "ro") as folder:
        done = panel("build", "--root", str(panel_root), "--output", str(folder / "site"))
    assert_one_line_fault(done, str(folder))


def test_read_only_repository_build_folder(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    with read_only(root / "build"):
        assert_one_line_fault(panel("build", "--root", str(root)), "build")
        assert_one_line_fault(
            panel("export", "decisions", "--root", str(root), "-o", str(root / "build/d.csv")), "build"
        )


def test_full_disk(panel_root: Path, tmp_path: Path) -> None:
    with mounted_tmpfs(tmp_path / "tiny", "size=64k") as folder:
        done = panel("build", "--root", str(panel_root), "--output", str(folder / "site"))
        assert_one_line_fault(done, "No space left on device", "disk is full")
        assert list(folder.iterdir()) == []  # the staging folder was removed


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


def test_file_size_limit_keeps_the_old_site(panel_root: Path) -> None:
    """A write that fails for real part-way through a build (RLIMIT_FSIZE): the published site is untouched."""
    before = files_of(panel_root / "site")
    done = panel("build", "--root", str(panel_root), "--full", preexec_fn=_limit_file_size)
    assert_one_line_fault(done, "File too large")
    assert files_of(panel_root / "site") == before
    assert [p.name for p in panel_root.iterdir() if p.name.startswith(".site")] == []


def test_missing_pandoc(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    for pandoc in (tmp_path / "no-such-pandoc", tmp_path):  # a missing program; a folder, not a program
        env = {**PACK_ENV, "PYPANDOC_PANDOC": str(pandoc)}
        assert_one_line_fault(panel("pack", "2026-12-03", "--root", str(root), env=env), "pandoc")
    assert not (root / "build/packs/2026-12-03").exists()


def test_a_build_waits_for_the_one_running(panel_root: Path) -> None:
    with build_lock(panel_root):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--root", str(panel_root)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.strip() == f"another build is running (pid {os.getpid()}); waiting for it to finish"
        time.sleep(1)
        assert process.poll() is None
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err


def test_four_builds_at_once(panel_root: Path) -> None:
    path = panel_root / "submissions/R-0001.md"
    path.write_text(path.read_text().replace("Kerry is the sole carer", "Kerry is the only carer"))
    command = [sys.executable, "-m", "generator", "build", "--root", str(panel_root)]
    processes = [
        subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    results = [(p.wait(timeout=300), p.communicate()) for p in processes]
    for code, (_, err) in results:
        assert code == 0, err
        assert "Traceback" not in err
    site = panel_root / "site"
    assert "Kerry is the only carer" in (site / "referrals/R-0001.html").read_text()
    assert [p.name for p in panel_root.iterdir() if p.name.startswith(".site")] == []
    full = in_process("build", "--root", str(panel_root), "--full", "--output", str(panel_root.parent / "full"))
    assert full.exit_code == 0, full.output
    assert files_of(site) == files_of(panel_root.parent / "full")


def test_packs_and_builds_at_once(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1, 2])
    pack = [sys.executable, "-m", "generator", "pack", "2026-12-03", "--root", str(root), "--format", "docx"]
    build = [sys.executable, "-m", "generator", "build", "--root", str(root)]
    processes = [
        subprocess.Popen(command, env=PACK_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for command in (pack, build, pack, build)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    packs = root / "build/packs"
    assert [p.name for p in packs.iterdir()] == ["2026-12-03"]
    assert [p.name for p in (packs / "2026-12-03").iterdir()] == ["pack-v1.docx"]
    assert (root / "site/index.html").is_file()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
