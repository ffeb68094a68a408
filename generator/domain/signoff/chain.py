"""Matching approvals to the roles of a sign-off chain, in order where the configuration says so."""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.history import Approval


@dataclass(frozen=True)
class ChainResult:
    """Which approval signed for each role, and which roles are still missing (in chain order)."""

    signed: tuple[tuple[str, Approval], ...]
    missing: tuple[str, ...]


def match_chain(chain: tuple[str, ...], approvals: list[Approval], ordered: bool, excluded: set[str]) -> ChainResult:
    """Give each role in `chain` the earliest approval by a different person who holds it.

    `approvals` are in the order they were made; `excluded` are emails that may not approve
    (the referral's authors). When `ordered`, each role's approval must come after the previous role's.
    """
    usable = sorted((a for a in approvals if a.email not in excluded), key=lambda a: a.order)
    used: set[str] = set()
    signed: list[tuple[str, Approval]] = []
    missing: list[str] = []
    after: tuple[int, int] = (-1, -1)
    for role in chain:
        if ordered and missing:
            missing.append(role)
            continue
        pick = next(
            (a for a in usable if role in a.roles and a.email not in used and (not ordered or a.order > after)),
            None,
        )
        if pick is None:
            missing.append(role)
            continue
        used.add(pick.email)
        signed.append((role, pick))
        after = pick.order
    return ChainResult(tuple(signed), tuple(missing))
