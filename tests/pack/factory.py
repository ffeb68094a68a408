"""Fictional referrals, agendas and git repositories for pack tests and bench/pack.py."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from generator.commands.agenda_files import write_agenda
from generator.domain.agenda import Agenda, AgendaItem

REPO = Path(__file__).resolve().parents[2]
MEETING = dt.date(2026, 12, 3)
TODAY = dt.date(2026, 11, 30)
COMMIT_DATE = "2026-11-27T16:30:00+00:00"
FIRST = ("Maisie", "Alfie", "Jaden", "Sofia", "Kacper", "Amara", "Leo", "Ruby", "Tariq", "Ivy", "Noah", "Zara")
LAST = ("Thornbury", "Okonkwo", "Lindqvist", "Marchetti", "Pryce", "Haddad", "Quinlan", "Vasquez", "Bramley")
FILLER = (
    "The family has worked with the service since the spring and the plan was reviewed with the network. "
    "School reports steady attendance, and the health visitor confirms the younger child's needs are met. "
    "The worker visited four times in the last month, twice unannounced, and saw the children alone each time. "
)


COORDINATOR = ("Sam Okoro", "sam.okoro@council.example")
WORKER = ("Priya Shah", "priya.shah@council.example")
APPROVERS = (("Tom Reyes", "tom.reyes@council.example"), ("Lena Novak", "lena.novak@council.example"))
"""The team manager and service manager of panel.yml's sign-off chain."""
CHAIR = ("Dana Whitfield", "dana.whitfield@council.example")


def git(root: Path, *args: str, date: str = COMMIT_DATE, who: tuple[str, str] = COORDINATOR) -> str:
    """Run git with a fixed identity and date; returns stdout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def record(root: Path, files: dict[str, str], message: str, date: str) -> None:
    """Meeting records or decisions committed on a branch and merged with the chair's approval: final."""
    _merged(root, files, message, date, COORDINATOR, (CHAIR,))


def submit(root: Path, files: dict[str, str], message: str, date: str = COMMIT_DATE) -> None:
    """Referral files written by the worker on a branch, merged into main with both managers' approvals."""
    _merged(root, files, message, date, WORKER, APPROVERS)


def _merged(
    root: Path,
    files: dict[str, str],
    message: str,
    date: str,
    author: tuple[str, str],
    approvers: tuple[tuple[str, str], ...],
) -> None:
    branch = f"branch-{len(git(root, 'branch', '--list', 'branch-*').splitlines()) + 1}"
    git(root, "checkout", "-q", "-b", branch, date=date)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(root, "add", name, date=date)
    git(root, "commit", "-q", "-m", message, date=date, who=author)
    git(root, "checkout", "-q", "main", date=date)
    trailers = "\n".join(f"Approved-by: {name} <{email}>" for name, email in approvers)
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge branch '{branch}'\n\n{trailers}", branch, date=date)


def words(count: int, seed: int) -> str:
    """About `count` words of fictional case narrative in paragraphs."""
    sentences = FILLER.split(". ")
    out: list[str] = []
    total = 0
    i = seed
    while total < count:
        sentence = sentences[i % len(sentences)].strip().rstrip(".") + "."
        out.append(sentence)
        total += len(sentence.split())
        i += 1
    paragraphs = [" ".join(out[p : p + 5]) for p in range(0, len(out), 5)]
    return "\n\n".join(paragraphs)


def case_ids(n: int) -> tuple[str, str]:
    """The two children's case ids of referral n."""
    return f"LCS-{300100 + 2 * n}", f"LCS-{300101 + 2 * n}"


def title(n: int) -> str:
    """The title of referral n."""
    return f"Support package for the {LAST[n % len(LAST)]} children (case {n})"


def referral_text(n: int, *, section_words: int = 90, extra_body: str = "", review_of: str | None = None) -> str:
    """A valid fictional referral R-<n> for the 2026-12-03 meeting; ~10 sections of `section_words` words."""
    first, second = case_ids(n)
    surname = LAST[n % len(LAST)]
    sections = {
        "Main issues": words(section_words, n),
        "What we are asking the panel for": words(section_words, n + 1),
        "Views of parents and carers": words(section_words, n + 2),
        "The child's wishes and feelings": words(section_words, n + 3),
        "Services tried": words(section_words, n + 4),
        "What are we worried about?": words(section_words // 2, n + 5),
        "What is working well?": words(section_words // 2, n + 6),
        "What needs to happen?": words(section_words // 2, n + 7),
        "Danger statement": words(section_words // 2, n + 8),
        "Safety goals": words(section_words // 2, n + 9),
    }
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections.items())
    review = f"review_of: {review_of}\n" if review_of else ""
    return f"""---
id: R-{n:04d}
type: s17-support
title: {title(n)}
meeting: {MEETING.isoformat()}
submitted: 2026-11-20
{review}worker:
  name: Priya Shah
  team: cin-east
  email: priya.shah@council.example
children:
  - name: {FIRST[n % len(FIRST)]} {surname}
    case_id: {first}
    date_of_birth: 2015-03-14
    gender: female
    ethnicity: White British
    disability: none known
    legal_status: cin
  - name: {FIRST[(n + 5) % len(FIRST)]} {surname}
    case_id: {second}
    date_of_birth: 2018-09-02
    gender: male
    ethnicity: White British
    disability: none known
    legal_status: cin
family:
  - {{name: Kerry {surname}, relationship: mother, date_of_birth: 1991-06-30}}
network:
  - {{name: Pauline Ash, role: maternal grandmother}}
family_network_meeting:
  held: true
  date: 2026-10-28
safety_plan:
  in_place: true
costs:
  weekly: {150 + n}
  weeks: 26
  total: {(150 + n) * 26}
  start: 2026-12-07
  budget_line: s17-cin
  provider: Oakfield Family Support
scaling:
  - {{person: Priya Shah, role: social worker, score: 5, reason: Evenings are still hard for the family.}}
  - {{person: Kerry {surname}, role: mother, score: 6, reason: Things are better since the network meeting.}}
---

{body}
{extra_body}
"""


def agenda_for(numbers: list[int]) -> Agenda:
    """Declarations first, then one item per referral number, 15 minutes each."""
    start = dt.datetime.combine(MEETING, dt.time(14, 0))
    items = [AgendaItem(1, "declarations", "Declarations of interest", start.time(), 5)]
    slot = start + dt.timedelta(minutes=5)
    for index, n in enumerate(numbers, start=2):
        items.append(
            AgendaItem(
                index, "new", title(n), slot.time(), 15, referral=f"R-{n:04d}", type="s17-support", case_ids=case_ids(n)
            )
        )
        slot += dt.timedelta(minutes=15)
    return Agenda(MEETING, dt.time(14, 0), dt.time(17, 0), items)


def make_repo(root: Path, numbers: list[int], *, section_words: int = 90) -> Path:
    """A panel repository with the project's panel.yml, referrals R-<n> signed off and merged, and the agenda."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "panel.yml", root / "panel.yml")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference")
    texts = {f"submissions/R-{n:04d}.md": referral_text(n, section_words=section_words) for n in numbers}
    submit(root, texts, "Referrals")
    write_agenda(root, agenda_for(numbers), "Agenda")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Agenda")
    return root
