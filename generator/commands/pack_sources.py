"""Everything a pack is made from, read and checked before anything is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from generator.commands.agenda_files import agenda_path, load_agenda
from generator.commands.config import load_config
from generator.commands.documents import attachment_problems, read_documents
from generator.commands.history import read_history
from generator.commands.interests import read_register
from generator.commands.pack_readiness import acceptance_problems, readiness_problems
from generator.commands.records import meeting_folders, read_records, read_reviewed
from generator.domain.agenda import Agenda
from generator.domain.config import PanelConfig
from generator.domain.decisions import MeetingRecord
from generator.domain.decisions.reader import MEETING_FILE, RecordReader
from generator.domain.history import HistoryUnavailable
from generator.domain.interests import REGISTER, expected
from generator.domain.meetingday import area_of, meeting_day
from generator.domain.referrals import Referral, ReferralReader
from generator.domain.signoff.finality import decision_finality, funding_by_referral, is_final
from generator.io import files, sources
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity
from generator.io.tree import MEETINGS, SUBMISSIONS
from generator.rendering.pack.model import EarlierDecision, PackItem, PackSources
from generator.rendering.pack.pandoc import PackBuildError


def referral_path(root: Path, referral_id: str) -> Path:
    """Where a referral lives."""
    return root / SUBMISSIONS / f"{referral_id}.md"


def read_sources(root: Path, meeting: dt.date, today: dt.date) -> PackSources:
    """Read panel.yml, the meeting's agenda and every referral on it; raise ProblemsFound naming each bad file.

    Refuses (each problem at file:line) an agenda item whose referral now fails `panel check` or whose
    sign-off has gone stale since the agenda was written, unless the chair's acceptance is recorded on
    the item; and an item whose `review_of` names a decision record that is missing or broken.
    """
    config = load_config(root).at(meeting)  # the pack is made under the terms in force on the meeting's day
    agenda = load_agenda(root, meeting)
    display = agenda_path(root, meeting).relative_to(root).as_posix()
    reader = ReferralReader(config, today)
    problems = Diagnostics()
    items: list[PackItem] = []
    paths = ["panel.yml", display]
    failing: dict[str, list[Diagnostic]] = {}
    for index, item in enumerate(agenda.items):
        earlier = _earlier(root, config, agenda, index, display, problems) if item.review_of else None
        if earlier is not None:
            paths.append(earlier.path)
        if not item.referral:
            items.append(PackItem(item))
            continue
        referral, errors = _read_referral(root, reader, item.referral, problems)
        if errors:
            failing[item.referral] = errors
        paths.append(f"{SUBMISSIONS}/{item.referral}.md")
        items.append(PackItem(item, referral, earlier))
    if any(entry.earlier for entry in items):
        items = _with_history(root, config, reader, items, meeting)
    register = read_register(root, config)
    problems.extend(register.problems)  # a copy must never reach a member with an interest the pack cannot see
    problems.extend(acceptance_problems(config, agenda, display))
    heard_referrals = [i.referral for i in items if i.referral is not None]
    problems.extend(attachment_problems(root, config, heard_referrals, orphans=False))
    if not problems:
        problems.extend(readiness_problems(root, config, agenda, display, items, failing))
    previous = _previous_meeting(root, config, meeting, problems) if config.agenda.previous_minutes else None
    if problems:
        raise ProblemsFound(problems)
    declared = _declared(root, config, meeting, problems)
    if problems:
        raise ProblemsFound(problems)
    if (root / MEETINGS / meeting.isoformat() / "meeting.md").is_file():
        # It names the chair on the cover, and its declarations leave items out of named copies.
        paths.append(f"{MEETINGS}/{meeting.isoformat()}/meeting.md")
    if previous is not None:
        paths.append(previous.path)
    if register.interests:
        paths.append(REGISTER)
    heard = [i.referral for i in items if i.referral is not None]
    due = tuple(expected(register.interests, heard, meeting))
    attached = {}
    for entry in items:
        if entry.referral is not None and entry.referral.attachments:
            attached[entry.referral.id] = tuple(read_documents(root, config, entry.referral))
            paths += [f"{SUBMISSIONS}/{entry.referral.id}/{d.attachment.file}" for d in attached[entry.referral.id]]
    return PackSources(
        root,
        config,
        agenda,
        items,
        paths,
        meeting_chair(root, meeting),
        previous=previous,
        expected=due,
        declared=declared,
        documents=attached,
    )


def _declared(root: Path, config: PanelConfig, meeting: dt.date, problems: Diagnostics) -> tuple[tuple[str, str], ...]:
    """(member, referral) for each interest declared in the meeting's record (meeting.md), if it has one.

    A record that cannot be read is a problem: a named copy must never reach a member with an interest it cannot see.
    """
    display = f"{MEETINGS}/{meeting.isoformat()}/{MEETING_FILE}"
    path = root / display
    mode = files.entry_mode(path)
    if mode is None:
        return ()
    record, found = RecordReader(config).read_meeting(path, display, meeting)
    errors = [d for d in found if d.severity is Severity.ERROR]
    problems.extend(errors)
    if record is None or errors:
        return ()
    return tuple((d.member, d.item) for d in record.declarations)


def _previous_meeting(root: Path, config: PanelConfig, meeting: dt.date, problems: Diagnostics) -> MeetingRecord | None:
    """The record of the latest meeting before `meeting` (agenda.previous_minutes); its problems refuse the pack."""
    earlier = []
    for folder in meeting_folders(root):
        day = meeting_day(folder.name)
        if day is None or area_of(day) != area_of(meeting):
            continue  # not a meeting, or another area's: each area's minutes follow its own
        if day < meeting and (folder / MEETING_FILE).is_file():
            earlier.append((day, folder))
    if not earlier:
        return None
    day, folder = max(earlier)
    display = f"{MEETINGS}/{folder.name}/{MEETING_FILE}"
    record, found = RecordReader(config).read_meeting(folder / MEETING_FILE, display, day)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if record is None or errors:
        problems.extend(errors)
        problems.add(
            display,
            1,
            1,
            "previous-minutes",
            f"the previous meeting's record {display} cannot be printed in the pack (see above)",
            hint="fix it (panel check shows every problem): agenda.previous_minutes prints its minutes in this pack",
        )
        return None
    return record


def _earlier(
    root: Path, config: PanelConfig, agenda: Agenda, index: int, display: str, problems: Diagnostics
) -> EarlierDecision | None:
    item = agenda.items[index]
    assert item.review_of is not None
    decision, found = read_reviewed(root, config, item.review_of)
    if decision is not None and not any(d.severity is Severity.ERROR for d in found):
        return EarlierDecision(item.review_of, decision)
    problems.extend(d for d in found if d.severity is Severity.ERROR)
    mark = agenda.source.mark(("items", index, "review_of"))
    what = "cannot be read (see above)" if found else "does not exist"
    problems.add(
        display,
        mark.line,
        mark.column,
        "review-decision-missing",
        f"item {item.number} reviews the decision {item.review_of}, which {what}",
        hint="restore or fix the decision record, or rebuild the agenda (panel agenda MEETING)",
    )
    return None


CASE_CHAIN_MAX = 50
"""How many referrals back a case's `review_of` links are followed for its history."""


