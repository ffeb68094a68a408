"""`panel check` fails when a build output (pack, Word file, site page) is tracked in git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.tracked_outputs import is_output
from panelfixtures.documents import paper_pdf
from tests.conftest import WriteReferral


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def commit_all(root: Path) -> None:
    git(root, "add", "-A", "-f")
    git(root, "-c", "user.name=Sam Okoro", "-c", "user.email=sam.okoro@council.example", "commit", "-qm", "files")


def test_tracked_outputs_fail_the_check_at_each_file(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    git(panel_root, "init", "-q", "-b", "main")
    outputs = ["build/packs/2026-12-10/pack-v1.pdf", "site/index.html", "notes/R-0001 letter.docx"]
    for name in outputs:
        (panel_root / name).parent.mkdir(parents=True, exist_ok=True)
        (panel_root / name).write_bytes(b"%PDF-1.7 fictional")
    (panel_root / "meetings/2026-12-10").mkdir(parents=True)
    (panel_root / "meetings/2026-12-10/ofsted-letter.pdf").write_bytes(paper_pdf("a meeting paper"))
    commit_all(panel_root)

    result = CliRunner().invoke(main, ["check", "--root", str(panel_root), "--against", "none"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for name in outputs:
        assert f"{name}:1:1: error[output-tracked]: a build output is tracked in git" in "\n".join(lines)
        assert f"  hint: git rm --cached -- '{name}' and commit" in "\n".join(lines)
    assert "ofsted-letter.pdf" not in result.stdout

    git(panel_root, "rm", "-q", "--cached", "-r", "--", "build", "site", "notes")
    result = CliRunner().invoke(main, ["check", "--root", str(panel_root), "--against", "none"])
    assert result.exit_code == 0, result.stdout
    assert (panel_root / "site/index.html").exists()


def test_outside_git_there_is_nothing_to_report(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    (panel_root / "pack-v1.pdf").write_bytes(b"%PDF-1.7")
    result = CliRunner().invoke(main, ["check", "--root", str(panel_root), "--against", "none"])
    assert result.exit_code == 0, result.stdout


def test_what_counts_as_an_output() -> None:
    assert is_output("site/registers/decisions.html")
    assert is_output("build/site-src/index.md")
    assert is_output("meetings/2026-12-03/pack-v2.pdf")
    assert is_output("meetings/2026-12-03/supplement-v3.DOCX")
    assert is_output("exports/decisions.PDF")
    assert not is_output("meetings/2026-12-03/ofsted-letter.pdf")
    assert not is_output("templates/pack/reference.docx")
    assert not is_output("generator/templates/pack/reference.docx")
    assert not is_output("submissions/R-0001.md")
