"""`panel decide`: start a decision record for a referral from its meeting's agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..agenda import AgendaItem, load_agenda
from ..config.model import PanelConfig
from ..diagnostics import ProblemsFound
from ..files import create_new
from ..referrals import Referral, ReferralReader
from ..scaffold import ScaffoldError, render_template
from .reader import DECISIONS, MEETINGS


@dataclass(frozen=True)
class NewDecision:
    """What `panel decide` wrote."""

    path: Path
    item: AgendaItem


def _num(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:.2f}"


def read_referral(root: Path, config: PanelConfig, referral_id: str, today: dt.date) -> Referral:
    """The referral submissions/<id>.md, or ScaffoldError saying what is wrong with it."""
    path = root / "submissions" / f"{referral_id}.md"
    if not path.is_file():
        raise ScaffoldError(f"no referral {referral_id}: submissions/{referral_id}.md does not exist")
    referral, problems = ReferralReader(config, today).read(path, f"submissions/{referral_id}.md")
    if referral is None:
        first = next(iter(problems), None)
        raise ScaffoldError(f"{referral_id} cannot be read: {first.format() if first else 'unknown problem'}")
    return referral


def new_decision(root: Path, config: PanelConfig, referral: Referral, meeting: dt.date) -> NewDecision:
    """Write meetings/<date>/decisions/<id>.md, prefilled from the referral and its agenda item."""
    try:
        agenda = load_agenda(root, meeting)
    except ProblemsFound as exc:
        first = next(iter(exc.diagnostics))
        raise ScaffoldError(f"{first.message} ({first.path}); {first.hint or 'fix the agenda first'}") from None
    item = next((i for i in [*agenda.items, *agenda.late] if i.referral == referral.id), None)
    if item is None:
        heard = ", ".join(i.referral for i in agenda.items if i.referral) or "none"
        raise ScaffoldError(f"{referral.id} is not on the agenda of {meeting}; referrals on it: {heard}")
    kind = config.referral_type(referral.type)
    review_weeks = kind.review.every_weeks if kind and kind.review else None
    text = render_template(
        root,
        "decision.md.j2",
        config=config,
        referral=referral,
        item=item,
        meeting=meeting,
        review_weeks=review_weeks,
        num=_num,
    )
    target = root / MEETINGS / meeting.isoformat() / DECISIONS / f"{referral.id}.md"
    try:
        create_new(target, text)  # never overwrite a decision already recorded
    except FileExistsError:
        raise ScaffoldError(f"{target.relative_to(root).as_posix()} already exists; edit it instead") from None
    return NewDecision(target, item)
