"""The finance lead's sign-off of the expenditure log: recorded snapshots and what changed since.

`panel snapshot PERIOD` records the expenditure log as it stands (finance/expenditure-<period>.csv)
beside a record of it (finance/expenditure-<period>.yml: the period, its first and last day, and the
SHA-256 digest of the CSV). The snapshot is signed off when the record reaches main with a counting
Approved-by trailer of a holder of panel.yml's `finance_sign_off.signer_role` (signoff.approval decides what
counts). The register page shows the last signed snapshot and the rows changed since.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from generator.io.diagnostics import Diagnostic

FOLDER = "finance"
PREFIX = "expenditure-"
MONTH = re.compile(r"^(20[0-9]{2})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(20[0-9]{2})-([0-9]{2})-Q([1-4])$")
KEY_COLUMNS = ("financial_year", "meeting", "referral", "start", "status")
"""What identifies a row of the expenditure log from one snapshot to the next."""


class PeriodError(ValueError):
    """A period label that is not a month (2026-11) or a quarter of a financial year (2026-27-Q3)."""


def period_bounds(label: str, every: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: '2026-11' (every month) or '2026-27-Q3' (every quarter: Oct–Dec 2026)."""
    if every == "month":
        found = MONTH.match(label)
        if not found:
            raise PeriodError(f"'{label}' is not a month: write it as YYYY-MM, e.g. 2026-11")
        first = dt.date(int(found[1]), int(found[2]), 1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    found = QUARTER.match(label)
    if not found or (int(found[1]) + 1) % 100 != int(found[2]):
        raise PeriodError(f"'{label}' is not a quarter of a financial year: write it as YYYY-YY-QN, e.g. 2026-27-Q3")
    year, quarter = int(found[1]), int(found[3])
    month = 4 + 3 * (quarter - 1)
    first = dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    after = first.replace(day=28) + dt.timedelta(days=70)
    return first, after.replace(day=1) - dt.timedelta(days=1)


def digest(text: str) -> str:
    """'sha256:…' of the CSV's UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_text(period: str, first: dt.date, last: dt.date, csv_digest: str, rows: int, recorded: dt.date) -> str:
    """The snapshot's record (YAML): what the finance lead approves."""
    return (
        f"# The expenditure log for {period}, recorded {recorded.isoformat()}: approve this file to sign it off.\n"
        f'period: "{period}"\n'
        f"from: {first.isoformat()}\n"
        f"to: {last.isoformat()}\n"
        f"recorded: {recorded.isoformat()}\n"
        f"rows: {rows}\n"
        f'digest: "{csv_digest}"\n'
    )


@dataclass(frozen=True)
class Record:
    """A snapshot's record as read back: its period and the digest of its CSV."""

    period: str
    first: dt.date
    last: dt.date
    recorded: dt.date
    digest: str


def read_record(data: Any, every: str) -> tuple[Record | None, str]:
    """The record from YAML data loaded as text, or None and what is wrong with it."""
    if not isinstance(data, dict):
        return None, "the record is not a set of 'field: value' lines"
    missing = [k for k in ("period", "recorded", "digest") if not isinstance(data.get(k), str)]
    if missing:
        return None, f"the record has no {', '.join(missing)}"
    try:
        first, last = period_bounds(data["period"], every)
        recorded = dt.date.fromisoformat(data["recorded"])
    except ValueError as exc:
        return None, str(exc)
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", data["digest"]):
        return None, "digest is not sha256: and 64 hexadecimal digits"
    return Record(data["period"], first, last, recorded, data["digest"]), ""


@dataclass(frozen=True)
class Change:
    """A row of the expenditure log added, removed or changed since a snapshot."""

    change: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    """For a changed row, the columns whose values differ."""


def _rows(text: str) -> dict[tuple[str, ...], dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    found: dict[tuple[str, ...], dict[str, str]] = {}
    for row in reader:
        found[tuple(row.get(k) or "" for k in KEY_COLUMNS)] = row
    return found


def changes(before: str, after: str) -> list[Change]:
    """Rows of the CSV `after` added, removed or changed since the CSV `before` (by KEY_COLUMNS)."""
    old, new = _rows(before), _rows(after)
    found = [Change("added", key, ()) for key in new if key not in old]
    found += [Change("removed", key, ()) for key in old if key not in new]
    for key in new.keys() & old.keys():
        differing = tuple(c for c in new[key] if c != "running_total" and new[key].get(c) != old[key].get(c))
        if differing:
            found.append(Change("changed", key, differing))
    return sorted(found, key=lambda c: (c.key, c.change))


@dataclass(frozen=True)
class Snapshot:
    """One recorded snapshot: its record, whether its CSV is the one recorded, and who signed it off."""

    path: str
    record: Record
    csv_text: str
    intact: bool
    signed_by: str = ""
    signed_at: str = ""


@dataclass
class FinanceLog:
    """Every snapshot, the last signed one and the rows changed since it; and what is wrong with the files."""

    role: str
    snapshots: list[Snapshot] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def last_signed(self) -> Snapshot | None:
        """The signed snapshot of the latest period."""
        signed = [s for s in self.snapshots if s.signed_by and s.intact]
        return max(signed, key=lambda s: s.record.last) if signed else None
