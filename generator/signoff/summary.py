"""A fast reader of the few front-matter fields a referral's status needs (no full validation).

`panel status` reads thousands of referrals; the full `panel check` reader validates and
applies rules to every field, which costs ten times more. This reader loads the YAML as text only
(the same bounded reader, no type resolution) and picks out id, type, meeting, worker email,
withdrawal and agenda details only;
a file whose fields are missing or of the wrong kind is reported as unreadable (run `panel check`).
"""

from __future__ import annotations

import datetime as dt
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files, sources, tree, yamlsafe
from ..calendar import parse_moment
from ..check import PARALLEL_FROM, SUBMISSIONS, referral_files


@dataclass(frozen=True)
class ReferralSummary:
    """What status and agenda code needs to know about a referral."""

    id: str
    path: str
    type: str
    meeting: dt.date
    worker_email: str
    withdrawn: dt.date | None = None
    title: str = ""
    retrospective_started: dt.date | None = None
    review_of: str | None = None
    case_ids: tuple[str, ...] = ()


def _fields(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment_day(value: Any) -> dt.date | None:
    """The day of a date that may carry a time of day (retrospective.started)."""
    text = _text(value)
    try:
        return parse_moment(text)[0] if text else None
    except ValueError:
        return None


def summarise(path: Path, display: str) -> ReferralSummary | None:
    """The summary of one referral file, or None when its key fields cannot be read."""
    try:
        raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=sources.repository_root(path, display))
    except files.FileRefused:
        return None
    text, error = sources.decode(raw)
    split = sources.split_front_matter(text) if error is None else None
    if not isinstance(split, tuple):
        return None
    try:
        data = yamlsafe.load_text(split[0])
    except yamlsafe.YamlError:
        return None
    top = _fields(data)
    referral_id, kind, meeting = _text(top.get("id")), _text(top.get("type")), _date(top.get("meeting"))
    email = _text(_fields(top.get("worker")).get("email"))
    if not (referral_id and kind and meeting and email):
        return None
    children = top.get("children")
    case_ids = (
        tuple(c for c in (_text(_fields(child).get("case_id")) for child in children) if c)
        if isinstance(children, list)
        else ()
    )
    return ReferralSummary(
        id=referral_id,
        path=display,
        type=kind,
        meeting=meeting,
        worker_email=email,
        withdrawn=_date(_fields(top["withdrawn"]).get("date")) if "withdrawn" in top else None,
        title=_text(top.get("title")) or "",
        retrospective_started=_moment_day(_fields(top.get("retrospective")).get("started")),
        review_of=_text(top.get("review_of")),
        case_ids=case_ids,
    )


def _summarise_batch(batch: list[tuple[Path, str]]) -> list[ReferralSummary | None]:
    return [summarise(path, display) for path, display in batch]


def read_summaries(root: Path, jobs: int = 1) -> tuple[list[ReferralSummary], list[str]]:
    """Summaries of every referral under submissions/, and the paths that could not be summarised.

    One process by default: `panel status` runs `git log` alongside, which keeps a second core busy.
    """
    items = [(p, p.relative_to(root).as_posix()) for p in referral_files(root)]
    workers = jobs
    if workers <= 1 or len(items) < PARALLEL_FROM:
        results = _summarise_batch(items)
    else:
        size = max(100, len(items) // (workers * 4))
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        with ProcessPoolExecutor(workers) as pool:
            results = [s for batch in pool.map(_summarise_batch, batches) for s in batch]
    found = [s for s in results if s is not None]
    unreadable = [display for (_, display), s in zip(items, results, strict=True) if s is None]
    unreadable += [
        f"{SUBMISSIONS}/{name}"
        for name, mode in tree.entries(root / SUBMISSIONS)
        if name.endswith(".md") and not stat.S_ISREG(mode)
    ]
    return found, sorted(unreadable)
