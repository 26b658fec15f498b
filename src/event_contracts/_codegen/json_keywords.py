"""Small pure functions over JSON Schema keywords, shared by the planner and the bundler."""

from __future__ import annotations

import re
import sys
from typing import Any

from event_contracts._codegen.literals import json_literal, py_str
from event_contracts.errors import CodegenError

# Keywords that say nothing about which instances are valid.
ANNOTATIONS = frozenset(
    {
        "title", "description", "$comment", "default", "examples", "deprecated", "readOnly",
        "writeOnly", "$schema", "$id", "$anchor", "$defs", "definitions", "format",
        "contentEncoding", "contentMediaType", "contentSchema", "discriminator", "options",
        "$vocabulary", "nullable", "example",
    }
)  # fmt: skip


def description(schema: dict[str, Any]) -> str | None:
    text = schema.get("description")
    return str(text) if isinstance(text, str) and text.strip() else None


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def string_bounds(schema: dict[str, Any]) -> dict[str, Any]:
    pattern = schema.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise CodegenError(f"pattern {pattern!r} is not a regular expression: {exc}") from None
    return {
        "min_length": schema.get("minLength"),
        "max_length": schema.get("maxLength"),
        "pattern": schema.get("pattern"),
    }


def number_bounds(schema: dict[str, Any]) -> dict[str, Any]:
    bounds: dict[str, Any] = {
        "ge": schema.get("minimum"),
        "le": schema.get("maximum"),
    }
    for key, name, inclusive in (("exclusiveMinimum", "gt", "minimum"),
                                 ("exclusiveMaximum", "lt", "maximum")):  # fmt: skip
        value = schema.get(key)
        if value is True:  # draft 4: a flag on minimum/maximum
            bounds[name], bounds["ge" if name == "gt" else "le"] = schema.get(inclusive), None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            bounds[name] = value
    return bounds


LENGTH_CAP = 2**63 - 1
"""Length and item-count bounds are capped here (pydantic cannot build a larger one): no
string or list that long fits in memory, so the cap changes no verdict."""
_NUMBER_BOUNDS = ("ge", "gt", "le", "lt")


def constrained(base: str, bounds: dict[str, Any], extra: list[str] | None = None) -> str:
    args = []
    extra = list(extra or [])
    for key, value in bounds.items():
        if value is None or isinstance(value, bool):
            continue
        if key in _NUMBER_BOUNDS and isinstance(value, int) and abs(value) > sys.float_info.max:
            extra.append(f"_ecs.Bound({py_str(key)}, {value})")  # past what pydantic reports
            continue
        if key in ("min_length", "max_length") and isinstance(value, int):
            value = min(value, LENGTH_CAP)
        literal = py_str(value) if isinstance(value, str) else json_literal(value, where=key)
        args.append(f"{key}={literal}")
    metadata = ([f"_pd.Field({', '.join(args)})"] if args else []) + (extra or [])
    return f"_t.Annotated[{base}, {', '.join(metadata)}]" if metadata else base


def constraints(schema: dict[str, Any], *handled: str) -> list[str]:
    """Keywords of `schema` that constrain instances, other than `handled` ones."""
    return [k for k in schema if k not in ANNOTATIONS and k not in handled]


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def types_fit(schema: dict[str, Any], values: list[Any]) -> bool:
    """Whether every enum value also has one of the schema's `type`s (or there is none)."""
    kinds = schema.get("type")
    if kinds is None:
        return True
    listed = [str(k) for k in (kinds if isinstance(kinds, list) else [kinds])]
    allowed = {"number" if k == "integer" else k for k in listed}
    ints = "integer" in listed and "number" not in listed
    for v in values:
        if json_type(v) not in allowed:
            return False
        if ints and isinstance(v, float) and not v.is_integer():
            return False
    return True


def anchor(node: Any, name: str, *, draft07: bool) -> Any:
    """The subschema a `#name` fragment names (`$anchor`, or draft-07's `$id: "#name"`)."""
    if isinstance(node, dict):
        if node.get("$anchor") == name or (draft07 and node.get("$id") == f"#{name}"):
            return node
        children: Any = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = anchor(child, name, draft07=draft07)
        if found is not None:
            return found
    return None
