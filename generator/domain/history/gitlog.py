"""Reading the whole history of `main`: every commit from one `git log`, what each changed from another.

Every commit reachable from `main` is read (the first-parent line, and the branch commits each
merge brought in), so that the first-parent line, the branch commits each merge brought in, and
who wrote each file on any branch are all known. What a commit changed depends only on its tree
and its first parent's tree, so each such pair is diffed once: the first-parent line's diffs come
from one `git log --first-parent` (run while the commits are parsed), and a branch commit costs
a diff only when its pair is new (`git diff-tree --stdin`, once for all of them); the usual merge
of an up-to-date branch has the same pair as its branch commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.domain.history.errors import HistoryUnavailable
from generator.domain.history.gitrepo import run_git
from generator.domain.history.trailers import Trailers, addresses_in_approval_lines, read_trailers

_FIELDS = ("%H", "%ae", "%cI", "%P", "%T")
_SIGNATURE_FIELDS = ("%G?", "%GS", "%GF")
_MESSAGE = "%B"
_NONE = Trailers()
NO_PAIR = ("", "")
"""No (parent tree, tree) pair: a branch merge, whose changes are not read."""


@dataclass(frozen=True)
class LogCommit:
    """One commit of the history, with what it changed and what its message says about approvals."""

    index: int
    """Position on the first-parent line, 0 = oldest; -1 for a commit that is not on it (a branch commit)."""
    sha: str
    author_email: str
    at: dt.datetime
    """The committer date."""
    parents: tuple[str, ...]
    subject: str
    trailers: Trailers
    changes: tuple[tuple[str, str], ...]
    """(status letter, path relative to the panel root) for each file changed against the first parent.

    Not read for a merge that is not on the first-parent line (nothing asks what it changed)."""
    signature: tuple[str, str, str] = ("N", "", "")
    """git's %G? status, the signer (SSH principal or GPG uid) and the key fingerprint."""
    approval_addresses: frozenset[str] = frozenset()
    """Addresses on any approval line anywhere in the message (to find trailers copied from a branch)."""

    @property
    def is_merge(self) -> bool:
        """True for a commit with more than one parent."""
        return len(self.parents) > 1


def new_marks() -> tuple[str, str]:
    """A record mark and a field mark that no commit can contain: random for each call.

    Author emails, signer names and messages are written by whoever made the commit; a fixed
    separator inside one would shift the fields after it (and could pass off one field as another).
    """
    token = secrets.token_hex(12)
    return f"\x1e{token}\x1e", f"\x1f{token}\x1f"


def log_format(signatures: bool, marks: tuple[str, str]) -> str:
    """The --format string: a record mark before each commit, field marks between fields, the message last."""
    fields = _FIELDS + (_SIGNATURE_FIELDS if signatures else ()) + (_MESSAGE,)
    record, field = (m.replace("\x1e", "%x1e").replace("\x1f", "%x1f") for m in marks)
    return record + field.join(fields) + field


def read_log(root: Path, ref: str, prefix: str, *, signers_file: Path | None = None) -> list[LogCommit]:
    """Every commit reachable from `ref`: the first-parent line oldest first, then the other commits."""
    marks = new_marks()
    tip = _resolve(root, ref)
    config: list[str] = []
    if signers_file is not None:
        config = ["-c", f"gpg.ssh.allowedSignersFile={signers_file}"]
    fmt = log_format(signers_file is not None, marks)
    with ThreadPoolExecutor(1) as aside:
        # git diffs the first-parent line (most of the work) while every commit is listed and parsed here.
        line_diffs = aside.submit(_line_diffs, root, tip, marks[0])
        listed = run_git(root, *config, "log", "--no-color", f"--format={fmt}", tip, "--")
        if listed.returncode != 0:
            raise _unreadable(ref, listed.stderr)
        records = parse_records(listed.stdout, signers_file is not None, marks)
        line = first_parent_line(records)
        pairs = _pairs(records, line)
        diffs = {pairs[sha]: text for sha, text in line_diffs.result().items() if sha in pairs}
    missing = {pair: sha for sha, pair in reversed(pairs.items()) if pair not in diffs}
    if missing:
        diffs.update(_diff_pairs(root, ref, missing, records, marks[0]))
    position = {sha: index for index, sha in enumerate(line)}
    order = line + [sha for sha in records if sha not in position]
    return [
        _commit(
            records[sha][0], position.get(sha, -1), prefix, signers_file is not None, diffs.get(pairs.get(sha, NO_PAIR))
        )
        for sha in order
    ]


def _resolve(root: Path, ref: str) -> str:
    """The commit `ref` names now, so that every call below reads the same history."""
    result = run_git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    sha = result.stdout.strip()
    if result.returncode != 0 or not sha:
        raise _unreadable(ref, result.stderr or "not a commit")
    return sha


