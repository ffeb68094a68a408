"""The expenditure log: committed spend per financial year (April–March), by funder, against the budget.

Each commitment is split by financial year and by month; the part up to today is spent to date, the
part after it is forecast (commitments that run into future months). The budget counts the council's
share; a partner funder's share (panel.yml `funders`) counts only once its agreement is recorded, and a
decision marked `partner_share_pending` stands for the council's share only. Commitments at or above
`high_cost.weekly` are listed as high-cost placements.

What counts as committed: an approval in a FINAL decision of a panel that decides, under any
escalation threshold. Drafts and recommendations awaiting a decision maker are listed apart as
"pending" and never counted. A case's later decisions (on the same referral, or on a referral
that reviews it) continue, vary or end its commitment, never add a second one: a later approval
takes over from its start date, and a later decision that approves nothing (other than a
deferral or a return to panel) ends it on the day of that meeting. Each commitment is a period
(start–end); the budget counts only the council's (children's social care) share.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Approved, Decision
from generator.domain.formatting import money as format_money
from generator.domain.registers.base import PanelData, Register, Table, iso, money

POSTPONING = ("deferral_date", "return_date")
"""An outcome that requires one of these brings the case back later: it leaves a commitment running."""

LEADING = (
    "financial_year",
    "meeting",
    "referral",
    "type",
    "budget_line",
    "status",
    "start",
    "end",
    "weekly",
    "in_year",
)
TRAILING = ("running_total", "budget", "remaining", "note")


def funder_column(funder_id: str) -> str:
    """The register column of a funder's share: 'social-care' → 'social_care'."""
    return funder_id.replace("-", "_")


def columns(config: PanelConfig) -> tuple[str, ...]:
    """The commitments table's columns: one share column per funder in panel.yml."""
    return (*LEADING, *(funder_column(f.id) for f in config.funders), *TRAILING)


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


def until(approved: Approved, last: dt.date) -> Approved | None:
    """The part of `approved` up to and including `last` (its cost pro rata by day), or None if nothing is left."""
    if last >= approved.end:
        return approved
    if last < approved.start:
        return None
    days = (approved.end - approved.start).days + 1
    kept = (last - approved.start).days + 1
    recurring = approved.total - approved.one_off
    return replace(approved, end=last, total=round(recurring * kept / days + approved.one_off, 2))


@dataclass(frozen=True)
class Line:
    """One commitment: the period of one approval that stands, or a pending approval."""

    decision: Decision
    approved: Approved
    """The approval as it stands: its end (and total) cut where a later decision took over or ended it."""
    committed: bool
    note: str
    shares: tuple[tuple[str, float], ...]
    """(funder, percentage) pairs adding up to 100."""
    partner_pending: tuple[str, ...] = ()
    """Partner funders whose share awaits their agreement (the decision stands for the council's share only)."""


@dataclass(frozen=True)
class Commitment:
    """The part of one line that falls in one financial year."""

    year: str
    line: Line
    type: str
    budget_line: str
    amount: float

    @property
    def decision(self) -> Decision:
        """The decision that made the commitment."""
        return self.line.decision

    @property
    def approved(self) -> Approved:
        """The approval as it stands."""
        return self.line.approved

    def share(self, funder: str) -> float:
        """This funder's part of the amount."""
        return round(sum((self.amount * p / 100 for f, p in self.line.shares if f == funder), 0.0), 2)


def case_of(data: PanelData, referral_id: str) -> str:
    """The first referral of a case: follow `review_of` back (reviews continue the case they review)."""
    seen = {referral_id}
    current = referral_id
    while True:
        referral = data.referral_by_id.get(current)
        if referral is None or not referral.review_of or referral.review_of in seen:
            return current
        current = referral.review_of
        seen.add(current)


def _shares(data: PanelData, decision: Decision) -> tuple[tuple[str, float], ...]:
    if decision.funding:
        return decision.funding
    referral = data.referral_by_id.get(decision.referral)
    if referral and referral.costs and referral.costs.funding:
        return referral.costs.funding
    return ((data.config.council_funder, 100.0),)


def _partner_pending(data: PanelData, decision: Decision) -> tuple[str, ...]:
    standing = data.finality(decision)
    return standing.partner_pending if standing is not None else ()


def _pending_note(data: PanelData, pending: tuple[str, ...]) -> str:
    if not pending:
        return ""
    names = ", ".join(data.config.funder_name(f) for f in pending)
    return f"council share only, partner share pending ({names} has not agreed)"


