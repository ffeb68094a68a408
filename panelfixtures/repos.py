"""Whole panel repositories: a meeting's referrals signed off and merged with its agenda, or a starter's panel.yml."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from generator.commands.agenda_files import write_agenda
from generator.commands.config import load_config
from generator.domain import calendar
from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config import PanelConfig
from generator.domain.config.model import ItemKind
from panelfixtures import EXAMPLE_PANEL_YML, STARTERS
from panelfixtures.gitrun import approved_by, git, merge_approved
from panelfixtures.people import APPROVERS, CHAIR, COORDINATOR, WORKER
from panelfixtures.referrals import MEETING, STARTER_COMMITTER, STARTER_DATE, case_ids, synthetic_referral, title

TODAY = dt.date(2026, 11, 30)
"""A day after the deadline of the 3 December meeting and before it."""
COMMIT_DATE = "2026-11-27T16:30:00+00:00"
"""When the referrals of `make_repo` are submitted and merged, unless told otherwise."""


def _merged(root: Path, files: dict[str, str], message: str, date: str, author: tuple[str, str], trailers: str) -> None:
    branch = f"branch-{len(git(root, 'branch', '--list', 'branch-*').splitlines()) + 1}"
    merge_approved(root, branch, files, message, date=date, author=author, trailers=trailers)


def record(root: Path, files: dict[str, str], message: str, date: str) -> None:
    """Meeting records or decisions committed on a branch and merged with the chair's approval: final."""
    _merged(root, files, message, date, COORDINATOR, approved_by(CHAIR))


def submit(root: Path, files: dict[str, str], message: str, date: str = COMMIT_DATE) -> None:
    """Referral files written by the worker on a branch, merged into main with both managers' approvals."""
    _merged(root, files, message, date, WORKER, approved_by(*APPROVERS))


def agenda_for(numbers: list[int]) -> Agenda:
    """Declarations first, then one item per synthetic referral number, 15 minutes each."""
    start = dt.datetime.combine(MEETING, dt.time(14, 0))
    items = [AgendaItem(1, ItemKind.DECLARATIONS, "Declarations of interest", start.time(), 5)]
    slot = start + dt.timedelta(minutes=5)
    for index, n in enumerate(numbers, start=2):
        items.append(
            AgendaItem(
                index,
                ItemKind.NEW,
                title(n),
                slot.time(),
                15,
                referral=f"R-{n:04d}",
                type="s17-support",
                case_ids=case_ids(n),
            )
        )
        slot += dt.timedelta(minutes=15)
    return Agenda(MEETING, dt.time(14, 0), dt.time(17, 0), items)


def make_repo(root: Path, numbers: list[int], *, section_words: int = 90) -> Path:
    """The example's panel.yml, synthetic referrals R-<n> signed off and merged, and the 3 December agenda."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE_PANEL_YML, root / "panel.yml")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main", date=COMMIT_DATE)
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-q", "-m", "Terms of reference", date=COMMIT_DATE)
    texts = {f"submissions/R-{n:04d}.md": synthetic_referral(n, section_words=section_words) for n in numbers}
    submit(root, texts, "Referrals")
    write_agenda(root, agenda_for(numbers), "Agenda")
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-q", "-m", "Agenda", date=COMMIT_DATE)
    return root


def configured_forge(config_text: str) -> str:
    """A panel.yml with its browser editor's placeholders replaced by a (fictional) council forge, as IT would."""
    text = re.sub(r"https://gitlab\.([a-z-]+)\.example", "https://gitlab.council.test", config_text)
    return text.replace("app_id: replace-with-the-application-id", "app_id: 3f9c2a7d41e8b6")


BOOKED = (dt.date(2026, 11, 3), dt.date(2027, 3, 30))
"""For a starter whose meetings are booked per case: the Tuesdays from the first to the last are booked."""


def book_meetings(root: Path, first: dt.date, last: dt.date, weekday: int = 1) -> list[str]:
    """Book each working `weekday` (Tuesday) from `first` to `last` as `panel book` does (meetings/DATE/README.md)."""
    written = []
    config = load_config(root)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    while day <= last:
        if not calendar.is_working_day(config, day):  # panel book refuses a bank holiday or closure day
            day += dt.timedelta(weeks=1)
            continue
        path = root / "meetings" / day.isoformat() / "README.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Meeting on {day.isoformat()}\n\nBooked with `panel book`.\n", encoding="utf-8")
        written.append(path.relative_to(root).as_posix())
        day += dt.timedelta(weeks=1)
    return written


def starter_repo(root: Path, starter: str) -> PanelConfig:
    """Make `root` a git repository with starter <starter>.yml as panel.yml, forge set up; return its config.

    Where the starter's meetings are booked per case, the Tuesdays of `BOOKED` are booked with it.
    """
    text = (STARTERS / f"{starter}.yml").read_text(encoding="utf-8")
    (root / "panel.yml").write_text(configured_forge(text), encoding="utf-8")
    (root / "submissions").mkdir(exist_ok=True)
    booked = book_meetings(root, *BOOKED) if load_config(root).calendar.per_case else []
    message = f"Terms of reference from the {starter} template"
    for args in (["init", "-q", "-b", "main"], ["add", "panel.yml", *booked], ["commit", "-q", "-m", message]):
        git(root, *args, who=STARTER_COMMITTER, date=STARTER_DATE)
    return load_config(root)
