"""Reading meeting records and decision records under meetings/<date>/."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import ValidationError

from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord, Response
from generator.domain.decisions.outside import outside_path, parse_outside_path
from generator.domain.decisions.schema import (
    DECISION_REQUIRED,
    OUTSIDE_ONLY,
    decision_schema,
    meeting_schema,
    outside_schema,
    response_schema,
)
from generator.domain.schema_parts import parse_moment
from generator.domain.shapes import Shape
from generator.io import schema_errors, sources
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_validation import strict_validator
from generator.io.sources import HTML_COMMENT
from generator.io.yamlsafe import SourceMap

MEETING_FILE = "meeting.md"
_DATE_FOLDER = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass
class Records:
    """Every meeting record and decision read, and the problems found reading them."""

    meetings: list[MeetingRecord] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    """Decision makers' decisions on the panel's recommendations."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_valid(
    path: Path,
    display: str,
    errors: Callable[[dict[str, Any], SourceMap], Iterable[Diagnostic]],
    clean: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data,
) -> tuple[tuple[dict[str, Any], SourceMap, str] | None, list[Diagnostic]]:
    """A record file's front matter (after `clean`), source map and body without comments, when it reads and `errors`
    finds nothing; and every problem found."""
    source_file, problems = sources.read_markdown(path, display)
    if source_file is None:
        return None, problems
    data = clean(source_file.data)
    found = list(errors(data, source_file.source))
    problems.extend(found)
    if problems:
        return None, problems
    return (data, source_file.source, HTML_COMMENT.sub("", source_file.body).strip()), problems


