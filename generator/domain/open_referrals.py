"""One open referral per child (or per sibling group): panel.yml `one_open_referral`, checked across files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from generator.domain.conditions import values_at
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision
from generator.domain.referrals.model import Referral
from generator.io.diagnostics import Diagnostic


def closed_referrals(decisions: Iterable[Decision]) -> set[str]:
    """Referral ids a decision closes: every outcome but a deferral (a deferred case comes back on the same file)."""
    return {d.referral for d in decisions if d.deferral_date is None}


def open_referral_clashes(
    config: PanelConfig, referrals: Sequence[Referral], decisions: Iterable[Decision]
) -> Iterator[Diagnostic]:
    """Each open referral that shares a child (or another `per` value) with an earlier open one, naming both files."""
    rule = config.one_open_referral
    if rule is None:
        return
    closed = closed_referrals(decisions)
    candidates = sorted(
        (r for r in referrals if r.withdrawn is None and r.id not in closed and rule.covers(r.type)),
        key=lambda r: (r.meeting, r.id, r.path),
    )
    first: dict[tuple[str, str], Referral] = {}
    for referral in candidates:
        reported = False
        for path in rule.per:
            for value in dict.fromkeys(str(v) for v in values_at(referral.data, path)):
                earlier = first.setdefault((path, value), referral)
                if earlier is referral or earlier.id == referral.id or reported:
                    continue
                reported = True
                mark = referral.source.mark(("id",))
                yield Diagnostic(
                    referral.path,
                    mark.line,
                    mark.column,
                    "open-referral",
                    f"{referral.path} and {earlier.path} are both open for {path} {value}: the panel takes one "
                    "open referral at a time (panel.yml one_open_referral)",
                    hint=(
                        f"add what is new to {earlier.path} instead, or withdraw one of them "
                        "(withdrawn: {date: YYYY-MM-DD, reason: ...})"
                    ),
                )
