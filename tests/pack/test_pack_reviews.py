"""Reviews: `panel agenda` names the decision a review revisits and `panel pack` prints it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from panelfixtures.gitrun import git
from panelfixtures.referrals import MEETING, synthetic_referral
from panelfixtures.repos import COMMIT_DATE, make_repo, record, submit
from tests.pack.pdftext import contents, flat, pages

pytestmark = pytest.mark.slow
DECISION = """---
referral: R-0005
meeting: 2026-09-10
outcome: approve
agreed:
  - Twelve weeks of evening support at £150 a week.
  - Come back to panel when the twelve weeks end.
approved:
  resource: Evening support from Oakfield Family Support
  weekly: 150
  total: 1800
  start: 2026-09-14
  end: 2026-12-06
rationale: The family engaged well and the network plan needs time to settle.
review_date: 2026-12-03
---

Decision recorded by the chair.
"""
LATER = """---
referral: R-0005
meeting: 2026-10-08
outcome: approve
agreed:
  - Carry on as agreed on 10 September.
rationale: Progress is steady; the plan stands.
review_date: 2026-12-03
---
"""


def _panel(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def review_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """R-0005 decided on 10 September and again on 8 October; R-0006 reviews it at the 3 December meeting."""
    monkeypatch.setenv("PANEL_NOW", "2026-11-30T10:00")
    root = make_repo(tmp_path / "panel", [1])
    decisions = {
        f"meetings/{day}/decisions/R-0005.md": text for day, text in (("2026-09-10", DECISION), ("2026-10-08", LATER))
    }
    record(root, decisions, "Decisions on R-0005, approved by the chair", "2026-10-08T18:00:00+01:00")
    submit(root, {"submissions/R-0006.md": synthetic_referral(6, review_of="R-0005")}, "R-0006: review of R-0005")
    return root


def test_review_built_by_panel_agenda_prints_the_earlier_decision(review_repo: Path) -> None:
    root = review_repo
    _panel(root, "agenda", MEETING.isoformat())
    [item] = [i for i in load_agenda(root, MEETING).items if i.referral == "R-0006"]
    # The agenda names the newest decision before the meeting; the pack reads exactly that record.
    assert (item.kind, item.review_of) == ("review", "meetings/2026-10-08/decisions/R-0005.md")
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Agenda", date=COMMIT_DATE)
    _panel(root, "pack", MEETING.isoformat())
    texts = pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())
    text = flat(" ".join(texts))
    assert "no decision record was found" not in text
    assert "Review of an earlier decision" in text
    assert "This item reviews the panel's decision of Thursday 8 October 2026 on R-0005." in text
    assert "Decided Thursday 8 October 2026" in text
    assert "Carry on as agreed on 10 September." in text
    assert "Progress is steady; the plan stands." in text
    assert "meetings/2026-10-08" not in text, "readers see the decision, not its file name"
    assert "Reviews the decision on R-0005 of Thursday 8 October 2026." in text
    toc = [entry for entry in contents(texts) if entry.startswith("Item")]
    # The item's title names its referral; the heading does not repeat it as "(R-0006)".
    assert any(entry.startswith("Item 2: R-0006 ") and entry.count("R-0006") == 1 for entry in toc), toc


def test_the_case_history_lists_final_decisions_only_in_date_order(review_repo: Path) -> None:
    """A draft the chair never approved is not a decision of the panel: the review item's history leaves it out."""
    root = review_repo
    draft = LATER.replace("2026-10-08", "2026-11-05").replace("Progress is steady; the plan stands.", "DRAFT ONLY")
    (root / "meetings/2026-11-05/decisions").mkdir(parents=True)
    (root / "meetings/2026-11-05/decisions/R-0005.md").write_text(draft, encoding="utf-8")
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Draft decision, not approved", date=COMMIT_DATE)
    _panel(root, "agenda", MEETING.isoformat())
    [item] = [i for i in load_agenda(root, MEETING).items if i.referral == "R-0006"]
    assert item.review_of == "meetings/2026-10-08/decisions/R-0005.md"
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Agenda", date=COMMIT_DATE)
    _panel(root, "pack", MEETING.isoformat())
    text = flat(" ".join(pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())))
    table = text[text.index("Decisions on this case so far") :]
    assert table.index("10 Sep 2026") < table.index("8 Oct 2026"), table[:400]
    assert "5 Nov 2026" not in table and "DRAFT ONLY" not in text


