"""Multi-agency forums (panel.yml `forums`): cases the panel may not decide alone go to one and return on its answer.

A referral goes to a forum when its type is one the forum hears and the forum's `when` holds (e.g. a partner's
share, or an amount beyond the panel's remit). The panel then records a decision with `forum: <id>`: the case is
referred, nothing is approved. The forum's answer is recorded beside that decision, in
meetings/<date>/forum/<referral-id>.md, and counts only when the person it names (a holder of the forum's
`answered_by` role) approves it on main. The case then returns to the panel's next agenda with the answer, and
only then may the panel decide it (`panel check`: forum-route).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.domain.conditions import evaluate
from generator.domain.config.model import ForumConfig, PanelConfig
from generator.domain.decisions.model import Decision
from generator.domain.decisions.reader import read_valid
from generator.domain.referrals import Referral
from generator.domain.schema_parts import date, front_matter, referral_id_pattern, text
from generator.domain.shapes import Shape, given
from generator.io import schema_errors
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_validation import strict_validator
from generator.io.tree import DECISIONS, MEETINGS
from generator.io.yamlsafe import SourceMap

URL_PATTERN = r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/?=&#-]*)?$"


@dataclass
class ForumAnswer:
    """A forum's answer on a case the panel referred to it: meetings/<date>/forum/<referral-id>.md."""

    referral: str
    forum: str
    answered: dt.date
    answered_by: str
    """Who records the answer for the forum: a person in panel.yml holding the forum's `answered_by` role."""
    answer: str
    link: str
    """The forum's own record of its answer (https), if it has one."""
    path: str = field(metadata=given())
    meeting: dt.date = field(metadata=given())
    """The meeting whose decision referred the case (the folder the answer is in)."""
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def decision(self) -> str:
        """The path of the decision that referred the case to the forum."""
        return f"{MEETINGS}/{self.meeting.isoformat()}/{DECISIONS}/{self.referral}.md"


@dataclass(frozen=True)
class Routed:
    """The forum a referral must go to, and why (in words)."""

    forum: ForumConfig
    because: str


def route(config: PanelConfig, referral: Referral) -> Routed | None:
    """The first forum (in panel.yml order) that hears this referral, or None: the panel may decide it alone."""
    for forum in config.forums:
        if not forum.covers(referral.type):
            continue
        if forum.when is None:
            return Routed(forum, f"its type is {referral.type}")
        verdict = evaluate(forum.when, referral.data, referral.meeting, config.field_kinds)
        if verdict.holds:
            return Routed(forum, verdict.because)
    return None


def answer_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of a forum's answer."""
    return front_matter(
        "forum-answer",
        f"A forum's answer on a case {config.panel.name} referred to it",
        "meetings/<date>/forum/<referral-id>.md: beside the decision that referred the case to the forum.",
        {
            "referral": {
                "type": "string",
                "pattern": referral_id_pattern(config.panel.referral_id_prefix),
                "description": "The referral.",
            },
            "forum": {
                "enum": [f.id for f in config.forums] or ["(none configured)"],
                "description": "The forum that answered (panel.yml forums).",
            },
            "answered": date("When the forum gave its answer"),
            "answered_by": text("Who records the answer: a holder of the forum's answered_by role, by name."),
            "answer": text("What the forum decided, e.g. 'Agreed: health funds 40% of the placement'."),
            "link": {
                "type": "string",
                "pattern": URL_PATTERN,
                "maxLength": 300,
                "description": "The forum's own record of its answer (https), if it has one.",
            },
        },
        ["referral", "forum", "answered", "answered_by", "answer"],
    )


class ForumAnswerReader:
    """Reads forums' answers for one panel; the validator is built once."""

    def __init__(self, config: PanelConfig) -> None:
        schema = answer_schema(config)
        self.config = config
        self.validator = strict_validator(schema)
        self.shape = Shape(ForumAnswer, schema)

    def _errors(self, display: str) -> Callable[[dict[str, Any], SourceMap], list[Diagnostic]]:
        return lambda data, source: schema_errors.to_diagnostics(self.validator.iter_errors(data), source, display)

    def read(self, path: Path, display: str, day: dt.date) -> tuple[ForumAnswer | None, list[Diagnostic]]:
        """The answer in `path` (in the folder of the meeting `day`), and every problem in it."""
        found, problems = read_valid(path, display, self._errors(display))
        if found is None:
            return None, problems
        data, source, _ = found
        answer = self.shape.build(data, path=display, meeting=day, source=source)
        if answer.referral != path.stem:
            problems.append(
                _at(
                    answer,
                    ("referral",),
                    "forum-answer",
                    f"the answer in {display} must be about {path.stem}, not {answer.referral}",
                    "name the file after the referral: meetings/<date>/forum/<referral-id>.md",
                )
            )
        if answer.answered < day:
            problems.append(
                _at(
                    answer,
                    ("answered",),
                    "forum-answer",
                    f"answered {answer.answered}, before the panel referred the case ({day})",
                    "give the day the forum answered",
                )
            )
        forum = self.config.forum(answer.forum)
        person = self.config.person_by_name(answer.answered_by)
        if forum is not None and (person is None or forum.answered_by not in person.roles):
            role = self.config.role_name(forum.answered_by)
            holders = ", ".join(p.name for p in self.config.people_with_role(forum.answered_by)) or "nobody yet"
            problems.append(
                _at(
                    answer,
                    ("answered_by",),
                    "forum-answer",
                    f"{answer.answered_by} does not hold the role {role}, which records {forum.name}'s answers",
                    f"name a holder of {forum.answered_by} (panel.yml people: {holders})",
                )
            )
        return answer, problems


