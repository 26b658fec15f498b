"""Where a validated instance can hold NaN or an infinity, which JSON cannot carry.

Compiled once per class from its pydantic core schema: a check that visits only the fields
whose type admits a non-finite float (an Avro `float`/`double`, an untyped `Any` value, the
extra properties of an open JSON object), or None when no field can (JSON Schema `number`
fields refuse non-finite values themselves, `allow_inf_nan=False`). JSON decoding runs the
check after pydantic's own parse; JSON encoding before writing. No scan of the text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

Check = Callable[[Any], bool]
"""True when the value holds a float that is NaN or infinite."""

_SCALARS = frozenset(
    {
        "int", "str", "bool", "none", "bytes", "date", "datetime", "time", "timedelta",
        "uuid", "decimal", "literal", "enum", "is-instance", "is-subclass", "url",
        "multi-host-url", "complex", "callable",
    }
)  # fmt: skip
_WRAPPERS = frozenset(
    {"default", "nullable", "function-after", "function-before", "function-wrap", "json-or-python"}
)


def holds_non_finite(value: Any) -> bool:
    """Whether any float inside `value` (models, mappings, sequences) is not finite."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return True
        elif isinstance(item, BaseModel):
            stack.extend(item.__dict__.values())
            if item.__pydantic_extra__:
                stack.extend(item.__pydantic_extra__.values())
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return False


def _float(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def compile_check(cls: type[BaseModel]) -> Check | None:
    """The check for instances of `cls`, or None when they cannot hold a non-finite float."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild()
    schema = cls.__pydantic_core_schema__
    if not isinstance(schema, dict):  # pragma: no cover - an unbuilt class: check everything
        return holds_non_finite
    return _Compiler().node(schema)


class _Compiler:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.done: dict[str, Check | None] = {}
        self.busy: set[str] = set()

    def node(self, schema: Any) -> Check | None:
        kind = schema.get("type")
        if kind in _SCALARS:
            return None
        if kind == "float":
            return None if schema.get("allow_inf_nan") is False else _float
        if kind == "definitions":
            for definition in schema.get("definitions", ()):
                self.defs[definition["ref"]] = definition
            return self.node(schema["schema"])
        if kind == "definition-ref":
            return self.ref(schema["schema_ref"])
        if kind == "model":
            ref = schema.get("ref")
            return self.ref(ref, schema) if ref else self.model(schema)
        if kind in _WRAPPERS and isinstance(schema.get("schema"), dict):
            return self.node(schema["schema"])
        if kind == "function-plain":
            return None  # our plain validators (formats) build dates and uuids
        if kind in ("list", "set", "frozenset", "generator"):
            item = self.node(schema.get("items_schema", {"type": "any"}))
            return None if item is None else _each(item)
        if kind == "tuple":
            items = schema.get("items_schema", [])
            if len(items) == 1 and schema.get("variadic_item_index") == 0:
                item = self.node(items[0])
                return None if item is None else _each(item)
        if kind == "dict":
            value = self.node(schema.get("values_schema", {"type": "any"}))
            return None if value is None else _values(value)
        if kind in ("union", "tagged-union"):
            choices = schema["choices"]
            branches = choices.values() if isinstance(choices, dict) else choices
            parts = [self.node(c[0] if isinstance(c, tuple) else c) for c in branches]
            return None if all(p is None for p in parts) else holds_non_finite
        if kind == "lax-or-strict":
            return self.node(schema["strict_schema"])
        return holds_non_finite  # `any` and anything not known here: look everywhere

    def ref(self, ref: str, schema: Any = None) -> Check | None:
        if ref in self.done:
            return self.done[ref]
        if ref in self.busy:  # recursive: the model's check runs through itself
            return lambda v: _late(self.done, ref, v)
        self.busy.add(ref)
        target = schema if schema is not None else self.defs.get(ref)
        found = holds_non_finite if target is None else self.model_or_node(target)
        self.done[ref] = found
        return found

    def model_or_node(self, schema: Any) -> Check | None:
        return self.model(schema) if schema.get("type") == "model" else self.node(schema)

    def model(self, schema: Any) -> Check | None:
        inner = schema.get("schema", {})
        while inner.get("type") in _WRAPPERS or inner.get("type") == "definitions":
            inner = inner["schema"]
        if inner.get("type") != "model-fields":
            return holds_non_finite
        checks = []
        for name, field in inner.get("fields", {}).items():
            found = self.node(field["schema"])
            if found is not None:
                checks.append((name, found))
        extra: Check | None = None
        if schema.get("config", {}).get("extra_fields_behavior") == "allow":
            extras = inner.get("extras_schema")
            extra = holds_non_finite if extras is None else self.node(extras)
        if not checks and extra is None:
            return None
        return _model(schema.get("cls"), tuple(checks), extra)


def _late(done: dict[str, Check | None], ref: str, value: Any) -> bool:
    found = done.get(ref)
    return found(value) if found is not None else False


def _each(item: Check) -> Check:
    return lambda v: isinstance(v, list | tuple | set | frozenset) and any(item(x) for x in v)


def _values(value: Check) -> Check:
    return lambda v: isinstance(v, Mapping) and any(value(x) for x in v.values())


def _model(cls: Any, checks: tuple[tuple[str, Check], ...], extra: Check | None) -> Check:
    """The check of one model class: its float fields inline (the common case: `x - x` is
    0.0 for a finite float, NaN otherwise), then the fields that hold more."""
    env: dict[str, Any] = {"_cls": cls, "_any": holds_non_finite, "_Model": BaseModel}
    lines = [
        "def check(v):",
        "    if v.__class__ is not _cls and not isinstance(v, _Model):",
        "        return _any(v)",
        "    d = v.__dict__",
    ]
    for i, (name, found) in enumerate(checks):
        if found is _float:
            lines.append(f"    x = d.get({name!r})")
            lines.append("    if x.__class__ is float and x - x != 0.0:")
        else:
            env[f"_c{i}"] = found
            lines.append(f"    if _c{i}(d.get({name!r})):")
        lines.append("        return True")
    if extra is not None:
        env["_extra"] = extra
        lines.append("    if v.__pydantic_extra__:")
        lines.append("        return any(_extra(x) for x in v.__pydantic_extra__.values())")
    lines.append("    return False")
    exec("\n".join(lines) + "\n", env)  # field names written with repr()
    check: Check = env["check"]
    return check
