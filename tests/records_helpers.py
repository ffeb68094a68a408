"""Temporary panel repositories with referrals, agendas, meeting records and decisions, for the tests."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

from generator.commands.agenda_files import write_agenda
from generator.domain.agenda import Agenda, AgendaItem

REPO = Path(__file__).resolve().parent.parent
FIXED_DATE = "2026-11-20T12:00:00+00:00"


def git(root: Path, *args: str, date: str = FIXED_DATE, email: str = "sam.okoro@council.example") -> str:
    """Run git in `root` with a fixed author and date."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Sam Okoro",
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": "Sam Okoro",
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def referral_text(referral_id: str = "R-0001", **changes: str) -> str:
    """The example referral R-0001 with its id and any top-level lines replaced."""
    text = (REPO / "submissions" / "R-0001.md").read_text(encoding="utf-8")
    text = text.replace("id: R-0001", f"id: {referral_id}", 1)
    for key, value in changes.items():
        lines = text.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[index] = f"{key}: {value}"
        text = "\n".join(lines)
    return text


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


def make_panel(
    root: Path, referrals: tuple[str, ...] = ("R-0001",), *, decided: bool = True, final: bool = True
) -> Path:
    """A git repository with panel.yml, the given referrals for 3 December 2026, its agenda and decisions.

    With `final`, the meeting record and decisions are merged into main with the approval of the
    chair who chaired the meeting (Dana Whitfield), as a forge would; otherwise they are committed
    straight to main without it, so they stay drafts.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "panel.yml", root / "panel.yml")
    for referral_id in referrals:
        write(root, f"submissions/{referral_id}.md", referral_text(referral_id))
    t = dt.time
    items = [AgendaItem(1, "declarations", "Declarations of interest", t(14, 0), 5)]
    items += [
        AgendaItem(n + 2, "new", f"Support package {rid}", t(14, 5 + 15 * n), 15, referral=rid, type="s17-support")
        for n, rid in enumerate(referrals)
    ]
    write_agenda(root, Agenda(dt.date(2026, 12, 3), t(14), t(17), items), "Resource and Care Panel")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Panel records")
    if decided:
        write(root, "meetings/2026-12-03/meeting.md", MEETING)
        for referral_id in referrals:
            write(root, f"meetings/2026-12-03/decisions/{referral_id}.md", DECISION.format(referral=referral_id))
        if final:
            record_decisions(root, "2026-12-03")
        else:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Decisions of 2026-12-03 (not approved)")
    return root


def record_decisions(root: Path, meeting: str, trailer: str = CHAIR_TRAILER, when: str | None = None) -> None:
    """Commit everything changed on a branch and merge it into main with `trailer`, as the forge would."""
    when = when or f"{meeting}T18:00:00+00:00"
    branch = f"records/{meeting}"
    git(root, "checkout", "-q", "-b", branch)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Meeting record and decisions, {meeting}", date=when)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", branch, "-m", f"Merge branch '{branch}'\n\n{trailer}", date=when)
    git(root, "branch", "-q", "-D", branch)
