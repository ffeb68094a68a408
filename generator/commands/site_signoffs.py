"""Sign-off answers for the site from the repository's git history (the pages' `SignoffSource`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.commands.history import read_history
from generator.commands.records import RecordFiles
from generator.commands.status import referral_status
from generator.domain.calendar import now_london
from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.decisions.model import Response
from generator.domain.decisions.reader import Records
from generator.domain.forums import ForumAnswer
from generator.domain.history import History, HistoryUnavailable
from generator.domain.referrals import Referral
from generator.domain.signoff import State
from generator.domain.signoff.due_after import due_steps
from generator.domain.signoff.finality import (
    Finality,
    answers_finality,
    decision_finality,
    funding_by_referral,
    responses_finality,
)
from generator.domain.signoff.status import event_dates
from generator.rendering.site.signoffs import NoHistory, NotCounted, SignoffSource, Trail, TrailEntry
from generator.rendering.site.signoffs import when as _when


class GitSignoffs:
    """Answers from the first-parent history of the panel's main branch."""

    available = True

    def __init__(
        self,
        root: Path,
        config: PanelConfig,
        history: History,
        known: Records | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.root = root
        self.today = today or now_london().date()
        """The day deadlines counted from events are judged on (the site's now)."""
        self.config = config
        self.history = history
        self.records = RecordFiles(root, config, known)
        """One build's record files, each read once for all the referral pages (`known`: those already read)."""
        self.trails: dict[str, tuple[Referral, Trail]] = {}
        """Each referral's trail, worked out once in a build (its page's digest, its page, the home page)."""

    def trail(self, referral: Referral) -> Trail | None:
        """From `referral_status`, as `panel status` shows it: what signed each role, then what does not count."""
        known = self.trails.get(referral.id)
        if known is not None and known[0] is referral:
            return known[1]
        found = self._trail(referral)
        self.trails[referral.id] = (referral, found)
        return found

    def _trail(self, referral: Referral) -> Trail:
        status = referral_status(referral, self.history, self.config, self.root, self.records)
        entries = tuple(
            TrailEntry(self.config.role_name(role), a.name, _when(a.at), a.commit) for role, a in status.signed
        )
        not_counted = tuple(NotCounted(i.who, i.reason, _when(i.at), i.commit) for i in status.ignored)
        missing = tuple(self.config.role_name(r) for r in status.missing_roles)
        waiting = status.awaiting_role if status.state is State.AWAITING else None  # a sign-off, not a decision
        awaiting = self.config.role_name(waiting) if waiting else None
        state = status.label if status.state not in (State.AWAITING, State.LATE) else status.state.value
        late = tuple(stage.describe(self.config) for stage in status.late_stages)
        due = tuple(
            step.describe()
            for step in due_steps(self.config, referral.type, event_dates(referral, status), self.today)
            if step.due
        )
        return Trail(
            state, entries, missing, awaiting, not_counted, late, status.sign_off_because, not status.chain, due
        )

    def standing(
        self,
        decisions: Sequence[Decision],
        meetings: Sequence[MeetingRecord],
        referrals: Sequence[Referral] = (),
        responses: Sequence[Response] = (),
        answers: Sequence[ForumAnswer] = (),
    ) -> dict[str, Finality]:
        """Final when whoever chaired it (and each partner funder) approved it on main, and a recommendation's
        decision maker decided; amendments: changes since."""
        kinds = {r.id: r.type for r in referrals}
        funding = funding_by_referral(referrals)
        return decision_finality(decisions, meetings, self.history, self.config, funding, kinds, responses, answers)

    def response_standing(self, responses: Sequence[Response]) -> dict[str, Finality]:
        """Standing when the person holding the role approved it on main (signoff.finality.response_finality)."""
        return responses_finality(responses, self.history, self.config)

    def answer_standing(self, answers: Sequence[ForumAnswer]) -> dict[str, Finality]:
        """Standing when who recorded the forum's answer approved it on main (signoff.finality.answer_finality)."""
        return answers_finality(answers, self.history, self.config)


def default_signoffs(
    root: Path, config: PanelConfig, known: Records | None = None, today: dt.date | None = None
) -> SignoffSource:
    """Sign-off answers from the repository's git history, or NoHistory where it cannot be read in full.

    `known`: the meeting records and decisions this run has already read from the working tree with `config`.
    """
    try:
        return GitSignoffs(root, config, read_history(root, config), known, today)
    except HistoryUnavailable:
        return NoHistory()
