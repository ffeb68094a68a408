"""`panel.yml` checked whole: parsed by config, then against the referral schema and the calendar built from it."""

import dataclasses

from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.config.loader import Built, area_suffix, build_config
from generator.domain.config.model import Area, Timeline
from generator.domain.config.revisions import Terms, composed, revised_from
from generator.domain.configcheck.conditions import condition_problems, field_kinds
from generator.domain.configcheck.consistency import inconsistencies
from generator.domain.configcheck.fields import unknown_required_fields
from generator.io.diagnostics import Diagnostic, ProblemsFound


def _problems(config: PanelConfig, terms: Terms, display: str) -> list[Diagnostic]:
    found = unknown_required_fields(config, terms.source, display)
    found += inconsistencies(config, terms.source, display, terms.start)
    found += condition_problems(config, terms.source, display)
    return revised_from(found, terms.start)


def parse_config(text: str, display: str = CONFIG_NAME) -> PanelConfig:
    """The validated configuration in `text` (the newest terms, with the timeline of every revision when it has
    `revisions`, and each area's terms when it has `areas`); raises ProblemsFound listing every problem, in the base
    terms, in each revision and in each area's terms."""
    built, problems = build_config(text, display)
    for config, terms, areas in built:
        found = _problems(config, terms, display)
        problems.extend(found)
        seen = {(d.line, d.column, d.code, d.message) for d in found}
        for area_id, area_config, area_terms in areas:
            suffix = area_suffix(next(a.name for a in config.areas if a.id == area_id))
            for d in _problems(area_config, area_terms, display):
                if (d.line, d.column, d.code, d.message) not in seen:
                    problems.extend([dataclasses.replace(d, message=d.message + suffix)])
    if problems.errors:
        raise ProblemsFound(problems)
    return _assembled(built)


def _assembled(built: list[Built]) -> PanelConfig:
    """The newest terms, each configuration knowing its timeline (with revisions) and its areas' terms."""
    revised = len(built) > 1
    starts = tuple(terms.start for _, terms, _ in built[1:] if terms.start is not None)
    notes = tuple(terms.note for _, terms, _ in built[1:])
    renames = tuple(terms.renamed for _, terms, _ in built[1:])
    whole = Timeline(starts, notes, renames) if revised else None
    configs: list[PanelConfig] = []
    by_area: dict[str, dict[int, PanelConfig]] = {}
    renamed: dict[str, dict[str, str]] = {}
    for index, (config, terms, areas) in enumerate(built):
        renamed = composed(renamed, terms.renamed)
        configs.append(_placed(config, whole, index, renamed, None))
        for area_id, area_config, _ in areas:
            area = next(a for a in config.areas if a.id == area_id)
            by_area.setdefault(area_id, {})[index] = _placed(area_config, None, index, renamed, area)
    lines = {area_id: Timeline(starts, notes, renames) for area_id in by_area} if revised else {}
    for index, config in enumerate(configs):
        # Each set of terms knows its own areas' terms (an area a revision drops has none from then on).
        terms_of = {area_id: own[index] for area_id, own in by_area.items() if index in own}
        for one in (config, *terms_of.values()):
            object.__setattr__(one, "area_terms", terms_of)
        for area_id, one in terms_of.items():
            if revised:
                object.__setattr__(one, "timeline", lines[area_id])
    if whole is not None:
        whole.terms = tuple(configs)
    for area_id, line in lines.items():
        line.terms = tuple(by_area[area_id].get(index, configs[index]) for index in range(len(configs)))
    return configs[-1]


def _placed(
    config: PanelConfig, timeline: Timeline | None, index: int, renamed: dict[str, dict[str, str]], area: Area | None
) -> PanelConfig:
    """`config` with its field kinds, its place in the timeline (with revisions) and the area it is for."""
    if timeline is None and not index and area is None:
        return dataclasses.replace(config, field_kinds=field_kinds(config))
    return dataclasses.replace(
        config, field_kinds=field_kinds(config), timeline=timeline, revision=index, renamed=renamed, area=area
    )


__all__ = ["parse_config"]
