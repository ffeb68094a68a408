"""Finding and reading the records under meetings/<date>/: meeting records, decisions, and who chaired them."""

from __future__ import annotations

import datetime as dt
import functools
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from generator.commands.check_cache import CheckCache
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.earlier import parse_decision_path
from generator.domain.decisions.model import Decision, MeetingRecord, Response
from generator.domain.decisions.outside import parse_outside_path
from generator.domain.decisions.quorum import has_quorum_rule, item_quorum
from generator.domain.decisions.reader import MEETING_FILE, RecordReader, Records
from generator.domain.forums import ForumAnswer, ForumAnswerReader
from generator.domain.history import History
from generator.domain.meetingday import folder_meeting
from generator.domain.notices.log import LOG_FILE, MAX_LOG_BYTES, NoticeLogReader, SentNotice
from generator.domain.reconsideration import Reconsideration, ReconsiderationReader
from generator.domain.schema_parts import loose_funding
from generator.domain.signoff.finality import (
    Finality,
    barred,
    finality,
    outside_finality,
    recommendation,
    response_finality,
)
from generator.io import files, sources, tree
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.tree import DECISION_MAKER, DECISIONS, MEETINGS, OUTSIDE


def meeting_folders(root: Path) -> list[Path]:
    """Every meetings/<something>/ folder (a real folder, not a link to one), in name order."""
    return tree.meeting_folders(root)


def decision_files(folder: Path) -> list[Path]:
    """Every decision file (a regular file) of one meeting folder."""
    return tree.markdown_files(folder / DECISIONS)


Read = TypeVar("Read")
RECORD_TABLES = ("meeting", "decision", "response", "outside")
"""The check cache's tables of record files (beside "read", the referrals): what reading each found."""


def _through(
    cache: CheckCache | None, table: str, path: Path, display: str, root: Path, read: Callable[[], Read]
) -> Read:
    """What `read` finds in one record file: from the cache while the file's content is unchanged, else read."""
    if cache is None:
        return read()
    entry, digest = cache.lookup(path, display, root, table)
    if entry is not None:
        return entry  # type: ignore[no-any-return]
    found = read()
    if digest is not None:
        cache.store(path, display, digest, found, table)
    return found


def read_records(root: Path, config: PanelConfig, cache: CheckCache | None = None) -> Records:
    """Read every record under meetings/; with `cache`, what reading each file found is kept and reused."""
    reader = RecordReader(config)
    records = Records()
    area_ids = [a.id for a in config.areas]
    seen: dict[str, set[str]] = {table: set() for table in RECORD_TABLES}

    def through(table: str, path: Path, read: Callable[[], Read]) -> Read:
        display = path.relative_to(root).as_posix()
        seen[table].add(display)
        return _through(cache, table, path, display, root, read)

    for folder in meeting_folders(root):
        display = folder.relative_to(root).as_posix()
        if folder.name == OUTSIDE:
            for path in tree.markdown_files(folder):
                decision, problems = through(
                    "outside", path, functools.partial(reader.read_outside, path, path.relative_to(root).as_posix())
                )
                records.diagnostics.extend(problems)
                if decision:
                    records.decisions.append(decision)
            continue
        day, wrong, fix = folder_meeting(folder.name, area_ids)
        if day is None:
            records.diagnostics.append(Diagnostic(display, 1, 1, "meeting-folder", wrong, Severity.ERROR, fix))
            continue
        if _is_regular(folder / MEETING_FILE):
            path = folder / MEETING_FILE
            meeting, problems = through(
                "meeting", path, functools.partial(reader.read_meeting, path, f"{display}/{MEETING_FILE}", day)
            )
            records.diagnostics.extend(problems)
            if meeting:
                records.meetings.append(meeting)
        for path in decision_files(folder):
            decision, problems = through(
                "decision", path, functools.partial(reader.read_decision, path, path.relative_to(root).as_posix(), day)
            )
            records.diagnostics.extend(problems)
            if decision:
                records.decisions.append(decision)
        for path in tree.markdown_files(folder / DECISION_MAKER):
            response, problems = through(
                "response", path, functools.partial(reader.read_response, path, path.relative_to(root).as_posix(), day)
            )
            records.diagnostics.extend(problems)
            if response:
                records.responses.append(response)
    if cache is not None:
        for table, displays in seen.items():
            cache.keep_only(table, displays)
    return records


