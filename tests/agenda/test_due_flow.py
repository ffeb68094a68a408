"""A referral due because of facts in it: `panel agenda` notes 'due by …, because …', and the pack and the site print
it and the case's facts, every value escaped (panel.yml case_fields and due_rules through the real commands)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import EXAMPLE_PANEL_YML
from panelfixtures.gitrun import git
from panelfixtures.referrals import MEETING, synthetic_referral
from panelfixtures.repos import COMMIT_DATE, submit
from tests.check.test_case_facts import without_case_rules
from tests.pack.pdftext import flat, pages

pytestmark = pytest.mark.slow

NOW = "2026-11-30T10:00"
RULES = """
case_fields:
  - {id: last_lac_review, name: Last looked after review, kind: date, types: [care-leaver-accommodation]}
  - {id: placement_ends, name: Placement ends, kind: date}
  - {id: placement_moves, name: "Placement moves <i>this year</i>", kind: integer}
  - {id: provider_note, name: Provider's note, kind: text}
due_rules:
  - name: Placement ending
    when: {field: case.placement_ends, within: {weeks: 8}}
    due: {from: case.placement_ends, before: {weeks: 4}}
    because: "a placement ending comes <b>4 weeks</b> before it ends"
"""
HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
DUE = "due by Thursday 3 December 2026, because a placement ending comes <b>4 weeks</b> before it ends"


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """R-0001 with a placement ending on 31 December, signed off; its agenda built, committed, packed and published."""
    root = tmp_path_factory.mktemp("due") / "panel"
    root.mkdir()
    text = without_case_rules(EXAMPLE_PANEL_YML.read_text(encoding="utf-8"))
    (root / "panel.yml").write_text(text + RULES, encoding="utf-8")
    (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main", date=COMMIT_DATE)
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-q", "-m", "Terms of reference", date=COMMIT_DATE)
    facts = f"case:\n  placement_ends: 2026-12-31\n  placement_moves: 3\n  provider_note: '{HOSTILE}'\nscaling:\n"
    text = synthetic_referral(1).replace("scaling:\n", facts, 1)
    submit(root, {"submissions/R-0001.md": text}, "Referral")
    _run(root, "agenda", MEETING.isoformat())
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-q", "-m", "Agenda", date=COMMIT_DATE)
    _run(root, "pack", MEETING.isoformat(), "--format", "pdf")
    _run(root, "build")
    return root


def test_the_agenda_notes_the_due_date_and_why(root: Path) -> None:
    agenda = (root / "meetings" / MEETING.isoformat() / "agenda.md").read_text(encoding="utf-8")
    assert f"note: {DUE}" in " ".join(agenda.split()), agenda


def test_the_pack_prints_the_due_date_and_the_case_s_facts(root: Path) -> None:
    pdf = root / "build" / "packs" / MEETING.isoformat() / "pack-v1.pdf"
    text = flat(" ".join(pages(pdf.read_bytes())))
    assert DUE in text
    assert "Placement ends Thursday 31 December 2026" in text
    assert "Placement moves <i>this year</i> 3" in text
    assert HOSTILE in text


def test_the_site_shows_the_due_date_and_the_facts_escaped(root: Path) -> None:
    page = (root / "site" / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert (
        "<td>Due</td>\n<td>by Thursday 3 December 2026, because a placement ending comes &lt;b&gt;4 weeks&lt;/b&gt; "
        "before it ends</td>"
    ) in page, page
    assert "<td>Placement ends</td>\n<td>Thursday 31 December 2026</td>" in page
    assert "<td>Placement moves &lt;i&gt;this year&lt;/i&gt;</td>\n<td>3</td>" in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;</td>" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>4 weeks" not in page
