"""Building blocks for the JSON Schemas of front matter: every field carries its description."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from jsonschema import FormatChecker

from generator.domain.meetingday import AREA_SUFFIX, meeting_day

MONEY_MAX = 10_000_000
"""The largest amount of money (pounds) any record may hold: far above any panel's request."""
BIRTH_YEARS = (1900, 2099)
"""Years a date of birth may fall in."""
EVENT_YEARS = (2000, 2099)
"""Years any other date (meetings, decisions, costs, reviews, actions, the calendar) may fall in."""
WEEKS_MAX = 260
"""The longest period in weeks any record may name (five years)."""

MOMENT_FORMAT = "date-or-time"
MOMENT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9])?$"
_MOMENT = re.compile(MOMENT_PATTERN)
FORMAT_CHECKER = FormatChecker()
"""The standard formats plus MOMENT_FORMAT; validators of front matter use this checker."""


@FORMAT_CHECKER.checks(MOMENT_FORMAT, raises=ValueError)
def _is_moment(value: object) -> bool:
    if isinstance(value, str):
        parse_moment(value)
    return True


def referral_id_pattern(prefix: str) -> str:
    """A referral id: the prefix and a number (R-0142, from `panel new`), or, started in the browser, the prefix
    in lower case, the day and six random letters or digits (r-20261124-k3f9x2: the browser editor writes file
    names in lower case, and the random part means two drafts never share an id)."""
    return rf"^({prefix}-[0-9]{{4,6}}|{prefix.lower()}-20[0-9]{{6}}-[a-z0-9]{{6}})$"


def text(description: str) -> dict[str, Any]:
    """Non-empty text."""
    return {"type": "string", "minLength": 1, "description": description}


def texts(description: str) -> dict[str, Any]:
    """A list of non-empty texts."""
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}


def date(description: str, years: tuple[int, int] = EVENT_YEARS) -> dict[str, Any]:
    """An ISO date, checked to be a real one within `years` (inclusive)."""
    first, last = years
    return {
        "type": "string",
        "format": "date",
        "pattern": _year_pattern(first, last),
        "x-years": [first, last],
        "description": f"{description} (YYYY-MM-DD, in {first}–{last}).",
    }


def meeting_id(description: str, years: tuple[int, int] = EVENT_YEARS) -> dict[str, Any]:
    """A meeting's id: its ISO date, followed in a panel with areas by the area's id (2026-12-03-east)."""
    first, last = years
    return {
        "type": "string",
        "pattern": _year_pattern(first, last) + rf"[0-9]{{2}}-[0-9]{{2}}(-{AREA_SUFFIX})?$",
        "x-years": [first, last],
        "description": f"{description} (YYYY-MM-DD, in {first}–{last}; with areas YYYY-MM-DD-AREA).",
    }


def parse_meeting_id(value: str) -> dt.date:
    """The meeting day of a schema-valid meeting id (a MeetingDay when it names an area); ValueError if none."""
    day = meeting_day(value)
    if day is None:
        raise ValueError(f"{value!r} is not a meeting")
    return day


def birth_date(description: str) -> dict[str, Any]:
    """A date of birth: a real date within BIRTH_YEARS."""
    return date(description, BIRTH_YEARS)


