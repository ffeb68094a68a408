"""The one referral factory: the fixture referral altered, long synthetic ones, a valid one for any panel.yml."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.domain.config import PanelConfig
from generator.domain.config.model import RequiredAttachment
from generator.domain.meetingday import area_of
from panelfixtures import REFERRAL_MD
from panelfixtures.documents import assessment_pdf, genogram_pdf
from panelfixtures.gitrun import git

MEETING = dt.date(2026, 12, 3)
"""The meeting the fixture and synthetic referrals are for."""
FIRST = ("Maisie", "Alfie", "Jaden", "Sofia", "Kacper", "Amara", "Leo", "Ruby", "Tariq", "Ivy", "Noah", "Zara")
LAST = ("Thornbury", "Okonkwo", "Lindqvist", "Marchetti", "Pryce", "Haddad", "Quinlan", "Vasquez", "Bramley")
FILLER = (
    "The family has worked with the service since the spring and the plan was reviewed with the network. "
    "School reports steady attendance, and the health visitor confirms the younger child's needs are met. "
    "The worker visited four times in the last month, twice unannounced, and saw the children alone each time. "
)


@functools.cache
def _fixture() -> str:
    return REFERRAL_MD.read_text(encoding="utf-8")


def referral_text(referral_id: str = "R-0001", *, replace: Mapping[str, str] | None = None, **fields: str) -> str:
    """The fixture referral R-0001 (valid against the fixture panel.yml and the example's) as `referral_id`.

    Each of `fields` replaces the whole top-level line `key: ...` of its key; each of `replace` replaces
    text that must be in the referral (every occurrence).
    """
    text = _fixture().replace("id: R-0001", f"id: {referral_id}", 1)
    lines = text.split("\n")
    for key, value in fields.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        assert index is not None, f"test setup: no top-level {key!r} in the referral"
        lines[index] = f"{key}: {value}"
    text = "\n".join(lines)
    for old, new in (replace or {}).items():
        assert old in text, f"test setup: {old!r} not in the referral"
        text = text.replace(old, new)
    return text


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
    """The two children's case ids of synthetic referral n."""
    return f"LCS-{300100 + 2 * n}", f"LCS-{300101 + 2 * n}"


def title(n: int) -> str:
    """The title of synthetic referral n."""
    return f"Support package for the {LAST[n % len(LAST)]} children (case {n})"


def synthetic_referral(n: int, *, section_words: int = 90, extra_body: str = "", review_of: str | None = None) -> str:
    """A valid fictional referral R-<n> for 3 December 2026 (family named after n), ~10 sections of `section_words`."""
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


STARTER_DATE = "2026-11-22T09:00:00+00:00"
"""When `write_referral` commits."""
STARTER_COMMITTER = ("Test Co-ordinator", "co-ordinator@council.example")


def costs(weekly: float, weeks: int, start: dt.date, one_off: float = 0) -> dict[str, Any]:
    """A consistent costs block: total = weekly × weeks + one-off."""
    block: dict[str, Any] = {"weekly": weekly, "weeks": weeks, "total": weekly * weeks + one_off}
    if one_off:
        block["one_off"] = one_off
    block["start"] = start.isoformat()
    return block


def _cost_line(config: PanelConfig, type_id: str, weekly: float) -> dict[str, Any]:
    """One cost line of `weekly` fitting the type: an allowance at a rate that covers it, transport, contact …"""
    for kind in ("allowance", "transport", "contact"):
        if kind in type_id:
            break
    else:
        kind = "service"
    line: dict[str, Any] = {"kind": kind, "description": f"Invented {kind} cost", "weekly": weekly}
    if kind == "allowance" and config.allowance_rates:
        rate = next((r for r in config.allowance_rates if r.weekly >= weekly), config.allowance_rates[-1])
        line["rate"] = rate.id
        if weekly > rate.weekly:
            line["explanation"] = "Invented reason for more than the rate."
    return line


def _attach(root: Path, referral_id: str, required: Sequence[RequiredAttachment], meeting: dt.date) -> list[Any]:
    """The documents a type requires, written to submissions/<id>/ (a fictional genogram for each), as listed."""
    folder = root / "submissions" / referral_id
    folder.mkdir(parents=True, exist_ok=True)
    listed: list[Any] = []
    for document in required:
        name = f"{document.kind}.pdf"
        (folder / name).write_bytes(genogram_pdf() if document.kind == "genogram" else assessment_pdf())
        entry: dict[str, Any] = {"file": name, "title": document.name, "kind": document.kind}
        if document.within_days:
            entry["dated"] = (meeting - dt.timedelta(days=20)).isoformat()
        listed.append(entry)
    return listed


def _case_facts(config: PanelConfig, type_id: str, meeting: dt.date) -> dict[str, Any]:
    """A plausible value of each case field the type must give (a date a month before the meeting)."""
    values: dict[str, Any] = {
        "date": (meeting - dt.timedelta(days=30)).isoformat(),
        "number": 1,
        "integer": 1,
        "text": "Invented fact.",
        "yes-no": True,
    }
    return {
        f.id: f.choices[0] if f.choices else values[f.kind.value]
        for f in config.case_fields
        if f.required and f.covers(type_id)
    }


def write_referral(
    root: Path,
    config: PanelConfig,
    *,
    number: int,
    type_id: str,
    meeting: dt.date,
    weekly: float = 250,
    weeks: int = 12,
    **fields: Any,
) -> Path:
    """Write a complete, valid referral of `type_id` for any panel's `config` to submissions/ and commit it.

    `fields` override or add top-level fields.
    """
    referral_id = f"{config.panel.referral_id_prefix}-{number:04d}"
    worker = config.people_with_role("social-worker")[0]
    statuses = [s.id for s in config.legal_statuses]
    data: dict[str, Any] = {
        "id": referral_id,
        "type": type_id,
        "title": f"Test referral {referral_id}",
        "meeting": meeting.strftime("%Y-%m-%d"),  # a date: in a panel with areas, `area` says whose meeting
        "worker": {"name": worker.name, "team": config.teams[0].id, "email": worker.email},
        "children": [
            {
                "name": "Robin Testcase",
                "case_id": f"LCS-9{number:05d}",
                "date_of_birth": "2014-05-01",
                "ethnicity": "White British",
                "disability": "none known",
                "legal_status": "cin" if "cin" in statuses else statuses[0],
            }
        ],
        "family_network_meeting": {"held": True, "date": "2026-10-28"},
        "safety_plan": {"in_place": True},
    }
    kind = config.referral_type(type_id)
    assert kind is not None, f"test setup: {type_id} is not a referral type of {config.panel.name}"
    # What a complete form gives (Bexley's Appendix A makes each of these mandatory).
    data["submitted"] = min(meeting - dt.timedelta(days=10), dt.date.fromisoformat(STARTER_DATE[:10])).isoformat()
    data["family"] = [{"name": "Alex Testcase", "relationship": "mother"}]
    data["network"] = [{"name": "Sam Testcase", "role": "aunt"}]
    data["scaling"] = [{"person": worker.name, "role": "social worker", "score": 5, "reason": "Invented reason."}]
    if not kind.no_cost:
        data["costs"] = costs(weekly, weeks, meeting + dt.timedelta(days=7))
        if "costs.lines" in kind.required_fields:
            data["costs"]["lines"] = [_cost_line(config, type_id, weekly)]
    if "assessment" in kind.required_fields or kind.assessment_within_days or kind.genogram_required:
        data["assessment"] = {"completed": (meeting - dt.timedelta(days=20)).isoformat(), "genogram_on_file": True}
    if "retrospective" in kind.required_fields:
        started = meeting - dt.timedelta(days=3)
        data["retrospective"] = {"started": started.isoformat(), "reason": "Emergency out of hours."}
    own = _case_facts(config, type_id, meeting)
    if own:
        data["case"] = own
    if area_of(meeting):
        data["area"] = area_of(meeting)
    data.update(fields)
    if kind.required_attachments and not data.get("emergency"):
        data["attachments"] = _attach(root, referral_id, kind.required_attachments, meeting)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    body = "\n".join(
        f"{'#' * section.heading_level} {section.name}\n\nInvented text for the {section.id} section.\n"
        for section in config.sections_offered(type_id)
    )
    path = root / "submissions" / f"{referral_id}.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    git(root, "add", path.relative_to(root).as_posix(), who=STARTER_COMMITTER, date=STARTER_DATE)
    if (root / "submissions" / referral_id).is_dir():
        git(root, "add", f"submissions/{referral_id}", who=STARTER_COMMITTER, date=STARTER_DATE)
    git(root, "commit", "-q", "-m", f"Referral {referral_id}", who=STARTER_COMMITTER, date=STARTER_DATE)
    return path
