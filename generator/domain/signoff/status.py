"""A referral's status from the history of `main`: draft, awaiting a role, ready, late, withdrawn or decided."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.domain.calendar import LONDON, SIGN_OFF_NAME, StageDue, deadline_for, stage_for, stages_for
from generator.domain.config.model import PanelConfig
from generator.domain.history import Approval, History, Ignored
from generator.domain.history.model import require_full
from generator.domain.signoff.approval import count_signoffs, required_chain
from generator.domain.signoff.due_after import DECISION, HEARD, SIGNOFF, SUBMITTED, DueStep
from generator.domain.signoff.finality import Finality


class State(enum.StrEnum):
    """Where a referral stands; prints as its value, so outputs show the plain word."""

    DRAFT = "draft"
    AWAITING = "awaiting"
    READY = "ready"
    LATE = "late"
    WITHDRAWN = "withdrawn"
    DECIDED = "decided"
    RECOMMENDED = "recommended"
    """The panel's final decision is a recommendation still awaiting its decision maker (`awaiting_role`)."""
    SCREENED = "screened out"
    """Screened out before the meeting by a pre-meeting filter (panel.yml `outside_meetings` route that `screens`)."""


STATES = tuple(State)
SIGNED_OFF = (State.READY, State.LATE)
"""Signed off in time or after the deadline: fit for an agenda."""
CLOSED = (State.DECIDED, State.WITHDRAWN, State.SCREENED)


class ReferralLike(Protocol):
    """What a status needs of a referral (a `Referral` as `panel check` reads it)."""

    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def meeting(self) -> dt.date: ...
    @property
    def worker_email(self) -> str: ...
    @property
    def withdrawn(self) -> dt.date | None: ...
    @property
    def funding(self) -> tuple[tuple[str, float], ...]: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class LateStage:
    """A stage of the meeting's deadlines that a sign-off missed: which, whose, when due and when signed."""

    stage: StageDue
    role: str
    signed_at: dt.datetime

    def describe(self, config: PanelConfig) -> str:
        """E.g. "Group Manager's authorisation (group-manager) due Mon 07 Dec 12:00, signed Mon 07 Dec 14:10"."""
        due = self.stage.due.astimezone(LONDON)
        return (
            f"{self.stage.name} ({config.role_name(self.role)}) due {due:%a %d %b %H:%M}, "
            f"signed {self.signed_at.astimezone(LONDON):%a %d %b %H:%M}"
        )


@dataclass
class ReferralStatus:
    """Where a referral stands, who approved it and when, and what is still needed."""

    referral: str
    state: State
    awaiting_role: str | None = None
    approvals: list[Approval] = field(default_factory=list)
    """The approvals that signed the chain, in chain order."""
    missing_roles: list[str] = field(default_factory=list)
    signed_off_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    decision: str | None = None
    ignored: list[Ignored] = field(default_factory=list)
    """Approval trailers that did not count, with the reason (stale, no role, self-approval, unsigned …)."""
    roles: dict[str, str] = field(default_factory=dict)
    """Role id -> email of the person who signed for it."""
    signed: list[tuple[str, Approval]] = field(default_factory=list)
    """(role id, the approval that signed it), in chain order: what counts, decided by `count_signoffs`."""
    draft_decisions: list[tuple[str, str]] = field(default_factory=list)
    """Decision files on main that are not final (path, why): they do not make the referral decided."""
    not_heard: bool = False
    """Signed off for a meeting that has passed with no decision recorded: carried to the next agenda."""
    late_stages: list[LateStage] = field(default_factory=list)
    """The stages whose sign-off came after that stage's deadline (each role judged against its own)."""
    chain: tuple[str, ...] = ()
    """The roles that must sign it off, in order (`required_chain`)."""
    sign_off_because: str = ""
    """Why those roles, where the type's sign-off bands decide ('' otherwise)."""
    submitted_at: dt.datetime | None = None
    """When the referral first reached the sign-off branch: its first first-parent commit there."""
    due_steps: tuple[DueStep, ...] = ()
    """Its deadlines counted forward from events (`calendar.due_after`), judged on the day asked about."""

    @property
    def label(self) -> str:
        """The state in words, e.g. 'awaiting team-manager', 'late: Legal advice' or 'ready, not heard'."""
        awaiting = self.state is State.AWAITING and self.awaiting_role
        base = f"awaiting {self.awaiting_role}" if awaiting else self.state.value
        if self.state is State.RECOMMENDED:
            base = f"recommended, awaiting {self.awaiting_role}"
        staged = [late.stage.name for late in self.late_stages if late.stage.name != SIGN_OFF_NAME]
        if self.state is State.LATE and staged:
            base += ": " + ", ".join(dict.fromkeys(staged))
        return f"{base}, not heard" if self.not_heard else base


