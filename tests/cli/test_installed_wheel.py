"""A normal install works: build the wheel, install it into a new virtual environment, run every command.

The wheel is built offline from a copy of the sources (nothing is written to the working tree) and
installed without dependencies into a fresh venv that borrows the development venv's third-party
packages through a .pth file, so the test needs no network. The installed `panel` then works on
a panel repository it starts itself (`panel init`) from each starter, run from outside this checkout.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.commands.config import load_config
from generator.domain import calendar
from generator.domain.config import PanelConfig
from panelfixtures import REPO
from panelfixtures.gitrun import git
from panelfixtures.referrals import write_referral

pytestmark = pytest.mark.slow

SOURCE = REPO
PACKAGED = SOURCE / "generator"
NOW = "2026-11-23T09:00"  # Monday: Bexley's deadline for Thursday 26 November is today at 17:00
STARTERS = ["bexley", "city-rap", "complex-care", "dudley", "legal-gateway", "rochdale", "south-gloucestershire"]
COORDINATOR = ("Sam Okoro", "sam.okoro@council.example")
PACKED = ("bexley",)
"""The starter whose installed panel also packs (both formats) and builds its site (city-rap and dudley stop at the
agenda, INIT_ONLY at check): the pack and the site are the same installed code and shared templates for every starter,
and tests/config/test_starter_referrals.py packs and publishes every type of every starter in-process."""
INIT_ONLY = ("complex-care", "legal-gateway", "rochdale", "south-gloucestershire")
"""Started and checked from the installed package (a meeting booked where they book per case), no further: the
commands after init are the same installed code for every starter, run here for bexley (packed and built), city-rap
and dudley (booked per case, no deadline); tests/config/test_starter_referrals.py runs every type of every starter through
check, agenda, pack and build in-process, so their full run here would only add the suite's time."""


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


