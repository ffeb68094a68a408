"""`panel check`: build outputs (packs, Word files, the site) must never be tracked in git."""

from __future__ import annotations

import re
from pathlib import Path

from generator.commands.history import run_git
from generator.domain.history.errors import HistoryUnavailable
from generator.io.diagnostics import Diagnostic

CODE = "output-tracked"
OUTPUT_FOLDERS = ("site/", "build/")
"""Where `panel build` and `panel pack` write: nothing under them belongs in git."""
OUTPUT_SUFFIXES = (".pdf", ".docx")
_MEETING_PAPER = re.compile(r"meetings/\d{4}-\d{2}-\d{2}(-[a-z][a-z0-9-]{0,19})?/[^/]+\.(pdf|docx)", re.I)
_REFERRAL_DOCUMENT = re.compile(r"submissions/[^/]+/[^/]+\.pdf", re.I)
"""A document attached to a referral (submissions/<id>/): a source, checked by panel check."""
_PACK_NAME = re.compile(r"(^|/)(pack|supplement)-v\d+\.(pdf|docx)$", re.I)
_TEMPLATE = re.compile(r"(^|.*/)templates/pack/reference\.docx")
"""A council's own Word styles for the pack (or the built-in ones): a source, not an output."""
MAX_REPORTED = 200


def is_output(path: str) -> bool:
    """True for a path that only a build writes: the site, build/, or a PDF or Word file that is not a source."""
    if path.startswith(OUTPUT_FOLDERS) or _PACK_NAME.search(path):
        return True
    if not path.lower().endswith(OUTPUT_SUFFIXES):
        return False
    return not (_TEMPLATE.fullmatch(path) or _MEETING_PAPER.fullmatch(path) or _REFERRAL_DOCUMENT.fullmatch(path))


def tracked_outputs(root: Path) -> list[Diagnostic]:
    """An error for each build output tracked in the git repository holding `root` (none outside git)."""
    try:
        listed = run_git(root, "ls-files", "-z", "--full-name", "--", ".")
        prefix = run_git(root, "rev-parse", "--show-prefix")
    except HistoryUnavailable:  # no git at all: nothing is tracked
        return []
    if listed.returncode != 0 or prefix.returncode != 0:
        return []
    inside = prefix.stdout.strip()
    found = [p.removeprefix(inside) for p in listed.stdout.split("\0") if p and is_output(p.removeprefix(inside))]
    diagnostics = [
        Diagnostic(
            path,
            1,
            1,
            CODE,
            "a build output is tracked in git: packs, Word files and the site hold children's data and are "
            "rebuilt from the records, so they must never be committed",
            hint=f"git rm --cached -- '{_quoted(path)}' and commit (the file stays on disk); .gitignore lists "
            "site/ and build/; a copy already pushed stays in history (README: Data protection)",
        )
        for path in sorted(found)[:MAX_REPORTED]
    ]
    return diagnostics


def _quoted(path: str) -> str:
    """The path for a single-quoted shell word."""
    return path.replace("'", "'\\''")
