"""`panel reconsider REFERRAL`: start a request to reconsider the panel's decision on a referral.

It writes meetings/<date>/reconsiderations/<referral-id>.md beside the decision it questions
(domain/reconsideration.py): who asks (the referral's worker unless `--by` names someone else), when, why, and who
hears it: the next meeting, or the role the decision went to (a recommendation to a decision maker, or an
`escalate` threshold) unless `--heard-by` says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.decide import panel_decision, read_referral
from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.scaffold import ScaffoldError, render_template
from generator.domain.config.model import PanelConfig
from generator.domain.reconsideration import AT_MEETING
from generator.domain.referrals import Referral
from generator.io.files import create_new
from generator.io.tree import MEETINGS, RECONSIDERATIONS


@dataclass(frozen=True)
class NewReconsideration:
    """What `panel reconsider` wrote, and who hears it ('the next meeting' or a role's name)."""

    path: Path
    heard_by: str


def new_reconsideration(
    root: Path,
    config: PanelConfig,
    referral: Referral,
    meeting: dt.date | None,
    by: str | None,
    grounds: str,
    heard_by: str | None,
    today: dt.date,
) -> NewReconsideration:
    """Write meetings/<date>/reconsiderations/<id>.md for the panel's decision on `referral` at `meeting` (else its
    latest)."""
    decision = panel_decision(root, config, referral, meeting)
    if today < decision.meeting:
        raise ScaffoldError(
            f"the decision of {decision.meeting} on {referral.id} has not been made yet (today {today})"
        )
    approved = decision.approved
    routed = config.decision_maker_for(
        referral.type, approved.weekly if approved else 0.0, approved.total if approved else 0.0
    )
    hearer = heard_by or routed or AT_MEETING
    if hearer != AT_MEETING and hearer not in {r.id for r in config.roles}:
        known = ", ".join(r.id for r in config.roles)
        raise ScaffoldError(f"--heard-by {hearer}: no such role in panel.yml roles ({known}), nor 'meeting'")
    outcome = config.outcome(decision.outcome)
    text = render_template(
        root,
        "reconsideration.md.j2",
        config=config,
        decision=decision,
        outcome_name=outcome.name if outcome else decision.outcome,
        today=today,
        by=by or referral.worker_name,
        grounds=grounds,
        heard_by=hearer,
        routed=routed,
        role_name=config.role_name(routed) if routed else "",
    )
    target = root / MEETINGS / decision.meeting.isoformat() / RECONSIDERATIONS / f"{referral.id}.md"
    try:
        create_new(target, text)
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewReconsideration(target, "the next meeting" if hearer == AT_MEETING else config.role_name(hearer))


def reconsider(
    root: Path,
    referral_id: str,
    meeting: dt.date | None,
    by: str | None,
    grounds: str,
    heard_by: str | None,
    today: dt.date,
) -> NewReconsideration:
    """`panel reconsider`: start the request to reconsider the decision on `referral_id`."""
    config = config_or_fail(root)
    meeting = checked_meeting(config, meeting) if meeting is not None else None
    try:
        referral = read_referral(root, config, referral_id, today)
        return new_reconsideration(root, config, referral, meeting, by, grounds, heard_by, today)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
