"""`panel check --base`: a merge request's own commits must not carry approval lines."""

from __future__ import annotations

from pathlib import Path

from generator.domain.history.errors import HistoryUnavailable
from generator.domain.history.gitlog import new_marks
from generator.domain.history.gitrepo import run_git
from generator.domain.history.trailers import APPROVAL_KEYS
from generator.io.diagnostics import Diagnostic

CODE = "approval-in-branch"


def approval_lines_since(root: Path, base: str) -> list[Diagnostic]:
    """An error for each approval line in the messages of the commits in `base..HEAD`; raises HistoryUnavailable."""
    record, field = new_marks()
    fmt = (record + field.join(("%H", "%ae", "%s", "%B")) + field).replace("\x1e", "%x1e").replace("\x1f", "%x1f")
    result = run_git(root, "log", "--no-color", f"--format={fmt}", f"{base}..HEAD", "--")
    if result.returncode != 0:
        raise HistoryUnavailable(
            f"cannot list the commits {base}..HEAD: {result.stderr.strip() or 'no output'}",
            f"fetch the base branch with its full history (git fetch origin {base.removeprefix('origin/')}) "
            "and pass it as --base, e.g. --base origin/main",
        )
    found: list[Diagnostic] = []
    for entry in result.stdout.split(record)[1:]:
        fields = entry.split(field)
        if len(fields) < 4:
            continue
        sha, author, subject, message = fields[:4]
        for number, line in enumerate(message.splitlines(), start=1):
            key = line.strip().split(":", 1)[0].strip().lower()
            if ":" not in line or key not in APPROVAL_KEYS:
                continue
            found.append(
                Diagnostic(
                    f"commit {sha[:10]}",
                    number,
                    1,
                    CODE,
                    f"commit {sha[:10]} ({subject[:60]!r}, by {author}) carries {line.strip()[:100]!r}: approvals "
                    "are recorded by the merge or by `panel approve`, never typed into a merge request's commits",
                    hint=f"remove the line from the commit message (git rebase -i {base}, 'reword'), then push again",
                )
            )
    return found