def _year_pattern(first: int, last: int) -> str:
    """A regular expression for 'YYYY-' with YYYY in first..last, a run of whole centuries."""
    assert first % 100 == 0 and last % 100 == 99, "year windows are whole centuries"
    centuries = "|".join(str(c) for c in range(first // 100, last // 100 + 1))
    return f"^({centuries})[0-9]{{2}}-"


def money(description: str, maximum: int = MONEY_MAX) -> dict[str, Any]:
    """An amount in pounds: from 0 to `maximum`, to the penny."""
    return {
        "type": "number",
        "minimum": 0,
        "maximum": maximum,
        "x-pence": True,
        "description": f"{description} In pounds, to the penny (at most {maximum:,}).",
    }


def weeks(description: str, maximum: int = WEEKS_MAX) -> dict[str, Any]:
    """A whole number of weeks, 1 to `maximum`."""
    return {"type": "integer", "minimum": 1, "maximum": maximum, "description": description}


def date_or_time(description: str) -> dict[str, Any]:
    """An ISO date with an optional time of day (Europe/London), checked to be a real one."""
    first, last = EVENT_YEARS
    return {
        "type": "string",
        "format": MOMENT_FORMAT,
        "pattern": _year_pattern(first, last),
        "x-years": [first, last],
        "description": f"{description} (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with the time of day; in {first}–{last}).",
    }


def choice(ids: list[str], description: str) -> dict[str, Any]:
    """One of the ids panel.yml defines (any text when it defines none)."""
    return {"type": "string", "enum": ids, "description": description} if ids else text(description)


def strict_object(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """A mapping with exactly these fields: an unknown one is an error (and a 'did you mean')."""
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def required_when(
    field: str, requirements: Iterable[tuple[str, Sequence[str]]], properties: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Rules that make fields required when `field` has a given value (e.g. an outcome's `requires`).

    A needed field may be a dotted path into `properties` ("costs.funding"); through a list
    ("children.date_of_birth") it is required of every entry.
    """
    return [
        {
            "if": {"properties": {field: {"const": value}}, "required": [field]},
            "then": {"allOf": [_requiring(path.split("."), properties or {}) for path in needed]},
        }
        for value, needed in requirements
        if needed
    ]


def _requiring(path: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """A schema requiring the dotted `path` inside an object with `properties`."""
    head, rest = path[0], path[1:]
    rule: dict[str, Any] = {"required": [head]}
    if rest:
        inner = properties.get(head, {})
        if inner.get("type") == "array":
            item = inner.get("items", {})
            rule["properties"] = {head: {"items": _requiring(rest, item.get("properties", {}))}}
        else:
            rule["properties"] = {head: _requiring(rest, inner.get("properties", {}))}
    return rule


def field_paths(properties: dict[str, Any], prefix: str = "") -> list[str]:
    """Every field of a schema as a dotted path ("costs", "costs.funding", "children.date_of_birth")."""
    found: list[str] = []
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        found.append(path)
        inner = spec.get("items", spec) if spec.get("type") == "array" else spec
        found += field_paths(inner.get("properties", {}), f"{path}.")
    return found


def front_matter(
    name: str,
    title: str,
    description: str,
    properties: dict[str, Any],
    required: list[str],
    conditional: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one kind of front matter; unknown fields are errors."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://panel-papers.invalid/schemas/{name}.json",
        "title": title,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }
    if conditional:
        schema["allOf"] = conditional
    return schema


def funding_shares(description: str, sources: list[str], *, min_items: int = 0) -> dict[str, Any]:
    """Agencies' percentage shares of a cost (referral request or decision); `sources`: panel.yml funders."""
    schema: dict[str, Any] = {"type": "array"}
    if min_items:
        schema["minItems"] = min_items
    schema["description"] = description
    schema["items"] = strict_object(
        "One agency's share.",
        {
            "source": {"type": "string", "enum": sources, "description": "Who pays: a funder id from panel.yml."},
            "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "description": "Percentage."},
        },
        ["source", "share"],
    )
    return schema


def parse_moment(text: str) -> tuple[dt.date, dt.time | None]:
    """A date with an optional time of day, 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'; ValueError otherwise."""
    if not _MOMENT.match(text):
        raise ValueError(f"not YYYY-MM-DD or YYYY-MM-DDTHH:MM: {text!r}")
    day = dt.date.fromisoformat(text[:10])
    return day, dt.time.fromisoformat(text[11:]) if len(text) > 10 else None


def funding_pairs(shares: list[dict[str, Any]]) -> tuple[tuple[str, float], ...]:
    """(agency, percentage) for each share of a schema-valid `funding_shares` list."""
    return tuple((share["source"], float(share["share"])) for share in shares)


def loose_funding(value: Any) -> tuple[tuple[str, float], ...]:
    """The (funder, share) pairs of a costs or approved mapping's `funding`, read as loosely as a summary is
    (values may be YAML read as text); a share that is not a number from 0 to 100 is left out."""
    shares = value.get("funding") if isinstance(value, dict) else None
    found: list[tuple[str, float]] = []
    for share in shares if isinstance(shares, list) else []:
        if not isinstance(share, dict) or not isinstance(share.get("source"), str):
            continue
        amount = share.get("share")
        if isinstance(amount, bool) or not isinstance(amount, int | float | str):
            continue
        try:
            number = float(amount)
        except ValueError:
            continue
        if 0 < number <= 100:
            found.append((share["source"], number))
    return tuple(found)
