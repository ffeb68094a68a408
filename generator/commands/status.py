"""`panel status`: each referral's approvals from the history of main."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.history import read_history
from generator.commands.records import RecordFiles, referral_decisions
from generator.commands.repository import read_repository
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.outside import parse_outside_path, screens
from generator.domain.decisions.reader import RecordReader
from generator.domain.history import History, HistoryUnavailable
from generator.domain.registers.follow_up import Step, all_steps
from generator.domain.signoff.due_after import due_steps
from generator.domain.signoff.finality import outside_finality
from generator.domain.signoff.status import (
    CLOSED,
    SIGNED_OFF,
    ReferralLike,
    ReferralStatus,
    State,
    event_dates,
    status_of,
)
from generator.io import tree
from generator.io.tree import MEETINGS, OUTSIDE, SUBMISSIONS

R = TypeVar("R", bound=ReferralLike)


def referral_status(
    referral: ReferralLike, history: History, config: PanelConfig, root: Path, records: RecordFiles | None = None
) -> ReferralStatus:
    """The status of `referral` (its file at `referral.path`, relative to `root`) from `history`.

    Raises HistoryUnavailable for a shallow history rather than call anything unapproved. `records` reads each
    record file once across the referrals of one run.
    """
    records = records if records is not None else RecordFiles(root, config)
    decisions = referral_decisions(root, referral.id, history, config, referral.funding, referral.type, records)
    status = status_of(referral, history, config, decisions)
    if any(r.screens for r in config.outside_meetings) and (status.state not in CLOSED or status.decision):
        # A pre-meeting filter's decision is made outside a meeting; once final, the referral is screened out.
        screened = screening_of(root, config, history, referral.id, records.reader)
        if screened is not None and (status.state not in CLOSED or status.decision == screened):
            status.state, status.decision = State.SCREENED, screened
    return status


def screening_of(
    root: Path, config: PanelConfig, history: History, referral_id: str, reader: RecordReader | None = None
) -> str | None:
    """The path of the final pre-meeting filter decision that screened `referral_id` out, if there is one."""
    reader = reader if reader is not None else RecordReader(config)
    for path in tree.markdown_files(root / MEETINGS / OUTSIDE):
        display = path.relative_to(root).as_posix()
        named = parse_outside_path(display)
        if named is None or named[1] != referral_id:
            continue
        decision, _ = reader.read_outside(path, display)
        if decision is not None and screens(config, decision) and outside_finality(decision, history, config).final:
            return display
    return None


def statuses(
    referrals: list[R],
    history: History,
    config: PanelConfig,
    root: Path,
    meeting: dt.date | None = None,
    today: dt.date | None = None,
) -> list[tuple[R, ReferralStatus]]:
    """The status of each referral for `meeting`, or of every open one, in meeting then id order.

    With `today`, a signed-off referral whose meeting is before it (and not decided) is marked not heard.
    """
    chosen = [r for r in referrals if meeting is None or r.meeting == meeting]
    records = RecordFiles(root, config)
    found = [(r, referral_status(r, history, config, root, records)) for r in chosen]
    for referral, status in found:
        status.not_heard = (
            today is not None and status.state in SIGNED_OFF and referral.meeting < today and not status.draft_decisions
        )
        if today is not None:
            status.due_steps = due_steps(config, referral.type, event_dates(referral, status), today)
    if meeting is None:
        found = [(r, s) for r, s in found if s.state not in CLOSED]
    return sorted(found, key=lambda pair: (pair[0].meeting, pair[0].id))


@dataclass
class StatusReport:
    """Each referral shown with its status, and the referral files whose summary cannot be read."""

    rows: list[tuple[ReferralLike, ReferralStatus]]
    unreadable: list[str]
    config: PanelConfig | None = None
    overdue_steps: list[Step] = field(default_factory=list)
    """Follow-up steps of final decisions (panel.yml outcomes[].follow_up) past their due date, not done."""


def referral_statuses(root: Path, meeting: dt.date | None, today: dt.date) -> StatusReport:
    """The referrals for `meeting` (every open one without it) and who has approved each.

    The referrals are read as `panel check` reads them, through its cache (build/check-cache); a referral file
    that check cannot read is named as unreadable.
    """
    config = config_or_fail(root)
    meeting = checked_meeting(config, meeting) if meeting is not None else None
    read: list[History | HistoryUnavailable] = []

    def history_meanwhile() -> None:
        try:
            read.append(read_history(root, config))
        except HistoryUnavailable as exc:
            read.append(exc)

    # The history is read (git log, then parsed) while worker processes read the referrals.
    repo = read_repository(root, today, cache=True, meanwhile=history_meanwhile)
    readable = {r.path for r in repo.referrals}
    unreadable = sorted({d.path for d in repo.diagnostics.errors if d.path.startswith(f"{SUBMISSIONS}/")} - readable)
    try:
        if repo.config is None:  # panel.yml went unreadable since it was loaded: no referral was read
            history_meanwhile()
        if isinstance(read[0], HistoryUnavailable):
            raise read[0]
        history = read[0]
        rows = statuses(repo.referrals, history, config, root, meeting, today)
    except HistoryUnavailable as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    overdue: list[Step] = []
    if any(o.follow_up for o in config.outcomes):
        steps = all_steps(repo.panel_data(history))
        overdue = [s for s in steps if s.overdue(today) and (meeting is None or s.decision.meeting == meeting)]
    return StatusReport(list(rows), unreadable, config, sorted(overdue, key=lambda s: (s.due, s.decision.referral)))
