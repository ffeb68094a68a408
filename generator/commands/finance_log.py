"""The finance lead's sign-offs of the expenditure log: snapshots under finance/, read, checked and judged."""

from __future__ import annotations

from pathlib import Path

from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import short_date
from generator.domain.history import History
from generator.domain.registers.finance_log import (
    FOLDER,
    PREFIX,
    FinanceLog,
    Snapshot,
    changes,
    digest,
    read_record,
)
from generator.domain.signoff.approval import finance_signoff
from generator.io import files, yamlsafe
from generator.io.diagnostics import Diagnostic

MAX_SNAPSHOT_BYTES = 20_000_000
"""A snapshot CSV holds one row per commitment and year: far below this."""
MAX_RECORD_BYTES = 10_000


def _read(path: Path, root: Path, limit: int) -> tuple[str | None, Diagnostic | None]:
    display = path.relative_to(root).as_posix()
    try:
        return files.read_regular(path, limit=limit, root=root).decode("utf-8"), None
    except files.FileRefused as exc:
        return None, Diagnostic(display, 1, 1, exc.code, exc.message, hint=exc.hint)
    except UnicodeDecodeError:
        return None, Diagnostic(display, 1, 1, "encoding", "the file is not UTF-8 text", hint="restore it from git")


def read_snapshots(root: Path, config: PanelConfig) -> FinanceLog:
    """Every finance/expenditure-<period>.yml with its CSV, checked: the digest must match the CSV."""
    rule = config.finance_sign_off
    log = FinanceLog(rule.signer_role if rule else "")
    folder = root / FOLDER
    if rule is None or files.entry_mode(folder) is None:
        return log
    for path in sorted(folder.glob(f"{PREFIX}*.yml")):
        display = path.relative_to(root).as_posix()
        text, problem = _read(path, root, MAX_RECORD_BYTES)
        if text is None:
            log.problems.extend([problem] if problem else [])
            continue
        try:
            data = yamlsafe.load_text(text)
        except yamlsafe.YamlError as exc:
            log.problems.append(Diagnostic(display, 1, 1, "finance-snapshot", f"the record cannot be read: {exc}"))
            continue
        record, why = read_record(data, rule.every)
        if record is None or path.name != f"{PREFIX}{record.period}.yml":
            message = why or f"the record is for {record.period if record else '?'} but the file is named {path.name}"
            log.problems.append(Diagnostic(display, 1, 1, "finance-snapshot", message, hint=_HINT))
            continue
        csv_text, problem = _read(path.with_suffix(".csv"), root, MAX_SNAPSHOT_BYTES)
        intact = csv_text is not None and digest(csv_text) == record.digest
        if not intact:
            log.problems.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    "finance-snapshot",
                    f"the snapshot {path.with_suffix('.csv').name} is missing or is not the CSV this record's digest "
                    "was taken of: it was changed after it was recorded",
                    hint=_HINT,
                )
            )
        log.snapshots.append(Snapshot(display, record, csv_text or "", intact))
    return log


_HINT = "restore the snapshot from git history, or remove both files and record the period again"


def signed_log(root: Path, config: PanelConfig, history: History, current_csv: str) -> FinanceLog:
    """The snapshots with who signed each off (finance_sign_off.signer_role), and the changes since the last."""
    log = read_snapshots(root, config)
    signed = []
    for snapshot in log.snapshots:
        approval = finance_signoff(snapshot.path, history, config, log.role)
        if approval is None:
            signed.append(snapshot)
            continue
        when = short_date(approval.at.astimezone(LONDON).date())
        signed.append(Snapshot(snapshot.path, snapshot.record, snapshot.csv_text, snapshot.intact, approval.name, when))
    log.snapshots = signed
    last = log.last_signed
    if last is not None:
        log.changes = changes(last.csv_text, current_csv)
    return log
