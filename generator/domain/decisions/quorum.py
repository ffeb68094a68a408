"""Quorum per item: who is counted for an item, and whether the panel could decide it.

A member counts for an item when the meeting record lists them as present (or as its chair) and
they declared no interest in that item. The panel is quorate for the item when at least
`panel.quorum` members count and each entry of `panel.quorum_roles` is held by a different
counted member. A decision on an inquorate item is provisional until a quorate meeting confirms it
(a decision there with `confirms: <date of the provisional decision's meeting>`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord


@dataclass(frozen=True)
class ItemQuorum:
    """Who counted for one item of one meeting, and what was missing."""

    item: str
    counted: tuple[str, ...]
    """Present members (the chair included) without an interest in the item, in the record's order."""
    needed: int
    missing_roles: tuple[tuple[str, ...], ...] = ()
    """Entries of panel.quorum_roles no counted member could fill."""

    @property
    def quorate(self) -> bool:
        """True when enough members counted and every required role was there."""
        return len(self.counted) >= self.needed and not self.missing_roles

    def shortfall(self, config: PanelConfig) -> str:
        """What was missing, in words: '2 members counted, 3 needed; no Finance officer'."""
        parts = []
        if len(self.counted) < self.needed:
            parts.append(f"{len(self.counted)} member{'s' * (len(self.counted) != 1)} counted, {self.needed} needed")
        for choice in self.missing_roles:
            parts.append("no " + " or ".join(config.role_name(r) for r in choice))
        return "; ".join(parts)


def has_quorum_rule(config: PanelConfig) -> bool:
    """True when panel.yml sets a quorum (a number of members or required roles)."""
    return bool(config.panel.quorum or config.panel.quorum_roles)


def counted_for(meeting: MeetingRecord, item: str) -> tuple[str, ...]:
    """Members counted for `item`: present or chairing, and without a declared interest in it."""
    conflicted = set(meeting.conflicted(item))
    people = list(dict.fromkeys([meeting.chair, *meeting.present]))
    return tuple(p for p in people if p and p not in conflicted)


def item_quorum(config: PanelConfig, meeting: MeetingRecord, item: str) -> ItemQuorum:
    """The quorum of `item` (a referral id) at `meeting`."""
    counted = counted_for(meeting, item)
    holders = {name: set(p.roles) if (p := config.person_by_name(name)) else set() for name in counted}
    missing = _unfilled(config.panel.quorum_roles, holders)
    return ItemQuorum(item, counted, config.panel.quorum or 0, missing)


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
