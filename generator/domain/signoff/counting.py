"""The one place that decides which approvals of a referral count, and why the others do not.

`provable_approvals` (generator/domain/history/provenance.py) judges each approval line: only what the
merge or the approver provably made counts. `count_signoffs` then matches what counts to the
referral's sign-off chain, refusing the referral's own writers. `panel status`, the site,
`panel agenda`, `panel approve` (and anything else that asks `referral_status`) get their answers here.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.config.model import PanelConfig
from generator.domain.history import Approval, History, Ignored
from generator.domain.history.provenance import Judged, provable_approvals
from generator.domain.signoff.chain import match_chain

__all__ = ["Judged", "SignOffs", "count_signoffs", "provable_approvals"]


@dataclass(frozen=True)
class SignOffs:
    """A referral's sign-off: which approval signed each role, the roles missing, and what did not count."""

    signed: tuple[tuple[str, Approval], ...]
    missing: tuple[str, ...]
    ignored: list[Ignored]


def count_signoffs(
    path: str, worker_email: str, chain: tuple[str, ...], history: History, config: PanelConfig
) -> SignOffs:
    """Which approvals of the referral at `path` sign its `chain`, and every one that does not count, with why."""
    key = config.email_key
    writers = frozenset({key(worker_email)} | {key(a) for a in history.authors(path)})
    judged = provable_approvals(path, history, config, writers)
    by_key = [(a, key(a.email)) for a in judged.counted]
    result = match_chain(chain, [a for a, k in by_key if k not in writers], config.sign_off.ordered, set())
    ignored = list(judged.ignored)
    used = {key(a.email) for _, a in result.signed}
    for approval, approver in by_key:
        if approver in used:
            continue
        used.add(approver)
        if approver in writers:
            reason = "self-approval: the approver wrote or changed this referral (as its worker or in a commit)"
        elif not set(approval.roles) & set(chain):
            held = ", ".join(approval.roles) or "none"
            reason = f"holds no role in the sign-off chain ({', '.join(chain)}); holds: {held}"
        elif config.sign_off.ordered:
            reason = "out of order, or signs a role already signed by someone else"
        else:
            reason = "signs a role already signed by someone else"
        ignored.append(Ignored(approval.name, approval.email, approval.commit, approval.at, reason))
    return SignOffs(result.signed, result.missing, ignored)