def _same_terms(earlier: Approved, later: Approved) -> bool:
    return (earlier.resource, earlier.weekly, earlier.budget_line) == (later.resource, later.weekly, later.budget_line)


def _ends(data: PanelData, decision: Decision) -> bool:
    """A later decision that approves nothing ends the commitment, unless it defers the case or brings it back."""
    if decision.approved is not None:
        return False
    outcome = data.config.outcome(decision.outcome)
    requires = outcome.requires if outcome else ()
    return not any(r in requires for r in POSTPONING) and not any(getattr(decision, r) for r in POSTPONING)


def lines(data: PanelData) -> list[Line]:
    """Every commitment that stands, then every pending approval; each committed line cut by later decisions."""
    by_case: dict[str, list[Decision]] = defaultdict(list)
    for decision in data.final:
        by_case[case_of(data, decision.referral)].append(decision)
    committed: list[Line] = []
    pending: list[Line] = []
    for decisions in by_case.values():
        running: list[Line] = []
        for decision in sorted(decisions, key=lambda d: (d.meeting, d.referral)):
            awaiting = data.awaiting(decision)
            if awaiting and decision.approved is not None:
                role = data.config.role_name(awaiting)
                note = f"pending: a recommendation to the {role}, awaiting their decision"
                pending.append(Line(decision, decision.approved, False, note, _shares(data, decision)))
                continue
            approved = data.approval(decision)
            if approved is None and decision.approved is not None:
                continue  # the decision maker refused the recommendation: nothing stands, nothing ends
            if approved is not None:
                last = approved.start - dt.timedelta(days=1)
                how = f"from {approved.start}: see the decision of {decision.meeting} on {decision.referral}"
            elif _ends(data, decision):
                last = decision.meeting
                how = f"on {decision.meeting}: see the decision of that day on {decision.referral}"
            else:
                continue
            earlier = [line for line in running if line.approved.end > last]
            running = [line for line in running if line not in earlier]
            for line in earlier:
                cut = until(line.approved, last)
                same = approved is not None and _same_terms(line.approved, approved)
                verb = "ended" if approved is None else "continued" if same else "varied"
                note = "; ".join(n for n in (line.note, f"{verb} {how}") if n)
                if cut is not None:
                    running.append(replace(line, approved=cut, note=note))
            if approved is not None:
                earlier_ids = {f"{line.decision.referral} of {line.decision.meeting}" for line in earlier}
                continues = ", ".join(sorted(earlier_ids))
                note = f"continues {continues}" if continues else ""
                response = data.response(decision)
                if response is not None:
                    words = {"agree": "agreed", "vary": "varied", "refuse": "refused"}[response.decision]
                    made = f"{words} by {response.decided_by} ({data.config.role_name(response.role)})"
                    note = "; ".join(n for n in (note, made) if n)
                shares = response.funding if response is not None and response.funding else _shares(data, decision)
                waiting = _partner_pending(data, decision)
                note = "; ".join(n for n in (note, _pending_note(data, waiting)) if n)
                running.append(Line(decision, approved, True, note, shares, waiting))
        committed.extend(running)
    for decision in data.pending:
        if decision.approved is not None:
            standing = data.finality(decision)
            if standing is not None and standing.awaiting_role:
                role = data.config.role_name(standing.awaiting_role)
                note = f"pending: a recommendation to the {role}, awaiting their decision"
                pending.append(Line(decision, decision.approved, False, note, _shares(data, decision)))
                continue
            why = standing.reason if standing is not None and standing.reason else "not signed off"
            pending.append(Line(decision, decision.approved, False, f"pending: draft, {why}", _shares(data, decision)))
    return committed + pending


def _split_lines(data: PanelData, found: list[Line]) -> list[Commitment]:
    result = []
    for line in found:
        referral = data.referral_by_id.get(line.decision.referral)
        kind = referral.type if referral else ""
        budget_line = line.approved.budget_line or (referral.costs.budget_line if referral and referral.costs else "")
        for year, amount in by_year(line.approved).items():
            result.append(Commitment(year, line, kind, budget_line, amount))
    return sorted(result, key=lambda c: (c.year, c.decision.meeting, c.decision.referral, c.approved.start))


