"""Reading the history of `main` with git: every commit from one `git log`, what each changed from another.

Every commit reachable from `main` is read (the first-parent line, and the branch commits each
merge brought in), so that the first-parent line, the branch commits each merge brought in, and
who wrote each file on any branch are all known. What a commit changed depends only on its tree
and its first parent's tree, so each such pair is diffed once: the first-parent line's diffs come
from one `git log --first-parent` (run while the commits are parsed), and a branch commit costs
a diff only when its pair is new (`git diff-tree --stdin`, once for all of them); the usual merge
of an up-to-date branch has the same pair as its branch commit. Parsing is `domain/history/gitlog.py`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.commands.config import load_config
from generator.domain.config import PanelConfig
from generator.domain.history.errors import HistoryUnavailable, shallow_error
from generator.domain.history.gitlog import (
    NO_PAIR,
    LogCommit,
    commit_pairs,
    first_parent_line,
    log_format,
    new_marks,
    parse_records,
    to_commit,
)
from generator.domain.history.model import History
from generator.domain.history.signatures import allowed_signers
from generator.domain.history.trailers import APPROVAL_KEYS
from generator.io import files, git
from generator.io.diagnostics import Diagnostic


@dataclass(frozen=True)
class RepoInfo:
    """What the log reader needs to know before it reads."""

    prefix: str
    """The panel root's path inside the git work tree ('' at the top), with a trailing slash."""
    shallow: bool
    ref: str
    """The full name of the ref whose first-parent history is read."""


def run_git(root: Path, *args: str, input_text: str | None = None) -> git.Completed:
    """Run git in `root` (io/git.py); a missing git is HistoryUnavailable."""
    try:
        return git.run(root, *args, input_text=input_text)
    except git.GitMissing:
        raise HistoryUnavailable(
            "git is not installed", "install git (e.g. apt-get install git) and run the command again"
        ) from None


def repo_info(root: Path, branch: str) -> RepoInfo:
    """Where `root` sits in its repository and which ref holds `branch`; raises HistoryUnavailable."""
    probe = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if probe.returncode != 0:
        raise HistoryUnavailable(
            f"{root.resolve()} is not in a git repository, so approvals cannot be read",
            "run the command in a clone of the panel's repository (git clone <url>), not a copy of its files",
        )
    lines = probe.stdout.splitlines()
    shallow = lines[0].strip() == "true"
    prefix = lines[1].strip() if len(lines) > 1 else ""
    refs = run_git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{branch}", f"refs/remotes/origin/{branch}")
    found = refs.stdout.split()
    local = f"refs/heads/{branch}"
    if not found:
        raise HistoryUnavailable(
            f"there is no branch '{branch}' (nor origin/{branch}) to read approvals from",
            f"fetch it: git fetch origin {branch}:{branch}  (or set sign_off.branch in panel.yml)",
        )
    return RepoInfo(prefix=prefix, shallow=shallow, ref=local if local in found else found[0])


def read_history(root: Path, config: PanelConfig | None = None, *, allow_shallow: bool = False) -> History:
    """The history of the panel repository at `root`; raises HistoryUnavailable (with a fix hint).

    A shallow clone raises unless `allow_shallow`; then `History.is_shallow` is True and asking
    it for approvals raises, so nothing is ever reported unapproved because history is missing.
    """
    config = config or load_config(root)
    info = repo_info(root, config.sign_off.branch)
    if info.shallow and not allow_shallow:
        raise shallow_error(info.ref)
    if config.sign_off.require_signatures:
        with files.scratch_file("panel-allowed-signers-", allowed_signers(config)) as signers:
            commits = read_log(root, info.ref, info.prefix, signers_file=signers)
    else:
        commits = read_log(root, info.ref, info.prefix)
    return History.build(info.ref, info.shallow, commits, config)


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
        pairs = commit_pairs(records, line)
        diffs = {pairs[sha]: text for sha, text in line_diffs.result().items() if sha in pairs}
    missing = {pair: sha for sha, pair in reversed(pairs.items()) if pair not in diffs}
    if missing:
        diffs.update(_diff_pairs(root, ref, missing, records, marks[0]))
    position = {sha: index for index, sha in enumerate(line)}
    order = line + [sha for sha in records if sha not in position]
    return [
        to_commit(
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


def _unreadable(ref: str, stderr: str) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"git log {ref} failed: {stderr.strip() or 'no output'}",
        "check the repository is intact: git fsck; then git fetch origin",
    )


APPROVAL_IN_BRANCH_CODE = "approval-in-branch"


def approval_lines_since(root: Path, base: str) -> list[Diagnostic]:
    """`panel check --base`: an error for each approval line in the messages of `base..HEAD`; raises HistoryUnavailable.

    A merge request's own commits must not carry approval lines.
    """
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
                    APPROVAL_IN_BRANCH_CODE,
                    f"commit {sha[:10]} ({subject[:60]!r}, by {author}) carries {line.strip()[:100]!r}: approvals "
                    "are recorded by the merge or by `panel approve`, never typed into a merge request's commits",
                    hint=f"remove the line from the commit message (git rebase -i {base}, 'reword'), then push again",
                )
            )
    return found