def _case_referrals(root: Path, reader: ReferralReader, start: set[str]) -> dict[str, Referral | None]:
    """`start` and every referral its `review_of` links lead back to, each as read (bounded; read like panel check)."""
    found: dict[str, Referral | None] = dict.fromkeys(start)
    todo = list(start)
    while todo and len(found) < CASE_CHAIN_MAX:
        path = referral_path(root, todo.pop())
        if files.entry_mode(path) is None:
            continue
        referral, _ = reader.read(path, path.relative_to(root).as_posix())
        if referral is not None:
            found[referral.id] = referral
        earlier = referral.review_of if referral is not None else None
        if earlier and earlier not in found:
            found[earlier] = None
            todo.append(earlier)
    return found


def _with_history(
    root: Path, config: PanelConfig, reader: ReferralReader, items: list[PackItem], meeting: dt.date
) -> list[PackItem]:
    """Each review item with every final decision recorded on its case before the meeting, oldest first.

    A draft (not yet made final by the chair, or awaiting a partner's agreement) is not a decision of the
    panel, so it is left out of the case's history as the registers leave it out.
    """
    records = read_records(root, config)
    decisions = [d for d in records.decisions if d.meeting < meeting]
    cases: list[dict[str, Referral | None]] = []
    for entry in items:
        start = set()
        if entry.earlier is not None:
            start = {entry.earlier.referral} | ({entry.referral.id} if entry.referral else set())
            if entry.referral is not None and entry.referral.review_of:
                start.add(entry.referral.review_of)
        cases.append(_case_referrals(root, reader, start) if start else {})
    wanted = [d for d in decisions if any(d.referral in case for case in cases)]
    referrals = [r for case in cases for r in case.values() if r is not None]
    try:
        history = read_history(root, config)
    except HistoryUnavailable as exc:
        raise PackBuildError(f"{exc.message}; {exc.hint}") from exc
    standing = decision_finality(wanted, records.meetings, history, config, funding_by_referral(referrals))
    found = []
    for entry, case in zip(items, cases, strict=True):
        if entry.earlier is None:
            found.append(entry)
            continue
        final = (d for d in wanted if d.referral in case and is_final(d, standing))
        history_of = tuple(sorted(final, key=lambda d: (d.meeting, d.referral)))
        found.append(replace(entry, earlier=replace(entry.earlier, history=history_of)))
    return found


def meeting_chair(root: Path, meeting: dt.date) -> str | None:
    """The chair named in meetings/<date>/meeting.md, if there is a readable one."""
    display = f"{MEETINGS}/{meeting.isoformat()}/meeting.md"
    path = root / display
    if not path.is_file():
        return None
    found, _ = sources.read_markdown(path, display)
    chair = found.data.get("chair") if found is not None else None
    return chair if isinstance(chair, str) and chair.strip() else None


def _read_referral(
    root: Path, reader: ReferralReader, referral_id: str, problems: Diagnostics
) -> tuple[Referral | None, list[Diagnostic]]:
    """The referral and the errors `panel check` finds in it; unreadable or missing ones are problems now."""
    path = referral_path(root, referral_id)
    display = path.relative_to(root).as_posix()
    if files.entry_mode(path) is None:
        problems.add(
            display,
            1,
            1,
            "referral-missing",
            f"the agenda lists {referral_id} but {display} does not exist",
            hint="restore the referral or rebuild the agenda (panel agenda MEETING)",
        )
        return None, []
    referral, found = reader.read(path, display)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if referral is None:
        problems.extend(errors)
        problems.add(
            display,
            1,
            1,
            "referral-unreadable",
            f"{referral_id} cannot be laid out in the pack (see above)",
            hint=f"fix {display} (panel check shows every problem) and build again",
        )
    return referral, errors
