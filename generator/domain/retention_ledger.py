"""The erasure ledger (erasures.yml): one entry per `panel erase`, naming no child."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import yaml

LEDGER = "erasures.yml"
ERASED = "[erased]"
"""What an erased name or case id reads as, in every file and message of history."""


def ledger_entry(
    *,
    when: dt.datetime,
    by: str,
    authority: str,
    children: int,
    referrals: Sequence[str],
    paths: Sequence[str],
    decisions: Sequence[tuple[str, str]],
    packs: Sequence[str],
    texts: int,
    approvals: int,
    before: str,
    after: str,
) -> str:
    """One ledger entry as YAML text (a list item), ready to append."""
    counts = Counter(decisions)
    entry = {
        "erased": when.isoformat(timespec="seconds"),
        "by": by,
        "authority": authority,
        "children": children,
        "referrals": list(referrals),
        "removed_from_history": list(paths),
        "decisions_erased": [
            {"meeting": meeting, "outcome": outcome, "count": n} for (meeting, outcome), n in sorted(counts.items())
        ],
        "texts_replaced": texts,
        "replaced_with": ERASED,
        "approval_lines_kept": approvals,
        "circulated_packs_that_held_them": list(packs),
        "history": {"head_before": before, "head_after_rewrite": after, "tool": "git-filter-repo"},
    }
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)


def erased_referrals(data: object) -> set[str]:
    """The referral ids the ledger (as parsed YAML) says were erased; anything malformed is ignored."""
    found: set[str] = set()
    for entry in data if isinstance(data, list) else []:
        listed = entry.get("referrals") if isinstance(entry, dict) else None
        found |= {r for r in listed if isinstance(r, str)} if isinstance(listed, list) else set()
    return found
