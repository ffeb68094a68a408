"""The unmet-needs register: gaps in provision recorded with decisions, for the sufficiency strategy."""

from __future__ import annotations

from collections import Counter

from generator.domain.registers.base import PanelData, Register, Table, iso

COLUMNS = ("meeting", "referral", "type", "category", "note", "case_ids")


def build(data: PanelData) -> Register:
    """The unmet-needs register, with a count per category."""
    names = {c.id: c.name for c in data.config.unmet_need_categories}
    rows = []
    counts: Counter[str] = Counter()
    for decision in sorted(data.final, key=lambda d: (d.meeting, d.referral), reverse=True):
        need = decision.unmet_need
        if need is None:
            continue
        referral = data.referral_by_id.get(decision.referral)
        category = names.get(need.category, need.category)
        counts[category] += 1
        rows.append(
            (
                iso(decision.meeting),
                decision.referral,
                data.type_name(referral.type) if referral else "",
                category,
                need.note,
                " ".join(referral.case_ids) if referral else "",
            )
        )
    return Register(
        "unmet-needs",
        "Unmet-needs register",
        "Needs the panel could not meet from available provision, for the placement sufficiency strategy.",
        Table("Unmet needs", COLUMNS, rows),
        (Table("By category", ("category", "count"), counts.most_common()),),
    )
