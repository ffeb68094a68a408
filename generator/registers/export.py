"""CSV export of a register for finance and performance teams."""

from __future__ import annotations

import csv
from typing import TextIO

from .base import Cell, Register

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value  # a spreadsheet must never run a cell as a formula
    return value


def write_csv(register: Register, stream: TextIO) -> None:
    """The register's main table as CSV with a header row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(register.table.columns)
    for row in register.table.rows:
        writer.writerow([_cell(v) for v in row])
