"""A normal install works: build the wheel, install it into a new virtual environment, run every command.

The wheel is built offline from a copy of the sources (nothing is written to the working tree) and
installed without dependencies into a fresh venv that borrows the development venv's third-party
packages through a .pth file, so the test needs no network. The installed `panel` then works on
a fresh panel repository made from a starter configuration, run from outside this checkout.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from generator.commands.config import load_config
from panelfixtures import STARTERS
from panelfixtures.gitrun import git
from panelfixtures.people import FORGE
from panelfixtures.referrals import STARTER_DATE, write_referral

pytestmark = pytest.mark.slow

SOURCE = Path(__file__).resolve().parent.parent
PACKAGED = SOURCE / "generator" / "templates"
NOW = "2026-11-23T09:00"  # Monday: Bexley's deadline for Thursday 26 November is today at 17:00
MEETING = "2026-11-26"
TEAM_MANAGER = "Tom Reyes <tom.reyes@council.example>"
SERVICE_MANAGER = "Lena Novak <lena.novak@council.example>"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output as text."""
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built with the development venv's setuptools from a copy of the sources."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(SOURCE / name, src / name)
    shutil.copytree(SOURCE / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            "dist",
            "./src",
        ],
        work,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = (work / "dist").glob("panel_papers-*.whl")
    return found


@pytest.fixture(scope="module")
def panel_command(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`panel` from the wheel installed (not editable) into a new venv."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv.parent)
    # Third-party packages from the development venv; its editable Panel Papers is not on this path.
    Path(purelib.stdout.strip(), "dev-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        venv.parent,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv / "bin" / "panel"


def test_wheel_ships_every_packaged_template(wheel: Path) -> None:
    """Every file under generator/templates/ is in the wheel, at the same place."""
    expected = {
        f"generator/templates/{p.relative_to(PACKAGED).as_posix()}"
        for p in PACKAGED.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected, "no packaged templates found"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("generator/templates/")}
    assert shipped == expected


def test_installed_panel_runs_on_a_fresh_repository(panel_command: Path, tmp_path: Path) -> None:
    """new, check, agenda, pack and build from the installed package, on a repository made from a starter."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(
        PANEL_NOW=NOW,
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        PATH=f"{panel_command.parent}{os.pathsep}{env.get('PATH', '')}",
    )
    root = tmp_path / "panel"
    root.mkdir()
    shutil.copy(STARTERS / "bexley.yml", root / "panel.yml")
    git(root, "init", "-q", "-b", "main", date=STARTER_DATE)
    git(root, "add", "panel.yml", date=STARTER_DATE)
    git(root, "commit", "-q", "-m", "Terms of reference from the Bexley starter", date=STARTER_DATE)

    where = run(["python", "-c", "import generator; print(generator.__file__)"], root, env)
    assert where.stdout.startswith(str(panel_command.parent.parent)), where.stdout + where.stderr

    def panel(*args: str) -> subprocess.CompletedProcess[str]:
        return run([str(panel_command), *args], root, env)

    git(root, "checkout", "-q", "-b", "referral/R-0001", date=STARTER_DATE)
    started = panel("new", "referral", "--type", "s17-support")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("wrote submissions/R-0001.md (Section 17 support package) for the meeting on")
    assert "Thursday 26 November 2026" in started.stdout
    skeleton = (root / "submissions" / "R-0001.md").read_text(encoding="utf-8")
    assert "## Main issues" in skeleton and "meeting: 2026-11-26" in skeleton
    unfinished = panel("check")
    assert unfinished.returncode == 1 and "submissions/R-0001.md:" in unfinished.stdout, unfinished.stderr

    config = load_config(root)
    write_referral(
        root, config, number=1, type_id="s17-support", meeting=dt.date.fromisoformat(MEETING), weekly=150, weeks=12
    )
    git(root, "checkout", "-q", "main", date=STARTER_DATE)
    message = f"Merge branch 'referral/R-0001'\n\nApproved-by: {TEAM_MANAGER}\nApproved-by: {SERVICE_MANAGER}"
    # The forge merges: approvals in a merge made by whoever wrote the referral do not count.
    git(root, "merge", "--no-ff", "-q", "-m", message, "referral/R-0001", who=FORGE, date=STARTER_DATE)

    checked = panel("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    agenda = panel("agenda", MEETING)
    assert agenda.returncode == 0, agenda.stdout + agenda.stderr
    assert "R-0001" in (root / "meetings" / MEETING / "agenda.md").read_text(encoding="utf-8")
    git(root, "add", "meetings", date=STARTER_DATE)
    git(root, "commit", "-q", "-m", f"Agenda for {MEETING}", date=STARTER_DATE)
    pack = panel("pack", MEETING)
    assert pack.returncode == 0, pack.stdout + pack.stderr
    packs = sorted(p.name for p in (root / "build" / "packs" / MEETING).rglob("*") if p.suffix in (".pdf", ".docx"))
    assert any(name.endswith(".pdf") for name in packs) and any(name.endswith(".docx") for name in packs), packs
    built = panel("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "site" / "index.html").is_file()
    assert "R-0001" in (root / "site" / "referrals" / "R-0001.html").read_text(encoding="utf-8")