def commitments(data: PanelData) -> list[Commitment]:
    """Every committed line split by financial year, in year then meeting order."""
    return _split_lines(data, [line for line in lines(data) if line.committed])


def pending(data: PanelData) -> list[Commitment]:
    """Drafts and recommendations awaiting a decision maker, split by financial year: never counted."""
    return _split_lines(data, [line for line in lines(data) if not line.committed])


def spend_by_month(data: PanelData) -> dict[str, dict[str, float]]:
    """Month → referral type → committed amount: for the statistics charts."""
    found: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in lines(data):
        if not line.committed:
            continue
        referral = data.referral_by_id.get(line.decision.referral)
        for month, amount in by_month(line.approved).items():
            found[month][referral.type if referral else ""] += amount
    return {m: dict(v) for m, v in sorted(found.items())}


def _agreed_share(line: Line, funder: str, amount: float) -> float:
    """The funder's part of `amount`: nothing for a partner whose agreement is still awaited."""
    if funder in line.partner_pending:
        return 0.0
    return sum((amount * p / 100 for f, p in line.shares if f == funder), 0.0)


def _to_date(line: Line, today: dt.date) -> tuple[dict[str, float], dict[str, float]]:
    """The line's amounts by financial year: spent up to `today`, and forecast after it."""
    spent: dict[str, float] = {}
    forecast: dict[str, float] = {}
    for year in by_year(line.approved):
        first, last = _year_bounds(year)
        parts = split(
            line.approved,
            iter([("spent", first, min(last, today)), ("forecast", max(first, today + dt.timedelta(days=1)), last)]),
        )
        spent[year] = parts.get("spent", 0.0)
        forecast[year] = parts.get("forecast", 0.0)
    return spent, forecast


def _by_month_rows(data: PanelData, committed: list[Line]) -> list[tuple[str | float | None, ...]]:
    council = data.config.council_funder
    today_month = data.today.strftime("%Y-%m")
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for line in committed:
        for month, amount in by_month(line.approved).items():
            totals[month][0] += amount
            totals[month][1] += _agreed_share(line, council, amount)
    return [
        (
            financial_year(dt.date.fromisoformat(f"{month}-01")),
            month,
            "forecast" if month > today_month else "to date" if month < today_month else "this month",
            money(total),
            money(share),
        )
        for month, (total, share) in sorted(totals.items())
    ]


def _by_funder_rows(data: PanelData, committed: list[Line]) -> list[tuple[str | float | None, ...]]:
    agreed: dict[tuple[str, str], float] = defaultdict(float)
    awaiting: dict[tuple[str, str], float] = defaultdict(float)
    for line in committed:
        for year, amount in by_year(line.approved).items():
            for funder, percent in line.shares:
                part = amount * percent / 100
                if funder in line.partner_pending:
                    awaiting[(year, funder)] += part
                else:
                    agreed[(year, funder)] += part
    order = {f.id: n for n, f in enumerate(data.config.funders)}
    keys = sorted(set(agreed) | set(awaiting), key=lambda k: (k[0], order.get(k[1], len(order)), k[1]))
    return [
        (
            year,
            data.config.funder_name(funder),
            money(agreed.get((year, funder), 0.0)),
            money(awaiting.get((year, funder), 0.0)),
        )
        for year, funder in keys
    ]


def high_cost(data: PanelData) -> list[Line]:
    """Committed lines at or above high_cost.weekly (for the types it names) that run on past today."""
    rule = data.config.high_cost
    if rule is None:
        return []
    found = []
    for line in lines(data):
        referral = data.referral_by_id.get(line.decision.referral)
        kind = referral.type if referral else ""
        if (
            line.committed
            and line.approved.weekly >= rule.weekly
            and rule.applies_to(kind)
            and line.approved.end >= data.today
        ):
            found.append(line)
    return sorted(found, key=lambda line: (-line.approved.weekly, line.decision.referral))


def _high_cost_rows(data: PanelData) -> list[tuple[str | float | None, ...]]:
    rows: list[tuple[str | float | None, ...]] = []
    for line in high_cost(data):
        referral = data.referral_by_id.get(line.decision.referral)
        funders = ", ".join(f"{data.config.funder_name(f)} {p:g}%" for f, p in line.shares)
        rows.append(
            (
                line.decision.referral,
                data.type_name(referral.type) if referral else "",
                iso(line.approved.start),
                iso(line.approved.end),
                money(line.approved.weekly),
                money(line.approved.total),
                funders,
                line.note,
            )
        )
    return rows