@pytest.mark.parametrize("folder", ["templates", "starters"])
def test_wheel_ships_every_packaged_template_and_starter(wheel: Path, folder: str) -> None:
    """Every file under generator/templates/ and generator/starters/ (what panel init writes) is in the wheel."""
    expected = {
        f"generator/{folder}/{p.relative_to(PACKAGED / folder).as_posix()}"
        for p in (PACKAGED / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected, f"nothing packaged under generator/{folder}"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith(f"generator/{folder}/")}
    assert shipped == expected


@pytest.mark.parametrize("starter", STARTERS)
def test_installed_panel_starts_and_runs_a_panel_from_each_starter(
    panel_command: Path, tmp_path: Path, starter: str
) -> None:
    """panel init from the installed package, then new, check, approve and agenda there (and pack and build for
    the PACKED starters; init and check only for the INIT_ONLY ones)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env = {key: value for key, value in env.items() if not key.startswith("GIT_")}
    env.update(
        PANEL_NOW=NOW,
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_AUTHOR_DATE=f"{NOW[:10]}T08:30:00+00:00",
        GIT_COMMITTER_DATE=f"{NOW[:10]}T08:30:00+00:00",
        PATH=f"{panel_command.parent}{os.pathsep}{env.get('PATH', '')}",
    )
    (home / ".gitconfig").write_text(f"[user]\n\tname = {COORDINATOR[0]}\n\temail = {COORDINATOR[1]}\n")
    root = tmp_path / "panel"

    def panel(*args: str, where: Path = root) -> subprocess.CompletedProcess[str]:
        return run([str(panel_command), *args], where, env)

    started = panel("init", "panel", "--from", starter, where=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert started.stdout.startswith("started the ")
    where = run(["python", "-c", "import generator; print(generator.__file__)"], root, env)
    assert where.stdout.startswith(str(panel_command.parent.parent)), where.stdout + where.stderr

    config = load_config(root)
    if config.calendar.per_case:
        # Meetings are booked one by one: book one a week ahead (or the next working day after), and commit it.
        day = dt.date.fromisoformat(NOW[:10]) + dt.timedelta(days=7)
        while not calendar.is_working_day(config, day):
            day += dt.timedelta(days=1)
        booked = panel("book", day.isoformat())
        assert booked.returncode == 0, booked.stdout + booked.stderr
        git(root, "add", "meetings")
        git(root, "commit", "-q", "-m", f"Book {day.isoformat()}")
        config = load_config(root)
    if starter in INIT_ONLY:
        checked = panel("check")
        assert checked.returncode == 0 and "0 error(s)" in checked.stdout, checked.stdout + checked.stderr
        return
    worker = config.people_with_role("social-worker")[0]
    prefix = config.panel.referral_id_prefix
    new = panel("new", "referral", "--type", "s17-support")
    assert new.returncode == 0, new.stderr
    assert new.stdout.startswith(f"wrote submissions/{prefix}-0001.md (")
    skeleton = (root / "submissions" / f"{prefix}-0001.md").read_text(encoding="utf-8")
    meeting = re.search(r"^meeting: (\d{4}-\d{2}-\d{2})", skeleton, re.M)
    assert meeting, skeleton
    unfinished = panel("check")
    assert unfinished.returncode == 1 and f"submissions/{prefix}-0001.md:" in unfinished.stdout, unfinished.stderr

    write_referral(
        root, config, number=1, type_id="s17-support", meeting=dt.date.fromisoformat(meeting[1]), weekly=150, weeks=12
    )
    assert panel("check").returncode == 0
    for role in config.chain_for("s17-support"):
        approver = next(p for p in config.people_with_role(role) if p.email != worker.email)
        git(root, "config", "user.name", approver.name)
        git(root, "config", "user.email", approver.email)
        approved = panel("approve", f"{prefix}-0001", "--as", role)
        assert approved.returncode == 0, approved.stdout + approved.stderr
    git(root, "config", "user.name", COORDINATOR[0])
    git(root, "config", "user.email", COORDINATOR[1])
    status = panel("status", "--format", "json")
    assert status.returncode == 0 and '"ready"' in status.stdout, status.stdout + status.stderr

    checked = panel("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The one thing left to the council's IT team is said, with what to do.
    assert "warning[cms-placeholder]" in checked.stdout and "README, 'Editing in the browser'" in checked.stdout
    agenda = panel("agenda", meeting[1])
    assert agenda.returncode == 0, agenda.stdout + agenda.stderr
    assert f"{prefix}-0001" in (root / "meetings" / meeting[1] / "agenda.md").read_text(encoding="utf-8")
    git(root, "add", "meetings")
    git(root, "commit", "-q", "-m", f"Agenda for {meeting[1]}")
    if starter not in PACKED:
        # The pack and the site read only the package's shared templates, whichever starter began the panel (each
        # packaged file is checked by test_wheel_ships_every_packaged_template_and_starter, and every starter's
        # types are packed and published by tests/config/test_starter_referrals.py): bexley runs them here.
        return
    pack = panel("pack", meeting[1], "--format", "both")
    assert pack.returncode == 0, pack.stdout + pack.stderr
    packs = sorted(
        p.suffix for p in (root / "build" / "packs" / meeting[1]).rglob("*") if p.suffix in (".pdf", ".docx")
    )
    assert ".pdf" in packs and ".docx" in packs, packs
    built = panel("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stderr.lower(), built.stderr  # MkDocs finds every link, the editor's too
    assert (root / "site" / "index.html").is_file()
    _assert_the_editor_works_out_of_the_box(root, config)
    page = (root / "site" / "referrals" / f"{prefix}-0001.html").read_text(encoding="utf-8")
    assert f"{prefix}-0001" in page
    # Everything built is ignored: the repository is as clean as the commands left it.
    assert run(["git", "status", "--porcelain"], root, env).stdout == ""


def _assert_the_editor_works_out_of_the_box(root: Path, config: PanelConfig) -> None:
    """`panel init` then `panel build`: /admin/ holds the pinned editor and a configuration Decap accepts,
    with a form per referral type, the forge from panel.yml and a policy that lets the page reach it."""
    admin = root / "site" / "admin"
    assert config.cms is not None
    settings = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"]["name"] == config.cms.backend and settings["backend"]["repo"] == config.cms.repo
    assert settings["backend"]["api_root"] == config.cms.api_root and settings["publish_mode"] == "editorial_workflow"
    names = {c["name"] for c in settings["collections"]}
    assert {f"referral-{kind.id}" for kind in config.referral_types} | {"meetings"} <= names
    for collection in settings["collections"]:
        forms = collection.get("files", [collection])  # the decision forms are a file collection
        assert forms and all(f["name"] and f["widget"] for form in forms for f in form["fields"]), collection
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert f"connect-src 'self' {config.cms.sign_in}" in page or f"connect-src 'self' {config.cms.api}" in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000 and (admin / "panel-cms.js").is_file()
    assert 'href="admin/index.html#/"' in (root / "site" / "index.html").read_text(encoding="utf-8")
