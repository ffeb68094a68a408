"""`panel meeting`: start a meeting's record (meeting.md) from panel.yml and the meeting's agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.agenda_files import load_agenda
from generator.commands.decide import read_referral
from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.scaffold import ScaffoldError, template_environment
from generator.domain import calendar
from generator.domain.agenda import Agenda
from generator.domain.config.model import PanelConfig, Person
from generator.domain.decisions.reader import MEETING_FILE
from generator.domain.referrals import Referral
from generator.io.diagnostics import ProblemsFound
from generator.io.files import create_new
from generator.io.schema_errors import did_you_mean
from generator.io.tree import MEETINGS


@dataclass(frozen=True)
class NewMeetingRecord:
    """What `panel meeting` wrote."""

    path: Path
    chair: Person
    agenda: Agenda | None


def choose_chair(config: PanelConfig, name: str | None) -> Person:
    """The person named to chair (who must hold a role that may chair), else the one holder of the chair role."""
    eligible = [p for p in config.people if config.may_chair(p)]
    names = ", ".join(p.name for p in eligible) or "nobody: see panel.chair_roles"
    if name is not None:
        person = config.person_by_name(name)
        if person is None:
            hint = did_you_mean(name, [p.name for p in config.people]) or f"who may chair: {names}"
            raise ScaffoldError(f"--chair: {name!r} is not one of the people in panel.yml; {hint}")
        if not config.may_chair(person):
            roles = ", ".join(config.role_name(r) for r in config.panel.chair_roles)
            raise ScaffoldError(f"--chair: {name} holds no role that may chair ({roles}); who may chair: {names}")
        return person
    chairs = config.people_with_role(config.chair_role)
    if len(chairs) == 1:
        return chairs[0]
    raise ScaffoldError(f"say who chairs this meeting: panel meeting DATE --chair NAME (who may chair: {names})")


def members(config: PanelConfig) -> tuple[Person, ...]:
    """Everyone who sits on the panel: those who may chair and the members."""
    return tuple(p for p in config.people if config.may_chair(p) or "member" in p.roles)


def new_meeting_record(
    root: Path, config: PanelConfig, meeting: dt.date, today: dt.date, chair: str | None = None
) -> NewMeetingRecord:
    """Write meetings/<date>/meeting.md: the chair, the members as present, the minute-taker (panel.minute_taker),
    presenting workers, one bullet per item."""
    if calendar.meeting_on(config, meeting) is None and not (root / MEETINGS / meeting.isoformat()).is_dir():
        raise ScaffoldError(f"the panel does not meet on {meeting.isoformat()}; run: panel calendar")
    person = choose_chair(config, chair)
    try:
        agenda: Agenda | None = load_agenda(root, meeting)
    except ProblemsFound:
        agenda = None
    heard: list[tuple[int, str, Referral | None]] = []
    for item in agenda.referral_items if agenda else []:
        assert item.referral is not None
        try:
            referral: Referral | None = read_referral(root, config, item.referral, today)
        except ScaffoldError:
            referral = None
        heard.append((item.number, item.referral, referral))
    workers: dict[str, list[int]] = {}
    for number, _, referral in heard:
        if referral is not None:
            workers.setdefault(referral.worker_name, []).append(number)
    text = (
        template_environment(root)
        .get_template("meeting.md.j2")
        .render(
            config=config,
            meeting=meeting,
            chair=person,
            eligible=[p.name for p in config.people if config.may_chair(p)],
            minute_takers=[p.name for p in config.people_with_role(config.panel.minute_taker)]
            if config.panel.minute_taker
            else [],
            members=[p.name for p in members(config) if p.name != person.name],
            attending=[(name, numbers) for name, numbers in workers.items()],
            heard=heard,
            agenda=agenda,
        )
    )
    target = root / MEETINGS / meeting.isoformat() / MEETING_FILE
    try:
        create_new(target, text)
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewMeetingRecord(target, person, agenda)


def record_meeting(root: Path, meeting: dt.date, today: dt.date, chair: str | None) -> NewMeetingRecord:
    """`panel meeting`: start meetings/<date>/meeting.md (meetings/<date>-<area>/ in a panel with areas, under the
    area's terms: its chair)."""
    config = config_or_fail(root)
    meeting = checked_meeting(config, meeting)
    try:
        return new_meeting_record(root, config.at(meeting), meeting, today, chair)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