def test_overdue_review_from_the_tracker_prints_the_decision_it_revisits(review_repo: Path) -> None:
    root = review_repo
    git(root, "rm", "-q", "submissions/R-0006.md", date=COMMIT_DATE)
    git(root, "commit", "-qm", "No review referral this time", date=COMMIT_DATE)
    submit(root, {"submissions/R-0005.md": synthetic_referral(5)}, "R-0005")
    _panel(root, "agenda", MEETING.isoformat())
    [item] = [i for i in load_agenda(root, MEETING).items if i.referral == "R-0005"]
    assert (item.kind, item.review_of) == ("review", "meetings/2026-10-08/decisions/R-0005.md")
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Agenda", date=COMMIT_DATE)
    _panel(root, "pack", MEETING.isoformat())
    text = flat(" ".join(pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())))
    assert "This item reviews the panel's decision of Thursday 8 October 2026 on R-0005." in text
    assert "Progress is steady; the plan stands." in text


def test_a_missing_reviewed_decision_stops_the_pack_at_the_agenda_line(review_repo: Path) -> None:
    root = review_repo
    _panel(root, "agenda", MEETING.isoformat())
    (root / "meetings/2026-10-08/decisions/R-0005.md").unlink()
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Agenda; a decision lost", date=COMMIT_DATE)
    result = CliRunner().invoke(main, ["pack", MEETING.isoformat(), "--root", str(root)])
    assert result.exit_code == 1
    lines = (root / "meetings/2026-12-03/agenda.md").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if "review_of:" in line)
    assert f"meetings/2026-12-03/agenda.md:{number}:" in result.output
    assert "reviews the decision meetings/2026-10-08/decisions/R-0005.md, which does not exist" in result.output
    assert not (root / "build").exists()


def test_supplement_says_how_the_reviewed_decision_was_amended(review_repo: Path) -> None:
    root = review_repo
    _panel(root, "agenda", MEETING.isoformat())
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Agenda", date=COMMIT_DATE)
    _panel(root, "pack", MEETING.isoformat(), "--circulate")
    amended = root / "meetings/2026-10-08/decisions/R-0005.md"
    amended.write_text(LATER.replace("Progress is steady; the plan stands.", "Progress is steady."), "utf-8")
    git(root, "commit", "-qam", "Decision of 8 October: rationale corrected", date=COMMIT_DATE)
    output = _panel(root, "pack", MEETING.isoformat())
    assert "supplement-v2.pdf" in output
    text = flat(" ".join(pages((root / "build/packs/2026-12-03/supplement-v2.pdf").read_bytes())))
    assert "the decision it reviews, rationale: Progress is steady; the plan stands. → Progress is steady." in text
    assert "Changes since the pack circulated on" in text and "(version 1)" in text
    assert "pack/2026-12-03" not in text


@pytest.mark.parametrize(
    ("label", "heading"),
    [
        ("Review", "Review of an earlier decision"),
        ("Deferred", "The deferred decision"),
        ("Reconsideration", "The decision to reconsider"),
        ("Confirmation", "A provisional decision, for confirmation"),
        ("Returned from Legal gateway", "Returned from Legal gateway"),
        ("Edited by hand", "Review of an earlier decision"),
    ],
)
def test_the_earlier_decision_block_says_why_the_item_brings_it_back(label: str, heading: str) -> None:
    import datetime as dt

    from generator.domain.agenda.model import AgendaItem
    from generator.domain.config.model import ItemKind
    from generator.rendering.pack.layout import _revisiting

    item = AgendaItem(1, ItemKind.REVIEW, f"{label}: R-0001 Support (decided 3 Dec 2026)", dt.time(14), 20, "R-0001")
    decision = type("D", (), {"meeting": dt.date(2026, 12, 3), "referral": "R-0001"})()
    assert _revisiting(item, decision)[0] == heading