def status_of(
    referral: ReferralLike, history: History, config: PanelConfig, decisions: Sequence[tuple[str, Finality]]
) -> ReferralStatus:
    """The status of `referral` from `history` and its decision files on main with their finality.

    Raises HistoryUnavailable for a shallow history rather than call anything unapproved.
    """
    deadline = deadline_for(config, referral.meeting)
    status = ReferralStatus(referral.id, State.DRAFT, deadline=deadline)
    require_full(history)
    final = [(path, standing) for path, standing in decisions if standing.final or standing.awaiting_role]
    closed: State | None = None
    if final and final[-1][1].awaiting_role:
        # The chair approved a recommendation: it awaits its decision maker, and the referral is not yet decided.
        closed, status.decision = State.RECOMMENDED, final[-1][0]
        status.awaiting_role = config.role_name(final[-1][1].awaiting_role)
    elif final:
        closed, status.decision = State.DECIDED, final[-1][0]
    else:
        status.draft_decisions = [(path, standing.reason) for path, standing in decisions]
        if referral.withdrawn:
            closed = State.WITHDRAWN
    required = required_chain(config, referral.type, referral.data, referral.meeting)
    status.chain, status.sign_off_because = required.roles, required.because
    changes = history.changes(referral.path)
    status.submitted_at = changes[0].at if changes else None
    if changes:
        # A decided or withdrawn referral keeps its sign-off trail; only its state differs.
        result = count_signoffs(referral.path, referral.worker_email, required.roles, history, config)
        status.signed = list(result.signed)
        status.approvals = [a for _, a in result.signed]
        status.roles = {role: a.email for role, a in result.signed}
        status.missing_roles = list(result.missing)
        status.ignored = result.ignored
    if closed is not None:
        status.state = closed
        return status
    if not history.changes(referral.path):
        return status
    if status.missing_roles:
        status.state, status.awaiting_role = State.AWAITING, status.missing_roles[0]
        return status
    status.signed_off_at = max(a.at for a in status.approvals).astimezone(LONDON) if status.approvals else None
    status.late_stages = late_stages(status.signed, stages_for(config, referral.meeting), deadline)
    status.state = State.LATE if status.late_stages else State.READY
    return status


def late_stages(
    signed: Sequence[tuple[str, Approval]], stages: tuple[StageDue, ...], deadline: dt.datetime | None
) -> list[LateStage]:
    """Each sign-off judged against its role's own stage (else the sign-off deadline, if any): those after it."""
    found = []
    for role, approval in signed:
        stage = stage_for(stages, role, deadline)
        if stage is not None and approval.at > stage.due:
            found.append(LateStage(stage, role, approval.at))
    return found


_DAY = re.compile(r"(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")


def event_dates(referral: ReferralLike, status: ReferralStatus) -> Mapping[str, dt.date]:
    """The date of each event of the referral that has happened (or, for `heard`, is booked)."""
    found: dict[str, dt.date] = {HEARD: referral.meeting}
    if status.submitted_at is not None:
        found[SUBMITTED] = status.submitted_at.astimezone(LONDON).date()
    for role, approval in status.signed:
        found[f"{SIGNOFF}{role}"] = approval.at.astimezone(LONDON).date()
    named = _DAY.search(status.decision or "")
    if named:
        with contextlib.suppress(ValueError):  # not a date: the decision's own check reports its path
            found[DECISION] = dt.date.fromisoformat(named.group(1))
    return found