class RecordReader:
    """Reads meeting and decision records for one panel; validators are built once.

    A meeting's records are judged by the terms in force on its date (panel.yml `revisions`): a reader for
    those terms is made once, the first time a meeting under them is read.
    """

    def __init__(self, config: PanelConfig) -> None:
        self.config = config
        self._dated: dict[int, RecordReader] = {config.revision: self}
        meetings, decisions = meeting_schema(config), decision_schema(config)
        self.meeting_validator = strict_validator(meetings)
        self.decision_validator = strict_validator(decisions)
        self.meeting_shape = Shape(MeetingRecord, meetings)
        self.decision_shape = Shape(Decision, decisions)
        responses = response_schema(config)
        self.response_validator = strict_validator(responses)
        self.response_shape = Shape(Response, responses)
        self.outside_validator = strict_validator(outside_schema(config))

    def on(self, day: dt.date) -> RecordReader:
        """The reader for the terms in force on `day`."""
        terms = self.config.at(day)
        if terms.revision not in self._dated:
            self._dated[terms.revision] = RecordReader(terms)
        return self._dated[terms.revision]

    def read_meeting(self, path: Path, display: str, day: dt.date) -> tuple[MeetingRecord | None, list[Diagnostic]]:
        """The meeting record in `path`, and every problem in it."""
        if (dated := self.on(day)) is not self:
            return dated.read_meeting(path, display, day)
        valid, problems = read_valid(
            path, display, lambda data, source: self._schema_errors(self.meeting_validator, data, source, display)
        )
        if valid is None:
            return None, problems
        data, source, minutes = valid
        meeting = self.meeting_shape.build(data, path=display, source=source, minutes=minutes)
        if meeting.date != day:
            problems.append(_at(display, source, ("meeting",), "meeting-date", _folder_message(meeting.date, day)))
        return meeting, problems

    def read_decision(self, path: Path, display: str, day: dt.date) -> tuple[Decision | None, list[Diagnostic]]:
        """The decision in `path`, and every problem in it."""
        if (dated := self.on(day)) is not self:
            return dated.read_decision(path, display, day)
        valid, problems = read_valid(
            path,
            display,
            lambda data, source: self._decision_errors(
                self.decision_validator.iter_errors(data), data, source, display
            ),
            self._without_empty_optional,
        )
        if valid is None:
            return None, problems
        data, source, notes = valid
        decision = self.decision_shape.build(data, path=display, data=data, source=source, notes=notes)
        problems.extend(_misplaced(decision.meeting, decision.referral, day, path, display, source))
        return decision, problems

    def read_response(self, path: Path, display: str, day: dt.date) -> tuple[Response | None, list[Diagnostic]]:
        """The decision maker's decision in `path`, and every problem in it."""
        if (dated := self.on(day)) is not self:
            return dated.read_response(path, display, day)
        valid, problems = read_valid(
            path,
            display,
            lambda data, source: self._schema_errors(self.response_validator, data, source, display),
            lambda data: {k: v for k, v in data.items() if v is not None or k in ("referral", "meeting", "decision")},
        )
        if valid is None:
            return None, problems
        data, source, notes = valid
        response = self.response_shape.build(data, path=display, source=source, notes=notes)
        problems.extend(_misplaced(response.meeting, response.referral, day, path, display, source))
        return response, problems

    def read_outside(self, path: Path, display: str) -> tuple[Decision | None, list[Diagnostic]]:
        """The decision made outside a meeting in `path` (meetings/outside/<date>-<id>.md), and every problem in it."""
        named = parse_outside_path(display)
        if named is not None and (dated := self.on(named[0])) is not self:
            return dated.read_outside(path, display)  # judged by the terms in force on the day its name gives
        valid, problems = read_valid(
            path,
            display,
            lambda data, source: self._decision_errors(self.outside_validator.iter_errors(data), data, source, display),
            lambda data: self._without_empty_optional(data, OUTSIDE_ONLY),
        )
        if valid is None:
            return None, problems
        data, source, notes = valid
        day, time = parse_moment(data["decided"])
        if time is None:
            problems.append(
                _at(
                    display,
                    source,
                    ("decided",),
                    "outside-route",
                    f"decided: {day} gives no time of day, and who may decide depends on it (office hours or not)",
                    f"write decided: {day}THH:MM",
                )
            )
            return None, problems
        as_panel = {k: v for k, v in data.items() if k not in OUTSIDE_ONLY}
        as_panel.update(meeting=day.isoformat(), chair=data["decided_by"])
        decision = self.decision_shape.build(
            as_panel,
            path=display,
            data=data,
            source=source,
            notes=notes,
            route=data["route"],
            decided_at=dt.datetime.combine(day, time, LONDON),
            escalated_because=str(data.get("escalated_because") or "").strip(),
        )
        expected = outside_path(day, decision.referral)
        if display != expected:
            problems.append(
                _at(
                    display,
                    source,
                    ("referral",),
                    "decision-filename",
                    f"a decision on {decision.referral} made on {day} is kept as {expected}, not {display}",
                    f"rename the file to {expected.rsplit('/', 1)[-1]}, or correct referral and decided",
                )
            )
        return decision, problems

    def _without_empty_optional(self, data: dict[str, Any], also: tuple[str, ...] = ()) -> dict[str, Any]:
        """The front matter without fields left empty that neither every decision nor its outcome needs.

        The template leaves e.g. `rationale:` empty; for an outcome that does not require it, that means "not given".
        """
        outcome = self.config.outcome(str(data.get("outcome")))
        needed = set(DECISION_REQUIRED) | set(outcome.requires if outcome else ()) | set(also)
        return {k: v for k, v in data.items() if v is not None or k in needed}

    @staticmethod
    def _schema_errors(validator: Any, data: dict[str, Any], source: SourceMap, display: str) -> list[Diagnostic]:
        return schema_errors.to_diagnostics(validator.iter_errors(data), source, display)

    def _decision_errors(
        self, errors: Iterable[ValidationError], data: dict[str, object], source: SourceMap, display: str
    ) -> Iterator[Diagnostic]:
        """Schema errors; a field the outcome requires is reported in the outcome's words."""
        plain: list[ValidationError] = []
        for error in errors:
            if error.validator == "required" and "allOf" in error.schema_path and isinstance(error.instance, dict):
                outcome = self.config.outcome(str(data.get("outcome")))
                schema = self.decision_validator.schema
                props: dict[str, Any] = schema["properties"] if isinstance(schema, dict) else {}
                names = error.validator_value if isinstance(error.validator_value, list) else []
                for name in names:
                    if name in error.instance or outcome is None:
                        continue
                    yield _at(
                        display,
                        source,
                        ("outcome",),
                        "outcome-requires",
                        f"outcome '{outcome.id}' ({outcome.name}) needs '{name}', which is missing",
                        f"add '{name}:' — {props.get(name, {}).get('description', '')}".rstrip(" —"),
                    )
            else:
                plain.append(error)
        yield from schema_errors.to_diagnostics(plain, source, display)


def _folder_message(found: dt.date, day: dt.date) -> str:
    return f"meeting {found} does not match its folder meetings/{day}/"


def _misplaced(
    meeting: dt.date, referral: str, day: dt.date, path: Path, display: str, source: SourceMap
) -> list[Diagnostic]:
    """A record whose meeting is not its folder's, or whose referral is not its file name."""
    problems = []
    if meeting != day:
        problems.append(_at(display, source, ("meeting",), "meeting-date", _folder_message(meeting, day)))
    if referral != path.stem:
        problems.append(
            _at(
                display,
                source,
                ("referral",),
                "decision-filename",
                f"referral {referral} does not match the file name {path.name}",
                f"rename the file to {referral}.md or correct the referral id",
            )
        )
    return problems


def _at(
    display: str,
    source: SourceMap,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    mark = source.mark(path)
    return Diagnostic(display, mark.line, mark.column, code, message, severity, hint)
