"""What may be in submissions/ and meetings/: every entry is looked at itself (links are never followed).

`panel check` reports, each at its path with a fix: symbolic links (even ones pointing inside the repository),
named pipes, devices and sockets; folders where files belong; files nothing reads; and attachments that are not
what their names say. The readers list only the regular files this scan accepts.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.io import attachments, documents, files
from generator.io.diagnostics import Diagnostic, Severity

SUBMISSIONS = "submissions"
MEETINGS = "meetings"
DECISIONS = "decisions"
OUTSIDE = "outside"
"""meetings/outside/<date>-<id>.md: decisions made outside a meeting, each ratified at the next one."""
DECISION_MAKER = "decision-maker"
"""meetings/<date>/decision-maker/<id>.md: a decision maker's decision on the panel's recommendation."""
RECONSIDERATIONS = "reconsiderations"
FORUM = "forum"
"""meetings/<date>/forum/<id>.md: a multi-agency forum's answer on a case that meeting referred to it."""
NOTICE_LOG = "notices.yml"
"""What `panel notify` records it sent, in a meeting's folder and in meetings/outside/."""
RECORD_FILES = ("meeting.md", "agenda.md", NOTICE_LOG)
_MEETING = re.compile(r"\d{4}-\d{2}-\d{2}(-[a-z][a-z0-9-]{0,19})?")
"""A meeting's folder: its date, and in a panel with areas its area (whether that area is one of panel.yml's, and
the date a real one, the meeting records reader says)."""
_ANYWHERE = {"readme.md", ".gitkeep"}
"""Names allowed in every folder scanned: notes for people, and git's placeholder for an empty folder."""


def entries(folder: Path) -> list[tuple[str, int]]:
    """(name, type of the entry itself as a mode) for each entry of `folder`, in name order; [] unless it is a real
    folder."""
    mode = files.entry_mode(folder)
    if mode is None or not stat.S_ISDIR(mode):
        return []
    found = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                try:
                    found.append((entry.name, _kind(entry)))
                except OSError:
                    continue  # gone since it was listed
    except OSError:
        return []
    return sorted(found)


def _kind(entry: os.DirEntry[str]) -> int:
    """The entry's type as a mode, from the listing itself where it says (no stat for each of 10,000 files)."""
    if entry.is_symlink():
        return stat.S_IFLNK
    if entry.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    if entry.is_file(follow_symlinks=False):
        return stat.S_IFREG
    return entry.stat(follow_symlinks=False).st_mode  # a pipe, a socket, a device: which one, for the message


def markdown_files(folder: Path) -> list[Path]:
    """The regular *.md files of a real folder (not README.md), in name order: what the readers read."""
    return [
        folder / name
        for name, mode in entries(folder)
        if stat.S_ISREG(mode) and name.endswith(".md") and name.lower() != "readme.md"
    ]


def meeting_folders(root: Path) -> list[Path]:
    """Every real folder directly under meetings/ (a symbolic link to a folder is not one), in name order."""
    folder = root / MEETINGS
    return [folder / name for name, mode in entries(folder) if stat.S_ISDIR(mode)]


def layout_problems(root: Path, limits: documents.Limits) -> list[Diagnostic]:
    """Every entry under submissions/ and meetings/ that is not a regular file or folder where one belongs, and every
    meeting paper that is not what its name says or is over `limits`."""
    return list(_submissions(root)) + list(_meetings(root, limits))


def _error(path: str, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, code, message, Severity.ERROR, hint)


def _not_regular(path: str, mode: int) -> Diagnostic:
    code = "file-symlink" if stat.S_ISLNK(mode) else "file-not-regular"
    return _error(path, code, f"is {files.kind(mode)}, not a regular file", files.refusal_hint(mode))


def _top(root: Path, name: str) -> Iterator[Diagnostic]:
    mode = files.entry_mode(root / name)
    if mode is not None and not stat.S_ISDIR(mode):
        code = "file-symlink" if stat.S_ISLNK(mode) else "file-not-regular"
        hint = "make it a real folder in the repository" + (" (not a link to one)" if stat.S_ISLNK(mode) else "")
        yield _error(f"{name}/", code, f"is {files.kind(mode)}, not a folder", hint)


