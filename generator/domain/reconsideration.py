"""Requests to reconsider a decision: meetings/<date>/reconsiderations/<referral-id>.md, beside the decision.

The referrer (the worker, or their manager) asks for the decision of that meeting on that referral to be
looked at again, and says why. The request is heard at the next meeting (it goes on the next agenda, with the
decision it questions, like a review) or by the role `heard_by` names (e.g. the escalation route's Head of
Service). It stays open until a final decision on the referral is recorded at a meeting after the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision
from generator.domain.decisions.reader import read_valid
from generator.domain.meetingday import AREA_SUFFIX
from generator.domain.schema_parts import date, front_matter, referral_id_pattern, text
from generator.domain.shapes import Shape, given
from generator.io import schema_errors
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_validation import strict_validator
from generator.io.tree import RECONSIDERATIONS
from generator.io.yamlsafe import SourceMap

FOLDER = RECONSIDERATIONS
AT_MEETING = "meeting"
"""`heard_by` for a request heard at the next meeting."""


@dataclass
class Reconsideration:
    """A request to reconsider one decision."""

    referral: str
    decision: str
    """The decision file's path, e.g. meetings/2026-12-03/decisions/R-0001.md."""
    requested: dt.date
    by: str
    grounds: str
    heard_by: str
    path: str = field(metadata=given())
    source: SourceMap = field(default_factory=SourceMap, repr=False)

    @property
    def at_meeting(self) -> bool:
        """True when it is heard at the next meeting (not by a role)."""
        return self.heard_by == AT_MEETING

    def hearing(self, decisions: Sequence[Decision]) -> Decision | None:
        """The first final decision on the referral at a meeting after the request: where it was heard."""
        later = [d for d in decisions if d.referral == self.referral and d.meeting > self.requested]
        return min(later, key=lambda d: d.meeting) if later else None


def reconsideration_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of a reconsideration request's front matter."""
    prefix = config.panel.referral_id_prefix
    roles = [r.id for r in config.roles]
    return front_matter(
        "reconsideration",
        f"Request to reconsider a decision of {config.panel.name}",
        "meetings/<date>/reconsiderations/<referral-id>.md: the request, beside the decision it questions.",
        {
            "referral": {"type": "string", "pattern": referral_id_pattern(prefix), "description": "The referral."},
            "decision": {
                "type": "string",
                "pattern": rf"^meetings/[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(-{AREA_SUFFIX})?/decisions/"
                r"[A-Za-z0-9-]{1,40}\.md$",
                "description": "The decision to reconsider: its file, e.g. meetings/2026-12-03/decisions/R-0001.md.",
            },
            "requested": date("When reconsideration was asked for"),
            "by": text("Who asks: the worker or their manager, by name."),
            "grounds": text("Why the decision should be looked at again: what is new, or what was missed."),
            "heard_by": {
                "enum": [AT_MEETING, *roles],
                "description": "meeting: heard at the next meeting (it goes on the agenda); or the id of the role "
                "that hears it instead (e.g. the escalation route's head-of-service).",
            },
        },
        ["referral", "decision", "requested", "by", "grounds", "heard_by"],
    )


class ReconsiderationReader:
    """Reads reconsideration requests for one panel; the validator is built once."""

    def __init__(self, config: PanelConfig) -> None:
        schema = reconsideration_schema(config)
        self.validator = strict_validator(schema)
        self.shape = Shape(Reconsideration, schema)

    def _errors(self, display: str) -> Callable[[dict[str, Any], SourceMap], list[Diagnostic]]:
        return lambda data, source: schema_errors.to_diagnostics(self.validator.iter_errors(data), source, display)

    def read(self, path: Path, display: str, day: dt.date) -> tuple[Reconsideration | None, list[Diagnostic]]:
        """The request in `path` (in the folder of the meeting `day`), and every problem in it."""
        found, problems = read_valid(path, display, self._errors(display))
        if found is None:
            return None, problems
        data, source, _ = found
        request = self.shape.build(data, path=display, source=source)
        expected = f"meetings/{day.isoformat()}/decisions/{path.stem}.md"
        if request.decision != expected or request.referral != path.stem:
            problems.append(
                _at(
                    request,
                    ("decision",),
                    "reconsideration-decision",
                    f"a request in {display} must be about {expected} (referral {path.stem}), "
                    f"not {request.decision} ({request.referral})",
                    "keep the request beside the decision it questions: the same meeting folder and referral id",
                )
            )
        if request.requested < day:
            problems.append(
                _at(
                    request,
                    ("requested",),
                    "reconsideration-decision",
                    f"requested {request.requested}, before the decision was made ({day})",
                    "give the day reconsideration was asked for",
                )
            )
        return request, problems


def cross_check(requests: Iterable[Reconsideration], decisions: Mapping[str, Decision]) -> list[Diagnostic]:
    """A request must question a decision that exists."""
    found = []
    for request in requests:
        if request.decision not in decisions:
            found.append(
                _at(
                    request,
                    ("decision",),
                    "reconsideration-decision",
                    f"there is no decision {request.decision} to reconsider",
                    "name the decision file of the meeting that decided",
                )
            )
    return found


def _at(request: Reconsideration, path: tuple[str, ...], code: str, message: str, hint: str) -> Diagnostic:
    mark = request.source.mark(path)
    return Diagnostic(request.path, mark.line, mark.column, code, message, Severity.ERROR, hint)
