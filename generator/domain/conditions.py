"""Conditions on a referral's front matter, written in panel.yml: declarative, validated at load, never eval'd.

A condition is a mapping. A test names one `field` (a dotted path into the front matter, e.g. costs.weekly
or children.legal_status, which holds when any child's does) and exactly one comparison:

- numbers and money: `above`, `at_least`, `below`, `at_most` (a number);
- dates, counted from the referral's meeting date: `older_than` (the date is at least that long before the
  meeting) or `within` (the date is no later than that long after the meeting, so a date already past is
  within too), each a period {days|weeks|months|years: N};
- any field: `equals` (a value of the field's kind, one of its ids for a field with a list of ids),
  `in` (a list of such values), `present` (true: the field is given; false: it is left out).

Tests combine with `all: [..]`, `any: [..]` and `not: {..}`, nested at most MAX_DEPTH deep. Which fields
exist and what kind each is comes from the panel's referral schema, so `panel check` names an unknown field
or a comparison that does not fit the field's kind at panel.yml's line (`condition_problems`).
`evaluate` says whether a condition holds for a referral and why, in words people read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.formatting import money, short_date
from generator.io.schema_errors import did_you_mean

MAX_DEPTH = 4
"""How deep all/any/not may nest: enough for any stated rule, and a bound on hostile input."""
NUMBER_TESTS = {"above": "above", "at_least": "at least", "below": "below", "at_most": "at most"}
DATE_TESTS = ("older_than", "within")
VALUE_TESTS = ("equals", "in", "present")
TESTS = (*NUMBER_TESTS, *DATE_TESTS, *VALUE_TESTS)
UNITS = ("days", "weeks", "months", "years")
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
PERIOD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "maxProperties": 1,
    "description": "A period: one of days, weeks, months or years, e.g. {months: 9}.",
    "properties": {
        unit: {"type": "integer", "minimum": 0, "maximum": 1200, "description": f"A number of {unit}."}
        for unit in UNITS
    },
}


def condition_schema(depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The JSON Schema of a condition, nested at most `depth` deep (spelt out, so no recursion to bound)."""
    test: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["field"],
        "minProperties": 2,
        "maxProperties": 2,
        "description": "A test of one referral field: the field and one comparison.",
        "properties": {
            "field": {
                "type": "string",
                "pattern": r"^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$",
                "description": "A front-matter field as a dotted path, e.g. costs.weekly, children.legal_status.",
            },
            **{
                name: {"type": "number", "description": f"The field's number is {words}."}
                for name, words in NUMBER_TESTS.items()
            },
            "older_than": {
                **PERIOD_SCHEMA,
                "description": "The field's date is at least this long before the meeting.",
            },
            "within": {
                **PERIOD_SCHEMA,
                "description": "The field's date is no later than this long after the meeting.",
            },
            "equals": {**_SCALAR, "description": "The field has this value."},
            "in": {"type": "array", "items": _SCALAR, "minItems": 1, "maxItems": 100, "description": "One of these."},
            "present": {"type": "boolean", "description": "true: the field is given; false: it is left out."},
        },
    }
    if depth <= 1:
        return test
    inner = condition_schema(depth - 1)
    group = {"type": "array", "items": inner, "minItems": 1, "maxItems": 20}
    return {
        "description": "A condition on the referral: a test of one field, or all/any/not of conditions.",
        "oneOf": [
            test,
            _combined("all", {**group, "description": "Every condition holds."}),
            _combined("any", {**group, "description": "At least one condition holds."}),
            _combined("not", {**inner, "description": "The condition does not hold."}),
        ],
    }


def _combined(key: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": [key], "properties": {key: spec}}


@dataclass(frozen=True)
class Period:
    """A length of time: N days, weeks, months or years."""

    count: int
    unit: str

    def back_from(self, day: dt.date) -> dt.date:
        """`day` less this period (a month back from 31 March is 28 or 29 February)."""
        return self._shift(day, -1)

    def on_from(self, day: dt.date) -> dt.date:
        """`day` plus this period."""
        return self._shift(day, 1)

    def _shift(self, day: dt.date, sign: int) -> dt.date:
        if self.unit in ("days", "weeks"):
            return day + dt.timedelta(days=sign * self.count * (7 if self.unit == "weeks" else 1))
        months = day.year * 12 + day.month - 1 + sign * self.count * (12 if self.unit == "years" else 1)
        year, month = divmod(months, 12)
        year = min(max(year, 1), 9999)
        return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))

    def describe(self) -> str:
        """'9 months', '1 week'."""
        return f"{self.count} {self.unit if self.count != 1 else self.unit[:-1]}"


