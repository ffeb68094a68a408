"""JSON Schema errors turned into diagnostics that point at the line and say how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from generator.io.diagnostics import Diagnostic, Severity
from generator.io.yamlsafe import Path, SourceMap

if TYPE_CHECKING:  # only errors found by the full validator reach here: it imports jsonschema itself
    from jsonschema import ValidationError

_JSON_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a set of 'field: value' lines",
    "array": "a list ('- ' items)",
    "null": "nothing",
}


def field_name(path: Sequence[str | int]) -> str:
    """`children[0].date_of_birth` style name of a field."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "front matter"


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """A 'did you mean …?' hint for a near miss, or None."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None


def leaf_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The most specific errors: oneOf/anyOf failures are replaced by their best branch."""
    for error in errors:
        if error.validator in ("oneOf", "anyOf") and error.context:
            # A branch that failed only on 'required' says which alternatives exist; prefer
            # errors from deeper in the document, which point at the actual mistake.
            deepest = max(len(e.absolute_path) for e in error.context)
            if deepest > len(error.absolute_path):
                yield from leaf_errors(e for e in error.context if len(e.absolute_path) == deepest)
                continue
        yield error


def to_diagnostics(errors: Iterable[ValidationError], source: SourceMap, display: str) -> list[Diagnostic]:
    """One diagnostic per schema error, at the line of the offending value."""
    found: list[Diagnostic] = []
    leaves = list(leaf_errors(errors))
    # A value of the wrong type also fails its enum, pattern or range: say only the first thing.
    mistyped = {tuple(e.absolute_path) for e in leaves if e.validator == "type"}
    for error in leaves:
        path: Path = tuple(error.absolute_path)
        if path in mistyped and error.validator != "type":
            continue
        code, message, hint, at, at_key = _explain(error, path, source)
        mark = source.mark(at, key=at_key)
        found.append(Diagnostic(display, mark.line, mark.column, code, message, Severity.ERROR, hint))
    return found


def _found(value: Any, raw: str | None) -> str:
    if isinstance(value, bool) and raw is not None and raw.lower() not in ("true", "false"):
        return f"{raw} (YAML reads it as {str(value).lower()})"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _explain(error: ValidationError, path: Path, source: SourceMap) -> tuple[str, str, str | None, Path, bool]:
    """(code, message, hint, where to point, whether to point at the key)."""
    name = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    expected: Any = error.validator_value
    if kind == "type":
        wanted = expected
        kinds = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        words = " or ".join(_JSON_TYPE_WORDS.get(w, w) for w in kinds)
        raw = source.raw.get(path)
        hint = schema.get("description")
        if wanted == "string" and isinstance(value, bool):
            hint = f'put it in quotes if you mean the word: "{raw}"'
        elif wanted in ("number", "integer") and isinstance(value, str):
            hint = "write a plain number without £ or commas, e.g. 1250"
        if value is None:
            return "field-type", f"{name}: no value given; expected {words}", hint, path, False
        return "field-type", f"{name}: expected {words}, found {_found(value, raw)}", hint, path, False
    if kind == "required":
        missing = next((m for m in expected if isinstance(value, dict) and m not in value), "?")
        described = schema.get("properties", {}).get(missing, {}).get("description")
        where = f" in {name}" if path else ""
        return "field-missing", f"missing field '{missing}'{where}", described, path, bool(path)
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        extra = extras[0] if extras else "?"
        hint = did_you_mean(extra, allowed) or f"allowed here: {', '.join(allowed)}"
        unknown: Path = (*path, extra)
        return "field-unknown", f"unknown field '{field_name(unknown)}'", hint, unknown, True
    if kind in ("enum", "const"):
        options = [str(o) for o in (expected if kind == "enum" else [expected])]
        hint = (did_you_mean(str(value), options) if isinstance(value, str) else None) or (
            f"one of: {', '.join(options)}"
        )
        return "field-value", f"{name}: {_found(value, source.raw.get(path))} is not allowed here", hint, path, False
    if kind == "format" and error.validator_value == "date":
        return (
            "date-invalid",
            f"{name}: {value!r} is not a real date",
            "write a date that exists, as YYYY-MM-DD",
            path,
            False,
        )
    if kind == "pattern" and "x-years" in schema:
        first, last = schema["x-years"]
        return (
            "date-range",
            f"{name}: {_found(value, None)} is outside the years {first}–{last}",
            "check the year: a typing slip such as 0202 or 9999 would break every date calculation",
            path,
            False,
        )
    if kind == "x-pence":
        return (
            "money-pence",
            f"{name}: {value} is not an amount in pounds and pence",
            "give at most two decimal places, e.g. 1250.50",
            path,
            False,
        )
    if kind == "format" and error.validator_value == "date-or-time":
        return (
            "date-invalid",
            f"{name}: {value!r} is not a real date, or date and time",
            "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM (24-hour, UK time) when the time of day matters",
            path,
            False,
        )
    if kind == "pattern":
        return (
            "field-format",
            f"{name}: {_found(value, None)} is not in the expected form",
            schema.get("description") or f"expected to match {error.validator_value}",
            path,
            False,
        )
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[str(kind)]
        return (
            "field-range",
            f"{name}: {value} is out of range; expected {bound} {error.validator_value}",
            schema.get("description"),
            path,
            False,
        )
    if kind in ("minLength", "minItems"):
        return "field-empty", f"{name}: must not be empty", schema.get("description"), path, False
    if kind == "oneOf":
        return "field-choice", f"{name}: {error.message}", schema.get("description"), path, False
    return "field-invalid", f"{name}: {error.message}", schema.get("description"), path, False
