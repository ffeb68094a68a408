"""`panel erase`: a child's records gone from the tree and from every object of history; everyone else unharmed.

The repository is the demo's: every referral merged with its managers' `Approved-by:` trailers, each
meeting's records merged with the chair's, then `panel agenda` and `panel pack --circulate` (annotated
circulation tags) run for real. A commit message, a tag message and the minutes also name the child.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.domain.retention_ledger import LEDGER

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PANEL = Path(sys.executable).parent / "panel"
NOW = "2026-12-07T10:00"
CHILD, NAME, REFERRAL = "LCS-204123", "Tiana Forbes-Hale", "R-0003"
COORDINATOR = ("Sam Okoro", "sam.okoro@council.example")
REGISTERS = ("decisions", "actions", "reviews", "expenditure", "unmet-needs", "children", "timeliness")
IDENTIFIERS = (CHILD.encode(), NAME.encode(), NAME.lower().encode(), b"Tiana Forbes")


def _demo() -> object:
    spec = importlib.util.spec_from_file_location("panel_demo", REPO / "tools" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def env(when: str = "2026-12-07T11:00:00+00:00") -> dict[str, str]:
    name, email = COORDINATOR
    return {
        **os.environ,
        "PANEL_NOW": NOW,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=env(), check=True, capture_output=True, text=True).stdout


def panel(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PANEL), *args], cwd=root, env=env(), capture_output=True, text=True, check=False)


def read(root: Path, *args: str) -> Result:
    """A command that changes nothing (status, export, a refused or dry-run erase) in this process: the same command,
    without a Python start each time."""
    return CliRunner().invoke(main, [*args, "--root", str(root)], env=env())


def everything_git_holds(root: Path) -> bytes:
    """Every object in the repository (reachable or not, loose or packed), decompressed, and every other file in .git."""
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--unordered", "--batch"], cwd=root, capture_output=True, check=True
    ).stdout
    others = []
    for path in (root / ".git").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if "objects" in path.parts and path.suffix not in (".pack", ".idx", ".rev") and len(path.name) == 38:
                data = zlib.decompress(data)
            others.append(data)
    return objects + b"".join(others)


def _without_commits(value: object) -> object:
    """The value with every commit hash left out (history rewriting gives commits new hashes, nothing else)."""
    if isinstance(value, dict):
        return {k: _without_commits(v) for k, v in value.items() if k != "commit"}
    if isinstance(value, list):
        return [_without_commits(v) for v in value]
    return value


def statuses(root: Path) -> dict[str, object]:
    """Every referral's status, approvals and decision, from `panel status` for each meeting and for all open ones."""
    found: dict[str, object] = {}
    for meeting in ((), ("2026-11-26",), ("2026-12-03",), ("2026-12-10",)):
        done = read(root, "status", *meeting, "--format", "json")
        assert done.exit_code == 0, done.stderr
        found |= {row["referral"]: _without_commits(row) for row in json.loads(done.stdout)}
    return found


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("erase") / "demo"
    root.mkdir()
    demo = _demo()
    demo.replay_history(root)  # type: ignore[attr-defined]
    # The child is named where people slip: a commit message and the minutes, merged with approval.
    git(root, "checkout", "-q", "-b", "records/minutes-fix")
    minutes = root / "meetings/2026-12-03/meeting.md"
    minutes.write_text(
        minutes.read_text(encoding="utf-8").replace(
            "- Item 4 (R-0003): approved", f"- Item 4 (R-0003): {NAME}'s placement approved"
        ),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", f"Minutes: name {NAME} ({CHILD}) in item 4")
    git(root, "checkout", "-q", "main")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "records/minutes-fix",
        "-m",
        "Merge minutes fix\n\nApproved-by: Dana Whitfield <dana.whitfield@council.example>",
    )
    git(root, "branch", "-q", "-D", "records/minutes-fix")
    assert panel(root, "agenda", "2026-12-10").returncode == 0
    git(root, "add", "meetings")
    git(root, "commit", "-q", "-m", "Agenda for 2026-12-10")
    for meeting in ("2026-12-03", "2026-12-10"):
        done = panel(root, "pack", meeting, "--circulate", "--format", "pdf")
        assert done.returncode == 0, done.stderr
    git(root, "tag", "-a", "note/iro", "-m", f"Pack also sent to the IRO of {NAME.upper()}")
    # A meeting paper about the child (binary: not searched for the name), added then removed.
    (root / "meetings/2026-12-03/iro-report.pdf").write_bytes(b"%PDF-1.7\n\x00\x01 IRO report LCS-204123 \x00\n")
    git(root, "add", "meetings")
    git(root, "commit", "-q", "-m", "IRO report for item 4")
    git(root, "rm", "-q", "meetings/2026-12-03/iro-report.pdf")
    git(root, "commit", "-q", "-m", "Remove the IRO report")
    return root


