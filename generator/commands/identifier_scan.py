"""`panel check`'s identifier scan: direct identifiers outside the fields meant for them.

Free text is every line of a referral, meeting record, agenda or decision (front matter and body) except the
values of the fields meant for identifiers (`case_id`, `email`); on a branch, also the commit messages since the
target (or `--base`), the branch's name, and every file name. A file is read once more; one simple precompiled
pattern flags the few lines that might hold an identifier, and an identifier that is the whole value of an
identifier field (`email: ...` in the front matter) is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.commands.check_cache import CheckCache
from generator.commands.history import run_git
from generator.domain.config.model import PanelConfig
from generator.domain.history.errors import HistoryUnavailable
from generator.domain.history.gitlog import new_marks
from generator.domain.identifiers import CHILD_NAME_CODE, WHAT, Found, IdentifierRules
from generator.domain.referrals import Referral
from generator.io import files, sources, tree
from generator.io.diagnostics import Diagnostic, Severity

IDENTIFIER_FIELDS = ("case_id", "email")
"""Front-matter fields meant for an identifier: their values are where identifiers belong."""
_FIELD_BEFORE = re.compile(rf"(?:^|[\s{{,]|- )(?:{'|'.join(IDENTIFIER_FIELDS)})[ \t]*:[ \t]*['\"]?\Z", re.M)
"""What stands before an identifier that is the whole value of an identifier field (block or flow style)."""
MAX_COMMITS = 1000
"""A merge request's own commits; more than this and only the newest are read."""
BRANCH_VARIABLES = ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "GITHUB_HEAD_REF", "CI_COMMIT_BRANCH")
"""Where CI says the branch's name when it checked out a commit rather than the branch."""

_FIX_TEXT = (
    "remove it: refer to the child by the case id (or the referral id) and keep contact details and other "
    "identifiers in the case record and the referral's own fields (children, worker), not in free text"
)
_FIX_NAME = "use the case id or the referral id instead of the child's name"


class IdentifierScan:
    """One scan of one repository: the panel's rules and the severity panel.yml asks for."""

    def __init__(
        self, root: Path, config: PanelConfig, referrals: Iterable[Referral], cache: CheckCache | None = None
    ) -> None:
        self.root = root
        self.cache = cache
        names = sorted({c.name for r in referrals for c in r.children if c.name})
        self.scope = hashlib.sha256("\n".join(names).encode()).digest()
        plus = config.panel.email_plus_addressing
        self.rules = IdentifierRules((p.email for p in config.people), names, plus_addressing=plus)
        self.severity = Severity.ERROR if config.panel.identifier_scan == "error" else Severity.WARNING

    def _diagnostic(self, path: str, line: int, column: int, found: Found, where: str, hint: str) -> Diagnostic:
        return Diagnostic(
            path,
            line,
            column,
            found.code,
            f"{WHAT[found.code]} ({found.shown}) in {where}: identifiers belong only in the fields meant for them",
            self.severity,
            hint,
        )

    def record_files(self) -> list[Path]:
        """Every referral, meeting record, agenda, decision, decision maker's and outside-a-meeting decision file."""
        found = tree.markdown_files(self.root / tree.SUBMISSIONS)
        for folder in tree.meeting_folders(self.root):
            found += tree.markdown_files(folder) + tree.markdown_files(folder / tree.DECISIONS)
            found += tree.markdown_files(folder / tree.DECISION_MAKER)
        return found

    def scan_files(self, only: set[str] | None = None) -> Iterator[Diagnostic]:
        """Identifiers in the free text of every record file (with `only`, of just those of them)."""
        paths = self.record_files()
        displays = [_display(path, self.root) for path in paths]
        if self.cache is not None and only is None:
            self.cache.keep_only("scan", set(displays))
        for path, display in zip(paths, displays, strict=True):
            if only is not None and display not in only:
                continue
            if self.cache is None:
                yield from self._scan_file(path, display)
                continue
            kept, digest = self.cache.lookup(path, display, self.root, "scan", self.scope)
            if kept is None:
                kept = list(self._scan_file(path, display))
                if digest is not None:
                    self.cache.store(path, display, digest, kept, "scan", self.scope)
            yield from kept

    def _scan_file(self, path: Path, display: str) -> Iterator[Diagnostic]:
        try:
            raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=self.root)
        except files.FileRefused:
            return  # the reader reports it
        text, error = sources.decode(raw)
        if error is None:
            yield from self.scan_text(text, display)

    def scan_text(self, text: str, display: str) -> Iterator[Diagnostic]:
        """Identifiers in one record's text, leaving out the values of the identifier fields."""
        front_end: int | None = None
        for found in self.rules.find_in_text(text):
            offset = found.column - 1
            line_start = text.rfind("\n", 0, offset) + 1
            if front_end is None:
                front_end = _front_matter_end(text)
            if offset < front_end and _FIELD_BEFORE.search(text, line_start, offset):
                continue
            line = text.count("\n", 0, offset) + 1
            yield self._diagnostic(display, line, offset - line_start + 1, found, "free text", _FIX_TEXT)

    def scan_names(self, paths: Iterable[str]) -> Iterator[Diagnostic]:
        """Identifiers and children's full names in file names."""
        for path in paths:
            name = path.rsplit("/", 1)[-1]
            for found in [*self.rules.find(name), *self.rules.find_names(name)]:
                where = "a file name"
                hint = f"rename the file (git mv): {_FIX_NAME if found.code == CHILD_NAME_CODE else 'leave it out'}"
                yield self._diagnostic(path, 1, 1, found, where, hint)

    def scan_branch(self, branch: str) -> Iterator[Diagnostic]:
        """Identifiers and children's full names in the branch's name."""
        for found in [*self.rules.find(branch), *self.rules.find_names(branch)]:
            hint = f"rename the branch (git branch -m NEW-NAME, push it, open the merge request again): {_FIX_NAME}"
            yield self._diagnostic(f"branch {branch}", 1, found.column, found, "the branch name", hint)

    def scan_commits(self, since: str) -> Iterator[Diagnostic]:
        """Identifiers and children's full names in the messages of the commits in `since..HEAD`."""
        record, field = new_marks()
        fmt = (record + field.join(("%H", "%B")) + field).replace("\x1e", "%x1e").replace("\x1f", "%x1f")
        result = run_git(self.root, "log", "--no-color", f"-n{MAX_COMMITS}", f"--format={fmt}", f"{since}..HEAD", "--")
        if result.returncode != 0:
            return
        for entry in result.stdout.split(record)[1:]:
            fields = entry.split(field)
            if len(fields) < 2:
                continue
            sha, message = fields[0], fields[1]
            for number, line in enumerate(message.splitlines(), start=1):
                for found in self.rules.find_in_message_line(line):
                    hint = f"reword the commit (git rebase -i {since}, 'reword'), then push again: " + (
                        _FIX_NAME if found.code == CHILD_NAME_CODE else "leave the identifier out"
                    )
                    yield self._diagnostic(f"commit {sha[:10]}", number, found.column, found, "a commit message", hint)


