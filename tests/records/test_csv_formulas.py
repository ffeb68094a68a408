"""CSV exports never hand a spreadsheet a formula, however the formula character is hidden: behind
spaces, tabs, no-break or ideographic spaces, invisible format characters, or as a full-width form."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.domain.registers.export import hides_formula
from panelfixtures.gitrun import git
from tests.records_helpers import DECISION, make_panel, write

FORMULAS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫")
LEADS = ("", " ", "   ", "\u00a0", "\t", " \t ", "\u3000", "\u2003", "\u202f", "\u200b", "\ufeff", "\u2060 ")
PAYLOAD = '1+1+cmd|" /C calc"!A0'


def _visible_start(cell: str) -> str:
    """The first character a spreadsheet would read, by the test's own reckoning (NFKC, no blanks)."""
    folded = unicodedata.normalize("NFKC", cell)
    return folded.lstrip("".join(LEADS) + " \t\r\n\u00a0\u3000\u2003\u202f\u200b\ufeff\u2060")[:1]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("lead", LEADS, ids=[repr(lead) for lead in LEADS])
def test_every_hidden_formula_is_recognised(lead: str, formula: str) -> None:
    assert hides_formula(f"{lead}{formula}{PAYLOAD}")


@pytest.mark.parametrize("text", ["Priya Shah", "A-level tuition", "x=1", "", " ", "café", "１２３"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not hides_formula(text)


def test_panel_export_prefixes_every_hidden_formula(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    front = yaml.safe_load(DECISION.format(referral="R-0001").split("---\n")[1])
    cases = [f"{lead}{formula}{PAYLOAD}" for lead in LEADS for formula in FORMULAS]
    front["actions"] = [{"action": case, "owner": "Priya Shah", "due": "2026-12-10"} for case in cases]
    front["actions"].append({"action": "Plain text stays as it is", "owner": "Priya Shah", "due": "2026-12-10"})
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
    write(root, "meetings/2026-12-03/decisions/R-0001.md", text)
    git(root, "commit", "-qam", "Actions")
    out = tmp_path / "actions.csv"
    result = CliRunner().invoke(main, ["export", "actions", "--root", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    column = rows[0].index("action")
    cells = [row[column] for row in rows[1:]]
    assert len(cells) == len(cases) + 1
    for cell in cells:
        if _visible_start(cell) in ("=", "+", "-", "@"):
            raise AssertionError(f"{cell!r} would run as a formula")
    assert sum(cell.startswith("'") for cell in cells) == len(cases)
    assert "Plain text stays as it is" in cells
