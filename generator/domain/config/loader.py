"""Parsing `panel.yml` text: schema validation, cross-references, then typed objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from generator.domain.config.model import (
    RENAMEABLE,
    WEEKDAY_NAMES,
    Every,
    FieldKind,
    PanelConfig,
    Region,
    ThresholdAction,
    email_key,
    holiday_calendar,
    is_last_of_month,
    week_of_month,
)
from generator.domain.config.revisions import Terms, base_terms, overlay, revise, revised_from
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.shapes import Shape
from generator.io import schema_errors, textbounds, yamlsafe
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity
from generator.io.schema_validation import strict_validator

CONFIG_NAME = "panel.yml"

_VALIDATOR = strict_validator(PANEL_SCHEMA)
_SHAPE = Shape(PanelConfig, PANEL_SCHEMA)


def build_config(text: str, display: str = CONFIG_NAME) -> tuple[list[Built], Diagnostics]:
    """The typed configuration of the base terms and of each revision (oldest first), each with its areas' (panel.yml
    `areas`), and the warnings; raises ProblemsFound on any error.

    The checks that need the referral schema or the calendar follow in generator.domain.configcheck.
    """
    problems = Diagnostics()
    try:
        data, source, yaml_problems = yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        p = exc.problem
        problems.add(display, p.line, p.column, p.code, p.message, hint=p.hint)
        raise ProblemsFound(problems) from None
    for p in yaml_problems:
        problems.add(display, p.line, p.column, p.code, p.message, hint=p.hint)
    budget = textbounds.TextBudget()
    textbounds.value_problems(source, budget)
    for bound in budget.problems:
        problems.add(display, bound.line, bound.column, bound.code, bound.message, hint=bound.hint)
    if budget.problems:
        raise ProblemsFound(problems)
    if not isinstance(data, dict):
        problems.add(
            display,
            1,
            1,
            "config-not-mapping",
            f"{CONFIG_NAME} must be a set of sections",
            hint="write it as sections (panel:, calendar:, roles: …); to see a complete one, run "
            "panel init --from NAME in a new folder",
        )
        raise ProblemsFound(problems)
    problems.extend(schema_errors.to_diagnostics(_VALIDATOR.iter_errors(data), source, display))
    if problems:
        raise ProblemsFound(problems)
    terms = [base_terms(data, source)]
    problems.extend(_checked(terms[0], display, data))
    if problems.errors:
        raise ProblemsFound(problems)
    for index, revision in enumerate(data.get("revisions", [])):
        revised = revise(terms[-1], revision, index, source)
        found = _revision_order(revised, terms[-1], source, display)
        if not found:
            # The merged terms are checked whole: a problem the revision causes is reported at its line.
            found = schema_errors.to_diagnostics(_VALIDATOR.iter_errors(revised.data), revised.source, display)
            found = revised_from(found or _checked(revised, display, data), revised.start)
            found = found or _renames(revised, terms[-1], source, display)
        problems.extend(found)
        terms.append(revised)
    if problems.errors:
        raise ProblemsFound(problems)
    built = []
    for t in terms:
        areas, found = _area_terms(t, data, source, display)
        problems.extend(d for d in found if not _already(problems, d))
        built.append((_build(t.data, t.source), t, [(area_id, _build(a.data, a.source), a) for area_id, a in areas]))
    if problems.errors:
        raise ProblemsFound(problems)
    return built, problems


Built = tuple[PanelConfig, Terms, list[tuple[str, PanelConfig, Terms]]]
"""One set of terms: its configuration, its terms, and each area's (id, configuration, terms)."""


def _already(problems: Diagnostics, found: Diagnostic) -> bool:
    """True when `problems` holds the same problem at the same place (an area's terms repeat the panel's)."""
    return any(
        (d.line, d.column, d.code, d.message) == (found.line, found.column, found.code, found.message) for d in problems
    )


def area_suffix(name: str) -> str:
    """What a problem in an area's merged terms says after its message."""
    return f" (in the terms of the area '{name}')"


