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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands.repository import PARALLEL_FROM, referral_files
from generator.domain.schema_parts import loose_funding, parse_moment
from generator.io import files, sources, tree, yamlsafe
from generator.io.tree import SUBMISSIONS


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
    funding: tuple[tuple[str, float], ...] = ()
    """The requested split between funders (costs.funding), where it reads as one."""


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
        funding=loose_funding(top.get("costs")),
    )


def _summarise_batch(batch: list[tuple[Path, str]]) -> list[ReferralSummary | None]:
    return [summarise(path, display) for path, display in batch]


Summaries = tuple[list[ReferralSummary], list[str]]


def read_summaries(root: Path, jobs: int = 1) -> Summaries:
    """Summaries of every referral under submissions/, and the paths that could not be summarised."""
    with summaries_aside(root, jobs) as wait:
        return wait()


@contextmanager
def summaries_aside(root: Path, jobs: int) -> Iterator[Callable[[], Summaries]]:
    """Start summarising every referral in `jobs` processes; yields the call that waits for `read_summaries`'s answer.

    The worker processes are forked here, before the caller starts anything else, so that it can read
    the history meanwhile (forking while another thread runs could copy a lock that thread holds).
    With one job, or few referrals, the work is done when the answer is asked for.
    """
    items = [(p, p.relative_to(root).as_posix()) for p in referral_files(root)]
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield lambda: _collect(root, items, _summarise_batch(items))
        return
    size = max(100, len(items) // (jobs * 4))
    with ProcessPoolExecutor(jobs) as pool:
        futures = [pool.submit(_summarise_batch, items[i : i + size]) for i in range(0, len(items), size)]
        yield lambda: _collect(root, items, [s for future in futures for s in future.result()])


def _collect(root: Path, items: list[tuple[Path, str]], results: list[ReferralSummary | None]) -> Summaries:
    found = [s for s in results if s is not None]
    unreadable = [display for (_, display), s in zip(items, results, strict=True) if s is None]
    unreadable += [
        f"{SUBMISSIONS}/{name}"
        for name, mode in tree.entries(root / SUBMISSIONS)
        if name.endswith(".md") and not stat.S_ISREG(mode)
    ]
    return found, sorted(unreadable)
