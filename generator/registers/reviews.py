"""The review tracker: cases that must come back to panel, and whether they have."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..decisions import Decision
from ..diagnostics import Diagnostic, Severity
from .base import PanelData, Register, Table, iso

COLUMNS = ("status", "due", "referral", "type", "case_ids", "decided", "reason", "came_back")


@dataclass(frozen=True)
class Review:
    """A decision that must come back to panel by a date."""

    decision: Decision
    due: dt.date
    reason: str
    status: str
    came_back: str


def _came_back(data: PanelData, decision: Decision) -> str:
    """The first later decision on this referral, or on a referral that reviews it."""
    later = [d for d in data.decisions_by_referral.get(decision.referral, []) if d.meeting > decision.meeting]
    for review in data.reviews_of.get(decision.referral, []):
        later += [d for d in data.decisions_by_referral.get(review.id, []) if d.meeting > decision.meeting]
    first = min(later, key=lambda d: d.meeting, default=None)
    return f"{first.referral} on {first.meeting}" if first else ""


def reviews(data: PanelData) -> list[Review]:
    """Every decision with a review, return or deferral date, overdue first."""
    found: list[Review] = []
    for decision in data.final:
        due = decision.deferral_date or decision.next_review
        if due is None:
            continue
        reason = "deferred" if decision.deferral_date else ("return" if decision.return_date else "review")
        came_back = _came_back(data, decision)
        status = "done" if came_back else ("overdue" if due < data.today else "due")
        found.append(Review(decision, due, reason, status, came_back))
    order = {"overdue": 0, "due": 1, "done": 2}
    return sorted(found, key=lambda r: (order[r.status], r.due, r.decision.referral))


def overdue(data: PanelData) -> list[Review]:
    """Reviews past their date that have not come back: for the next agenda."""
    return [r for r in reviews(data) if r.status == "overdue"]


def overdue_warnings(data: PanelData) -> list[Diagnostic]:
    """One `panel check` warning per overdue review, at the decision's date field."""
    found = []
    for review in overdue(data):
        decision = review.decision
        field = {"deferred": "deferral_date", "return": "return_date"}.get(review.reason, "review_date")
        mark = decision.source.mark((field,))
        found.append(
            Diagnostic(
                decision.path,
                mark.line,
                mark.column,
                "review-overdue",
                f"{decision.referral} was due back at panel by {review.due} ({review.reason}) and has not returned",
                Severity.WARNING,
                "book it onto the next agenda: a review referral with review_of: " + decision.referral,
            )
        )
    return found


def build(data: PanelData) -> Register:
    """The review tracker."""
    rows = []
    for review in reviews(data):
        decision = review.decision
        referral = data.referral_by_id.get(decision.referral)
        rows.append(
            (
                review.status,
                iso(review.due),
                decision.referral,
                data.type_name(referral.type) if referral else "",
                " ".join(referral.case_ids) if referral else "",
                iso(decision.meeting),
                review.reason,
                review.came_back,
            )
        )
    return Register(
        "reviews",
        "Review tracker",
        "Cases due back at panel for review, on return or after deferral; overdue first.",
        Table("Reviews", COLUMNS, rows),
    )
