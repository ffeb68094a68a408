"""Reading referrals in several processes: this one reads a share itself, and the result is the one-process result."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.commands import repository
from generator.commands.repository import read_repository
from generator.domain.referrals import ReferralReader
from generator.io.files import Folder
from tests.conftest import WriteReferral


def test_this_process_reads_a_share_and_the_workers_the_rest(
    panel_root: Path, write_referral: WriteReferral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two processes, this one reads the last batches (nothing pickled for them) and a worker the first; what
    is read, problems and referrals in file order, equals reading everything in this process."""
    for number in range(1, 31):
        write_referral(
            name=f"R-{number:04d}",
            replace={"id: R-0001": f"id: R-{number:04d}", "LCS-204117": f"LCS-{300000 + number}"}
            | ({"  total: 4680": "  total: 1"} if number % 3 == 0 else {}),
        )
    today = dt.date(2026, 11, 22)
    serial = read_repository(panel_root, today, jobs=1)
    monkeypatch.setattr(repository, "PARALLEL_FROM", 2)
    monkeypatch.setattr(repository, "SMALLEST_BATCH", 2)
    readers: list[tuple[int, str]] = []
    read_one = repository._read_one

    def counted(reader: ReferralReader, item: repository.Item, folder: Folder | None) -> object:
        readers.append((os.getpid(), item[1]))  # kept by the process that read it: only this one's are seen here
        assert folder is not None  # submissions/ opened once a batch, not once a file
        return read_one(reader, item, folder)

    monkeypatch.setattr(repository, "_read_one", counted)
    parallel = read_repository(panel_root, today, jobs=2)
    here = [display for pid, display in readers if pid == os.getpid()]
    assert 0 < len(here) < 30 and here[:2] == ["submissions/R-0029.md", "submissions/R-0030.md"]  # the last batch first
    assert list(parallel.diagnostics) == list(serial.diagnostics) and parallel.referrals == serial.referrals
    assert sum(1 for d in serial.diagnostics if d.code == "cost-total") == 10
