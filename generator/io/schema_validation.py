"""The one way schemas are validated: JSON Schema 2020-12 with ECMA-262 pattern anchoring."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
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


def _fast_schema(schema: Any, formats: set[str]) -> Any:
    """`schema` for fastjsonschema: x-pence as a (stricter) multipleOf 0.01, draft and ids dropped, formats noted."""
    if isinstance(schema, list):
        return [_fast_schema(item, formats) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: _fast_schema(value, formats) for key, value in schema.items() if key not in ("$schema", "$id")}
    if copy.get("x-pence") is True:
        copy["multipleOf"] = 0.01
    if isinstance(copy.get("format"), str):
        formats.add(copy["format"])
    return copy


def _compile(fast: Any, formats: frozenset[str], checker: FormatChecker) -> Callable[[Any], Any]:
    custom = {name: (lambda value, name=name: checker.conforms(value, name)) for name in formats}
    validate: Callable[[Any], Any] = fastjsonschema.compile(fast, formats=custom, use_default=False)
    return validate


@functools.lru_cache(maxsize=16)
def _compiled(key: str, formats: frozenset[str], checker: FormatChecker) -> Callable[[Any], Any]:
    """The compiled check of a schema (as JSON text) already seen: compiling costs a command ~0.2 s each time
    (every `panel serve` rebuild, every command a test runs in one process); a validator holds no state."""
    return _compile(json.loads(key), formats, checker)


def certainly_valid(schema: dict[str, Any], format_checker: FormatChecker | None = None) -> Callable[[Any], bool]:
    """A compiled check that answers True only for data `strict_validator` finds no error in.

    Most files are valid, and a compiled validator proves it many times faster; False means only
    "ask the full validator", which alone words the errors. Its schema is never looser than the full one:
    fastjsonschema anchors every `$` at the very end, formats are the same checker's, and x-pence becomes
    multipleOf 0.01 (exact decimals), so any doubt, or anything it cannot compute, falls back.
    """
    checker = format_checker or Draft202012Validator.FORMAT_CHECKER
    formats: set[str] = set()
    fast = _fast_schema(schema, formats)
    try:
        key = json.dumps(fast, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):  # not plain JSON: compiled afresh
        validate = _compile(fast, frozenset(formats), checker)
    else:
        validate = _compiled(key, frozenset(formats), checker)

    def check(data: Any) -> bool:
        try:
            validate(data)
        except Exception:
            return False
        return True

    return check
