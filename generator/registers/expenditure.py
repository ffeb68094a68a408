"""The expenditure log: approved commitments per financial year (April–March), against the budget."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..decisions import Approved, Decision
from .base import PanelData, Register, Table, iso, money

COLUMNS = (
    "financial_year",
    "meeting",
    "referral",
    "type",
    "budget_line",
    "start",
    "end",
    "weekly",
    "in_year",
    "running_total",
    "budget",
    "remaining",
)


def financial_year(day: dt.date) -> str:
    """'2026-27' for any day from 1 April 2026 to 31 March 2027."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _year_bounds(label: str) -> tuple[dt.date, dt.date]:
    first = int(label[:4])
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def split(approved: Approved, periods: Iterator[tuple[str, dt.date, dt.date]]) -> dict[str, float]:
    """The approved total spread evenly over its days, in pence; one-off costs fall on the start."""
    days = (approved.end - approved.start).days + 1
    recurring = approved.total - approved.one_off
    found: dict[str, float] = {}
    for label, first, last in periods:
        overlap = (min(last, approved.end) - max(first, approved.start)).days + 1
        amount = recurring * overlap / days if overlap > 0 else 0.0
        if first <= approved.start <= last:
            amount += approved.one_off
        if amount:
            found[label] = found.get(label, 0.0) + amount
    rounded = {label: round(amount, 2) for label, amount in found.items()}
    if rounded:
        # Pennies lost to rounding go to the last period, so the parts add up to the total.
        final = max(rounded)
        rounded[final] = round(rounded[final] + approved.total - sum(rounded.values()), 2)
    return rounded


def by_year(approved: Approved) -> dict[str, float]:
    """Amount in each financial year the approval touches."""
    labels = sorted({financial_year(approved.start), financial_year(approved.end)})
    first, last = int(labels[0][:4]), int(labels[-1][:4])
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(first, last + 1)]
    return split(approved, ((y, *_year_bounds(y)) for y in years))


def by_month(approved: Approved) -> dict[str, float]:
    """Amount in each calendar month ('YYYY-MM') the approval touches."""

    def months() -> Iterator[tuple[str, dt.date, dt.date]]:
        day = approved.start.replace(day=1)
        while day <= approved.end:
            following = (day + dt.timedelta(days=32)).replace(day=1)
            yield day.strftime("%Y-%m"), day, following - dt.timedelta(days=1)
            day = following

    return split(approved, months())


@dataclass(frozen=True)
class Commitment:
    """The part of one approval that falls in one financial year."""

    year: str
    decision: Decision
    approved: Approved
    type: str
    budget_line: str
    amount: float


def commitments(data: PanelData) -> list[Commitment]:
    """Every approval split by financial year, in year then meeting order."""
    found = []
    for decision in data.decisions:
        approved = decision.approved
        if approved is None:
            continue
        referral = data.referral_by_id.get(decision.referral)
        kind = referral.type if referral else ""
        line = approved.budget_line or (referral.costs.budget_line if referral and referral.costs else "")
        for year, amount in by_year(approved).items():
            found.append(Commitment(year, decision, approved, kind, line, amount))
    return sorted(found, key=lambda c: (c.year, c.decision.meeting, c.decision.referral))


def spend_by_month(data: PanelData) -> dict[str, dict[str, float]]:
    """Month → referral type → committed amount: for the statistics charts."""
    found: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for decision in data.decisions:
        if decision.approved is None:
            continue
        referral = data.referral_by_id.get(decision.referral)
        for month, amount in by_month(decision.approved).items():
            found[month][referral.type if referral else ""] += amount
    return {m: dict(v) for m, v in sorted(found.items())}


def build(data: PanelData) -> Register:
    """The expenditure log, with totals by referral type and budget line for each year."""
    budgets = data.config.panel.budget
    running: dict[str, float] = defaultdict(float)
    by_type: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    by_line: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows = []
    for c in commitments(data):
        running[c.year] = round(running[c.year] + c.amount, 2)
        budget = budgets.get(c.year)
        rows.append(
            (
                c.year,
                iso(c.decision.meeting),
                c.decision.referral,
                data.type_name(c.type),
                data.budget_line_name(c.budget_line),
                iso(c.approved.start),
                iso(c.approved.end),
                money(c.approved.weekly),
                money(c.amount),
                money(running[c.year]),
                budget,
                money(budget - running[c.year]) if budget is not None else None,
            )
        )
        for table, key in ((by_type, (c.year, data.type_name(c.type))), (by_line, (c.year, c.budget_line))):
            table[key][0] += c.approved.weekly
            table[key][1] += c.amount
    summary_columns = ("financial_year", "name", "weekly", "in_year")
    years = sorted(set(running) | set(budgets))
    budget_rows = [
        (
            y,
            budgets.get(y),
            money(running.get(y, 0.0)),
            money(budgets[y] - running.get(y, 0.0)) if y in budgets else None,
        )
        for y in years
    ]
    return Register(
        "expenditure",
        "Expenditure log",
        "Commitments approved by the panel, per financial year (April to March), with a running total "
        "against the budget in panel.yml.",
        Table("Commitments", COLUMNS, rows),
        (
            Table("Budget by financial year", ("financial_year", "budget", "committed", "remaining"), budget_rows),
            Table(
                "By referral type",
                summary_columns,
                [(y, n, money(w), money(a)) for (y, n), (w, a) in sorted(by_type.items())],
            ),
            Table(
                "By budget line",
                summary_columns,
                [(y, data.budget_line_name(n), money(w), money(a)) for (y, n), (w, a) in sorted(by_line.items())],
            ),
        ),
    )
