"""`panel pack` names its stages on a terminal (rich, on stderr) and shows nothing when piped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.cli.test_cli_errors import on_a_terminal

pytestmark = pytest.mark.slow


def test_pack_shows_its_stages_on_a_terminal_and_nothing_when_piped(
    pack_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANEL_NOW", "2026-11-30T10:00")
    piped = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo), "--format", "pdf"])
    assert piped.exit_code == 0, piped.output
    assert piped.stderr == "" and piped.stdout.startswith("wrote ")
    code, stdout, shown = on_a_terminal(
        "pack", "2026-12-03", "--root", str(pack_repo), "--item", "R-0002", "--format", "pdf"
    )
    assert code == 0, shown
    assert stdout.startswith("wrote ") and "\x1b" not in stdout, "stdout carries no progress"
    assert b"reading the agenda and its referrals" in shown, shown
    assert b"converting the items with pandoc and Typst" in shown and b"0/1" in shown, shown
