"""`panel snapshot`: record the expenditure log for the finance lead to sign off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.commands.export import export_register
from generator.domain.formatting import short_date
from generator.domain.registers.finance_log import FOLDER, PREFIX, PeriodError, digest, period_bounds, record_text
from generator.io import files


@dataclass(frozen=True)
class Recorded:
    """A snapshot written by `panel snapshot`."""

    csv: Path
    record: Path
    rows: int
    digest: str


def _paths(root: Path, period: str) -> tuple[Path, Path]:
    folder = root / FOLDER
    return folder / f"{PREFIX}{period}.csv", folder / f"{PREFIX}{period}.yml"


def take_snapshot(root: Path, period: str, today: dt.date) -> Recorded:
    """Record the expenditure log as it stands for `period` (a month or a quarter, as panel.yml says)."""
    config = config_or_fail(root)
    rule = config.finance_sign_off
    if rule is None:
        raise PanelError.hinted(
            "panel.yml has no finance_sign_off: nobody signs the expenditure log off",
            "add 'finance_sign_off: {signer_role: finance-officer}' (a role in roles) to panel.yml",
            EXIT_USAGE,
        )
    try:
        first, last = period_bounds(period, rule.every)
    except PeriodError as exc:
        raise PanelError.hinted(str(exc), f"panel.yml signs the log off every {rule.every}", EXIT_USAGE) from exc
    if last >= today:
        raise PanelError.hinted(
            f"{period} has not ended yet (it runs to {short_date(last)})",
            "record a snapshot once the period is over",
            EXIT_USAGE,
        )
    csv_path, record_path = _paths(root, period)
    if files.entry_mode(record_path) is not None or files.entry_mode(csv_path) is not None:
        raise PanelError.hinted(
            f"a snapshot of {period} is already recorded ({record_path.relative_to(root).as_posix()})",
            "a signed snapshot stands; to record the period again, remove both files in a change of their own",
            EXIT_USAGE,
        )
    exported = export_register(root, "expenditure", today)
    csv_digest = digest(exported.text)
    csv_path.parent.mkdir(exist_ok=True)
    files.write_atomic(csv_path, exported.text, newline="")
    files.write_atomic(record_path, record_text(period, first, last, csv_digest, exported.rows, today))
    return Recorded(csv_path, record_path, exported.rows, csv_digest)
