"""Each child's history across all referrals and decisions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.domain.decisions import Decision
from generator.domain.referrals import Child, Referral
from generator.domain.registers.base import PanelData, Register, Table, iso

COLUMNS = ("case_id", "child", "referral", "type", "meeting", "outcome", "decided")


@dataclass
class ChildHistory:
    """One child: every referral about them and every decision on those referrals."""

    case_id: str
    child: Child
    entries: list[tuple[Referral, list[Decision]]] = field(default_factory=list)


def histories(data: PanelData) -> dict[str, ChildHistory]:
    """Case id → the child's history, referrals in meeting order."""
    found: dict[str, ChildHistory] = {}
    grouped: dict[str, list[Referral]] = defaultdict(list)
    for referral in data.referrals:
        for child in referral.children:
            grouped[child.case_id].append(referral)
            found.setdefault(child.case_id, ChildHistory(child.case_id, child))
    for case_id, referrals in grouped.items():
        history = found[case_id]
        for referral in sorted(referrals, key=lambda r: (r.meeting, r.id)):
            history.entries.append((referral, data.decisions_by_referral.get(referral.id, [])))
            history.child = next(c for c in referral.children if c.case_id == case_id)
    return dict(sorted(found.items()))


def build(data: PanelData) -> Register:
    """One row per child per referral (per decision where there is one)."""
    rows = []
    for history in histories(data).values():
        for referral, decisions in history.entries:
            options: list[Decision | None] = list(decisions) or [None]
            for decision in options:
                rows.append(
                    (
                        history.case_id,
                        history.child.name,
                        referral.id,
                        data.type_label(referral.type),
                        iso(referral.meeting),
                        data.outcome_label(decision.outcome) if decision else "not yet decided",
                        iso(decision.meeting) if decision else "",
                    )
                )
    return Register(
        "children",
        "Children's histories",
        "Every child the panel has heard about, with each referral and decision.",
        Table("Children", COLUMNS, rows),
    )
