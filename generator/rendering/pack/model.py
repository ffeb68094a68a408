"""What a pack is made from and what it records: read by `commands/pack_sources.py`, laid out by `layout.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config import PanelConfig
from generator.domain.config.model import Person
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.formatting import day_month
from generator.domain.interests import Expected
from generator.domain.referrals import Referral
from generator.domain.referrals.model import AttachedDocument

MEMBER_ROLES = frozenset({"chair", "vice-chair", "member"})
"""Who sits on the panel, and so receives its packs."""


@dataclass(frozen=True)
class EarlierDecision:
    """The decision a review revisits, read from the record the agenda item names."""

    path: str
    decision: Decision
    history: tuple[Decision, ...] = ()
    """Every decision recorded on the case before this meeting (this one included), oldest first."""

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
    chair_name: str | None = None
    """The chair named in meetings/<date>/meeting.md, if there is a readable one."""
    previous: MeetingRecord | None = None
    """The previous meeting's record, when agenda.previous_minutes prints its minutes in this pack."""
    expected: tuple[Expected, ...] = ()
    """Declarations the register of interests makes due for items on the agenda."""
    declared: tuple[tuple[str, str], ...] = ()
    """(member, referral) for each interest declared in the meeting's record (meeting.md) before the pack is built."""
    documents: dict[str, tuple[AttachedDocument, ...]] = field(default_factory=dict)
    """Referral id → its attached documents that passed panel check's checks, in the order listed."""

    @property
    def chair(self) -> Person | None:
        """Who chairs this meeting: as its record names them (`panel meeting`), else the panel's only chair.

        None when neither says (e.g. a rota of chairs and no meeting record yet): the cover says "to be confirmed".
        """
        named = self.chair_name
        if named is not None:
            return self.config.person_by_name(named) or Person(named, "", (), (), "")
        chairs = self.config.people_with_role(self.config.chair_role)
        return chairs[0] if len(chairs) == 1 else None

    @property
    def members(self) -> tuple[Person, ...]:
        """Everyone who sits on the panel: chair, vice chair and members."""
        return tuple(p for p in self.config.people if MEMBER_ROLES & set(p.roles))

    def withheld_from(self, member: str) -> tuple[str, ...]:
        """The referrals `member`'s named copy leaves out: those the register of interests says they have an interest
        in, and those they declared an interest in in the meeting's record."""
        registered = [e.referral for e in self.expected if e.member == member]
        declared = [referral for who, referral in self.declared if who == member]
        heard = {i.referral.id for i in self.items if i.referral is not None}
        return tuple(dict.fromkeys(r for r in registered + declared if r in heard))

    def declared_by(self, member: str) -> tuple[str, ...]:
        """The referrals on the agenda `member` declared an interest in in the meeting's record (not the register)."""
        registered = {e.referral for e in self.expected if e.member == member}
        return tuple(r for r in self.withheld_from(member) if r not in registered)

    def item_for(self, referral_id: str) -> PackItem | None:
        """The agenda item that hears this referral."""
        return next((i for i in self.items if i.referral and i.referral.id == referral_id), None)


@dataclass(frozen=True)
class Change:
    """One change since the circulated pack, in words, with what exactly changed."""

    text: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text + "".join(f"\n    {d}" for d in self.details)


@dataclass(frozen=True)
class Circulated:
    """A circulated version of the pack: its number, its tag and when it was circulated."""

    version: int
    tag: str
    at: dt.datetime

    @property
    def words(self) -> str:
        """'the pack circulated on 2 December (version 1)'."""
        what = "pack" if self.version == 1 else "supplementary pack"
        return f"the {what} circulated on {day_month(self.at.date())} (version {self.version})"


@dataclass(frozen=True)
class Provenance:
    """The newest commit among the pack's sources, and whether any source has uncommitted changes."""

    commit: str
    committed: dt.datetime
    dirty: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The abbreviated commit id people read."""
        return self.commit[:10]

    @property
    def epoch(self) -> int:
        """Seconds since 1970 of the commit: the pack's fixed timestamp."""
        return int(self.committed.timestamp())
