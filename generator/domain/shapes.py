"""Typed records built from schema-valid data: the JSON Schema declares the fields and defaults, a dataclass the types.

A record's shape is declared once, in its JSON Schema (its fields, descriptions, constraints and
`default`s). The dataclass beside it adds only what a schema cannot say: each field's Python type
(and its methods). `Shape(cls, schema)` checks, when it is made, that the two name the same fields,
and then builds `cls` from validated data: a value that is given is converted by the field's type
(dates, times, tuples, lists, enums, nested records), and one that is left out takes the schema's
`default`, else the type's empty value (None, "", (), False, 0.0, a record built from nothing).
Schema fields a record keeps only in its raw data are listed in its `UNMODELLED` class variable;
fields that are not data (a path, a source map) are marked `given()` or have a default of their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Convert = Callable[[Any], Any]
_MISSING: Any = object()


def at(path: str, convert: Convert | None = None) -> dict[str, Any]:
    """Field metadata: the field's value stands at this dotted `path` of the data, converted by `convert`."""
    return {"at": path, "convert": convert}


def converted(convert: Convert) -> dict[str, Any]:
    """Field metadata: the value under the field's own name, converted by `convert` instead of by its type."""
    return {"at": None, "convert": convert}


def given() -> dict[str, Any]:
    """Field metadata: not data (a path, a body, notes): build() is given it as a keyword argument."""
    return {"given": True}


def _not_data(f: dataclasses.Field[Any]) -> bool:
    """True for a field that is given to build() or has a default of its own: a source map, a body."""
    has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    return bool(f.metadata.get("given")) or has_default


class ShapeError(TypeError):
    """A dataclass and its schema disagree: a programming error, raised when the Shape is made."""


_Plan = tuple[str, str, tuple[str, ...], "Convert | None", Any, "Callable[[], Any] | None"]
"""One field: its name, first key, further keys, conversion, value when absent, or a factory making that value."""


def _identity(value: Any) -> Any:
    return value


def _spec_at(schema: Mapping[str, Any], keys: tuple[str, ...]) -> Mapping[str, Any] | None:
    """The schema of the value at `keys` inside an object `schema`, or None if it declares no such field."""
    spec: Mapping[str, Any] | None = schema
    for key in keys:
        properties = spec.get("properties", {}) if spec is not None else {}
        spec = properties.get(key)
    return spec


