"""The one git runner: GitPython's command interface (`Repo.git`), one git process per call.

Every call runs `git -c core.quotePath=false ...` so paths with non-ASCII letters come out as
written, never as octal escapes. Output is decoded as UTF-8 with undecodable bytes replaced.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git

GIT_OPTIONS = ("-c", "core.quotePath=false")


class GitMissing(Exception):
    """git is not installed (or cannot be started)."""


class GitFailed(Exception):
    """A git command ended with an error; `stderr` is what git said."""

    def __init__(self, args: tuple[str, ...], result: Completed) -> None:
        super().__init__(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
        self.result = result


@dataclass(frozen=True)
class Completed:
    """What one git call returned."""

    returncode: int
    stdout: str
    stderr: str


def _runner(root: Path) -> git.Git:
    # GitPython is imported on first use: commands that never run git do not pay for loading it.
    import git

    return git.Git(root)


def _bytes(data: object) -> bytes:
    # GitPython hands back the error output already decoded, the output as bytes.
    if isinstance(data, str):
        return data.encode("utf-8", errors="surrogateescape")
    return data if isinstance(data, bytes) else b""


def _execute(root: Path, args: tuple[str, ...], input_text: str | None = None) -> tuple[int, bytes, bytes]:
    """One `git -c core.quotePath=false ARGS` process: its exit status, output and error output (raises GitMissing)."""
    import git

    command = ["git", *GIT_OPTIONS, *args]
    try:
        if input_text is None:
            code, out, err = _runner(root).execute(
                command,
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
            )
            return code, _bytes(out), _bytes(err)
        # Keep GitPython's handle alive while talking to git: dropping it kills the process.
        handle = _runner(root).execute(command, as_process=True, istream=subprocess.PIPE)
        proc = handle.proc
        if proc is None:
            raise GitMissing("git could not be started")
        out, err = proc.communicate(input_text.encode("utf-8"))
        return proc.returncode, _bytes(out), _bytes(err)
    except (git.GitCommandNotFound, FileNotFoundError) as exc:
        raise GitMissing("git is not installed") from exc


def run(root: Path, *args: str, input_text: str | None = None) -> Completed:
    """Run git in `root` and return its code and output as text; never raises on a git error (raises GitMissing)."""
    code, out, err = _execute(root, args, input_text)
    return Completed(code, out.decode("utf-8", errors="replace"), err.decode("utf-8", errors="replace"))


def output(root: Path, *args: str) -> str:
    """The standard output of a git command that must succeed; raises GitFailed otherwise."""
    result = run(root, *args)
    if result.returncode != 0:
        raise GitFailed(args, result)
    return result.stdout


def show_bytes(root: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision`, or None when it did not exist there."""
    code, out, _ = _execute(root, ("show", f"{revision}:{path}"))
    return out if code == 0 else None
