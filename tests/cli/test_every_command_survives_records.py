"""Whatever value a meeting record, agenda or decision holds, every command ends with exit 0, 1 or 2 and a message,
never a traceback; and the pack and the site build survive a changed value in any file (the machinery in
tests/cli/survival.py; referrals and panel.yml in test_every_command_survives.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.survival import FAST_COMMANDS, SETTINGS, SLOW_COMMANDS, exercise, report_accepted
from tests.cli.survival import example as example  # the module's own example repository

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("kinds", [("decision",), ("meeting", "agenda")], ids="-".join)
@settings(SETTINGS, max_examples=10)
@given(data=st.data())
def test_every_fast_command_survives_any_value(example: Path, kinds: tuple[str, ...], data: st.DataObject) -> None:
    """check, status, agenda, calendar (and --ics), decide and every export: exit 0/1/2, never a traceback."""
    exercise(example, data, kinds, FAST_COMMANDS)


@settings(SETTINGS, max_examples=4)
@given(data=st.data())
def test_pack_and_build_survive_any_value(example: Path, data: st.DataObject) -> None:
    """The pack (DOCX and PDF) and the site build, on a handful of changed repositories."""
    exercise(example, data, ("decision", "agenda", "referral", "meeting", "panel"), SLOW_COMMANDS, edges=True)


def teardown_module() -> None:
    report_accepted()
