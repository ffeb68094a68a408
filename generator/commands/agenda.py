"""`panel agenda`: read the repository and its history, build the meeting's agenda, write agenda.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.agenda_files import agenda_path, held_records, load_agenda, write_agenda
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, checked_meeting, require_panel
from generator.commands.history import read_history
from generator.commands.repository import Repository, read_repository
from generator.commands.status import statuses
from generator.domain.agenda import render_agenda
from generator.domain.agenda.build import AgendaPlan, build_agenda, supplement
from generator.domain.agenda.model import AgendaItem
from generator.domain.areas import area_name
from generator.domain.calendar import meeting_on, meetings_between, next_open_meeting
from generator.domain.formatting import long_date
from generator.domain.history import HistoryUnavailable
from generator.domain.meetingday import area_of
from generator.domain.signoff.due_after import due_steps
from generator.domain.signoff.status import event_dates
from generator.io.diagnostics import ProblemsFound, Severity


@dataclass
class AgendaResult:
    """What `make_agenda` did: the agenda's text (dry run) or file, and what the co-ordinator should know."""

    plan: AgendaPlan
    where: str
    """agenda.md, relative to the root."""
    text: str | None = None
    """The agenda, when it was printed rather than written."""
    written: bool = False
    supplementary: bool = False
    added: list[AgendaItem] = field(default_factory=list)
    heard: int = 0
    late: int = 0
    unreadable: list[str] = field(default_factory=list)
    """Referral files that cannot be read at all (so are on no list)."""


def _failing(repo: Repository) -> dict[str, str]:
    """Each referral file with errors: its first error, located, and how many more there are."""
    paths = {r.path for r in repo.referrals}
    found: dict[str, list[str]] = {}
    for d in repo.diagnostics.sorted():
        if d.severity is Severity.ERROR and d.path in paths:
            found.setdefault(d.path, []).append(f"{d.path}:{d.line}:{d.column}: {d.message}")
    return {p: m[0] + (f" (and {len(m) - 1} more)" if len(m) > 1 else "") for p, m in found.items()}


def _held(day: dt.date, held: list[str]) -> PanelError:
    decisions = sum(1 for p in held if "/decisions/" in p)
    parts = (["its meeting record"] if len(held) > decisions else []) + (
        [f"{decisions} decision record(s)"] if decisions else []
    )
    what = " and ".join(parts)
    return PanelError(
        f"error: the meeting on {long_date(day)} has been held ({what} exist); its agenda is the record of "
        "what the panel heard and is not rewritten, so no decided item can be lost",
        f"hint: to add business that is now ready, run: panel agenda {day.isoformat()} --supplementary "
        "(appends the new items after the existing ones and drops none); or put it on the next meeting's agenda",
        exit_code=EXIT_PROBLEMS,
    )


def make_agenda(root: Path, day: dt.date, now: dt.datetime, *, dry_run: bool, supplementary: bool) -> AgendaResult:
    """Build the agenda of the meeting on `day` and write it (or only render it, for a dry run)."""
    require_panel(root)
    repo = read_repository(root, now.date())
    config = repo.config
    if config is None:
        raise PanelError(diagnostics=repo.diagnostics.sorted(), exit_code=EXIT_USAGE)
    day = checked_meeting(config, day)
    sitting = meeting_on(config, day)
    if sitting is None:
        upcoming = next_open_meeting(config.at(day), now)
        hint = f"; the next open meeting is {upcoming.id}" if upcoming else ""
        who = f"the {area_name(config, area_of(day))}" if area_of(day) else "the panel"
        raise PanelError(f"error: {who} does not meet on {day.isoformat()}{hint}", exit_code=EXIT_USAGE)
    config = config.at(sitting.date)  # the terms in force on the meeting's day (panel.yml `revisions`)
    held = held_records(root, sitting.date)
    if held and not supplementary:
        raise _held(sitting.date, held)
    existing = None
    if supplementary:
        try:
            existing = load_agenda(root, sitting.date)
        except ProblemsFound as exc:
            raise PanelError(
                f"error: --supplementary adds to an existing agenda; run: panel agenda {sitting.id}",
                diagnostics=exc.diagnostics.sorted(),
                exit_code=EXIT_PROBLEMS,
            ) from exc
    earlier = meetings_between(config, sitting.date - dt.timedelta(days=120), sitting.date - dt.timedelta(days=1))
    try:
        history = read_history(root, config)
        rows = statuses(repo.referrals, history, config, root)
    except HistoryUnavailable as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    for referral, status in rows:
        status.due_steps = due_steps(config, referral.type, event_dates(referral, status), now.date())
    previous = earlier[-1].date if earlier else None
    data = repo.panel_data(history)
    if sitting.area:  # an area's meeting hears its own referrals, reviews, ratifications and actions
        data, rows = data.of_area(sitting.area), [(r, s) for r, s in rows if r.area == sitting.area]
    plan = build_agenda(config, sitting, rows, data, previous, now, _failing(repo))
    heading = f"{config.panel.name}: agenda for {long_date(sitting.date)}"
    agenda, added = plan.agenda, plan.agenda.items
    if existing is not None:
        agenda, added = supplement(existing, plan.agenda, config.agenda.break_minutes, now)
    readable = {r.path for r in repo.referrals}
    unreadable = sorted({d.path for d in repo.diagnostics.errors if d.path.startswith("submissions/")} - readable)
    result = AgendaResult(
        plan,
        agenda_path(root, sitting.date).relative_to(root).as_posix(),
        supplementary=existing is not None,
        added=list(added),
        heard=len(agenda.referral_items),
        late=len(agenda.late),
        unreadable=unreadable,
    )
    if dry_run:
        result.text = render_agenda(agenda, heading, plan.held_back)
    elif existing is None or added:
        write_agenda(root, agenda, heading, plan.held_back)
        result.written = True
    return result
