"""Everything a pack is made from, read and checked before anything is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import sources
from ..agenda import Agenda, AgendaItem, agenda_path, load_agenda
from ..check import SUBMISSIONS
from ..config import PanelConfig, load_config
from ..config.model import Person
from ..diagnostics import Diagnostics, ProblemsFound, Severity
from ..referrals import Referral, ReferralReader

MEETINGS = "meetings"


@dataclass(frozen=True)
class EarlierDecision:
    """The decision a review revisits, as far as its record says."""

    referral: str
    path: str | None
    meeting: dt.date | None
    fields: tuple[tuple[str, str], ...] = ()


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
            return self.config.person_by_name(named) or Person(named, "", ())
        chairs = self.config.people_with_role("chair")
        return chairs[0] if len(chairs) == 1 else None

    @property
    def members(self) -> tuple[Person, ...]:
        """Everyone who sits on the panel: chair, vice chair and members."""
        wanted = {"chair", "vice-chair", "member"}
        return tuple(p for p in self.config.people if wanted & set(p.roles))

    def item_for(self, referral_id: str) -> PackItem | None:
        """The agenda item that hears this referral."""
        return next((i for i in self.items if i.referral and i.referral.id == referral_id), None)


def referral_path(root: Path, referral_id: str) -> Path:
    """Where a referral lives."""
    return root / SUBMISSIONS / f"{referral_id}.md"


def read_sources(root: Path, meeting: dt.date, today: dt.date) -> PackSources:
    """Read panel.yml, the meeting's agenda and every referral on it; raise ProblemsFound naming each bad file."""
    config = load_config(root)
    agenda = load_agenda(root, meeting)
    reader = ReferralReader(config, today)
    problems = Diagnostics()
    items: list[PackItem] = []
    paths = ["panel.yml", agenda_path(root, meeting).relative_to(root).as_posix()]
    for item in agenda.items:
        if not item.referral:
            items.append(PackItem(item))
            continue
        referral = _read_referral(root, reader, item.referral, problems)
        paths.append(f"{SUBMISSIONS}/{item.referral}.md")
        reviewed = item.review_of or (referral.review_of if referral else None)
        earlier = earlier_decision(root, reviewed, meeting) if reviewed else None
        if earlier and earlier.path:
            paths.append(earlier.path)
        items.append(PackItem(item, referral, earlier))
    if problems:
        raise ProblemsFound(problems)
    if (root / MEETINGS / meeting.isoformat() / "meeting.md").is_file():
        paths.append(f"{MEETINGS}/{meeting.isoformat()}/meeting.md")  # it names the chair on the cover
    return PackSources(root, config, agenda, items, paths)


def meeting_chair(root: Path, meeting: dt.date) -> str | None:
    """The chair named in meetings/<date>/meeting.md, if there is a readable one."""
    display = f"{MEETINGS}/{meeting.isoformat()}/meeting.md"
    path = root / display
    if not path.is_file():
        return None
    found, _ = sources.read_markdown(path, display)
    chair = found.data.get("chair") if found is not None else None
    return chair if isinstance(chair, str) and chair.strip() else None


def _read_referral(root: Path, reader: ReferralReader, referral_id: str, problems: Diagnostics) -> Referral | None:
    path = referral_path(root, referral_id)
    display = path.relative_to(root).as_posix()
    if not path.is_file():
        problems.add(
            display,
            1,
            1,
            "referral-missing",
            f"the agenda lists {referral_id} but {display} does not exist",
            hint="restore the referral or rebuild the agenda (panel agenda MEETING)",
        )
        return None
    referral, found = reader.read(path, display)
    if referral is None:
        problems.extend(d for d in found if d.severity is Severity.ERROR)
        problems.add(
            display,
            1,
            1,
            "referral-unreadable",
            f"{referral_id} cannot be laid out in the pack (see above)",
            hint=f"fix {display} (panel check shows every problem) and build again",
        )
    return referral


def earlier_decision(root: Path, referral_id: str, before: dt.date) -> EarlierDecision:
    """The newest recorded decision on `referral_id` from a meeting before `before`."""
    folder = root / MEETINGS
    found: list[tuple[dt.date, Path]] = []
    if folder.is_dir():
        for candidate in folder.glob(f"*/decisions/{referral_id}.md"):
            try:
                day = dt.date.fromisoformat(candidate.parent.parent.name)
            except ValueError:
                continue
            if day < before:
                found.append((day, candidate))
    if not found:
        return EarlierDecision(referral_id, None, None)
    day, path = max(found)
    display = path.relative_to(root).as_posix()
    source, _ = sources.read_markdown(path, display)
    return EarlierDecision(referral_id, display, day, _decision_fields(source.data if source else {}))


_DECISION_FIELDS = (
    ("outcome", "Outcome"),
    ("agreed", "What the panel agreed"),
    ("rationale", "Rationale"),
    ("review_date", "Review date"),
    ("review", "Review"),
    ("conditions", "Conditions"),
)


def _decision_fields(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for key, label in _DECISION_FIELDS:
        value = data.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = " ".join(f"{n}. {v}" for n, v in enumerate(value, 1))
        elif isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        out.append((label, str(value)))
    return tuple(out)