def _submissions(root: Path) -> Iterator[Diagnostic]:
    yield from _top(root, SUBMISSIONS)
    yield from _records(root, SUBMISSIONS, "referral", _MOVE, documents=True)


def _records(
    root: Path, folder: str, record: str, hint: str, *, documents: bool = False, also: tuple[str, ...] = ()
) -> Iterator[Diagnostic]:
    """A folder of `record` files (<id>.md: submissions/, decisions/), and the regular files `also` names: any other
    entry is reported.

    With `documents`, a folder <id>/ holds a referral's documents: its contents are checked against the referral
    (generator.commands.documents), not here.
    """
    for name, mode in entries(root / folder):
        path = f"{folder}/{name}"
        if name in also and stat.S_ISREG(mode):
            continue
        if documents and stat.S_ISDIR(mode) and not name.endswith(".md"):
            continue
        if stat.S_ISDIR(mode) and not name.endswith(".md"):
            message = f"is a folder; {Path(folder).name}/ holds only {record} files"
            yield _error(path, "unexpected-folder", message, hint)
        elif not stat.S_ISREG(mode):
            yield _not_regular(path, mode)
        elif not name.endswith(".md") and name.lower() not in _ANYWHERE:
            yield _error(path, "unexpected-file", f"is not a {record} (a .md file) and nothing reads it", hint)


_MOVE = "remove it or move it out of the panel's folders; keep supporting documents in the case record"


def _meetings(root: Path, limits: documents.Limits) -> Iterator[Diagnostic]:
    yield from _top(root, MEETINGS)
    for name, mode in entries(root / MEETINGS):
        path = f"{MEETINGS}/{name}"
        if stat.S_ISDIR(mode):
            if _MEETING.fullmatch(name):
                yield from _meeting(root, path, limits)
            elif name == OUTSIDE:
                yield from _records(root, path, "decision", _DECISION, also=(NOTICE_LOG,))
            # a folder not named by a meeting is reported by the meeting records reader
        elif not stat.S_ISREG(mode):
            yield _not_regular(path, mode)
        elif name.lower() not in _ANYWHERE:
            yield _error(path, "unexpected-file", "is not in a meeting's folder and nothing reads it", _MEETING_HINT)


_MEETING_HINT = "put a meeting's files in meetings/<date>/ (meeting.md, agenda.md, decisions/, PDF/DOCX/ODT papers)"


def _meeting(root: Path, folder: str, limits: documents.Limits) -> Iterator[Diagnostic]:
    for name, mode in entries(root / folder):
        path = f"{folder}/{name}"
        if name in (DECISIONS, DECISION_MAKER, RECONSIDERATIONS, FORUM) and stat.S_ISDIR(mode):
            yield from _records(root, path, "decision", _DECISION)
        elif stat.S_ISDIR(mode) and name not in RECORD_FILES and not attachments.is_attachment_name(name):
            yield _error(path, "unexpected-folder", "is a folder nothing reads", _MEETING_HINT)
        elif not stat.S_ISREG(mode):
            yield _not_regular(path, mode)
        elif name in RECORD_FILES or name.lower() in _ANYWHERE:
            continue
        elif attachments.is_attachment_name(name):
            try:
                attachments.check_attachment(root / path, root, limits)
            except files.FileRefused as refused:
                yield _error(path, refused.code, refused.message, refused.hint or _MEETING_HINT)
        else:
            suffix = Path(name).suffix or "(none)"
            allowed = ", ".join(attachments.ATTACHMENT_TYPES)
            yield _error(
                path,
                "unexpected-file",
                f"is not a meeting record, agenda or allowed attachment ({allowed}); type {suffix} is not published",
                "convert papers to PDF (or DOCX/ODT) before adding them; remove anything else",
            )


_DECISION = "decisions/ holds one <referral-id>.md per decision (panel decide writes them); remove anything else"
