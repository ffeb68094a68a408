"""`panel export`: a register as CSV, from the checked repository and its history."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError
from generator.commands.history import read_history
from generator.commands.repository import repository_or_fail
from generator.domain.history import HistoryUnavailable
from generator.domain.registers import BUILDERS, write_csv
from generator.io.files import write_atomic


@dataclass
class Exported:
    """The CSV text, and where it was written (None: it is for stdout)."""

    text: str
    rows: int
    written: Path | None = None


def export_register(root: Path, register: str, today: dt.date, output: Path | None = None) -> Exported:
    """REGISTER (a key of `BUILDERS`) as CSV; written atomically to `output` when given."""
    _, repo = repository_or_fail(root, today, "exporting registers")
    try:
        history = read_history(root, repo.config)
    except HistoryUnavailable as exc:
        # Only final decisions count, and only git history can show a decision is final.
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    built = BUILDERS[register](repo.panel_data(history))
    buffer = io.StringIO(newline="")
    write_csv(built, buffer)
    exported = Exported(buffer.getvalue(), len(built.table.rows))
    if output is not None:
        write_atomic(output, exported.text, newline="")
        exported.written = output
    return exported
