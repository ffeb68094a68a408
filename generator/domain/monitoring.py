"""Equality monitoring: the children referred, counted by each protected characteristic the panel monitors.

Only ever in aggregate: every count from 1 to 4 is shown as "<5", and where a table would then hide a single
count (which its total would give away) the next smallest is hidden too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.domain.referrals import Referral

SMALL = 5
"""Counts below this are suppressed."""
HIDDEN = "<5"
AGE_BANDS = ((0, 4, "0–4"), (5, 9, "5–9"), (10, 15, "10–15"), (16, 17, "16–17"))
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Monitored:
    """One characteristic: each value with its count (or '<5'), and the number of children counted."""

    characteristic: str
    rows: tuple[tuple[str, str], ...]
    children: str


def suppress(counts: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Counts as text, 1–4 as '<5'; a lone hidden count hides the next smallest too, so no total gives it away."""
    hidden = {label for label, n in counts if 0 < n < SMALL}
    if len(hidden) == 1:
        others = sorted((n, label) for label, n in counts if label not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return [(label, HIDDEN if label in hidden else str(n)) for label, n in counts]


def _age_band(age: int | None, unborn: bool) -> str:
    if age is None:
        return "unborn" if unborn else NOT_RECORDED
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "18 and over")


def _value(referral: Referral, index: int, characteristic: str) -> str:
    child = referral.children[index]
    if characteristic == "age":
        return _age_band(child.age_on(referral.meeting), child.expected_delivery is not None)
    text = " ".join(str(getattr(child, characteristic, "") or "").split())
    return text[:60] or NOT_RECORDED


def monitored(referrals: list[Referral], characteristics: tuple[str, ...]) -> list[Monitored]:
    """Each child counted once (as their latest referral records them), by each characteristic in turn."""
    latest: dict[str, tuple[Referral, int]] = {}
    for referral in sorted(referrals, key=lambda r: (r.meeting, r.id)):
        for index, child in enumerate(referral.children):
            latest[child.case_id] = (referral, index)
    found = []
    for characteristic in characteristics:
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for referral, index in latest.values():
            value = _value(referral, index, characteristic)
            key = value.casefold()
            shown.setdefault(key, value)
            counts[key] += 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        rows = suppress([(shown[key], n) for key, n in ordered])
        total = len(latest)
        found.append(Monitored(characteristic, tuple(rows), HIDDEN if 0 < total < SMALL else str(total)))
    return found
