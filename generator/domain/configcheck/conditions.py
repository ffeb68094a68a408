"""Conditions in `panel.yml` (conditions.py) name fields a referral has and compare them as their kind allows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.domain import schema_parts
from generator.domain.conditions import Condition, field_spec, kind_of, test_problem, tests_in
from generator.domain.config.model import PanelConfig
from generator.domain.referrals.schema import referral_schema
from generator.io import yamlsafe
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_errors import did_you_mean


def field_kinds(config: PanelConfig) -> dict[str, str]:
    """Every referral field's kind (money, number, date, boolean, choice, text, list, group), by dotted path."""
    properties = referral_schema(config)["properties"]
    kinds: dict[str, str] = {}
    for path in schema_parts.field_paths(properties):
        spec = field_spec(properties, path)
        if spec is not None:
            kinds[path] = kind_of(spec)
    return kinds


def conditions_in(config: PanelConfig) -> Iterator[tuple[Condition, yamlsafe.Path]]:
    """Every condition in the configuration, with where it stands in panel.yml."""
    for index, kind in enumerate(config.referral_types):
        for b, band in enumerate(kind.sign_off_bands):
            yield band.when, ("referral_types", index, "sign_off_bands", b, "when")
        if kind.eligible is not None:
            yield kind.eligible, ("referral_types", index, "eligible")
    for index, route in enumerate(config.routing):
        yield route.when, ("routing", index, "when")
    for index, area in enumerate(config.areas):
        if area.when is not None:
            yield area.when, ("areas", index, "when")
    for index, rule in enumerate(config.form_rules):
        if rule.when is not None:
            yield rule.when, ("form_rules", index, "when")
        if rule.unless is not None:
            yield rule.unless, ("form_rules", index, "unless")
    for index, due in enumerate(config.due_rules):
        if due.when is not None:
            yield due.when, ("due_rules", index, "when")
    for index, forum in enumerate(config.forums):
        if forum.when is not None:
            yield forum.when, ("forums", index, "when")


def condition_problems(config: PanelConfig, source: yamlsafe.SourceMap, display: str) -> list[Diagnostic]:
    """A located error for each test naming a field a referral does not have, or comparing it as it cannot be."""
    properties = referral_schema(config)["properties"]
    known = schema_parts.field_paths(properties)
    found: list[Diagnostic] = []
    for condition, where in conditions_in(config):
        for test, inside in tests_in(condition):
            problem = test_problem(test, properties, known)
            if problem is None:
                continue
            message, fix = problem
            path = (*where, *inside)
            mark = source.mark((*path, "field") if "does not exist" in message else (*path, test.op))
            found.append(Diagnostic(display, mark.line, mark.column, "config-condition", message, Severity.ERROR, fix))
    for index, rule in enumerate(config.form_rules):
        for f, wanted in enumerate(rule.fields):
            if wanted not in known:
                mark = source.mark(("form_rules", index, "fields", f))
                hint = did_you_mean(wanted, known) or "use a field of a referral's front matter, e.g. assessment"
                message = f"form_rules[{index}]: field '{wanted}' does not exist in a referral"
                found.append(
                    Diagnostic(display, mark.line, mark.column, "config-unknown-field", message, Severity.ERROR, hint)
                )
    found.extend(_due_problems(config, source, display, properties, known))
    found.extend(_open_problems(config, source, display, properties, known))
    return found


def _due_problems(
    config: PanelConfig, source: yamlsafe.SourceMap, display: str, properties: dict[str, Any], known: list[str]
) -> Iterator[Diagnostic]:
    """A due date counts from a date field a referral has (a pregnancy week from an expected delivery date)."""
    dates = [path for path in known if (spec := field_spec(properties, path)) and kind_of(spec) == "date"]
    for index, rule in enumerate(config.due_rules):
        wanted = rule.due.from_
        mark = source.mark(("due_rules", index, "due", "from"))
        spec = field_spec(properties, wanted)
        if spec is None:
            hint = did_you_mean(wanted, dates) or f"date fields: {', '.join(dates)}"
            message = f"due_rules[{index}] ({rule.name}): field '{wanted}' does not exist in a referral"
            yield Diagnostic(display, mark.line, mark.column, "config-unknown-field", message, Severity.ERROR, hint)
        elif kind_of(spec) != "date":
            hint = did_you_mean(wanted, dates) or f"date fields: {', '.join(dates)}"
            message = (
                f"due_rules[{index}] ({rule.name}): a due date is counted from a date, and {wanted} is "
                f"{kind_of(spec)}, not a date"
            )
            yield Diagnostic(display, mark.line, mark.column, "config-condition", message, Severity.ERROR, hint)


def _open_problems(
    config: PanelConfig, source: yamlsafe.SourceMap, display: str, properties: dict[str, Any], known: list[str]
) -> Iterator[Diagnostic]:
    """one_open_referral compares single values of fields a referral has."""
    rule = config.one_open_referral
    for index, wanted in enumerate(rule.per if rule is not None else ()):
        mark = source.mark(("one_open_referral", "per", index))
        spec = field_spec(properties, wanted)
        if spec is None:
            hint = did_you_mean(wanted, known) or "use children.case_id, or a case field naming a sibling group"
            message = f"one_open_referral: field '{wanted}' does not exist in a referral"
            yield Diagnostic(display, mark.line, mark.column, "config-unknown-field", message, Severity.ERROR, hint)
        elif kind_of(spec) in ("list", "group", "boolean"):
            message = f"one_open_referral: {wanted} is {kind_of(spec)}, not a value two referrals could share"
            hint = "name a field with one value, e.g. children.case_id or case.sibling_group"
            yield Diagnostic(display, mark.line, mark.column, "config-condition", message, Severity.ERROR, hint)
