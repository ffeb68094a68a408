"""`panel status`: each referral's approvals from the history of main."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..history import HistoryUnavailable, read_history
from ..signoff.report import statuses
from ..signoff.status import ReferralLike, ReferralStatus
from ..signoff.summary import read_summaries
from .errors import EXIT_USAGE, PanelError, config_or_fail


@dataclass
class StatusReport:
    """Each referral shown with its status, and the referral files whose summary cannot be read."""

    rows: list[tuple[ReferralLike, ReferralStatus]]
    unreadable: list[str]


def referral_statuses(root: Path, meeting: dt.date | None, today: dt.date) -> StatusReport:
    """The referrals for `meeting` (every open one without it) and who has approved each."""
    config = config_or_fail(root)
    with ThreadPoolExecutor(1) as background:
        # git log runs while the referrals are read.
        reading = background.submit(read_history, root, config)
        referrals, unreadable = read_summaries(root)
    try:
        history = reading.result()
        rows = statuses(referrals, history, config, root, meeting, today)
    except HistoryUnavailable as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    return StatusReport(list(rows), list(unreadable))