def read_reconsiderations(root: Path, config: PanelConfig) -> tuple[list[Reconsideration], list[Diagnostic]]:
    """Every request to reconsider a decision (meetings/<date>/reconsiderations/*.md), and their problems."""
    reader = ReconsiderationReader(config)
    found: list[Reconsideration] = []
    problems: list[Diagnostic] = []
    for folder in meeting_folders(root):
        day = meeting_of_folder(folder, config)
        if day is None:
            continue  # read_records reports it
        for path in tree.markdown_files(folder / tree.RECONSIDERATIONS):
            request, wrong = reader.read(path, path.relative_to(root).as_posix(), day)
            problems.extend(wrong)
            if request is not None:
                found.append(request)
    return found, problems


def read_forum_answers(root: Path, config: PanelConfig) -> tuple[list[ForumAnswer], list[Diagnostic]]:
    """Every forum's answer on a referred case (meetings/<date>/forum/*.md), and their problems."""
    reader = ForumAnswerReader(config)
    found: list[ForumAnswer] = []
    problems: list[Diagnostic] = []
    for folder in meeting_folders(root):
        day = meeting_of_folder(folder, config)
        if day is None:
            continue  # read_records reports it
        for path in tree.markdown_files(folder / tree.FORUM):
            answer, wrong = reader.read(path, path.relative_to(root).as_posix(), day)
            problems.extend(wrong)
            if answer is not None:
                found.append(answer)
    return found, problems


def meeting_of_folder(folder: Path, config: PanelConfig) -> dt.date | None:
    """The meeting a folder under meetings/ is for (a MeetingDay in a panel with areas); None when it is none."""
    return folder_meeting(folder.name, [a.id for a in config.areas])[0]


def read_notice_logs(root: Path, config: PanelConfig) -> tuple[list[SentNotice], list[Diagnostic]]:
    """Every meeting's notices.yml (and meetings/outside/'s): the decision notices recorded as sent, and the problems
    found reading them."""
    sent: list[SentNotice] = []
    problems: list[Diagnostic] = []
    for folder in meeting_folders(root):
        if meeting_of_folder(folder, config) is not None or folder.name == OUTSIDE:
            found, wrong = read_notice_log(root, folder)
            sent.extend(found)
            problems.extend(wrong)
    return sent, problems


def read_notice_log(root: Path, folder: Path) -> tuple[list[SentNotice], list[Diagnostic]]:
    """The decision notices recorded as sent in a meeting folder's notices.yml (none when there is no such file)."""
    path = folder / LOG_FILE
    display = path.relative_to(root).as_posix()
    if files.entry_mode(path) is None:
        return [], []
    try:
        text = files.read_regular(path, limit=MAX_LOG_BYTES, root=root).decode("utf-8")
    except files.FileRefused as exc:
        return [], [Diagnostic(display, 1, 1, exc.code, exc.message, Severity.ERROR, exc.hint)]
    except UnicodeDecodeError:
        return [], [Diagnostic(display, 1, 1, "encoding", "the file is not UTF-8 text", hint="restore it from git")]
    sent, problems = NoticeLogReader().read_text(text, display)
    prefix = f"{folder.relative_to(root).as_posix()}/"
    stray = [s for s in sent if not s.decision.startswith(prefix)]
    if stray:
        message = f"records a notice about {stray[0].decision}, which is not a decision of this meeting"
        hint = "restore the file from git: panel notify writes it, naming only this meeting's decisions"
        return [], [*problems, Diagnostic(display, 1, 1, "notice-log", message, Severity.ERROR, hint)]
    return sent, problems


