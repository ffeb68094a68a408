"""io/git.py, the one git runner: file names come out as written, input reaches git, failures are answers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.commands import pack_git
from generator.io import git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    env = ["-c", "user.name=Sam Okoro", "-c", "user.email=sam.okoro@council.example"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "Zoë’s plan.md").write_text("first\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "commit", "-q", "-m", "First"], cwd=tmp_path, check=True)
    return tmp_path


def test_names_with_letters_beyond_ascii_come_out_as_written(repo: Path) -> None:
    (repo / "notes" / "Zoë’s plan.md").write_text("changed\n", encoding="utf-8")
    assert git.output(repo, "diff", "--name-only").splitlines() == ["notes/Zoë’s plan.md"]
    # The pack's dirty-file check used its own `git` without core.quotePath=false and saw "notes/Zo\303\253...".
    assert pack_git.changed_since(repo, "HEAD", ["notes"]) == {"notes/Zoë’s plan.md"}


def test_input_reaches_git_and_output_keeps_its_last_newline(repo: Path) -> None:
    head = git.output(repo, "rev-parse", "HEAD")
    assert head.endswith("\n")
    listed = git.run(repo, "diff-tree", "--stdin", "-r", "--root", "--name-only", input_text=head)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1:] == ["notes/Zoë’s plan.md"]


def test_a_failing_command_is_an_answer_not_an_exception(tmp_path: Path) -> None:
    done = git.run(tmp_path, "rev-parse", "--show-prefix")
    assert done.returncode != 0
    assert "not a git repository" in done.stderr
    with pytest.raises(git.GitFailed, match="not a git repository"):
        git.output(tmp_path, "rev-parse", "--show-prefix")


def test_show_gives_the_bytes_or_none(repo: Path) -> None:
    assert git.show_bytes(repo, "HEAD", "notes/Zoë’s plan.md") == b"first\n"
    assert git.show_bytes(repo, "HEAD", "notes/missing.md") is None