def period_of(raw: Mapping[str, int] | None) -> Period | None:
    """The period in a schema-valid `{unit: count}` mapping (None when left out)."""
    if not raw:
        return None
    unit, count = next(iter(raw.items()))
    return Period(count, unit)


@dataclass(frozen=True)
class Test:
    """One field compared one way: `op` is one of TESTS; `value` a number, a Period, a scalar or a tuple."""

    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Group:
    """`all` or `any` of conditions, or `not` of one (then `parts` has one entry)."""

    op: str
    parts: tuple[Condition, ...]


Condition = Test | Group


def parse(raw: Mapping[str, Any]) -> Condition:
    """The condition in schema-valid `raw`."""
    if "all" in raw or "any" in raw:
        op = "all" if "all" in raw else "any"
        return Group(op, tuple(parse(part) for part in raw[op]))
    if "not" in raw:
        return Group("not", (parse(raw["not"]),))
    op = next(key for key in raw if key != "field")
    value = raw[op]
    if op in DATE_TESTS:
        unit, count = next(iter(value.items()))
        value = Period(count, unit)
    elif op == "in":
        value = tuple(value)
    return Test(raw["field"], op, value)


def parse_optional(raw: Mapping[str, Any] | None) -> Condition | None:
    """`parse`, for a condition that may be left out."""
    return parse(raw) if raw else None


def tests_in(condition: Condition, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Test, tuple[str | int, ...]]]:
    """Every test in `condition`, with its position inside the condition's mapping (for pointing at it)."""
    if isinstance(condition, Test):
        yield condition, path
        return
    for index, part in enumerate(condition.parts):
        yield from tests_in(part, (*path, "not") if condition.op == "not" else (*path, condition.op, index))


def field_spec(properties: Mapping[str, Any], field: str) -> Mapping[str, Any] | None:
    """The schema of a dotted front-matter `field` (through lists: the schema of each entry's field)."""
    spec: Mapping[str, Any] | None = None
    for key in field.split("."):
        if spec is not None:
            inner = spec.get("items", spec) if spec.get("type") == "array" else spec
            properties = inner.get("properties", {})
        spec = properties.get(key)
        if spec is None:
            return None
    return spec