def read_reviewed(root: Path, config: PanelConfig, path: str) -> tuple[Decision | None, list[Diagnostic]]:
    """The decision record at `path` (relative to root), read and checked like `panel check` does.

    Returns None with no problems when the file does not exist (the caller says where it was named).
    """
    named = parse_decision_path(path)
    if named is None:
        return None, []
    file = root / path
    if not _is_regular(file):
        return None, []
    if parse_outside_path(path) is not None:
        return RecordReader(config).read_outside(file, path)
    return RecordReader(config).read_decision(file, path, named[0])


def inquorate_day(root: Path, config: PanelConfig, path: str) -> dt.date | None:
    """The meeting day of the decision at `path` when that meeting's record leaves its item without a quorum
    (the decision is provisional until a quorate meeting confirms it), else None."""
    named = parse_decision_path(path)
    if named is None or parse_outside_path(path) is not None or not has_quorum_rule(config):
        return None
    day, referral_id = named
    meeting = _meeting_at(root, RecordReader(config), day)
    if meeting is None or item_quorum(config, meeting, referral_id).quorate:
        return None
    return day


def _chair_in(root: Path, path: str) -> str | None:
    file = root / path
    try:
        found = file.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None  # only regular files: never a symlink, FIFO or device
    return _read_chair(str(file), path, found.st_mtime_ns, found.st_size)