def _area_terms(
    terms: Terms, data: dict[str, Any], source: yamlsafe.SourceMap, display: str
) -> tuple[list[tuple[str, Terms]], list[Diagnostic]]:
    """Each area's terms: `terms` with its calendar, chair and venue merged in, checked whole (errors at its lines)."""
    revised = bool(terms.at) and "areas" in data["revisions"][terms.at[1]]
    found: list[Diagnostic] = []
    made: list[tuple[str, Terms]] = []
    for index, area in enumerate(terms.data.get("areas", [])):
        at: yamlsafe.Path = (*terms.at, "areas", index) if revised else ("areas", index)
        # The area is this instance of the panel: its name is the panel's name at its meetings.
        panel = {key: area[key] for key in ("name", "chair_roles", "venue") if key in area}
        changes: dict[str, Any] = {"calendar": area.get("calendar", {}), "panel": panel}
        # Each calendar setting the area gives replaces the panel's whole (its cadence is its own, not merged).
        whole = frozenset(("calendar", key) for key in area.get("calendar", {}))
        merged, mapped = overlay(terms, changes, at, source, whole)
        if "chair_roles" in panel:
            # The panel's chair_roles are replaced: point them at the area's own list.
            own = (*at, "chair_roles")
            mapped.values.update(
                {("panel", *p[len(at) :]): m for p, m in source.values.items() if p[: len(own)] == own}
            )
            mapped.keys.update({("panel", *p[len(at) :]): m for p, m in source.keys.items() if p[: len(own)] == own})
        area_terms = Terms(merged, mapped, terms.start, terms.note, terms.renamed, terms.at)
        problems = schema_errors.to_diagnostics(_VALIDATOR.iter_errors(merged), mapped, display)
        problems = problems or _cross_references(merged, mapped, display)
        suffix = area_suffix(area["name"])
        found.extend(dataclasses.replace(d, message=d.message + suffix) for d in revised_from(problems, terms.start))
        made.append((area["id"], area_terms))
    return made, found


def _checked(terms: Terms, display: str, whole: dict[str, Any]) -> list[Diagnostic]:
    """The cross-references and `assumed` entries of one set of terms (`whole`: the file, revisions included)."""
    assumed = _assumed_settings(terms.data, terms.source, display, whole)
    return _cross_references(terms.data, terms.source, display) + assumed


def _revision_order(revised: Terms, before: Terms, source: yamlsafe.SourceMap, display: str) -> list[Diagnostic]:
    """A revision takes effect after the one before it (revisions are listed oldest first)."""
    assert revised.start is not None
    if before.start is None or revised.start > before.start:
        return []
    mark = source.mark((*revised.at, "from"))
    return [
        Diagnostic(
            display,
            mark.line,
            mark.column,
            "config-inconsistent",
            f"revisions: this revision takes effect on {revised.start}, not after the one before it ({before.start})",
            Severity.ERROR,
            "list revisions oldest first, each from a later day",
        )
    ]


def _renames(revised: Terms, before: Terms, source: yamlsafe.SourceMap, display: str) -> list[Diagnostic]:
    """Each rename takes an id the terms before defined to one the revised terms define, in place of it."""
    found: list[Diagnostic] = []
    for kind, pairs in revised.renamed.items():
        catalogue = RENAMEABLE[kind]
        old_ids = [entry["id"] for entry in before.data.get(catalogue, [])]
        new_ids = [entry["id"] for entry in revised.data.get(catalogue, [])]
        for old, new in pairs.items():
            at = (*revised.at, "renamed", kind, old)
            problem = None
            if old not in old_ids:
                near = schema_errors.did_you_mean(old, old_ids)
                problem = (
                    "config-unknown-id",
                    f"renamed.{kind}: '{old}' is not one of the {catalogue.replace('_', ' ')} in force before "
                    f"{revised.start}",
                    near or f"rename one of: {', '.join(old_ids)}",
                    True,
                )
            elif new not in new_ids:
                near = schema_errors.did_you_mean(new, new_ids)
                problem = (
                    "config-unknown-id",
                    f"renamed.{kind}: '{old}' becomes '{new}', which is not one of the "
                    f"{catalogue.replace('_', ' ')} from {revised.start}",
                    near or f"give the revision's {catalogue} an entry with id {new}",
                    False,
                )
            elif old in new_ids:
                problem = (
                    "config-inconsistent",
                    f"renamed.{kind}: '{old}' is renamed '{new}' but the revised {catalogue} still define '{old}'",
                    f"remove '{old}' from the revision's {catalogue}, or remove the rename",
                    True,
                )
            if problem is not None:
                code, message, hint, key = problem
                mark = source.mark(at, key=key)
                found.append(Diagnostic(display, mark.line, mark.column, code, message, Severity.ERROR, hint))
    return found


