"""The panel's registers, derived from referrals and decisions and never typed twice."""

from __future__ import annotations

from collections.abc import Callable

from generator.domain.registers import (
    action_log,
    case_outcomes,
    children,
    decision_log,
    expenditure,
    reviews,
    timeliness,
    unmet_needs,
)
from generator.domain.registers.base import PanelData, Register, Table
from generator.domain.registers.export import write_csv

BUILDERS: dict[str, Callable[[PanelData], Register]] = {
    "decisions": decision_log.build,
    "actions": action_log.build,
    "reviews": reviews.build,
    "expenditure": expenditure.build,
    "unmet-needs": unmet_needs.build,
    "children": children.build,
    "timeliness": timeliness.build,
    "case-outcomes": case_outcomes.build,
}


def build_all(data: PanelData) -> list[Register]:
    """Every register, in BUILDERS order."""
    return [build(data) for build in BUILDERS.values()]


__all__ = ["BUILDERS", "PanelData", "Register", "Table", "build_all", "write_csv"]
