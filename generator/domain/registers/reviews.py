"""The review tracker: cases that must come back to panel, and whether they have."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass

from generator.domain.config.model import ReviewRule, StandingReview
from generator.domain.decisions import Decision
from generator.domain.formatting import money
from generator.domain.registers.base import PanelData, Register, Table, iso
from generator.domain.registers.expenditure import case_of, lines, until
from generator.io.diagnostics import Diagnostic, Severity

REVIEW_CHAIN_MAX = 50
"""How far `review_of` links are followed back to the case's first referral."""

COLUMNS = ("status", "due", "referral", "type", "case_ids", "decided", "reason", "came_back")


class ReviewStatus(enum.StrEnum):
    """Whether a case has come back to panel; the tracker lists them in this order."""

    OVERDUE = "overdue"
    DUE = "due"
    DONE = "done"


class ReviewReason(enum.StrEnum):
    """Why a case comes back: its review, a return date, or a deferral."""

    REVIEW = "review"
    RETURN = "return"
    DEFERRED = "deferred"
    STANDING = "standing"


@dataclass(frozen=True)
class Review:
    """A decision that must come back to panel by a date."""

    decision: Decision
    due: dt.date
    reason: ReviewReason
    status: ReviewStatus
    came_back: str
    at_risk: str = ""
    """What is at risk if it does not come back in time (the review rule's `at_risk`)."""
    standing: str = ""
    """For a standing review: the category, the spend to date and the next commitment, in words."""


def _came_back(data: PanelData, decision: Decision) -> str:
    """The first later decision on this referral, or on a referral that reviews it."""
    later = [d for d in data.decisions_by_referral.get(decision.referral, []) if d.meeting > decision.meeting]
    for review in data.reviews_of.get(decision.referral, []):
        later += [d for d in data.decisions_by_referral.get(review.id, []) if d.meeting > decision.meeting]
    first = min(later, key=lambda d: d.meeting, default=None)
    return f"{first.referral} on {first.meeting}" if first else ""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _case(data: PanelData, referral_id: str) -> str:
    """The first referral of a case: follow review_of back (bounded, and safe against loops)."""
    seen = [referral_id]
    while len(seen) < REVIEW_CHAIN_MAX:
        referral = data.referral_by_id.get(seen[-1])
        if referral is None or not referral.review_of or referral.review_of in seen:
            break
        seen.append(referral.review_of)
    return seen[-1]


def review_rule(data: PanelData, referral_id: str) -> ReviewRule | None:
    """The review rule of the referral's type, else of the type of the referral it reviews."""
    for _ in range(REVIEW_CHAIN_MAX):
        referral = data.referral_by_id.get(referral_id)
        if referral is None:
            return None
        kind = data.config.referral_type(referral.type)
        if kind is not None and kind.review is not None:
            return kind.review
        if not referral.review_of or referral.review_of == referral_id:
            return None
        referral_id = referral.review_of
    return None


def rule_for(data: PanelData, decision: Decision) -> ReviewRule | None:
    """The decision's review rule: its outcome's over its referral's type's (or the type of the case it reviews).

    An outcome's rule that sets an interval replaces the type's interval; `stated` holds if either says so, and
    the outcome's `at_risk` wins over the type's.
    """
    outcome = data.config.outcome(decision.outcome)
    own = outcome.review if outcome is not None else None
    kind = review_rule(data, decision.referral)
    if own is None or kind is None:
        return own or kind
    base = own if _has_interval(own) else kind
    return dataclasses.replace(base, stated=own.stated or kind.stated, at_risk=own.at_risk or kind.at_risk)


def _has_interval(rule: ReviewRule) -> bool:
    return bool(rule.every_weeks or rule.first_after_months or rule.then_every_months)


def first_approvals(data: PanelData) -> dict[str, dt.date]:
    """The meeting of each case's first approving decision, by the case's first referral."""
    first: dict[str, dt.date] = {}
    for d in data.final:
        if d.approved is not None:
            case = _case(data, d.referral)
            first[case] = min(first.get(case, d.meeting), d.meeting)
    return first


def _first_approved(data: PanelData, decision: Decision, first: dict[str, dt.date] | None) -> bool:
    """True when no earlier decision in the case approved a resource: the case's first review is next."""
    earliest = (first if first is not None else first_approvals(data)).get(_case(data, decision.referral))
    return earliest is None or earliest >= decision.meeting


def next_review(data: PanelData, decision: Decision, first: dict[str, dt.date] | None = None) -> dt.date | None:
    """When the case must come back after `decision`: the date or frequency it states, else the earlier of its
    review rule's date and its standing review's (`standing_reviews`)."""
    stated = decision.next_review
    if stated is not None or decision.deferral_date is not None:
        return stated
    found = [d for d in (_rule_due(data, decision, first), _standing_due(data, decision)) if d is not None]
    return min(found, default=None)


def standing_for(data: PanelData, decision: Decision) -> StandingReview | None:
    """The standing review that covers the case's approval in `decision` (by the case's first type and weekly cost)."""
    approved = decision.approved
    if approved is None or not data.config.standing_reviews:
        return None
    first = data.referral_by_id.get(_case(data, decision.referral))
    type_id = first.type if first else ""
    return next((s for s in data.config.standing_reviews if s.covers(type_id, approved.weekly)), None)


def _standing_due(data: PanelData, decision: Decision) -> dt.date | None:
    standing = standing_for(data, decision)
    if standing is None or decision.approved is None:
        return None
    due = add_months(decision.meeting, standing.every_months)
    return due if due <= decision.approved.end else None


