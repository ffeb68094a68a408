"""Which area's meeting hears a referral (panel.yml `areas`): the one it names, else the first whose `when` holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.conditions import evaluate
from generator.domain.config.model import PanelConfig
from generator.domain.meetingday import area_of


@dataclass(frozen=True)
class AreaChoice:
    """The area a referral belongs to ('' when none), and why in words."""

    id: str
    because: str


def referral_area(config: PanelConfig, data: Mapping[str, Any], day: dt.date) -> AreaChoice:
    """The area of the referral with front matter `data` asking for the meeting on `day` (config: the panel's)."""
    named = data.get("area")
    if isinstance(named, str) and config.area_named(named) is not None:
        return AreaChoice(named, "its front matter names it (area)")
    if named is not None:
        return AreaChoice("", "")  # not an area: the referral schema reports it at its line
    kinds = config.field_kinds
    reasons = []
    for area in config.areas:
        if area.when is None:
            reasons.append(f"{area.name} takes only referrals that name it")
            continue
        verdict = evaluate(area.when, data, day, kinds)
        if verdict.holds:
            return AreaChoice(area.id, f"{verdict.because} (panel.yml areas: {area.name})")
        reasons.append(f"not {area.name}: {verdict.because}")
    return AreaChoice("", "; ".join(reasons))


def area_name(config: PanelConfig, area_id: str) -> str:
    """The name of the area with this id, else the id itself ('' for none)."""
    area = config.area_named(area_id) if area_id else None
    return area.name if area is not None else area_id


def meeting_area_name(config: PanelConfig, day: dt.date) -> str:
    """The name of the area whose meeting `day` is ('' for a plain date: a panel without areas)."""
    return area_name(config, area_of(day))
