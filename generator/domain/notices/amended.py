"""What a decision notice said, part by part, so a later change to the decision is noticed and notified once.

Each message recorded in notices.yml keeps a short digest of each part of the decision it told of (the outcome,
what was approved, conditions, review date, actions, rationale, the decision maker's decision). When the decision
file changes after its notice went, the parts whose digest differs are what changed, and `panel notify` sends an
amended notice naming them and the notice it supersedes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict

from generator.domain.decisions.model import Decision, Response

PARTS = ("decision", "approved", "conditions", "review date", "actions", "rationale", "decision maker")
"""The parts of a notice, in the order a change is told; the keys of a log entry's `content`."""


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def notice_parts(decision: Decision, response: Response | None) -> dict[str, str]:
    """A digest of each part of the decision a notice tells of (a response: the decision maker's decision)."""
    approved = decision.approved
    return {
        "decision": _digest(
            [
                decision.outcome,
                list(decision.agreed),
                decision.alternative,
                decision.deferral_date,
                decision.deferral_reason,
                decision.referred_to,
            ]
        ),
        "approved": _digest([asdict(approved) if approved else None, list(decision.funding)]),
        "conditions": _digest(list(decision.conditions)),
        "review date": _digest(decision.next_review),
        "actions": _digest([[a.action, a.owner, a.due] for a in decision.actions]),
        "rationale": _digest(decision.rationale.strip()),
        "decision maker": _digest(
            None
            if response is None
            else [
                response.role,
                response.decided_by,
                response.decision,
                asdict(response.approved) if response.approved else None,
                list(response.conditions),
                response.rationale.strip(),
                list(response.funding),
            ]
        ),
    }


def changed_parts(sent: Mapping[str, str], now: Mapping[str, str]) -> tuple[str, ...]:
    """The parts whose digest differs between what was sent and the decision now (none when nothing was kept)."""
    if not sent:
        return ()
    return tuple(part for part in PARTS if sent.get(part) != now.get(part))