def _display(path: Path, root: Path) -> str:
    """`path` from the root, as shown (without pathlib's parsing for each of 10,000 files)."""
    text, top = str(path), str(root)
    if top not in (".", "/") and text.startswith(top + "/"):
        return text[len(top) + 1 :]
    return path.relative_to(root).as_posix()


def _front_matter_end(text: str) -> int:
    """The offset where the front matter's closing line starts (0 when there is none)."""
    split = sources.split_front_matter(text)
    if isinstance(split, Diagnostic):
        return 0
    return sum(len(line) + 1 for line in text.split("\n")[: split[2] - 2])


def _tracked_files(root: Path) -> list[str] | None:
    """Every file git knows in the panel's folder (tracked, or new and not ignored); None outside git."""
    try:
        listed = run_git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except HistoryUnavailable:
        return None
    if listed.returncode != 0:
        return None
    return sorted({name for name in listed.stdout.split("\0") if name})


def _panel_files(root: Path) -> list[str]:
    """Every entry under submissions/ and meetings/ (outside git)."""
    found: list[str] = []
    stack = [tree.SUBMISSIONS, tree.MEETINGS]
    while stack:
        folder = stack.pop()
        for name, mode in tree.entries(root / folder):
            found.append(f"{folder}/{name}")
            if stat.S_ISDIR(mode) and folder.count("/") < 3:
                stack.append(f"{folder}/{name}")
    return sorted(found)


def branch_name(root: Path) -> str | None:
    """The checked-out branch, or the one CI names when it checked out a commit; None when neither is known."""
    for variable in BRANCH_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        result = run_git(root, "symbolic-ref", "--short", "-q", "HEAD")
    except HistoryUnavailable:
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def identifier_diagnostics(
    root: Path,
    config: PanelConfig,
    referrals: Iterable[Referral],
    since: str | None,
    cache: CheckCache | None = None,
    only: set[str] | None = None,
) -> list[Diagnostic]:
    """Every identifier outside its place: in records, file names and, in git, the branch and its commits.

    With `only` (paths from the root), just what is found in those files and their names: the same findings as
    the whole scan's at those paths, each file's scan being its own (the children's names still come from every
    referral).
    """
    scan = IdentifierScan(root, config, referrals, cache)
    found = list(scan.scan_files(only))
    tracked = _tracked_files(root)
    names = tracked if tracked is not None else _panel_files(root)
    found += scan.scan_names(names if only is None else [name for name in names if name in only])
    if tracked is not None and only is None:
        branch = branch_name(root)
        if branch:
            found += scan.scan_branch(branch)
        if since:
            found += scan.scan_commits(since)
    return found
