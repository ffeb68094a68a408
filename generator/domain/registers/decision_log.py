"""The decision log: every decision, newest meeting first."""

from __future__ import annotations

from generator.domain.decisions import Decision
from generator.domain.registers.base import PanelData, Register, Table, iso
from generator.domain.registers.reviews import first_approvals, next_review

COLUMNS = (
    "meeting",
    "referral",
    "type",
    "title",
    "case_ids",
    "outcome",
    "approved_weekly",
    "approved_total",
    "next_review",
    "chair",
)


def build(data: PanelData) -> Register:
    """The decision log."""
    chairs = {m.date: m.chair for m in data.meetings}
    first = first_approvals(data)
    rows = []
    for decision in sorted(data.final, key=lambda d: (d.meeting, d.referral), reverse=True):
        referral = data.referral_by_id.get(decision.referral)
        approved = data.approval(decision) if data.response(decision) else decision.approved
        rows.append(
            (
                iso(decision.meeting),
                decision.referral,
                data.type_label(referral.type) if referral else "",
                referral.title if referral else "",
                " ".join(referral.case_ids) if referral else "",
                data.outcome_label(decision.outcome) + _decided_by(data, decision),
                approved.weekly if approved else None,
                approved.total if approved else None,
                iso(next_review(data, decision, first)),
                decision.chair or chairs.get(decision.meeting, ""),
            )
        )
    drafts = []
    for decision in sorted(data.pending, key=lambda d: (d.meeting, d.referral), reverse=True):
        standing = data.finality(decision)
        why = standing.reason if standing is not None and standing.reason else "finality not known (no git history)"
        drafts.append((iso(decision.meeting), decision.referral, data.outcome_name(decision.outcome), why))
    return Register(
        "decisions",
        "Decision log",
        "Every final decision (approved on main by whoever chaired it), newest first; decision records that "
        "are not final are listed apart and count in no register.",
        Table("Decisions", COLUMNS, rows),
        (Table("Not final (not counted)", ("meeting", "referral", "outcome", "why"), drafts),) if drafts else (),
    )


def _decided_by(data: PanelData, decision: Decision) -> str:
    """'; recommended, agreed by the Head of Service' for a recommendation its decision maker decided, else ''."""
    response = data.response(decision)
    if response is None:
        return ""
    words = {"agree": "agreed", "vary": "varied", "refuse": "refused"}[response.decision]
    return f"; recommended, {words} by the {data.config.role_name(response.role)}"
