"""Whether each referral on an agenda may still be printed: it passes the check and its sign-off holds.

The agenda was written from the referrals' statuses at the time; by the time the pack is built a
referral may have been edited (its approvals are then stale) or may fail the check. Such an item is
printed only with the chair's acceptance recorded on it (`chair_accepted: {by, reason}`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from generator.commands.history import read_history
from generator.commands.records import RecordFiles
from generator.commands.status import referral_status
from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config.model import PanelConfig
from generator.domain.history import HistoryUnavailable
from generator.domain.referrals import Referral
from generator.domain.signoff import State
from generator.io.diagnostics import Diagnostic
from generator.rendering.pack.pandoc import PackBuildError

PRINTABLE = (State.READY, State.LATE, State.DECIDED, State.RECOMMENDED)
"""Statuses a referral on the agenda may have when its pack is built (decided: heard, or a review's original)."""
ACCEPT_HINT = "chair_accepted: {by: <the chair's email>, reason: <why>}"


class Entry(Protocol):
    """An agenda item and the referral it hears."""

    @property
    def item(self) -> AgendaItem: ...
    @property
    def referral(self) -> Referral | None: ...


def may_accept(config: PanelConfig, email: str) -> bool:
    """Whether `email` is someone in panel.yml holding a role that may chair (panel.chair_roles)."""
    person = config.person_by_email(email)
    return person is not None and config.may_chair(person)


def acceptance_problems(config: PanelConfig, agenda: Agenda, display: str) -> list[Diagnostic]:
    """A recorded acceptance must name someone who may chair."""
    found = []
    for index, item in enumerate(agenda.items):
        accepted = item.chair_accepted
        if accepted is None or may_accept(config, accepted.by):
            continue
        mark = agenda.source.mark(("items", index, "chair_accepted", "by"))
        chairs = ", ".join(p.email for p in config.people if config.may_chair(p)) or "none"
        found.append(
            Diagnostic(
                display,
                mark.line,
                mark.column,
                "chair-accepted-by",
                f"item {item.number}: chair_accepted.by is {accepted.by!r}, who holds no role that may chair "
                "(panel.chair_roles in panel.yml)",
                hint=f"the acceptance must be the chair's: one of {chairs}",
            )
        )
    return found


def readiness_problems(
    root: Path,
    config: PanelConfig,
    agenda: Agenda,
    display: str,
    entries: Sequence[Entry],
    failing: Mapping[str, Sequence[Diagnostic]],
) -> list[Diagnostic]:
    """Each item whose referral now fails the check or lost its sign-off, with no acceptance recorded."""
    wanted = [(i, e) for i, e in enumerate(entries) if e.referral is not None and e.item.chair_accepted is None]
    if not wanted:
        return []
    try:
        history = read_history(root, config)
    except HistoryUnavailable as exc:
        raise PackBuildError(f"{exc.message}; {exc.hint}") from exc
    found: list[Diagnostic] = []
    records = RecordFiles(root, config)  # one reader for every item's records
    for index, entry in wanted:
        referral, item = entry.referral, entry.item
        assert referral is not None
        mark = agenda.source.mark(("items", index, "referral"))
        errors = failing.get(referral.id, ())
        if errors:
            found.extend(errors)
            found.append(
                Diagnostic(
                    display,
                    mark.line,
                    mark.column,
                    "agenda-item-fails-check",
                    f"item {item.number} hears {referral.id}, which now fails panel check "
                    f"({len(errors)} problem(s) in {referral.path})",
                    hint=f"fix {referral.path} and build again, or record the chair's acceptance on the item: "
                    + ACCEPT_HINT,
                )
            )
        status = referral_status(referral, history, config, root, records)
        if status.state in PRINTABLE:
            continue
        why = "; ".join(f"{i.name}: {i.reason}" for i in status.ignored)
        found.append(
            Diagnostic(
                display,
                mark.line,
                mark.column,
                "agenda-item-not-signed-off",
                f"item {item.number} hears {referral.id}, whose sign-off no longer holds since the agenda was "
                f"written: now {status.label}" + (f" ({why})" if why else ""),
                hint="have it signed off again, take it off the agenda (panel agenda MEETING), or record the "
                "chair's acceptance on the item: " + ACCEPT_HINT,
            )
        )
    return found
