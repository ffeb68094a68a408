"""Whatever value a referral or panel.yml holds, every command ends with exit 0, 1 or 2 and a message, never a
traceback (the machinery, and what it changes, in tests/cli/survival.py; meeting records, agendas and decisions
in test_every_command_survives_records.py: two files, so that pytest-xdist can run them side by side)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.survival import FAST_COMMANDS, SETTINGS, exercise, report_accepted
from tests.cli.survival import example as example  # the module's own example repository

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("kinds", [("referral",), ("panel",)], ids="-".join)
@settings(SETTINGS, max_examples=10)
@given(data=st.data())
def test_every_fast_command_survives_any_value(example: Path, kinds: tuple[str, ...], data: st.DataObject) -> None:
    """check, status, agenda, calendar (and --ics), decide and every export: exit 0/1/2, never a traceback."""
    exercise(example, data, kinds, FAST_COMMANDS)


def teardown_module() -> None:
    report_accepted()
