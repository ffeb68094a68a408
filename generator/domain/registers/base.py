"""What every register is made of: the records it is derived from, and a table of rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Approved, Decision, MeetingRecord
from generator.domain.decisions.model import Response
from generator.domain.forums import ForumAnswer, returned_before
from generator.domain.meetingday import area_of
from generator.domain.notices import NoticeState, SentNotice, notice_states
from generator.domain.reconsideration import Reconsideration
from generator.domain.referrals import Referral
from generator.domain.signoff.finality import Finality, is_final

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A titled table: column names and rows of plain values."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]


@dataclass(frozen=True)
class Register:
    """A register: its main table (exported as CSV) and any summary tables shown beside it."""

    id: str
    title: str
    description: str
    table: Table
    summaries: tuple[Table, ...] = ()


@dataclass
class PanelData:
    """Every record the registers are derived from, with the lookups they share."""

    config: PanelConfig
    referrals: Sequence[Referral]
    meetings: Sequence[MeetingRecord]
    decisions: Sequence[Decision]
    today: dt.date
    standing: Mapping[str, Finality] | None = None
    """Each decision's finality by path (from git history); None when not judged (`panel check` only)."""
    responses: Sequence[Response] = ()
    """Decision makers' decisions on the panel's recommendations."""
    response_standing: Mapping[str, Finality] | None = None
    """Each decision maker's decision's standing by path; None when not judged (every one counts)."""

    def of_area(self, area: str) -> PanelData:
        """The records of one area's meetings (panel.yml `areas`): its referrals, its meetings and their decisions, and
        the decisions made outside a meeting on its referrals; with its terms. Itself for '' (no areas)."""
        if not area:
            return self
        referrals = [r for r in self.referrals if r.area == area]
        ids = {r.id for r in referrals}
        decisions = [d for d in self.decisions if area_of(d.meeting) == area or (d.outside and d.referral in ids)]
        return dataclasses.replace(
            self,
            config=self.config.for_area(area),
            referrals=referrals,
            meetings=[m for m in self.meetings if area_of(m.date) == area],
            decisions=decisions,
            responses=[r for r in self.responses if area_of(r.meeting) == area],
            reconsiderations=[r for r in self.reconsiderations if r.referral in ids],
            forum_answers=[a for a in self.forum_answers if area_of(a.meeting) == area],
        )

    def decision_maker(self, decision: Decision) -> str:
        """The role this panel decision is a recommendation to ('' when the panel's decision stands by itself).

        The referral type's (or the panel's) `decides: false`, or an approval over an `escalate` threshold.
        """
        if decision.outside:
            return ""  # made under a route by someone it allows; the meeting that ratifies it is the panel's
        referral = self.referral_by_id.get(decision.referral)
        kind = referral.type if referral else ""
        approved = decision.approved
        weekly, total = (approved.weekly, approved.total) if approved else (0.0, 0.0)
        return self.config.decision_maker_for(kind, weekly, total)

    @cached_property
    def _standing_responses(self) -> dict[str, Response]:
        found: dict[str, Response] = {}
        for response in self.responses:
            if is_final(response, self.response_standing):
                found.setdefault(response.panel_decision, response)
        return found

    def response(self, decision: Decision) -> Response | None:
        """The decision maker's decision that stands on this recommendation (made as the role it went to), if any."""
        found = self._standing_responses.get(decision.path)
        role = self.decision_maker(decision)
        return found if found is not None and role and found.role == role else None

    def awaiting(self, decision: Decision) -> str:
        """The role whose decision this recommendation still awaits, or '' (the panel decides, or they decided)."""
        role = self.decision_maker(decision)
        return role if role and self.response(decision) is None else ""

    def approval(self, decision: Decision) -> Approved | None:
        """What stands approved by this decision: the panel's own, or as its decision maker agreed or varied it.

        None while awaiting the decision maker, when they refused, or when nothing was approved.
        """
        if not self.decision_maker(decision):
            return decision.approved
        response = self.response(decision)
        if response is None or response.decision == "refuse":
            return None
        return response.approved if response.decision == "vary" and response.approved else decision.approved

    sent: Sequence[SentNotice] = ()
    """Decision notices recorded as sent (meetings/<date>/notices.yml)."""
    reconsiderations: Sequence[Reconsideration] = ()
    """Requests to reconsider a decision (meetings/<date>/reconsiderations/)."""

    forum_answers: Sequence[ForumAnswer] = ()
    """Multi-agency forums' answers on cases the panel referred to them (meetings/<date>/forum/)."""
    answer_standing: Mapping[str, Finality] | None = None
    """Each forum answer's standing by path; None when not judged (every one counts)."""

    def answer_stands(self, answer: ForumAnswer) -> bool:
        """True when the forum's answer is approved by who recorded it (or standing is not judged)."""
        return is_final(answer, self.answer_standing)

    def forum_answer(self, decision: Decision) -> ForumAnswer | None:
        """The forum's answer on a decision that referred the case to it, if one is recorded."""
        return next((a for a in self.forum_answers if a.decision == decision.path), None) if decision.forum else None

    def returned_from(self, decision: Decision) -> ForumAnswer | None:
        """The forum's answer a decision was made on: the case came back from the forum before its meeting."""
        if decision.forum:
            return None
        return returned_before(self.forum_answers, decision.referral, None, decision.meeting)

    def heard_after(self, answer: ForumAnswer) -> Decision | None:
        """The first decision on the case after it returned from the forum with `answer`."""
        later = [d for d in self.decisions if d.referral == answer.referral and d.meeting > answer.meeting]
        return min(later, key=lambda d: d.meeting) if later else None

    def reconsiderations_of(self, decision: Decision) -> list[tuple[Reconsideration, Decision | None]]:
        """The requests to reconsider `decision`, each with the final decision that heard it (None: not yet)."""
        return [(r, r.hearing(self.final)) for r in self.reconsiderations if r.decision == decision.path]

    @cached_property
    def open_reconsiderations(self) -> list[Reconsideration]:
        """Requests not yet heard: no final decision on the referral at a meeting after the request."""
        return [r for r in self.reconsiderations if r.hearing(self.final) is None]

    @cached_property
    def notices(self) -> dict[str, NoticeState]:
        """Each final decision's notice and case-record timescales, by decision path."""
        states = notice_states(self.config, self.decisions, self.standing, self.sent)
        return {s.decision.path: s for s in states}

    @cached_property
    def final(self) -> list[Decision]:
        """The decisions that count: final ones (merged with the approval of who chaired them)."""
        return [d for d in self.decisions if is_final(d, self.standing)]

    @cached_property
    def final_paths(self) -> frozenset[str]:
        """The paths of the final decisions."""
        return frozenset(d.path for d in self.final)

    @cached_property
    def ratifying(self) -> dict[str, list[Decision]]:
        """The decisions that say they ratify another, by the path of the one they ratify."""
        found: dict[str, list[Decision]] = {}
        for decision in self.decisions:
            if decision.ratifies:
                found.setdefault(decision.ratifies, []).append(decision)
        return found

    @cached_property
    def pending(self) -> list[Decision]:
        """Decisions recorded but not final (drafts): shown apart, never counted."""
        return [d for d in self.decisions if not is_final(d, self.standing)]

    def finality(self, decision: Decision) -> Finality | None:
        """The decision's finality, or None when not judged."""
        return self.standing.get(decision.path) if self.standing is not None else None

    @cached_property
    def referral_by_id(self) -> dict[str, Referral]:
        """Referrals by id."""
        return {r.id: r for r in self.referrals}

    @cached_property
    def decisions_by_referral(self) -> dict[str, list[Decision]]:
        """Each referral's final decisions, oldest first."""
        found: dict[str, list[Decision]] = defaultdict(list)
        for decision in sorted(self.final, key=lambda d: (d.meeting, d.referral)):
            found[decision.referral].append(decision)
        return dict(found)

    @cached_property
    def reviews_of(self) -> dict[str, list[Referral]]:
        """Referrals that review each referral id."""
        found: dict[str, list[Referral]] = defaultdict(list)
        for referral in self.referrals:
            if referral.review_of:
                found[referral.review_of].append(referral)
        return dict(found)

    def outcome_name(self, outcome_id: str) -> str:
        """The readable name of an outcome."""
        outcome = self.config.outcome(outcome_id)
        return outcome.name if outcome else outcome_id

    def type_name(self, type_id: str) -> str:
        """The readable name of a referral type."""
        kind = self.config.referral_type(type_id)
        return kind.name if kind else type_id

    def type_label(self, type_id: str) -> str:
        """A referral type's name for a record's row: with '(formerly …)' when a revision renamed it since."""
        formerly = self.config.formerly("types", type_id)
        return f"{self.type_name(type_id)} ({formerly})" if formerly else self.type_name(type_id)

    def outcome_label(self, outcome_id: str) -> str:
        """An outcome's name for a decision's row: with '(formerly …)' when a revision renamed it since."""
        formerly = self.config.formerly("outcomes", outcome_id)
        return f"{self.outcome_name(outcome_id)} ({formerly})" if formerly else self.outcome_name(outcome_id)

    def unmet_need_name(self, category_id: str) -> str:
        """The readable name of an unmet-need category."""
        return next((c.name for c in self.config.unmet_need_categories if c.id == category_id), category_id)

    def legal_status_name(self, status_id: str) -> str:
        """The readable name of a legal status."""
        return next((s.name for s in self.config.legal_statuses if s.id == status_id), status_id)

    def budget_line_name(self, line_id: str) -> str:
        """The readable name of a budget line."""
        return next((b.name for b in self.config.budget_lines if b.id == line_id), line_id or "—")


def iso(day: dt.date | None) -> str:
    """YYYY-MM-DD, or empty."""
    return day.isoformat() if day else ""


def money(amount: float) -> float:
    """Pounds rounded to pence."""
    return round(amount, 2)
