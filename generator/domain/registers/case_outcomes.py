"""The case-outcomes register: what happened for each child, recorded at review, counted by type and year."""

from __future__ import annotations

from collections import Counter

from generator.domain.registers.base import PanelData, Register, Table, iso
from generator.domain.registers.expenditure import financial_year

COLUMNS = ("meeting", "referral", "type", "case_ids", "outcome", "aim", "financial_year")
SUMMARY_COLUMNS = ("type", "financial_year", "outcome", "aim", "cases")


def build(data: PanelData) -> Register:
    """Every case outcome recorded in a final decision, newest first, with counts by type, year and outcome."""
    rows = []
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for decision in sorted(data.final, key=lambda d: (d.meeting, d.referral), reverse=True):
        referral = data.referral_by_id.get(decision.referral)
        kind = data.type_name(referral.type) if referral else ""
        year = financial_year(decision.meeting)
        for outcome_id in decision.case_outcomes:
            outcome = data.config.case_outcome(outcome_id)
            name = outcome.name if outcome else outcome_id
            aim = outcome.aim.value if outcome and outcome.aim else ""
            rows.append(
                (
                    iso(decision.meeting),
                    decision.referral,
                    kind,
                    " ".join(referral.case_ids) if referral else "",
                    name,
                    aim,
                    year,
                )
            )
            counts[(kind, year, name, aim)] += 1
    summary = [(*key, count) for key, count in sorted(counts.items())]
    return Register(
        "case-outcomes",
        "Case outcomes",
        "What happened for each child, recorded when the case was reviewed (panel.yml case_outcomes): "
        "did the panel's decisions work?",
        Table("Case outcomes", COLUMNS, rows),
        (Table("By referral type, financial year and outcome", SUMMARY_COLUMNS, summary),),
    )
