"""Test helper: run `panel ...` in a subprocess that SIGKILLs itself at a chosen moment of a build.

Moments (KILL_AT): "mkdocs" as MkDocs starts; "swap" between the two renames of a folder swap (the old folder
renamed aside, the new one not yet in); "typst" as Typst starts compiling.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_SCRIPT = r"""
import os, signal, sys
import generator.io.files as files
import generator.rendering.pack.typst as typst_module
import generator.commands.build as site_build

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

at = os.environ["KILL_AT"]
if at == "mkdocs":
    site_build._run_mkdocs = die
elif at == "typst":
    typst_module.TypstCompiler.pdf = die
elif at == "swap":
    class _Os:
        def __getattr__(self, name):
            return getattr(os, name)
        def replace(self, source, target):
            if ".new-" in os.fspath(source):
                die()
            return os.replace(source, target)
    files.os = _Os()
from generator.cli import main
main(sys.argv[1:], prog_name="panel")
"""


def run_panel(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`panel ARGS` in a subprocess (python -m generator)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], env={**os.environ, **(env or {})}, capture_output=True, text=True
    )


def killed_panel(at: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`panel ARGS` killed with SIGKILL at moment `at`; asserts that it really was killed."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        env={**os.environ, **(env or {}), "KILL_AT": at},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == -9, (done.returncode, done.stderr)
    return done