def test_erase_refuses_then_erases_everywhere_and_keeps_everyone_else(demo_repo: Path) -> None:
    root = demo_repo
    before_status = statuses(root)
    before_tags = {
        t: git(root, "tag", "-l", "--format=%(contents)", t) for t in git(root, "tag", "-l", "pack/*").split()
    }
    before_registers = {name: read(root, "export", name).stdout for name in REGISTERS}
    assert all(before_registers.values())
    assert CHILD.encode() in everything_git_holds(root) and REFERRAL in before_status
    assert before_tags, "the demo circulated packs"

    # Refusals, each before anything changes (in this process: the same command, without a Python start each).
    authority = "Retention schedule 4.2, children's social care records; approved by the DPO (fictional)"
    refused = read(root, "erase", "--child", "LCS-204124", "--authority", authority)
    assert refused.exit_code == 1 and "no referral names a child with case id LCS-204124" in refused.stderr
    assert "hint: did you mean LCS-" in refused.stderr
    refused = read(root, "erase", "--child", "LCS-204117", "--authority", authority)
    assert refused.exit_code == 1 and "R-0001 is also about LCS-204118" in refused.stderr
    refused = read(root, "erase", "--child", CHILD, "--authority", "  ")
    assert refused.exit_code == 2 and "--authority must say" in refused.stderr
    refused = read(root, "erase", "--child", CHILD, "--authority", f"Request of {NAME}")
    assert refused.exit_code == 1 and "--authority names the child" in refused.stderr
    (root / "notes.txt").write_text("scratch", encoding="utf-8")
    refused = read(root, "erase", "--child", CHILD, "--authority", authority)
    assert refused.exit_code == 1 and "untracked files (notes.txt)" in refused.stderr
    (root / "notes.txt").unlink()
    dry = read(root, "erase", "--child", CHILD, "--authority", authority, "--dry-run")
    assert dry.exit_code == 0 and "dry run: nothing was changed" in dry.stdout
    assert "submissions/R-0003.md" in dry.stdout and NAME not in dry.stdout
    assert CHILD.encode() in everything_git_holds(root)

    refused = read(root, "erase", "--child", CHILD, "--authority", authority, "--path", "../panel.yml")
    assert refused.exit_code == 1 and "is not a path inside the repository" in refused.stderr
    done = panel(
        root, "erase", "--child", CHILD, "--authority", authority, "--path", "meetings/2026-12-03/iro-report.pdf"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert (
        "removed from every commit: meetings/2026-12-03/decisions/R-0003.md, meetings/2026-12-03/iro-report.pdf, "
        "submissions/R-0003.md\n"
    ) in out
    assert "circulated packs that held them: pack/2026-12-03/v1\n" in out
    for step in ("Shared repository", "Forks and mirrors", "CI:", "Circulated packs", "git push --force --all"):
        assert step in out

    # Nowhere in the repository: no blob, commit, tag, pack, reflog or leftover file names the child.
    held = everything_git_holds(root)
    for identifier in IDENTIFIERS:
        assert identifier not in held, identifier
    assert re.search(rb"(?i)tiana\s+forbes", held) is None
    assert not (root / "submissions/R-0003.md").exists()
    assert not (root / "meetings/2026-12-03/decisions/R-0003.md").exists()
    assert "[erased]'s placement approved" in (root / "meetings/2026-12-03/meeting.md").read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain") == ""

    # The ledger: what, when, under what authority, by whom; committed; naming no child.
    ledger = (root / LEDGER).read_text(encoding="utf-8")
    assert f"authority: {authority}" in ledger.replace("'", "") or authority in ledger
    assert "by: Sam Okoro <sam.okoro@council.example>" in ledger and "erased: '2026-12-07T10:00:00+00:00'" in ledger
    assert "referrals:\n  - R-0003" in ledger and "outcome: approve" in ledger
    assert NAME not in ledger and CHILD not in ledger
    assert git(root, "log", "-1", "--format=%s") == f"Record an erasure in {LEDGER} (panel erase)\n"
    lines = re.search(r"approval lines in history: (\d+) before, (\d+) after", out)
    assert lines and lines.group(1) == lines.group(2) and int(lines.group(1)) > 10

    # Everyone else: the same statuses and approvals, the same decisions, the circulation records kept.
    after_status = statuses(root)
    assert REFERRAL not in after_status
    assert after_status == {k: v for k, v in before_status.items() if k != REFERRAL}
    for name, before in before_registers.items():
        after = read(root, "export", name)
        assert after.exit_code == 0, after.stderr
        kept = [line for line in before.splitlines() if REFERRAL not in line and CHILD not in line]
        assert after.stdout.splitlines() == kept, name
    assert {t: git(root, "tag", "-l", "--format=%(contents)", t) for t in before_tags} == before_tags
    assert "[ERASED]" not in git(root, "tag", "-l", "--format=%(contents)", "note/iro")
    assert "[erased]" in git(root, "tag", "-l", "--format=%(contents)", "note/iro")
    check = panel(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert not (root / "build/packs/2026-12-03").exists() and (root / "build/packs/2026-12-10/pack-v1.pdf").exists()
    assert panel(root, "build").returncode == 0
    for page in (root / "site").rglob("*"):
        if page.is_file():
            assert CHILD.encode() not in page.read_bytes() and b"Tiana" not in page.read_bytes(), page
    assert read(root, "erase", "--child", CHILD, "--authority", authority).exit_code == 1
