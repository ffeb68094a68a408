"""Reading the first-parent history of `main` in ONE `git log` call, parsed in Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import HistoryUnavailable
from .gitrepo import run_git
from .trailers import Signer, parse_trailers

_FIELDS = (
    "%H",
    "%an",
    "%ae",
    "%cI",
    "%P",
    "%s",
    "%(trailers:key=Approved-by,key=Reviewed-by,key=Referral,unfold,separator=%x1e)",
)
_SIGNATURE_FIELDS = ("%G?", "%GS", "%GF")


@dataclass(frozen=True)
class LogCommit:
    """One commit of the first-parent history, with what it changed and who it says approved."""

    index: int
    """Position on the first-parent line, 0 = oldest."""
    sha: str
    author_email: str
    at: dt.datetime
    """The committer date."""
    is_merge: bool
    subject: str
    signers: tuple[Signer, ...]
    referrals: tuple[str, ...]
    changes: tuple[tuple[str, str], ...]
    """(status letter, path relative to the panel root) for each file changed against the first parent."""
    signature: tuple[str, str, str] = ("N", "", "")
    """git's %G? status, the signer (SSH principal or GPG uid) and the key fingerprint."""


def log_format(signatures: bool) -> str:
    """The --format string: a NUL before each commit, fields split by US (0x1f)."""
    fields = _FIELDS + (_SIGNATURE_FIELDS if signatures else ())
    return "%x00" + "%x1f".join(fields) + "%x1f"


def read_log(root: Path, ref: str, prefix: str, *, signers_file: Path | None = None) -> list[LogCommit]:
    """Every commit on the first-parent line of `ref`, oldest first, with changed files and trailers."""
    config: list[str] = []
    if signers_file is not None:
        config = ["-c", f"gpg.ssh.allowedSignersFile={signers_file}"]
    result = run_git(
        root,
        *config,
        "log",
        "--first-parent",
        "--no-renames",
        "--name-status",
        "--no-color",
        f"--format={log_format(signers_file is not None)}",
        ref,
        "--",
    )
    if result.returncode != 0:
        raise HistoryUnavailable(
            f"git log {ref} failed: {result.stderr.strip() or 'no output'}",
            "check the repository is intact: git fsck; then git fetch origin",
        )
    return parse_log(result.stdout, prefix, signers_file is not None)


def parse_log(text: str, prefix: str, signatures: bool) -> list[LogCommit]:
    """Parse `git log` output in the format of `log_format`, newest first, into commits oldest first."""
    records = text.split("\x00")[1:]
    total = len(records)
    commits: list[LogCommit] = []
    width = len(_FIELDS) + (len(_SIGNATURE_FIELDS) if signatures else 0)
    for position, record in enumerate(records):
        head, _, tail = record.rpartition("\x1f")
        fields = head.split("\x1f", width - 1)
        if len(fields) < width:
            continue
        sha, _name, author_email, committed, parents, subject, trailer_block = fields[:7]
        signers, referrals = parse_trailers(trailer_block) if trailer_block else ([], [])
        commits.append(
            LogCommit(
                index=total - 1 - position,
                sha=sha,
                author_email=author_email.lower(),
                at=dt.datetime.fromisoformat(committed),
                is_merge=len(parents.split()) > 1,
                subject=subject,
                signers=tuple(signers),
                referrals=tuple(referrals),
                changes=tuple(_changes(tail, prefix)),
                signature=(fields[7], fields[8], fields[9]) if signatures else ("N", "", ""),
            )
        )
    commits.reverse()
    return commits


def _changes(tail: str, prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for line in tail.splitlines():
        status, tab, path = line.partition("\t")
        if not tab:
            continue
        if prefix:
            if not path.startswith(prefix):
                continue
            path = path[len(prefix) :]
        found.append((status[:1], path))
    return found
