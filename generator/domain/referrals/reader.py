"""Reading one referral file: front matter, schema, content object, body and rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jsonschema import ValidationError

from generator.domain.config.model import PanelConfig
from generator.domain.referrals.body import body_diagnostics, parse_body
from generator.domain.referrals.model import Referral
from generator.domain.referrals.rules import RULES, RuleContext
from generator.domain.referrals.schema import referral_schema
from generator.domain.schema_parts import FORMAT_CHECKER
from generator.domain.shapes import Shape
from generator.io import schema_errors, sources
from generator.io.diagnostics import Diagnostic
from generator.io.schema_validation import certainly_valid, strict_validator


def _invalid_fields(errors: list[ValidationError]) -> set[str]:
    """Top-level fields that failed the schema (or are missing), so rules that read them are skipped."""
    invalid: set[str] = set()
    for error in errors:
        if error.absolute_path:
            invalid.add(str(error.absolute_path[0]))
        elif error.validator == "required" and isinstance(error.instance, dict):
            wanted: Any = error.validator_value
            invalid.update(str(m) for m in wanted if m not in error.instance)
    return invalid


def _stand_ins(config: PanelConfig, stem: str) -> dict[str, Any]:
    """Schema-valid stand-ins for required fields, so rules on other fields can still run.

    A rule only reads the fields it declares, and runs only when those are valid, so these
    values are never reported or returned.
    """
    return {
        "id": stem,
        "type": config.referral_types[0].id,
        "meeting": "2000-01-01",
        "worker": {"name": "-", "team": "-", "email": "-"},
        "children": [],
        "family_network_meeting": {"held": True},
        "safety_plan": {"in_place": True},
    }


def meeting_day(data: dict[str, Any]) -> dt.date | None:
    """The referral's `meeting:` date (None when missing or not a date): the day whose terms judge it."""
    value = data.get("meeting")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class _Terms:
    """One configuration's referral schema: its validator and record shape, built once."""

    def __init__(self, config: PanelConfig) -> None:
        self.config = config
        schema = referral_schema(config)
        self.validator = strict_validator(schema, FORMAT_CHECKER)
        self.certainly_valid = certainly_valid(schema, FORMAT_CHECKER)
        self.shape = Shape(Referral, schema)


class ReferralReader:
    """Reads referrals for one panel; each set of terms' schema validator is built once and reused.

    A referral is judged by the terms in force on its meeting date (panel.yml `revisions`); one whose
    meeting date cannot be read, by the newest terms.
    """

    def __init__(self, config: PanelConfig, today: dt.date) -> None:
        self.config = config
        self.today = today
        self._terms: dict[int, _Terms] = {config.revision: _Terms(config)}

    def terms_for(self, data: dict[str, Any]) -> _Terms:
        """The schema of the terms in force on the referral's meeting date."""
        day = meeting_day(data)
        config = self.config.at(day) if day is not None else self.config
        if config.revision not in self._terms:
            self._terms[config.revision] = _Terms(config)
        return self._terms[config.revision]

    def read(self, path: Path, display: str, raw: bytes | None = None) -> tuple[Referral | None, list[Diagnostic]]:
        """The referral in `path` (None if unusable) and every problem found in it; `raw`: its bytes, already read
        as `sources.read_markdown` reads them."""
        if raw is None:
            source_file, problems = sources.read_markdown(path, display, lazy=True)
        else:
            source_file, problems = sources.parse_markdown(raw, display, lazy=True)
        if source_file is None:
            return None, problems
        data, source = source_file.data, source_file.source
        terms = self.terms_for(data)
        config = terms.config
        errors = [] if terms.certainly_valid(data) else list(terms.validator.iter_errors(data))
        # A value the YAML reader refused (a tag, an alias) is already reported at its place.
        refused = {(p.line, p.column) for p in problems}
        problems.extend(
            d for d in schema_errors.to_diagnostics(errors, source, display) if (d.line, d.column) not in refused
        )
        invalid = _invalid_fields(errors) | {str(path[0]) for path in source.refused}
        type_id = data.get("type") if isinstance(data.get("type"), str) and "type" not in invalid else None
        body = parse_body(source_file.body, source_file.body_line, config.sections)
        problems.extend(body_diagnostics(config, type_id, body, display, source_file.body_line))
        usable = {key: value for key, value in data.items() if key not in invalid}
        built = {**_stand_ins(config, path.stem), **usable}
        referral = terms.shape.build(
            built, path=display, data=built, source=source, body=source_file.body, sections=body.sections
        )
        context = RuleContext(config, self.today, path.stem)
        for rule, needs in RULES:
            if not needs & invalid:
                problems.extend(rule(referral, context))
        return (referral if not invalid else None), problems
