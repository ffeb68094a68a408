"""`panel.yml` checked whole: parsed by config, then against the referral schema and the calendar built from it."""

import dataclasses

from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.config.loader import build_config
from generator.domain.configcheck.conditions import condition_problems, field_kinds
from generator.domain.configcheck.consistency import inconsistencies
from generator.domain.configcheck.fields import unknown_required_fields
from generator.io.diagnostics import ProblemsFound


def parse_config(text: str, display: str = CONFIG_NAME) -> PanelConfig:
    """The validated configuration in `text`; raises ProblemsFound listing every problem."""
    config, source, problems = build_config(text, display)
    problems.extend(unknown_required_fields(config, source, display))
    problems.extend(inconsistencies(config, source, display))
    problems.extend(condition_problems(config, source, display))
    if problems.errors:
        raise ProblemsFound(problems)
    return dataclasses.replace(config, field_kinds=field_kinds(config))


__all__ = ["parse_config"]