def _line_diffs(root: Path, tip: str, mark: str) -> dict[str, str]:
    """The `--name-status` changes of each first-parent commit from `tip` against its first parent, by sha."""
    header = mark.replace("\x1e", "%x1e")
    result = run_git(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--name-status",
        "--no-color",
        f"--format={header}%H",
        tip,
        "--",
    )
    if result.returncode != 0:
        raise _unreadable(tip, result.stderr)
    found: dict[str, str] = {}
    for chunk in result.stdout.split(mark)[1:]:
        head, _, tail = chunk.partition("\n")
        found[head.strip()] = tail
    return found


def _unreadable(ref: str, stderr: str) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"git log {ref} failed: {stderr.strip() or 'no output'}",
        "check the repository is intact: git fsck; then git fetch origin",
    )


def parse_records(text: str, signatures: bool, marks: tuple[str, str]) -> dict[str, tuple[list[str], str]]:
    """`git log` output (tip first) as sha -> (fields, message), in the order git listed them."""
    width = len(_FIELDS) + (len(_SIGNATURE_FIELDS) if signatures else 0) + 1
    record_mark, field_mark = marks
    parsed: dict[str, tuple[list[str], str]] = {}
    for record in text.split(record_mark)[1:]:
        fields = record.split(field_mark)
        if len(fields) != width + 1:
            continue
        fields.pop()
        parsed.setdefault(fields[0], (fields, fields[-1]))
    return parsed


def first_parent_line(records: dict[str, tuple[list[str], str]]) -> list[str]:
    """The first-parent line from the tip (the first record), oldest first."""
    line: list[str] = []
    sha = next(iter(records), "")
    seen: set[str] = set()
    while sha in records and sha not in seen:
        seen.add(sha)
        line.append(sha)
        parents = records[sha][0][3].split()
        sha = parents[0] if parents else ""
    line.reverse()
    return line


def _pairs(records: dict[str, tuple[list[str], str]], line: list[str]) -> dict[str, tuple[str, str]]:
    """For each commit whose changes are read (the first-parent line, and branch commits that are not merges):
    (its first parent's tree, or the parent itself when git did not list it; its tree), all its diff depends on."""
    on_line = set(line)
    found: dict[str, tuple[str, str]] = {}
    for sha, (fields, _) in records.items():
        parents = fields[3].split()
        if sha not in on_line and len(parents) > 1:
            continue
        first = records.get(parents[0]) if parents else None
        base = "" if not parents else first[0][4] if first else f"commit {parents[0]}"
        found[sha] = (base, fields[4])
    return found


def _diff_pairs(
    root: Path,
    ref: str,
    wanted: dict[tuple[str, str], str],
    records: dict[str, tuple[list[str], str]],
    mark: str,
) -> dict[tuple[str, str], str]:
    """The `--name-status` output against the first parent for each pair, from one `git diff-tree --stdin`."""
    commits = list(wanted.items())
    # "<commit> <first parent>" diffs against that parent only; a commit alone (a root) against nothing.
    stdin = "".join(f"{sha} {' '.join(records[sha][0][3].split()[:1])}".rstrip() + "\n" for _, sha in commits)
    header = mark.replace("\x1e", "%x1e")
    result = run_git(
        root,
        "diff-tree",
        "--stdin",
        "-r",
        "--no-renames",
        "--name-status",
        "--root",
        "--always",
        "--no-color",
        f"--format={header}%H",
        input_text=stdin,
    )
    if result.returncode != 0:
        raise _unreadable(ref, result.stderr)
    chunks = result.stdout.split(mark)[1:]
    if len(chunks) != len(commits):
        raise _unreadable(ref, f"git diff-tree listed {len(chunks)} commits of {len(commits)}")
    found: dict[tuple[str, str], str] = {}
    for (pair, sha), chunk in zip(commits, chunks, strict=True):
        head, _, tail = chunk.partition("\n")
        if head.strip() != sha:
            raise _unreadable(ref, f"git diff-tree answered for {head.strip()[:40]!r}, not {sha}")
        found[pair] = tail
    return found


def _commit(fields: list[str], index: int, prefix: str, signatures: bool, diff: str | None) -> LogCommit:
    sha, author_email, committed, parents = fields[:4]
    message = fields[-1]
    folded = message.lower()
    # Most messages name no approver: skip parsing them (a branch commit needs only its addresses).
    mentions = "-by" in folded
    trailers = read_trailers(message) if index >= 0 and (mentions or "referral" in folded) else _NONE
    return LogCommit(
        index=index,
        sha=sha,
        author_email=author_email.strip().lower(),
        at=dt.datetime.fromisoformat(committed),
        parents=tuple(parents.split()),
        subject=message.split("\n", 1)[0],
        trailers=trailers,
        changes=tuple(_changes(diff, prefix)) if diff else (),
        signature=(fields[5], fields[6], fields[7]) if signatures else ("N", "", ""),
        approval_addresses=addresses_in_approval_lines(message) if mentions and index < 0 else frozenset(),
    )


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