def _case_field_choices(data: dict[str, Any], report: Callable[..., None]) -> None:
    """A choice field lists its choices; no other kind has any."""
    for index, entry in enumerate(data.get("case_fields", [])):
        if entry["kind"] == FieldKind.CHOICE and "choices" not in entry:
            report(
                ("case_fields", index, "kind"),
                "config-missing",
                f"case_fields: '{entry['id']}' is a choice but lists no choices",
                "add choices: [first-id, second-id], the ids it may take",
            )
        elif entry["kind"] != FieldKind.CHOICE and "choices" in entry:
            report(
                ("case_fields", index, "choices"),
                "config-inconsistent",
                f"case_fields: '{entry['id']}' is {entry['kind']}, so its choices would never be used",
                "set kind: choice, or remove choices",
            )


CLOSURE_MAX_DAYS = 366
"""The longest one closure may be: a bound on hostile input (a closure is a holiday, not a year off)."""


def _calendar_days(data: dict[str, Any], report: Callable[..., None]) -> None:
    """Whose bank holidays, the closures, and what a meeting on such a day does: each checked once."""
    code = data["panel"].get("holidays", Region.ENGLAND_AND_WALES.value)
    if code not in set(Region):  # the named regions are GB subdivisions the package knows (tests/config prove it)
        _holiday_country(code, report)
    calendar = data["calendar"]
    if "on_bank_holiday" in calendar and "skip_bank_holidays" in calendar:
        report(
            ("calendar", "skip_bank_holidays"),
            "config-inconsistent",
            "calendar gives both skip_bank_holidays and on_bank_holiday",
            f"keep on_bank_holiday ({calendar['on_bank_holiday']}) and remove skip_bank_holidays",
        )
    for index, closure in enumerate(calendar.get("closures", [])):
        first = dt.date.fromisoformat(closure["from"])
        last = dt.date.fromisoformat(closure.get("to", closure["from"]))
        if last < first:
            report(
                ("calendar", "closures", index, "to"),
                "config-inconsistent",
                f"closure '{closure['name']}' ends ({last}) before it begins ({first})",
                "give 'to' on or after 'from'",
            )
        elif (last - first).days >= CLOSURE_MAX_DAYS:
            report(
                ("calendar", "closures", index, "to"),
                "config-inconsistent",
                f"closure '{closure['name']}' is {(last - first).days + 1} days long; at most {CLOSURE_MAX_DAYS}",
                "give each closure its own entry (one a year)",
            )


def _holiday_country(code: str, report: Callable[..., None]) -> None:
    """A country code (GB-WLS, IM) must name a country, and subdivision, whose bank holidays the package knows."""
    import holidays as holidays_lib  # here, not at the top: it loads every country (~0.2 s); named regions skip it

    country, subdiv = holiday_calendar(code)
    supported = holidays_lib.list_supported_countries()
    if country not in supported:
        near = schema_errors.did_you_mean(country, list(supported))
        report(
            ("panel", "holidays"),
            "config-unknown-id",
            f"'{code}' names no country whose bank holidays are known",
            "use england-and-wales, scotland, northern-ireland or a country code such as GB-WLS, IM, JE or GG"
            + (f" ({near})" if near else ""),
        )
    elif subdiv is not None and subdiv not in supported[country]:
        report(
            ("panel", "holidays"),
            "config-unknown-id",
            f"'{subdiv}' is not a subdivision of {country} whose bank holidays are known",
            f"use one of: {', '.join(f'{country}-{s}' for s in supported[country]) or country}",
        )


