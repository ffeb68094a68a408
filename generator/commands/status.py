"""`panel status`: each referral's approvals from the history of main."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.domain.history import HistoryUnavailable, read_history
from generator.domain.signoff.report import statuses
from generator.domain.signoff.status import ReferralLike, ReferralStatus
from generator.domain.signoff.summary import summaries_aside


@dataclass
class StatusReport:
    """Each referral shown with its status, and the referral files whose summary cannot be read."""

    rows: list[tuple[ReferralLike, ReferralStatus]]
    unreadable: list[str]


def referral_statuses(root: Path, meeting: dt.date | None, today: dt.date) -> StatusReport:
    """The referrals for `meeting` (every open one without it) and who has approved each."""
    config = config_or_fail(root)
    try:
        # Worker processes read the referrals while this one reads the history.
        with summaries_aside(root, os.cpu_count() or 1) as summaries:
            history = read_history(root, config)
            referrals, unreadable = summaries()
        rows = statuses(referrals, history, config, root, meeting, today)
    except HistoryUnavailable as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    return StatusReport(list(rows), list(unreadable))