def kind_of(spec: Mapping[str, Any]) -> str:
    """'money', 'number', 'date', 'boolean', 'choice', 'text', 'list' or 'group' for a field's schema."""
    if spec.get("x-pence"):
        return "money"
    kind = spec.get("type")
    if kind in ("number", "integer"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "array":
        return "list"
    if kind == "object":
        return "group"
    if spec.get("format") == "date":
        return "date"
    return "choice" if "enum" in spec else "text"


def test_problem(test: Test, properties: Mapping[str, Any], known: list[str]) -> tuple[str, str] | None:
    """What is wrong with `test` against the referral schema's `properties` (message, fix), or None."""
    spec = field_spec(properties, test.field)
    if spec is None:
        same_leaf = [k for k in known if k.rpartition(".")[2] == test.field.rpartition(".")[2]]
        fix = (
            f'did you mean "{same_leaf[0]}"?' if same_leaf else did_you_mean(test.field, known)
        ) or "use a field of a referral's front matter, e.g. costs.weekly or children.legal_status"
        return f"field '{test.field}' does not exist in a referral", fix
    kind = kind_of(spec)
    if test.op in NUMBER_TESTS and kind not in ("money", "number"):
        return f"'{test.op}' compares numbers, and {test.field} is {_a(kind)}", _fits(kind)
    if test.op in DATE_TESTS and kind != "date":
        return f"'{test.op}' compares dates, and {test.field} is {_a(kind)}", _fits(kind)
    if test.op in ("equals", "in"):
        if kind in ("list", "group"):
            return f"'{test.op}' compares one value, and {test.field} is {_a(kind)}", "use present: true or false"
        for value in test.value if test.op == "in" else (test.value,):
            wrong = _wrong_value(value, kind, spec)
            if wrong:
                return f"{test.field} is {_a(kind)}, so {value!r} can never match: {wrong}", _fits(kind)
    return None


def _a(kind: str) -> str:
    return {
        "money": "an amount of money",
        "number": "a number",
        "date": "a date",
        "boolean": "true or false",
        "choice": "one of a list of ids",
        "text": "text",
        "list": "a list",
        "group": "a group of fields",
    }[kind]


def _fits(kind: str) -> str:
    """Which comparisons suit a field of this kind."""
    if kind in ("money", "number"):
        return "compare it with above, at_least, below, at_most, equals or in"
    if kind == "date":
        return "compare it with older_than or within (a period from the meeting), or present"
    if kind in ("list", "group"):
        return "test it with present: true or false, or test one of its fields"
    return "compare it with equals, in or present"


def _wrong_value(value: Any, kind: str, spec: Mapping[str, Any]) -> str:
    """Why `value` cannot be a value of a field of this kind ('' when it can)."""
    if kind in ("money", "number"):
        return "" if isinstance(value, int | float) and not isinstance(value, bool) else "give a number"
    if kind == "boolean":
        return "" if isinstance(value, bool) else "give true or false"
    if not isinstance(value, str):
        return "give text"
    if kind == "choice" and value not in spec["enum"]:
        return "it is not one of: " + ", ".join(str(v) for v in spec["enum"])
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "give a date as YYYY-MM-DD"
    return ""


def values_at(data: Any, field: str) -> list[Any]:
    """The values at the dotted `field` of front matter `data`, through lists (every child's, every line's)."""
    found = [data]
    for key in field.split("."):
        step: list[Any] = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and key in item and item[key] is not None:
                    step.append(item[key])
        found = step
    return [v for value in found for v in (value if isinstance(value, list) else [value])]


@dataclass(frozen=True)
class Verdict:
    """Whether a condition holds, and why (or why not), in words."""

    holds: bool
    because: str


def evaluate(condition: Condition, data: Mapping[str, Any], meeting: dt.date, kinds: Mapping[str, str]) -> Verdict:
    """Whether `condition` holds for front matter `data` heard on `meeting`; `kinds` maps fields to `kind_of`."""
    if isinstance(condition, Test):
        return _test(condition, data, meeting, kinds.get(condition.field, "text"))
    verdicts = [evaluate(part, data, meeting, kinds) for part in condition.parts]
    if condition.op == "not":
        return Verdict(not verdicts[0].holds, verdicts[0].because)
    want = condition.op == "any"
    decisive = [v for v in verdicts if v.holds is want]
    if decisive:
        return Verdict(want, decisive[0].because)
    return Verdict(not want, " and ".join(v.because for v in verdicts))


def _shown(value: Any, kind: str) -> str:
    if kind == "money" and isinstance(value, int | float):
        return money(float(value))
    if kind == "date" and isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _test(test: Test, data: Mapping[str, Any], meeting: dt.date, kind: str) -> Verdict:
    values = values_at(data, test.field)
    if test.op == "present":
        given = bool(values)
        return Verdict(given is test.value, f"{test.field} is {'given' if given else 'not given'}")
    if not values:
        return Verdict(False, f"{test.field} is not given")
    results = [(value, _holds(test, value, meeting, kind)) for value in values]
    value, holds = next(((v, h) for v, h in results if h), results[0])
    shown = f"{test.field} is {_shown(_as_date(value) if kind == 'date' else value, kind)}"
    if test.op in ("equals", "in"):
        return Verdict(holds, shown if holds else f"{shown}, not {_words(test, meeting, kind)}")
    return Verdict(holds, f"{shown}: {'' if holds else 'not '}{_words(test, meeting, kind)}")


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def _holds(test: Test, value: Any, meeting: dt.date, kind: str) -> bool:
    op, wanted = test.op, test.value
    if op in NUMBER_TESTS:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        return bool(
            {
                "above": value > wanted,
                "at_least": value >= wanted,
                "below": value < wanted,
                "at_most": value <= wanted,
            }[op]
        )
    if op in DATE_TESTS:
        day = _as_date(value)
        if not isinstance(day, dt.date):
            return False
        period: Period = wanted
        return day <= (period.back_from(meeting) if op == "older_than" else period.on_from(meeting))
    options = wanted if op == "in" else (wanted,)
    return any((value == option and type(value) is type(option)) or _same_number(value, option) for option in options)


def _same_number(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return (
        isinstance(a, numbers)
        and isinstance(b, numbers)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


def _words(test: Test, meeting: dt.date, kind: str) -> str:
    if test.op in NUMBER_TESTS:
        return f"{NUMBER_TESTS[test.op]} {_shown(test.value, kind)}"
    if test.op == "older_than":
        return f"more than {test.value.describe()} before the meeting on {short_date(meeting)}"
    if test.op == "within":
        return f"within {test.value.describe()} of the meeting on {short_date(meeting)}"
    if test.op == "equals":
        return f"{_shown(test.value, kind)}"
    return "one of " + ", ".join(_shown(v, kind) for v in test.value)
