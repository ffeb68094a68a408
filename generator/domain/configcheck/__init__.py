"""`panel.yml` checked whole: parsed by config, then against the referral schema and the calendar built from it."""

import dataclasses

from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.config.loader import build_config
from generator.domain.config.model import Timeline
from generator.domain.config.revisions import composed, revised_from
from generator.domain.configcheck.conditions import condition_problems, field_kinds
from generator.domain.configcheck.consistency import inconsistencies
from generator.domain.configcheck.fields import unknown_required_fields
from generator.io.diagnostics import ProblemsFound


def parse_config(text: str, display: str = CONFIG_NAME) -> PanelConfig:
    """The validated configuration in `text` (the newest terms, with the timeline of every revision when it has
    `revisions`); raises ProblemsFound listing every problem, in the base terms and in each revision."""
    built, problems = build_config(text, display)
    for config, terms in built:
        found = unknown_required_fields(config, terms.source, display)
        found += inconsistencies(config, terms.source, display, terms.start)
        found += condition_problems(config, terms.source, display)
        problems.extend(revised_from(found, terms.start))
    if problems.errors:
        raise ProblemsFound(problems)
    if len(built) == 1:
        config = built[0][0]
        return dataclasses.replace(config, field_kinds=field_kinds(config))
    timeline = Timeline(
        tuple(terms.start for _, terms in built[1:] if terms.start is not None),
        tuple(terms.note for _, terms in built[1:]),
        tuple(terms.renamed for _, terms in built[1:]),
    )
    configs = []
    renamed: dict[str, dict[str, str]] = {}
    for index, (config, terms) in enumerate(built):
        renamed = composed(renamed, terms.renamed)
        configs.append(
            dataclasses.replace(
                config, field_kinds=field_kinds(config), timeline=timeline, revision=index, renamed=renamed
            )
        )
    timeline.terms = tuple(configs)
    return configs[-1]


__all__ = ["parse_config"]
