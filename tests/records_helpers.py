"""Temporary panel repositories with referrals, agendas, meeting records and decisions, for the tests."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from generator.commands.agenda_files import write_agenda
from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config.model import ItemKind
from panelfixtures import EXAMPLE_PANEL_YML
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import COORDINATOR
from panelfixtures.referrals import referral_text
from panelfixtures.repos import configured_forge

DECISION = """\
---
referral: {referral}
meeting: 2026-12-03
outcome: approve
agreed:
  - Three after-school sessions a week for 26 weeks.
approved:
  resource: After-school family support
  weekly: 180
  total: 4680
  start: 2026-12-07
  end: 2027-06-06
  budget_line: s17-cin
review_every_weeks: 12
actions:
  - {{action: Refer to autism outreach, owner: Priya Shah, due: 2026-12-10}}
rationale: Evenings are the time of greatest risk.
---
"""

MEETING = """\
---
meeting: 2026-12-03
chair: Dana Whitfield
present: [Dana Whitfield, Owen Marsh, Grace Adeyemi]
declarations: []
---

- The panel was quorate.
"""


def write(root: Path, path: str, text: str) -> Path:
    """Write a file (dedented) under root."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text), encoding="utf-8")
    return target


CHAIR_TRAILER = "Approved-by: Dana Whitfield <dana.whitfield@council.example>"


MEETING_DAY = "2026-12-03"
"""The meeting `make_panel` writes."""
PANEL_FILES = {
    "panel.yml": "panel.yml",
    "referral": "submissions/R-0001.md",
    "meeting record": f"meetings/{MEETING_DAY}/meeting.md",
    "decision": f"meetings/{MEETING_DAY}/decisions/R-0001.md",
    "agenda": f"meetings/{MEETING_DAY}/agenda.md",
}
"""Each kind of file `make_panel(root, ("R-0001",))` writes, by where it is."""


def make_panel(
    root: Path, referrals: tuple[str, ...] = ("R-0001",), *, decided: bool = True, final: bool = True
) -> Path:
    """A git repository with panel.yml, the given referrals for 3 December 2026, its agenda and decisions.

    With `final`, the meeting record and decisions are merged into main with the approval of the
    chair who chaired the meeting (Dana Whitfield), as a forge would; otherwise they are committed
    straight to main without it, so they stay drafts.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "panel.yml").write_text(configured_forge(EXAMPLE_PANEL_YML.read_text(encoding="utf-8")), encoding="utf-8")
    for referral_id in referrals:
        write(root, f"submissions/{referral_id}.md", referral_text(referral_id))
    t = dt.time
    items = [AgendaItem(1, ItemKind.DECLARATIONS, "Declarations of interest", t(14, 0), 5)]
    items += [
        AgendaItem(
            n + 2, ItemKind.NEW, f"Support package {rid}", t(14, 5 + 15 * n), 15, referral=rid, type="s17-support"
        )
        for n, rid in enumerate(referrals)
    ]
    write_agenda(root, Agenda(dt.date.fromisoformat(MEETING_DAY), t(14), t(17), items), "Resource and Care Panel")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Panel records")
    if decided:
        write(root, f"meetings/{MEETING_DAY}/meeting.md", MEETING)
        for referral_id in referrals:
            write(root, f"meetings/{MEETING_DAY}/decisions/{referral_id}.md", DECISION.format(referral=referral_id))
        if final:
            record_decisions(root, MEETING_DAY)
        else:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", f"Decisions of {MEETING_DAY} (not approved)")
    return root


def record_decisions(root: Path, meeting: str, trailer: str = CHAIR_TRAILER, when: str | None = None) -> None:
    """Commit everything changed on a branch and merge it into main with `trailer`, as the forge would."""
    when = when or f"{meeting}T18:00:00+00:00"
    branch = f"records/{meeting}"
    message = f"Meeting record and decisions, {meeting}"
    merge_approved(root, branch, None, message, date=when, author=COORDINATOR, trailers=trailer)
    git(root, "branch", "-q", "-D", branch)
