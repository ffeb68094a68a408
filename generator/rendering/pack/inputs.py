"""Everything a pack is made from, read and checked before anything is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.repository import SUBMISSIONS
from generator.domain.agenda import Agenda, AgendaItem, agenda_path, load_agenda
from generator.domain.config import PanelConfig, load_config
from generator.domain.config.model import Person
from generator.domain.decisions import Decision
from generator.domain.decisions.earlier import read_reviewed
from generator.domain.referrals import Referral, ReferralReader
from generator.io import files, sources
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity
from generator.rendering.pack.readiness import acceptance_problems, readiness_problems

MEETINGS = "meetings"
MEMBER_ROLES = frozenset({"chair", "vice-chair", "member"})
"""Who sits on the panel, and so receives its packs."""


@dataclass(frozen=True)
class EarlierDecision:
    """The decision a review revisits, read from the record the agenda item names."""

    path: str
    decision: Decision

    @property
    def referral(self) -> str:
        """The referral the decision was on."""
        return self.decision.referral

    @property
    def meeting(self) -> dt.date:
        """The meeting that made it."""
        return self.decision.meeting


@dataclass(frozen=True)
class PackItem:
    """One agenda item with the referral it hears (if any)."""

    item: AgendaItem
    referral: Referral | None = None
    earlier: EarlierDecision | None = None


@dataclass
class PackSources:
    """The configuration, the agenda and the referrals of one meeting."""

    root: Path
    config: PanelConfig
    agenda: Agenda
    items: list[PackItem]
    paths: list[str] = field(default_factory=list)
    """Every file the pack is made from, relative to root (for provenance and change detection)."""

    @property
    def chair(self) -> Person | None:
        """Who chairs this meeting: as its record names them (`panel meeting`), else the panel's only chair.

        None when neither says (e.g. a rota of chairs and no meeting record yet): the cover says "to be confirmed".
        """
        named = meeting_chair(self.root, self.agenda.meeting)
        if named is not None:
            return self.config.person_by_name(named) or Person(named, "", (), (), "")
        chairs = self.config.people_with_role("chair")
        return chairs[0] if len(chairs) == 1 else None

    @property
    def members(self) -> tuple[Person, ...]:
        """Everyone who sits on the panel: chair, vice chair and members."""
        return tuple(p for p in self.config.people if MEMBER_ROLES & set(p.roles))

    def item_for(self, referral_id: str) -> PackItem | None:
        """The agenda item that hears this referral."""
        return next((i for i in self.items if i.referral and i.referral.id == referral_id), None)


def referral_path(root: Path, referral_id: str) -> Path:
    """Where a referral lives."""
    return root / SUBMISSIONS / f"{referral_id}.md"


def read_sources(root: Path, meeting: dt.date, today: dt.date) -> PackSources:
    """Read panel.yml, the meeting's agenda and every referral on it; raise ProblemsFound naming each bad file.

    Refuses (each problem at file:line) an agenda item whose referral now fails `panel check` or whose
    sign-off has gone stale since the agenda was written, unless the chair's acceptance is recorded on
    the item; and an item whose `review_of` names a decision record that is missing or broken.
    """
    config = load_config(root)
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
    problems.extend(acceptance_problems(config, agenda, display))
    if not problems:
        problems.extend(readiness_problems(root, config, agenda, display, items, failing))
    if problems:
        raise ProblemsFound(problems)
    if (root / MEETINGS / meeting.isoformat() / "meeting.md").is_file():
        paths.append(f"{MEETINGS}/{meeting.isoformat()}/meeting.md")  # it names the chair on the cover
    return PackSources(root, config, agenda, items, paths)


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
