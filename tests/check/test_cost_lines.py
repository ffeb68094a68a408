"""Cost lines (transport, contact, allowances capped by a rate table) and referrals that ask for no money."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main
from tests.records_helpers import make_panel

NOW = "2026-11-24T10:00"
REFERRAL = "submissions/R-0001.md"
RATES = """
allowance_rates:
  - {id: sgo-11-15, name: Special guardianship allowance (age 11 to 15), weekly: 230}
"""
COSTS = "costs:\n  weekly: 180\n  weeks: 26\n  total: 4680\n"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


def _with_lines(root: Path, lines: str, weekly: int = 180) -> None:
    text = (root / REFERRAL).read_text(encoding="utf-8")
    total = weekly * 26
    new = f"costs:\n  weekly: {weekly}\n  weeks: 26\n  total: {total}\n  lines:\n{lines}"
    (root / REFERRAL).write_text(text.replace(COSTS, new), encoding="utf-8")


def _panel(tmp_path: Path) -> Path:
    root = make_panel(tmp_path / "panel", decided=False)
    with (root / "panel.yml").open("a", encoding="utf-8") as handle:
        handle.write(RATES)
    return root


def _line_of(root: Path, text: str) -> int:
    lines = (root / REFERRAL).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_transport_and_contact_are_their_own_lines_and_must_add_up(tmp_path: Path) -> None:
    root = _panel(tmp_path)
    _with_lines(
        root,
        "    - {kind: service, description: Family support sessions, weekly: 120}\n"
        "    - {kind: transport, description: Taxi to school, weekly: 40}\n"
        "    - {kind: contact, description: Supervised contact with father, weekly: 10}\n",
    )
    result = run(root, "check")
    assert result.exit_code == 1, result.output
    line = _line_of(root, "  weekly: 180")
    assert re.search(
        rf"{REFERRAL}:{line}:\d+: error\[cost-lines\]: costs.weekly is £180, but the cost lines' weekly", result.output
    )
    text = (root / REFERRAL).read_text(encoding="utf-8").replace("weekly: 10}", "weekly: 20}")
    (root / REFERRAL).write_text(text, encoding="utf-8")
    assert "cost-lines" not in run(root, "check").output


def test_an_allowance_above_its_rate_needs_an_explanation(tmp_path: Path) -> None:
    root = _panel(tmp_path)
    _with_lines(
        root,
        "    - {kind: allowance, description: Special guardianship allowance, weekly: 250, rate: sgo-11-15}\n",
        250,
    )
    result = run(root, "check")
    assert result.exit_code == 1
    assert (
        f"{REFERRAL}:{_line_of(root, 'rate: sgo-11-15')}" in result.output
        and "[allowance-over-rate]: allowance £250 a week is above the Special guardianship allowance (age 11 to 15) "
        "rate of £230 a week"
        in result.output
    )
    text = (root / REFERRAL).read_text(encoding="utf-8")
    explained = text.replace("rate: sgo-11-15}", "rate: sgo-11-15, explanation: Two siblings' travel to school.}")
    (root / REFERRAL).write_text(explained, encoding="utf-8")
    assert "allowance-over-rate" not in run(root, "check").output

    missing = _panel(tmp_path / "missing")
    _with_lines(missing, "    - {kind: allowance, description: Special guardianship allowance, weekly: 180}\n")
    assert "[allowance-rate-missing]: an allowance line must name the rate that caps it" in run(missing, "check").output
    unknown = _panel(tmp_path / "unknown")
    _with_lines(unknown, "    - {kind: allowance, description: Allowance, weekly: 180, rate: sgo-0-4}\n")
    assert "sgo-11-15" in run(unknown, "check").output  # the schema names the rates there are


def test_a_type_that_asks_for_no_money_has_no_costs(tmp_path: Path) -> None:
    root = _panel(tmp_path)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    oversight = "  - id: oversight\n    name: Oversight (discussion only)\n    no_cost: true\n    slot_minutes: 10\n"
    (root / "panel.yml").write_text(
        config.replace("referral_types:\n", "referral_types:\n" + oversight), encoding="utf-8"
    )
    text = (root / REFERRAL).read_text(encoding="utf-8").replace("type: s17-support", "type: oversight")
    (root / REFERRAL).write_text(text, encoding="utf-8")
    result = run(root, "check")
    assert f"{REFERRAL}:{_line_of(root, 'costs:')}:1: error[cost-not-asked]" in result.output
    start, end = text.index("costs:\n"), text.index("scaling:")
    (root / REFERRAL).write_text(text[:start] + text[end:], encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 0, result.output
