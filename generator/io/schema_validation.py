"""The one way schemas are validated: JSON Schema 2020-12 with ECMA-262 pattern anchoring."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators


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


def _pence(validator: Any, wanted: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """The x-pence keyword (schema_parts.money): an amount with at most two decimal places."""
    if wanted and isinstance(instance, float):  # whole numbers are whole pence, however large
        pence = instance * 100
        if abs(pence - round(pence)) > 1e-6 * max(1.0, abs(pence)):
            yield ValidationError(f"{instance!r} is not a whole number of pence")


StrictValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern, "x-pence": _pence}
)
"""Draft 2020-12 with ECMA `$` semantics in `pattern` (and so in `propertyNames`): no trailing newline passes;
and x-pence, which editors ignore. (x-years is an annotation: the year pattern beside it enforces it.)"""


def strict_validator(schema: dict[str, Any], format_checker: FormatChecker | None = None) -> Draft202012Validator:
    """The validator every front-matter and panel.yml schema is checked with (formats checked too)."""
    checker = format_checker or Draft202012Validator.FORMAT_CHECKER
    validator: Draft202012Validator = StrictValidator(schema, format_checker=checker)
    return validator