@functools.lru_cache(maxsize=4096)
def _read_chair(file: str, path: str, mtime: int, size: int) -> str | None:
    """The front matter's `chair` (cached per file version: a meeting record serves all its decisions)."""
    try:
        with open(file, "rb") as handle:
            head = handle.read(sources.MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if b"chair:" not in head:
        return None  # most decisions name no chair of their own: skip parsing them
    found, _ = sources.read_markdown(Path(file), path)
    chair = found.data.get("chair") if found is not None else None
    return chair if isinstance(chair, str) and chair else None


def recorded_chair(root: Path, decision_path: str) -> str | None:
    """Who chaired the decision at `decision_path`, from its file, else from its meeting's record."""
    meeting_path = (PurePosixPath(decision_path).parent.parent / "meeting.md").as_posix()
    return _chair_in(root, decision_path) or _chair_in(root, meeting_path)


def recorded_funding(root: Path, decision_path: str) -> tuple[bool, tuple[tuple[str, float], ...], bool]:
    """Whether the decision file approves a cost, its own split (approved.funding), and partner_share_pending."""
    file = root / decision_path
    mode = files.entry_mode(file)
    if mode is None or not stat.S_ISREG(mode):
        return False, (), False
    found, _ = sources.read_markdown(file, decision_path)
    return funding_in(found.data if found is not None else {})


def funding_in(data: dict[str, object]) -> tuple[bool, tuple[tuple[str, float], ...], bool]:
    """`recorded_funding` from a decision's front matter already read."""
    pending = data.get("partner_share_pending") is True
    approved = data.get("approved")
    if not isinstance(approved, dict):
        return False, (), pending
    split = loose_funding(approved)
    return True, split, pending


def referral_decisions(
    root: Path,
    referral_id: str,
    history: History,
    config: PanelConfig,
    referral_funding: tuple[tuple[str, float], ...] = (),
    kind: str = "",
    records: RecordFiles | None = None,
) -> list[tuple[str, Finality]]:
    """Each decision file of the referral on main with its finality, oldest meeting first (for `panel status`).

    A decision that approves a cost split with a partner funder needs its agreement (see signoff.finality);
    `referral_funding` is the referral's requested split, which a decision without its own follows. A decision the
    panel recommends to a decision maker (the referral's type `kind` says who) is final only when theirs stands.
    `records` reads each file once across the referrals of one run (a build's pages, a status listing).
    """
    records = records if records is not None else RecordFiles(root, config)
    dated = []
    for path in history.decision_files(referral_id):
        named = parse_decision_path(path)
        if named is not None:
            dated.append((path, named[0]))
    decisions = {path: records.decision(path, day) for path, day in dated}
    known = [d for d in decisions.values() if d is not None]
    found = []
    for path, day in dated:
        decision = decisions[path]
        if parse_outside_path(path) is not None:
            # Made outside a meeting: it stands when who made it, holding a role the route allows, approved it.
            found.append((path, outside_finality(decision, history, config) if decision else _unreadable(path)))
            continue
        if decision is None:
            chair, meeting, stopped = recorded_chair(root, path), None, None
            approves, split, pending = recorded_funding(root, path)
        else:  # its file as read: the same answers without reading it again
            own = decision.data.get("chair")
            chair = own if isinstance(own, str) and own else _chair_in(root, _meeting_path(day))
            meeting = records.meeting(day)
            stopped = barred(config, decision, meeting, chair, known)
            approves, split, pending = funding_in(decision.data)
        partners = config.partners(split or referral_funding) if approves else ()
        standing = stopped or finality(path, history, config, chair, day, partners, pending)
        if decision is not None and not stopped:
            answered = _answer_at(root, records.reader, history, config, referral_id, day)
            standing = recommendation(config, decision, kind, standing, answered)
        found.append((path, standing))
    return found


class RecordFiles:
    """The meeting records and decisions of the working tree, each read at most once in one run.

    Only for the length of one command (a build's pages, a status listing): never kept between runs, so a file
    changed later is read again by the next run.
    """

    def __init__(self, root: Path, config: PanelConfig, known: Records | None = None) -> None:
        self.root = root
        self.reader = RecordReader(config)
        self._decisions: dict[str, Decision | None] = {}
        self._meetings: dict[dt.date, MeetingRecord | None] = {}
        if known is not None:
            # What read_records already read in this run, with this panel.yml: the same objects a read would give.
            self._decisions.update((d.path, d) for d in known.decisions)
            self._meetings.update((m.date, m) for m in known.meetings if m.path == _meeting_path(m.date))

    def decision(self, path: str, day: dt.date) -> Decision | None:
        """The decision at `path` (a meeting's, or one made outside a meeting), if readable."""
        if path not in self._decisions:
            self._decisions[path] = _decision_at(self.root, self.reader, path, day)
        return self._decisions[path]

    def meeting(self, day: dt.date) -> MeetingRecord | None:
        """The record of the meeting on `day`, if it is a readable regular file."""
        if day not in self._meetings:
            self._meetings[day] = _meeting_at(self.root, self.reader, day)
        return self._meetings[day]


def _meeting_path(day: dt.date) -> str:
    return f"{MEETINGS}/{day.isoformat()}/{MEETING_FILE}"


def _answer_at(
    root: Path, reader: RecordReader, history: History, config: PanelConfig, referral_id: str, day: dt.date
) -> list[tuple[Response, Finality]]:
    """The decision maker's decision on the recommendation of `day` in the working tree, with its standing."""
    answer = f"{MEETINGS}/{day}/{DECISION_MAKER}/{referral_id}.md"
    if not _is_regular(root / answer):
        return []
    response, _ = reader.read_response(root / answer, answer, day)
    return [] if response is None else [(response, response_finality(response, history, config))]


def _decision_at(root: Path, reader: RecordReader, path: str, day: dt.date) -> Decision | None:
    """The decision at `path` in the working tree (a meeting's, or one made outside a meeting), if readable."""
    file = root / path
    if not _is_regular(file):
        return None
    if parse_outside_path(path) is not None:
        return reader.read_outside(file, path)[0]
    return reader.read_decision(file, path, day)[0]


def _unreadable(path: str) -> Finality:
    return Finality(False, reason=f"{path} cannot be read: run panel check")


def _meeting_at(root: Path, reader: RecordReader, day: dt.date) -> MeetingRecord | None:
    """The record of the meeting on `day` in the working tree, if it is a readable regular file."""
    file = root / "meetings" / day.isoformat() / MEETING_FILE
    if not _is_regular(file):
        return None
    return reader.read_meeting(file, f"meetings/{day.isoformat()}/{MEETING_FILE}", day)[0]


def _is_regular(path: Path) -> bool:
    mode = files.entry_mode(path)
    return mode is not None and stat.S_ISREG(mode)