def _cross_references(data: dict[str, Any], source: yamlsafe.SourceMap, display: str) -> list[Diagnostic]:
    """Every id used in one part of the file must be defined in another."""
    found: list[Diagnostic] = []

    def report(path: yamlsafe.Path, code: str, message: str, hint: str | None = None) -> None:
        mark = source.mark(path)
        found.append(Diagnostic(display, mark.line, mark.column, code, message, Severity.ERROR, hint))

    catalogues = (
        "roles",
        "teams",
        "budget_lines",
        "legal_statuses",
        "sections",
        "referral_types",
        "outcomes",
        "unmet_need_categories",
        "case_outcomes",
        "standing_reviews",
        "funders",
        "allowance_rates",
        "forums",
        "case_fields",
        "linked_panels",
    )
    ids: dict[str, list[str]] = {}
    for name in catalogues:
        ids[name] = []
        for index, entry in enumerate(data.get(name, [])):
            if entry["id"] in ids[name]:
                report(
                    (name, index, "id"),
                    "config-duplicate-id",
                    f"{name}: id '{entry['id']}' is defined twice",
                    "give each entry its own id, or remove the repeat",
                )
            ids[name].append(entry["id"])

    def must_exist(path: yamlsafe.Path, value: str, catalogue: str) -> None:
        if value not in ids[catalogue]:
            defined = (
                f"defined {catalogue}: {', '.join(ids[catalogue])}"
                if ids[catalogue]
                else f"define it under {catalogue}:"
            )
            hint = schema_errors.did_you_mean(value, ids[catalogue]) or defined
            report(path, "config-unknown-id", f"'{value}' is not one of the {catalogue.replace('_', ' ')}", hint)

    emails: set[str] = set()
    plus = data["panel"].get("email_plus_addressing", True)
    for index, person in enumerate(data["people"]):
        email = email_key(person["email"], plus)
        if email in emails:
            report(
                ("people", index, "email"),
                "config-duplicate-id",
                f"two people share the email {email} (addresses are compared ignoring case"
                + (" and +tags)" if plus else ")"),
                "give each person their own address" + (", or set panel.email_plus_addressing: false" if plus else ""),
            )
        emails.add(email)
        for r, role in enumerate(person["roles"]):
            must_exist(("people", index, "roles", r), role, "roles")
    for r, role in enumerate(data["panel"].get("chair_roles", [])):
        must_exist(("panel", "chair_roles", r), role, "roles")
    area_ids: list[str] = []
    for index, area in enumerate(data.get("areas", [])):
        if area["id"] in area_ids:
            report(
                ("areas", index, "id"),
                "config-duplicate-id",
                f"areas: id '{area['id']}' is defined twice",
                "give each area its own id (its meetings' folders are named by it), or remove the repeat",
            )
        area_ids.append(area["id"])
        for r, role in enumerate(area.get("chair_roles", [])):
            must_exist(("areas", index, "chair_roles", r), role, "roles")
    for r, role in enumerate(data.get("sign_off", {}).get("chain", [])):
        must_exist(("sign_off", "chain", r), role, "roles")
    staged: dict[str, str] = {}
    for index, stage in enumerate(data["calendar"].get("stages", [])):
        if stage["id"] in {s["id"] for s in data["calendar"]["stages"][:index]}:
            report(
                ("calendar", "stages", index, "id"),
                "config-duplicate-id",
                f"calendar.stages: id '{stage['id']}' is defined twice",
                "give each stage its own id",
            )
        for r, role in enumerate(stage["roles"]):
            must_exist(("calendar", "stages", index, "roles", r), role, "roles")
            if role in staged:
                report(
                    ("calendar", "stages", index, "roles", r),
                    "config-inconsistent",
                    f"calendar.stages: role '{role}' is in stage '{staged[role]}' and in stage '{stage['id']}'",
                    "each role's sign-off has one deadline: keep the role in one stage",
                )
            staged.setdefault(role, stage["id"])
    _due_after(data["calendar"].get("due_after", []), must_exist, report)
    for index, kind in enumerate(data["referral_types"]):
        for r, role in enumerate(kind.get("sign_off", [])):
            must_exist(("referral_types", index, "sign_off", r), role, "roles")
        for b, band in enumerate(kind.get("sign_off_bands", [])):
            for r, role in enumerate(band["chain"]):
                must_exist(("referral_types", index, "sign_off_bands", b, "chain", r), role, "roles")
        for s, section in enumerate(kind.get("required_sections", [])):
            must_exist(("referral_types", index, "required_sections", s), section, "sections")
    for index, standing in enumerate(data.get("standing_reviews", [])):
        for t, type_id in enumerate(standing.get("types", [])):
            must_exist(("standing_reviews", index, "types", t), type_id, "referral_types")
    for index, threshold in enumerate(data.get("thresholds", [])):
        for t, type_id in enumerate(threshold.get("types", [])):
            must_exist(("thresholds", index, "types", t), type_id, "referral_types")
        if threshold["action"] == ThresholdAction.ESCALATE and not threshold.get("escalate_to"):
            report(
                ("thresholds", index),
                "config-missing",
                "an escalate threshold needs escalate_to",
                "name who decides above the amount, e.g. 'Director of Children's Services'",
            )
    for name in ("routing", "form_rules"):
        for index, rule in enumerate(data.get(name, [])):
            if "type" in rule:
                must_exist((name, index, "type"), rule["type"], "referral_types")
            for t, type_id in enumerate(rule.get("types", [])):
                must_exist((name, index, "types", t), type_id, "referral_types")
            for s, section in enumerate(rule.get("sections", [])):
                must_exist((name, index, "sections", s), section, "sections")
    for name in ("case_fields", "due_rules"):
        for index, rule in enumerate(data.get(name, [])):
            for t, type_id in enumerate(rule.get("types", [])):
                must_exist((name, index, "types", t), type_id, "referral_types")
    for t, type_id in enumerate(data.get("one_open_referral", {}).get("types", [])):
        must_exist(("one_open_referral", "types", t), type_id, "referral_types")
    _case_field_choices(data, report)
    _money_references(data, must_exist, report)
    if "sign_off" not in data and any(not k.get("sign_off") for k in data["referral_types"]):
        report(
            ("referral_types",),
            "config-missing",
            "some referral types have no sign_off chain and there is no default 'sign_off' section",
            "add 'sign_off: {chain: [team-manager]}' or a sign_off list to each type; where no one signs "
            "referrals off, write 'sign_off: {chain: []}'",
        )

    calendar = data["calendar"]
    cadence = calendar.get("cadence", {"every": Every.PER_CASE.value})
    _per_case(cadence, report)
    _rota(calendar.get("rota", []), report)
    if cadence["every"] == Every.FORTNIGHT and "anchor" not in cadence:
        report(
            ("calendar", "cadence"),
            "config-missing",
            "a fortnightly panel needs an anchor date",
            "add 'anchor: YYYY-MM-DD', a date the panel met or will meet",
        )
    if cadence["every"] == Every.FORTNIGHT and "anchor" in cadence and "weekday" in cadence:
        anchor = dt.date.fromisoformat(cadence["anchor"])
        if anchor.weekday() != WEEKDAY_NAMES.index(cadence["weekday"]):
            report(
                ("calendar", "cadence", "anchor"),
                "config-inconsistent",
                f"anchor {anchor} is a {anchor.strftime('%A')}, not a {cadence['weekday']}",
                f"give a date on a {cadence['weekday']} the panel met or will meet",
            )
    if cadence["every"] == Every.MONTH and "weeks" not in cadence:
        report(
            ("calendar", "cadence"),
            "config-missing",
            "a monthly panel needs 'weeks'",
            "e.g. 'weeks: [2, 4]' for the 2nd and 4th weekday of the month",
        )
    if 0 in cadence.get("weeks", []):
        report(
            ("calendar", "cadence", "weeks"),
            "config-inconsistent",
            "week 0 does not exist",
            "use 1-5, or -1 for the last",
        )
    _calendar_days(data, report)
    if calendar["start"] >= calendar["end"]:
        report(
            ("calendar", "end"),
            "config-inconsistent",
            f"the meeting ends ({calendar['end']}) before it starts ({calendar['start']})",
            'check the times are 24-hour HH:MM, e.g. start: "14:00", end: "17:00"',
        )
    rules: list[tuple[yamlsafe.Path, str, dict[str, Any]]] = [
        (("calendar", name), name, calendar.get(name, {})) for name in ("deadline", "papers_out")
    ]
    for i, stage in enumerate(calendar.get("stages", [])):
        rules.append((("calendar", "stages", i), f"stage '{stage['id']}'", stage))
    for path, name, rule in rules:
        if rule.get("on_the_day") and rule["time"] >= calendar["start"]:
            report(
                (*path, "time"),
                "config-inconsistent",
                f"{name} is on the day at {rule['time']}, not before the meeting starts at {calendar['start']}",
                "set an earlier time, or use working_days_before: 1 for the day before",
            )
    return found