def cross_check(
    config: PanelConfig,
    referrals: Sequence[Referral],
    decisions: Sequence[Decision],
    answers: Sequence[ForumAnswer],
) -> list[Diagnostic]:
    """Forum answers answer a referring decision; a referral a forum hears gets no panel decision before its answer."""
    found: list[Diagnostic] = []
    by_path = {d.path: d for d in decisions}
    for answer in answers:
        referring = by_path.get(answer.decision)
        if referring is None or referring.forum != answer.forum:
            forum = config.forum(answer.forum)
            name = forum.name if forum else answer.forum
            found.append(
                _at(
                    answer,
                    ("forum",),
                    "forum-answer",
                    f"no decision {answer.decision} referred {answer.referral} to {name} (forum: {answer.forum})",
                    "keep the answer beside the decision that referred the case (the same meeting folder), and give "
                    "that decision forum: " + answer.forum,
                )
            )
    by_id = {r.id: r for r in referrals}
    for decision in decisions:
        if decision.forum:
            if decision.approved is not None:
                found.append(
                    _decision_at(
                        decision,
                        ("approved",),
                        "forum-decides",
                        f"this decision refers {decision.referral} to a forum (forum: {decision.forum}), so it "
                        "approves nothing: the forum answers first",
                        "remove approved:; record what is approved in the panel's decision when the case returns",
                    )
                )
            continue
        referral = by_id.get(decision.referral)
        routed = route(config, referral) if referral is not None else None
        if routed is None or decision.deferral_date is not None:
            continue
        if returned_before(answers, decision.referral, routed.forum.id, decision.meeting) is None:
            forum = routed.forum
            found.append(
                _decision_at(
                    decision,
                    ("outcome",),
                    "forum-route",
                    f"{decision.referral} goes to {forum.name} ({routed.because}): the panel may not decide it "
                    f"alone, and no answer of {forum.name} is recorded before this meeting",
                    f"refer it: give this decision forum: {forum.id} (and no approved:); record the forum's answer "
                    f"in meetings/{decision.meeting.isoformat()}/forum/{decision.referral}.md, approved by a "
                    f"{config.role_name(forum.answered_by)}; the case then returns to the next agenda",
                )
            )
    return found


def returned_before(
    answers: Iterable[ForumAnswer], referral: str, forum: str | None, meeting: dt.date
) -> ForumAnswer | None:
    """The latest answer (of `forum`, or any) on `referral` to a referral made at a meeting before `meeting`."""
    found = [
        a for a in answers if a.referral == referral and (forum is None or a.forum == forum) and a.meeting < meeting
    ]
    return max(found, key=lambda a: (a.meeting, a.answered)) if found else None


def awaiting_return(
    answers: Iterable[ForumAnswer], decisions: Iterable[Decision], standing: Mapping[str, bool], meeting: dt.date
) -> list[ForumAnswer]:
    """Answers that stand, given before `meeting`, on cases the panel has not heard since they were referred."""
    listed = list(decisions)
    found = []
    for answer in answers:
        if not standing.get(answer.path, False) or answer.answered >= meeting:
            continue
        heard = any(d.referral == answer.referral and answer.meeting < d.meeting < meeting for d in listed)
        if not heard:
            found.append(answer)
    return sorted(found, key=lambda a: (a.answered, a.referral))


def _at(answer: ForumAnswer, path: tuple[str, ...], code: str, message: str, hint: str) -> Diagnostic:
    mark = answer.source.mark(path)
    return Diagnostic(answer.path, mark.line, mark.column, code, message, Severity.ERROR, hint)


def _decision_at(decision: Decision, path: tuple[str, ...], code: str, message: str, hint: str) -> Diagnostic:
    mark = decision.source.mark(path)
    return Diagnostic(decision.path, mark.line, mark.column, code, message, Severity.ERROR, hint)
