"""Building blocks for the JSON Schemas of front matter: every field carries its description."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators


def text(description: str) -> dict[str, Any]:
    """Non-empty text."""
    return {"type": "string", "minLength": 1, "description": description}


def texts(description: str) -> dict[str, Any]:
    """A list of non-empty texts."""
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}


def date(description: str) -> dict[str, Any]:
    """An ISO date, checked to be a real one."""
    return {"type": "string", "format": "date", "description": f"{description} (YYYY-MM-DD)."}


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


def _ecma_pattern(pattern: str) -> str:
    """`pattern` with ECMA-262 end anchoring: a final unescaped `$` matches only at the very end.

    JSON Schema patterns are ECMA regular expressions, where `$` never matches before a trailing
    newline; Python's `re.search` lets `^[a-z]+$` accept "abc\\n". Editors read the exported
    schemas with ECMA semantics, so the schemas keep `$` and validation translates it.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not re.search(_ecma_pattern(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


StrictValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]
"""Draft 2020-12 with ECMA `$` semantics in `pattern` (and so in `propertyNames`): no trailing newline passes."""


def strict_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """The validator every front-matter and panel.yml schema is checked with (formats checked too)."""
    validator: Draft202012Validator = StrictValidator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator
