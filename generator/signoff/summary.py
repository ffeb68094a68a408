"""A fast reader of the few front-matter fields a referral's status needs (no full validation).

`panel status` reads thousands of referrals; the full `panel check` reader validates and
applies rules to every field, which costs ten times more. This reader composes the YAML with
the C parser and picks out id, type, meeting, worker email, withdrawal and agenda details only;
a file whose fields are missing or of the wrong kind is reported as unreadable (run `panel check`).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import sources
from ..calendar import parse_moment
from ..check import PARALLEL_FROM, referral_files

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every wheel PyYAML ships
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _Untyped(_Loader):
    """Composes nodes without resolving tags: only scalar text is read here, so types do not matter."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """Every node gets the same tag; this skips the regex matching that dominates composing."""
        return "tag:yaml.org,2002:str"


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


def _fields(node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    found: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            found.setdefault(str(key.value), value)
    return found


def _text(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.value != "" else None


def _date(node: yaml.Node | None) -> dt.date | None:
    text = _text(node)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment_day(node: yaml.Node | None) -> dt.date | None:
    """The day of a date that may carry a time of day (retrospective.started)."""
    text = _text(node)
    try:
        return parse_moment(text)[0] if text else None
    except ValueError:
        return None


def summarise(path: Path, display: str) -> ReferralSummary | None:
    """The summary of one referral file, or None when its key fields cannot be read."""
    try:
        text, error = sources.decode(path.read_bytes())
    except OSError:
        return None
    split = sources.split_front_matter(text) if error is None else None
    if not isinstance(split, tuple):
        return None
    try:
        root = yaml.compose(split[0], Loader=_Untyped)
    except yaml.YAMLError:
        return None
    top = _fields(root) if root is not None else {}
    referral_id, kind, meeting = _text(top.get("id")), _text(top.get("type")), _date(top.get("meeting"))
    email = _text(_fields(top["worker"]).get("email")) if "worker" in top else None
    if not (referral_id and kind and meeting and email):
        return None
    children = top.get("children")
    case_ids = (
        tuple(c for c in (_text(_fields(child).get("case_id")) for child in children.value) if c)
        if isinstance(children, yaml.SequenceNode)
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
        retrospective_started=(
            _moment_day(_fields(top["retrospective"]).get("started")) if "retrospective" in top else None
        ),
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
    return found, unreadable
