"""Reading one referral file: front matter, schema, content object, body and rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jsonschema import Draft202012Validator

from .. import schema_errors, sources
from ..config.model import PanelConfig
from ..diagnostics import Diagnostic, Severity
from .body import body_diagnostics, parse_body
from .model import Referral
from .rules import RULES, RuleContext
from .schema import referral_schema


class ReferralReader:
    """Reads referrals for one panel; the schema validator is built once and reused."""

    def __init__(self, config: PanelConfig, today: dt.date) -> None:
        self.config = config
        self.today = today
        self.validator = Draft202012Validator(
            referral_schema(config), format_checker=Draft202012Validator.FORMAT_CHECKER
        )

    def read(self, path: Path, display: str) -> tuple[Referral | None, list[Diagnostic]]:
        """The referral in `path` (None if unusable) and every problem found in it."""
        source_file, problems = sources.read_markdown(path, display)
        if source_file is None:
            return None, problems
        data, source = source_file.data, source_file.source
        schema_problems = schema_errors.to_diagnostics(self.validator.iter_errors(data), source, display)
        problems.extend(schema_problems)
        type_id = data.get("type") if isinstance(data.get("type"), str) else None
        body = parse_body(source_file.body, source_file.body_line, self.config.sections)
        problems.extend(body_diagnostics(self.config, type_id, body, display, source_file.body_line))
        if schema_problems or any(p.severity is Severity.ERROR for p in problems if p.code.startswith("yaml")):
            # The rules below need schema-valid front matter; body problems are already reported.
            return None, problems
        referral = Referral.from_data(data, display, source)
        referral.body = source_file.body
        referral.sections = body.sections
        context = RuleContext(self.config, self.today, path.stem)
        for rule in RULES:
            problems.extend(rule(referral, context))
        return referral, problems
