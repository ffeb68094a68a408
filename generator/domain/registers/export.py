"""CSV export of a register for finance and performance teams."""

from __future__ import annotations

import csv
import unicodedata
from typing import TextIO

from generator.domain.registers.base import Cell, Register

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list, plus a line break)."""


def hides_formula(value: str) -> bool:
    """Whether a spreadsheet could run `value` as a formula: its first visible character, once leading
    whitespace (tabs, no-break and ideographic spaces) and invisible format characters are skipped and
    full-width and small forms (＝ ＋ － ＠ ﹦ …) are folded by NFKC, is a formula character."""
    if value.startswith(_FORMULA):
        return True
    start = 0
    while start < len(value) and (value[start].isspace() or unicodedata.category(value[start]) == "Cf"):
        start += 1
    return unicodedata.normalize("NFKC", value[start : start + 1]).startswith(_FORMULA)


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and hides_formula(value):
        return "'" + value  # a spreadsheet must never run a cell as a formula
    return value


def write_csv(register: Register, stream: TextIO) -> None:
    """The register's main table as CSV with a header row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(register.table.columns)
    for row in register.table.rows:
        writer.writerow([_cell(v) for v in row])