def _due_after(
    rules: list[dict[str, Any]],
    must_exist: Callable[[yamlsafe.Path, str, str], None],
    report: Callable[[yamlsafe.Path, str, str, str], None],
) -> None:
    """Each deadline counted forward has its own id, names roles and types that exist, and ends at another event."""
    for index, rule in enumerate(rules):
        path = ("calendar", "due_after", index)
        if rule["id"] in {r["id"] for r in rules[:index]}:
            report(
                (*path, "id"),
                "config-duplicate-id",
                f"calendar.due_after: id '{rule['id']}' is defined twice",
                "give each rule its own id",
            )
        for key in ("after", "by"):
            event = rule.get(key, "")
            if event.startswith("signoff:"):
                must_exist((*path, key), event.removeprefix("signoff:"), "roles")
        if rule["after"] == rule.get("by", "heard"):
            report(
                (*path, "by"),
                "config-inconsistent",
                f"calendar.due_after '{rule['id']}': it counts from {rule['after']} and is met by the same event",
                "name the event that meets it in 'by' (default heard: the meeting the referral asks for)",
            )
        for t, type_id in enumerate(rule.get("types", [])):
            must_exist((*path, "types", t), type_id, "referral_types")


def _per_case(cadence: dict[str, Any], report: Callable[[yamlsafe.Path, str, str, str], None]) -> None:
    """A regular cadence names its weekday; meetings booked per case have none."""
    if cadence["every"] != Every.PER_CASE and "weekday" not in cadence:
        report(
            ("calendar", "cadence"),
            "config-missing",
            f"a panel meeting every {cadence['every']} needs the weekday it meets on",
            "add e.g. 'weekday: tuesday'; where meetings are booked case by case, write {every: per-case}",
        )
    for key in ("weekday", "anchor", "weeks"):
        if cadence["every"] == Every.PER_CASE and key in cadence:
            report(
                ("calendar", "cadence", key),
                "config-inconsistent",
                f"calendar.cadence: meetings booked per case have no regular pattern, so '{key}' means nothing",
                f"remove '{key}', or give the regular cadence (every: week, fortnight or month) it belongs to; "
                "named regular meetings beside bookings go in calendar.rota",
            )