def build(data: PanelData) -> Register:
    """The expenditure log, with totals by funder, month, referral type and budget line, and the high-cost list."""
    config = data.config
    council = config.council_funder
    budgets = config.panel.budget
    running: dict[str, float] = defaultdict(float)
    amounts: dict[tuple[str, str, str], float] = defaultdict(float)
    weekly: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    rows = []
    for c in commitments(data):
        running[c.year] = round(running[c.year] + _agreed_share(c.line, council, c.amount), 2)
        rows.append(_row(data, c, "committed", running[c.year], budgets.get(c.year)))
        case = case_of(data, c.decision.referral)
        for key in ((c.year, "type", data.type_name(c.type)), (c.year, "line", c.budget_line)):
            amounts[key] += c.amount
            # A case's weekly cost counts once a year, at its latest rate, however often it was continued.
            weekly[key][case] = c.approved.weekly
    by_type = {(y, n): (sum(weekly[k].values()), a) for k, a in amounts.items() for y, kind, n in [k] if kind == "type"}
    by_line = {(y, n): (sum(weekly[k].values()), a) for k, a in amounts.items() for y, kind, n in [k] if kind == "line"}
    waiting = pending(data)
    rows.extend(_row(data, c, "pending", None, None) for c in waiting)
    pending_by_year: dict[str, float] = defaultdict(float)
    for c in waiting:
        pending_by_year[c.year] += c.share(council)
    committed = [line for line in lines(data) if line.committed]
    spent: dict[str, float] = defaultdict(float)
    forecast: dict[str, float] = defaultdict(float)
    for line in committed:
        to_date, ahead = _to_date(line, data.today)
        for year, amount in to_date.items():
            spent[year] += _agreed_share(line, council, amount)
        for year, amount in ahead.items():
            forecast[year] += _agreed_share(line, council, amount)
    summary_columns = ("financial_year", "name", "weekly", "in_year")
    years = sorted(set(running) | set(budgets) | set(pending_by_year))
    budget_rows = [
        (
            y,
            budgets.get(y),
            money(spent.get(y, 0.0)),
            money(forecast.get(y, 0.0)),
            money(running.get(y, 0.0)),
            money(budgets[y] - running.get(y, 0.0)) if y in budgets else None,
            money(pending_by_year.get(y, 0.0)),
        )
        for y in years
    ]
    tables = [
        Table(
            "Budget by financial year (council share)",
            ("financial_year", "budget", "to_date", "forecast", "committed", "remaining", "pending"),
            budget_rows,
        ),
        Table(
            "By funder",
            ("financial_year", "funder", "committed", "awaiting_agreement"),
            _by_funder_rows(data, committed),
        ),
        Table(
            "By month",
            ("financial_year", "month", "when", "committed", funder_column(council)),
            _by_month_rows(data, committed),
        ),
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
    ]
    if config.high_cost is not None:
        tables.append(
            Table(
                f"High-cost placements (from {format_money(config.high_cost.weekly)} a week)",
                ("referral", "type", "start", "end", "weekly", "total", "funders", "note"),
                _high_cost_rows(data),
            )
        )
    return Register(
        "expenditure",
        "Expenditure log",
        "Spend committed by final decisions, per financial year (April to March): each commitment is a period, "
        "continued, varied or ended by the case's later decisions; each funder's share is shown and the budget "
        "in panel.yml counts only the council's share. Spend to date is the part of each commitment up to today; "
        "forecast is the part that runs into later months. A partner's share counts once its agreement is "
        "recorded. Drafts and recommendations awaiting a decision maker are listed last as pending and are not "
        "counted.",
        Table("Commitments", columns(config), rows),
        tuple(tables),
    )


def _row(
    data: PanelData, c: Commitment, status: str, running: float | None, budget: float | None
) -> tuple[str | float | None, ...]:
    return (
        c.year,
        iso(c.decision.meeting),
        c.decision.referral,
        data.type_name(c.type),
        data.budget_line_name(c.budget_line),
        status,
        iso(c.approved.start),
        iso(c.approved.end),
        money(c.approved.weekly),
        money(c.amount),
        *(round(_agreed_share(c.line, f.id, c.amount), 2) for f in data.config.funders),
        money(running) if running is not None else None,
        budget,
        money(budget - running) if budget is not None and running is not None else None,
        c.line.note,
    )
