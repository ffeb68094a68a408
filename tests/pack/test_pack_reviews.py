"""Reviews due: the pack shows the earlier decision being reviewed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.agenda import AgendaItem, write_agenda
from generator.pack import build_pack

from .factory import MEETING, TODAY, agenda_for, git, make_repo, referral_text
from .pdftext import contents, flat, pages

pytestmark = pytest.mark.slow
DECISION = """---
referral: R-0005
outcome: approve
agreed:
  - Twelve weeks of evening support at £150 a week.
  - Come back to panel when the twelve weeks end.
rationale: The family engaged well and the network plan needs time to settle.
review_date: 2026-12-03
---

Decision recorded by the chair.
"""


def test_review_item_lists_the_earlier_decision(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    decision = root / "meetings" / "2026-09-10" / "decisions" / "R-0005.md"
    decision.parent.mkdir(parents=True)
    decision.write_text(DECISION, encoding="utf-8")
    (root / "submissions" / "R-0006.md").write_text(referral_text(6, review_of="R-0005"), "utf-8")
    agenda = agenda_for([1])
    agenda.items.insert(
        1,
        AgendaItem(
            2,
            "review",
            "Review: evening support",
            dt.time(14, 5),
            15,
            referral="R-0006",
            type="s17-support",
            case_ids=("LCS-300112", "LCS-300113"),
            review_of="R-0005",
        ),
    )
    agenda.items[2] = AgendaItem(3, "new", agenda.items[2].title, dt.time(14, 20), 15, referral="R-0001")
    write_agenda(root, agenda, "Agenda")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Review of R-0005")
    result = build_pack(root, MEETING, TODAY)
    text = flat(" ".join(pages(result.documents["pack-v1.pdf"])))
    assert "Review of an earlier decision" in text
    assert "meetings/2026-09-10/decisions/R-0005.md" in text
    assert "Decided Thursday 10 September 2026" in text
    assert "Outcome Resource approved" in text
    assert "weeks of evening support at £150 a week. 2. Come back to panel" in text  # pypdf may split "T welve"
    assert "Reviews the decision on R-0005 of Thursday 10 September 2026." in text
    toc = [entry for entry in contents(pages(result.documents["pack-v1.pdf"])) if entry.startswith("Item")]
    assert toc[0] == "Item 2: Review: evening support (R-0006)" and toc[1].startswith("Item 3:")