def _standing_words(data: PanelData, decision: Decision, standing: StandingReview) -> str:
    """'standing review (High-cost placements, every 6 months): spent to date £12,345; next: £2,400 a week to …'."""
    case = case_of(data, decision.referral)
    running = [line for line in lines(data) if line.committed and case_of(data, line.decision.referral) == case]
    spent = sum(part.total for line in running if (part := until(line.approved, data.today)) is not None)
    ahead = [line.approved for line in running if line.approved.end >= data.today]
    latest = max(ahead, key=lambda a: a.start, default=None)
    nxt = (
        f"; next: {money(latest.weekly)} a week to {latest.end.isoformat()}" if latest else "; nothing committed ahead"
    )
    return f"standing review ({standing.name}, every {standing.every_months} months): spent to date {money(spent)}{nxt}"


def _rule_due(data: PanelData, decision: Decision, first: dict[str, dt.date] | None = None) -> dt.date | None:
    """When the decision's review rule brings the case back (None when it has none).

    The rule applies to decisions that approve a resource: every_weeks after the meeting; or
    first_after_months after the resource starts, then then_every_months after each later decision.
    Reviews stop when the approval ends, unless the rule is until_chair_satisfied: then they go on
    until a decision records chair_satisfied: true. `first` is first_approvals(data), when already known.
    """
    approved = decision.approved
    rule = rule_for(data, decision)
    if approved is None or rule is None or decision.chair_satisfied:
        return None
    if rule.every_weeks:
        due = decision.meeting + dt.timedelta(weeks=rule.every_weeks)
    elif rule.first_after_months and _first_approved(data, decision, first):
        due = add_months(approved.start, rule.first_after_months)
    elif rule.then_every_months:
        due = add_months(decision.meeting, rule.then_every_months)
    else:
        return None
    if not rule.until_chair_satisfied and due > approved.end:
        return None
    return due


def reviews(data: PanelData) -> list[Review]:
    """Every decision with a review, return or deferral date (stated or from its type's rule), overdue first."""
    found: list[Review] = []
    first = first_approvals(data)
    for decision in data.final:
        due = decision.deferral_date or next_review(data, decision, first)
        if due is None:
            continue
        stated = decision.next_review is not None
        standing = None if stated else standing_for(data, decision)
        reason = (
            ReviewReason.DEFERRED
            if decision.deferral_date
            else ReviewReason.RETURN
            if decision.return_date
            else ReviewReason.STANDING
            if standing is not None and due == _standing_due(data, decision)
            else ReviewReason.REVIEW
        )
        came_back = _came_back(data, decision)
        status = ReviewStatus.DONE if came_back else ReviewStatus.OVERDUE if due < data.today else ReviewStatus.DUE
        rule = rule_for(data, decision) if reason in (ReviewReason.REVIEW, ReviewReason.STANDING) else None
        words = (
            _standing_words(data, decision, standing)
            if standing is not None and reason is ReviewReason.STANDING and status is not ReviewStatus.DONE
            else ""
        )
        found.append(Review(decision, due, reason, status, came_back, rule.at_risk if rule else "", words))
    order = list(ReviewStatus)
    return sorted(found, key=lambda r: (order.index(r.status), r.due, r.decision.referral))


def overdue(data: PanelData) -> list[Review]:
    """Reviews past their date that have not come back: for the next agenda."""
    return [r for r in reviews(data) if r.status == ReviewStatus.OVERDUE]


def overdue_warnings(data: PanelData) -> list[Diagnostic]:
    """One `panel check` warning per overdue review, at the decision's date field."""
    found = []
    for review in overdue(data):
        decision = review.decision
        field = {
            ReviewReason.DEFERRED: "deferral_date",
            ReviewReason.RETURN: "return_date",
            ReviewReason.STANDING: "approved",
        }.get(review.reason, "review_date")
        mark = decision.source.mark((field,))
        risk = f": {review.at_risk}" if review.at_risk else ""
        found.append(
            Diagnostic(
                decision.path,
                mark.line,
                mark.column,
                "review-overdue",
                f"{decision.referral} was due back at panel by {review.due} ({review.reason}) and has not returned"
                + risk,
                Severity.WARNING,
                "book it onto the next agenda: a review referral with review_of: " + decision.referral,
            )
        )
    return found


def missing_reviews(data: PanelData) -> list[Diagnostic]:
    """One `panel check` error per approving decision that states no review where its rule says it must."""
    found = []
    for decision in data.decisions:
        rule = rule_for(data, decision)
        if rule is None or not rule.stated or decision.approved is None or decision.chair_satisfied:
            continue
        if decision.review_date or decision.review_every_weeks or decision.return_date:
            continue
        mark = decision.source.mark(("approved",))
        outcome = data.config.outcome(decision.outcome)
        kind = data.referral_by_id.get(decision.referral)
        whose = (
            f"the outcome '{outcome.name}'"
            if outcome is not None and outcome.review is not None and outcome.review.stated
            else f"{data.type_name(kind.type) if kind else 'its'} referrals"
        )
        found.append(
            Diagnostic(
                decision.path,
                mark.line,
                mark.column,
                "review-missing",
                f"{decision.referral}: an approval without a review; the review rule for {whose} says every "
                "approval states when the case comes back",
                Severity.ERROR,
                "add review_date: YYYY-MM-DD and/or review_every_weeks: N"
                + (f" (if it is not reviewed, {rule.at_risk})" if rule.at_risk else ""),
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