def _rota(rota: list[dict[str, Any]], report: Callable[[yamlsafe.Path, str, str, str], None]) -> None:
    """Rota entries have distinct names and never meet on the same day (a meeting is known by its date)."""
    seen: dict[str, int] = {}
    for index, entry in enumerate(rota):
        if entry["name"] in seen:
            report(
                ("calendar", "rota", index, "name"),
                "config-duplicate-id",
                f"calendar.rota: '{entry['name']}' is named twice",
                "give each rota entry its own name",
            )
        seen.setdefault(entry["name"], index)
        for other in rota[:index]:
            clash = _rota_clash(other, entry)
            if clash:
                report(
                    ("calendar", "rota", index),
                    "config-inconsistent",
                    f"calendar.rota: '{entry['name']}' and '{other['name']}' both meet on {clash}",
                    "a meeting is known by its date, so one a day: give them different days or weeks",
                )


def _rota_clash(one: dict[str, Any], two: dict[str, Any]) -> str:
    """A day two rota entries both meet on, in words ('' when they never do)."""
    dates = [dt.date.fromisoformat(d) for d in one.get("dates", [])]
    others = [dt.date.fromisoformat(d) for d in two.get("dates", [])]
    for day in dates:
        if day in others or _rota_weekly(two, day):
            return day.isoformat()
    for day in others:
        if _rota_weekly(one, day):
            return day.isoformat()
    if "weekday" in one and one.get("weekday") == two.get("weekday"):
        weeks_one, weeks_two = set(one.get("weeks", [])), set(two.get("weeks", []))
        # The last (-1) is the 4th or the 5th in some months.
        last = (-1 in weeks_one and weeks_two & {4, 5}) or (-1 in weeks_two and weeks_one & {4, 5})
        if not weeks_one or not weeks_two or weeks_one & weeks_two or last:
            return f"some {one['weekday'].title()}s"
    return ""


def _rota_weekly(entry: dict[str, Any], day: dt.date) -> bool:
    if "weekday" not in entry or day.weekday() != WEEKDAY_NAMES.index(entry["weekday"]):
        return False
    weeks = entry.get("weeks", [])
    return not weeks or week_of_month(day) in weeks or (is_last_of_month(day) and -1 in weeks)