def _optional(hint: Any) -> Any | None:
    """X for `X | None` (X may itself be a union, e.g. a condition's `Test | Group`), else None."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) < len(typing.get_args(hint)):
            return inner[0] if len(inner) == 1 else typing.Union[tuple(inner)]  # noqa: UP007 (built at run time)
    return None


def _converter(hint: Any, spec: Mapping[str, Any], where: str) -> Convert | None:
    """How a schema-valid value becomes a value of type `hint` (None: used as it is)."""
    inner = _optional(hint)
    if inner is not None:
        convert = _converter(inner, spec, where)
        if dataclasses.is_dataclass(inner) and convert is not None:
            build = convert
            return lambda value: build(value) if value else None
        return convert
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (tuple, frozenset, list) and (origin is not tuple or (len(args) == 2 and args[1] is Ellipsis)):
        item = _converter(args[0], spec.get("items", {}), f"{where}[]")
        container: Convert = origin
        if item is None:
            return container
        return lambda values: container(map(item, values))
    if origin is dict:
        return dict
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return Shape(hint, spec).convert
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    conversions: dict[Any, Convert | None] = {
        dt.date: dt.date.fromisoformat,
        dt.datetime: dt.datetime.fromisoformat,
        dt.time: dt.time.fromisoformat,
        bool: None,  # the schema admits only true and false
        int: int,
        float: float,
        str: None,
        Any: None,
    }
    if hint in conversions:
        return conversions[hint]
    raise ShapeError(f"{where}: no conversion to {hint!r}; give one with shapes.converted()")


def _required(where: str) -> Callable[[], Any]:
    def missing() -> Any:
        raise ValueError(f"{where} is required: data must be valid against the schema before it is built")

    return missing


def _absent(
    hint: Any, spec: Mapping[str, Any], convert: Convert | None, where: str
) -> tuple[Any, Callable[[], Any] | None]:
    """A left-out field's value (or a factory making a fresh one): the schema's default, else the type's empty value."""
    if "default" in spec:
        return (convert or _identity)(spec["default"]), None
    if _optional(hint) is not None:
        return None, None
    origin = typing.get_origin(hint)
    empty: dict[Any, Any] = {tuple: (), frozenset: frozenset(), str: "", bool: False, float: 0.0}
    if origin in empty or hint in empty:
        return empty[origin or hint], None
    if origin in (dict, list):
        return None, origin  # a fresh one for each record
    if dataclasses.is_dataclass(hint) and convert is not None:
        build = convert
        return None, lambda: build({})
    raise ShapeError(f"{where} may be left out but has no default in the schema and no empty value")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The class's resolved field types: resolving the annotations' text anew each time a schema is made costs more
    than the rest of making the shape (a class's annotations never change)."""
    return typing.get_type_hints(cls)


class Shape(Generic[T]):
    """How to build a `cls` from data valid against the object schema `schema`."""

    def __init__(self, cls: type[T], schema: Mapping[str, Any]) -> None:
        self.cls = cls
        hints = _hints(typing.cast(type, cls))
        used: set[tuple[str, ...]] = set()
        plan: list[_Plan] = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            where = f"{cls.__name__}.{f.name}"
            path = f.metadata.get("at") or (f.name if f.name in schema.get("properties", {}) else None)
            if path is None and "convert" not in f.metadata and _not_data(f):
                continue  # given to build(), or left to the dataclass's own default
            keys = tuple((path or f.name).split("."))
            spec = _spec_at(schema, keys)
            if spec is None:
                raise ShapeError(f"{where}: the schema has no field {'.'.join(keys)}")
            convert = f.metadata.get("convert") or _converter(hints[f.name], spec, where)
            required = all(key in (_spec_at(schema, keys[:n]) or {}).get("required", ()) for n, key in enumerate(keys))
            value, factory = (None, _required(where)) if required else _absent(hints[f.name], spec, convert, where)
            plan.append((f.name, keys[0], keys[1:], convert, value, factory))
            used.add(keys)
        unmodelled = {tuple(name.split(".")) for name in getattr(cls, "UNMODELLED", ())}
        for keys in _schema_paths(schema, used):
            if keys not in unmodelled:
                raise ShapeError(f"{cls.__name__}: schema field {'.'.join(keys)} is not in the model (nor UNMODELLED)")
        self._build: Callable[..., T] = _compiled(cls, plan)

    def build(self, data: Mapping[str, Any], /, **given: Any) -> T:
        """The record for schema-valid `data`; `given` sets the fields that are not data (path, source …)."""
        return self._build(data, given)

    def convert(self, data: Mapping[str, Any]) -> T:
        """The record for schema-valid `data` that is all data (a nested record such as a child or the costs)."""
        return self._build(data)


def _compiled(cls: type[T], plan: list[_Plan]) -> Callable[..., T]:
    """The plan as one straight-line function, as fast as a hand-written builder (it runs for every file read)."""
    scope: dict[str, Any] = {"cls": cls, "MISSING": _MISSING, "NOTHING": {}}  # never changed: only unpacked
    lines = ["def build(data, given=NOTHING):"]
    arguments = []
    parents: dict[tuple[str, ...], str] = {}  # worker.name, worker.team …: `worker` is looked up once
    for n, (name, key, further, convert, absent, factory) in enumerate(plan):
        scope[f"convert{n}"], scope[f"absent{n}"], scope[f"factory{n}"] = convert, absent, factory
        keys, source = (key, *further), "data"
        for depth in range(1, len(keys)):
            if keys[:depth] not in parents:
                parents[keys[:depth]] = variable = f"p{len(parents)}"
                lines.append(f"    {variable} = {source}.get({keys[depth - 1]!r}, MISSING)")
                lines.append(f"    {variable} = {variable} if {variable}.__class__ is dict else NOTHING")
            source = parents[keys[:depth]]
        lines.append(f"    v{n} = {source}.get({keys[-1]!r}, MISSING)")
        present = f"v{n}" if convert is None else f"convert{n}(v{n})"
        missing = f"absent{n}" if factory is None else f"factory{n}()"
        lines.append(f"    v{n} = {missing} if v{n} is MISSING else {present}")
        arguments.append(f"{name}=v{n}")
    lines.append(f"    return cls({', '.join(arguments)}, **given)")
    exec("\n".join(lines), scope)  # names are dataclass fields, keys are repr()-quoted schema names
    built: Callable[..., T] = scope["build"]
    return built


def _schema_paths(schema: Mapping[str, Any], used: set[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Fields of `schema` no model field reads, looked for inside the objects whose fields the model flattens."""
    left: list[tuple[str, ...]] = []

    def walk(spec: Mapping[str, Any], prefix: tuple[str, ...]) -> None:
        for name, inner in spec.get("properties", {}).items():
            keys = (*prefix, name)
            if keys in used:
                continue
            if any(u[: len(keys)] == keys for u in used):
                walk(inner, keys)  # e.g. worker, read as worker.name, worker.team …
            else:
                left.append(keys)

    walk(schema, ())
    return left
