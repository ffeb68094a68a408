"""Building blocks for the JSON Schemas of front matter: every field carries its description."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jsonschema import FormatChecker

from .calendar import parse_moment

MOMENT_FORMAT = "date-or-time"
FORMAT_CHECKER = FormatChecker()
"""The standard formats plus MOMENT_FORMAT; validators of front matter use this checker."""


@FORMAT_CHECKER.checks(MOMENT_FORMAT, raises=ValueError)
def _is_moment(value: object) -> bool:
    if isinstance(value, str):
        parse_moment(value)
    return True


def text(description: str) -> dict[str, Any]:
    """Non-empty text."""
    return {"type": "string", "minLength": 1, "description": description}


def texts(description: str) -> dict[str, Any]:
    """A list of non-empty texts."""
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}


def date(description: str) -> dict[str, Any]:
    """An ISO date, checked to be a real one."""
    return {"type": "string", "format": "date", "description": f"{description} (YYYY-MM-DD)."}


def date_or_time(description: str) -> dict[str, Any]:
    """An ISO date with an optional time of day (Europe/London), checked to be a real one."""
    return {
        "type": "string",
        "format": MOMENT_FORMAT,
        "description": f"{description} (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with the time of day).",
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


def required_when(field: str, requirements: Iterable[tuple[str, Sequence[str]]]) -> list[dict[str, Any]]:
    """Rules that make fields required when `field` has a given value (e.g. an outcome's `requires`)."""
    return [
        {
            "if": {"properties": {field: {"const": value}}, "required": [field]},
            "then": {"required": list(needed)},
        }
        for value, needed in requirements
        if needed
    ]


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
