"""Quorum per item: who is counted for an item, and whether the panel could decide it.

Someone takes part in an item when the meeting record lists them as present, as its chair or as a
substitute, and they declared no interest in that item. A substitute takes the roles, vote and
organisation of the member they stand in for (`for`), or the role they stand in for (`role`).
The panel is quorate for the item when at least `panel.quorum` voting members take part (holders
of only `voting: false` roles are not counted), each entry of `panel.quorum_roles` is held by a
different person taking part, and someone taking part comes from each of
`panel.quorum_organisations`. A decision on an inquorate item is provisional until a quorate meeting confirms it
(a decision there with `confirms: <date of the provisional decision's meeting>`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord, Substitute


@dataclass(frozen=True)
class Attendee:
    """Someone taking part in a meeting: the roles they count for, their vote and organisation."""

    name: str
    roles: frozenset[str]
    voting: bool
    organisation: str
    stands_in: str = ""
    """For a substitute: whom or what they stand in for, in words ('Ruth Bell', 'Finance officer')."""


@dataclass(frozen=True)
class ItemQuorum:
    """Who counted for one item of one meeting, and what was missing."""

    item: str
    counted: tuple[str, ...]
    """Present members (the chair included) without an interest in the item, in the record's order."""
    needed: int
    missing_roles: tuple[tuple[str, ...], ...] = ()
    """Entries of panel.quorum_roles no one taking part could fill."""
    missing_organisations: tuple[str, ...] = ()
    """Entries of panel.quorum_organisations no one taking part came from."""

    def confirmers(self, config: PanelConfig) -> tuple[tuple[str, ...], ...]:
        """For an item decided in principle, per unfilled quorum_roles entry, its roles marked `in_principle` (one
        holder's approval confirms it); () when quorate or when anything else is short."""
        if self.quorate or len(self.counted) < self.needed or self.missing_organisations:
            return ()
        found = []
        for choice in self.missing_roles:
            roles = tuple(r for r in choice if (role := config.role(r)) is not None and role.in_principle)
            if not roles:
                return ()
            found.append(roles)
        return tuple(found)

    @property
    def quorate(self) -> bool:
        """True when enough members counted and every required role and organisation was there."""
        return len(self.counted) >= self.needed and not self.missing_roles and not self.missing_organisations

    def shortfall(self, config: PanelConfig) -> str:
        """What was missing, in words: '2 members counted, 3 needed; no Finance officer'."""
        parts = []
        if len(self.counted) < self.needed:
            parts.append(f"{len(self.counted)} member{'s' * (len(self.counted) != 1)} counted, {self.needed} needed")
        for choice in self.missing_roles:
            parts.append("no " + " or ".join(config.role_name(r) for r in choice))
        for organisation in self.missing_organisations:
            parts.append(f"no one from {config.organisation_name(organisation)}")
        return "; ".join(parts)


def has_quorum_rule(config: PanelConfig) -> bool:
    """True when panel.yml sets a quorum (a number of members or required roles)."""
    return bool(config.panel.quorum or config.panel.quorum_roles or config.panel.quorum_organisations)


def attendees(config: PanelConfig, meeting: MeetingRecord) -> tuple[Attendee, ...]:
    """Everyone taking part in the meeting (the chair, members present, substitutes), in the record's order."""
    found: dict[str, Attendee] = {}
    for name in dict.fromkeys(n for n in (meeting.chair, *meeting.present) if n):
        person = config.person_by_name(name)
        if person is None:
            found[name] = Attendee(name, frozenset(), True, "")
        else:
            found[name] = Attendee(name, frozenset(person.roles), config.votes(person), config.organisation_of(person))
    for substitute in meeting.substitutes:
        found.setdefault(substitute.name, _standing_in(config, substitute))
    return tuple(found.values())


def _standing_in(config: PanelConfig, substitute: Substitute) -> Attendee:
    """A substitute as whom they stand in for: that member's roles, vote and organisation, or that role's."""
    if substitute.for_:
        person = config.person_by_name(substitute.for_)
        if person is None:
            return Attendee(substitute.name, frozenset(), True, "", substitute.for_)
        roles, voting, organisation = frozenset(person.roles), config.votes(person), config.organisation_of(person)
        return Attendee(substitute.name, roles, voting, organisation, substitute.for_)
    role = config.role(substitute.role)
    voting, organisation = (role.voting, role.organisation) if role else (True, "")
    return Attendee(
        substitute.name, frozenset({substitute.role}), voting, organisation, config.role_name(substitute.role)
    )


def counted_for(config: PanelConfig, meeting: MeetingRecord, item: str) -> tuple[Attendee, ...]:
    """Those taking part in `item`: chairing, present or substituting, and without a declared interest in it."""
    conflicted = set(meeting.conflicted(item))
    return tuple(a for a in attendees(config, meeting) if a.name not in conflicted)


def item_quorum(config: PanelConfig, meeting: MeetingRecord, item: str) -> ItemQuorum:
    """The quorum of `item` (a referral id) at `meeting`."""
    taking_part = counted_for(config, meeting, item)
    counted = tuple(a.name for a in taking_part if a.voting)
    holders = {a.name: set(a.roles) for a in taking_part}
    missing = _unfilled(config.panel.quorum_roles, holders)
    there = {a.organisation for a in taking_part}
    absent = tuple(o for o in config.panel.quorum_organisations if o not in there)
    return ItemQuorum(item, counted, config.panel.quorum or 0, missing, absent)


def attendance(config: PanelConfig, meeting: MeetingRecord) -> list[tuple[str, str]]:
    """(name, what they attended as) for everyone taking part: 'Health; non-voting', 'substitute for Ruth Bell'."""
    rows = []
    for attendee in attendees(config, meeting):
        notes = [f"substitute for {attendee.stands_in}"] if attendee.stands_in else []
        if attendee.name == meeting.chair:
            notes.insert(0, "chair")
        if attendee.organisation:
            notes.append(config.organisation_name(attendee.organisation))
        if not attendee.voting:
            notes.append("non-voting")
        rows.append((attendee.name, "; ".join(notes)))
    return rows


def _unfilled(choices: Sequence[tuple[str, ...]], holders: dict[str, set[str]]) -> tuple[tuple[str, ...], ...]:
    """The role choices left unfilled by the best assignment of distinct people (a bipartite matching)."""
    assigned: dict[str, int] = {}  # person -> index of the choice they fill

    def place(index: int, seen: set[str]) -> bool:
        for name, roles in holders.items():
            if name in seen or not roles & set(choices[index]):
                continue
            seen.add(name)
            if name not in assigned or place(assigned[name], seen):
                assigned[name] = index
                return True
        return False

    return tuple(choice for index, choice in enumerate(choices) if not place(index, set()))


def confirmation_of(decision: Decision, decisions: Sequence[Decision]) -> Decision | None:
    """The later decision on the same referral that confirms `decision` (its `confirms` names this meeting)."""
    return next(
        (
            d
            for d in sorted(decisions, key=lambda d: d.meeting)
            if d.referral == decision.referral and d.confirms == decision.meeting and d.meeting > decision.meeting
        ),
        None,
    )