def _money_references(
    data: dict[str, Any],
    must_exist: Callable[[yamlsafe.Path, str, str], None],
    report: Callable[[yamlsafe.Path, str, str, str], None],
) -> None:
    """Funders' agreeing roles, the finance role and high-cost types are defined; one funder is the council."""
    funders = data.get("funders")
    if funders is not None:
        for index, funder in enumerate(funders):
            if "agrees" in funder:
                must_exist(("funders", index, "agrees"), funder["agrees"], "roles")
        councils = [index for index, funder in enumerate(funders) if funder.get("council")]
        if len(councils) != 1:
            report(
                ("funders", councils[1] if len(councils) > 1 else 0),
                "config-inconsistent",
                f"funders: {len(councils)} funders are marked council: true; exactly one must be",
                "mark the panel's own agency (whose share counts against panel.budget) council: true, and only it",
            )
    for index, outcome in enumerate(data.get("outcomes", [])):
        if "refers_to" in outcome:
            must_exist(("outcomes", index, "refers_to", "panel"), outcome["refers_to"]["panel"], "linked_panels")
    for index, forum in enumerate(data.get("forums", [])):
        must_exist(("forums", index, "answered_by"), forum["answered_by"], "roles")
        for t, type_id in enumerate(forum.get("types", [])):
            must_exist(("forums", index, "types", t), type_id, "referral_types")
    if "finance_sign_off" in data:
        must_exist(("finance_sign_off", "signer_role"), data["finance_sign_off"]["signer_role"], "roles")
    for t, type_id in enumerate(data.get("high_cost", {}).get("types", [])):
        must_exist(("high_cost", "types", t), type_id, "referral_types")


def settings_at(data: Any, dotted: str) -> list[yamlsafe.Path]:
    """The settings a dotted path names: keys of mappings, list entries by id or position, * for all."""
    found: list[tuple[yamlsafe.Path, Any]] = [((), data)]
    for part in dotted.split("."):
        step: list[tuple[yamlsafe.Path, Any]] = []
        for path, value in found:
            if isinstance(value, dict):
                keys = list(value) if part == "*" else [part] if part in value else []
                step += [((*path, k), value[k]) for k in keys]
            elif isinstance(value, list):
                for index, entry in enumerate(value):
                    named = isinstance(entry, dict) and entry.get("id") == part
                    if part == "*" or named or part == str(index):
                        step.append(((*path, index), entry))
        found = step
    return [path for path, _ in found]


def _assumed_settings(
    data: dict[str, Any], source: yamlsafe.SourceMap, display: str, whole: dict[str, Any]
) -> list[Diagnostic]:
    """Every entry of `assumed` names a setting that is in the file.

    An entry under `revisions` (a revision its terms do not state) is looked up in the whole file: the terms
    themselves, base or revised, hold no revisions.
    """
    found: list[Diagnostic] = []
    for index, dotted in enumerate(data.get("assumed", [])):
        if not settings_at(whole if dotted.split(".")[0] == "revisions" else data, dotted):
            mark = source.mark(("assumed", index))
            found.append(
                Diagnostic(
                    display,
                    mark.line,
                    mark.column,
                    "config-unknown-setting",
                    f"assumed: '{dotted}' names no setting in {CONFIG_NAME}",
                    Severity.ERROR,
                    "write the path of a setting that is in this file, e.g. panel.venue, calendar.end or "
                    "referral_types.placement.review; remove it once the value is confirmed",
                )
            )
    return found


def _build(data: dict[str, Any], source: yamlsafe.SourceMap) -> PanelConfig:
    """The typed configuration; the two defaults that depend on other settings are filled in first."""
    if "sign_off" not in data:  # the first type's chain stands in (_cross_references requires one per type then)
        data = {**data, "sign_off": {"chain": data["referral_types"][0].get("sign_off", [])}}
    config = _SHAPE.build(data, source=source)
    if "chair_roles" not in data["panel"]:
        # The default names roles a panel may not define (no vice chair): keep only those it does.
        defined = {role.id for role in config.roles}
        chairs = tuple(role for role in config.panel.chair_roles if role in defined)
        config = dataclasses.replace(config, panel=dataclasses.replace(config.panel, chair_roles=chairs))
    return config
