"""Hypothesis strategies for data valid under the bundled schemas (the subset they use)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from hypothesis import strategies as st

_TEXT = st.text(max_size=12)
_AWARE = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


def avro_datum(schema: Any, named: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    named = {} if named is None else named
    if isinstance(schema, str):
        primitives: dict[str, st.SearchStrategy[Any]] = {
            "null": st.none(),
            "boolean": st.booleans(),
            "int": st.integers(-(2**31), 2**31 - 1),
            "long": st.integers(-(2**63), 2**63 - 1),
            "float": st.floats(width=32, allow_nan=False, allow_infinity=False),
            "double": st.floats(allow_nan=False, allow_infinity=False),
            "bytes": st.binary(max_size=8),
            "string": _TEXT,
        }
        if schema in primitives:
            return primitives[schema]
        return avro_datum(named[schema.rsplit(".", 1)[-1]], named)
    if isinstance(schema, list):
        return st.one_of([avro_datum(s, named) for s in schema])
    logical = schema.get("logicalType")
    if logical == "uuid":
        return st.uuids().map(str)
    if logical == "timestamp-millis":
        return _AWARE
    if logical == "decimal":
        p, s = schema["precision"], schema.get("scale", 0)
        return st.integers(-(10**p) + 1, 10**p - 1).map(lambda n: decimal.Decimal(n).scaleb(-s))
    kind = schema["type"]
    if kind == "record":
        named[schema["name"]] = schema
        return st.fixed_dictionaries(
            {f["name"]: avro_datum(f["type"], named) for f in schema["fields"]}
        )
    if kind == "enum":
        named[schema["name"]] = schema
        return st.sampled_from(schema["symbols"])
    if kind == "array":
        return st.lists(avro_datum(schema["items"], named), max_size=3)
    if kind == "map":
        return st.dictionaries(_TEXT, avro_datum(schema["values"], named), max_size=3)
    return avro_datum(kind, named)


def json_instance(schema: Any, root: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        return json_instance(target, root)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type", "object")
    if isinstance(kinds, list):
        return st.one_of([json_instance({**schema, "type": k}, root) for k in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "string":
        fmt = schema.get("format")
        if fmt == "uuid":
            return st.uuids().map(str)
        if fmt == "date-time":
            return _AWARE.map(lambda d: d.isoformat().replace("+00:00", "Z"))
        lo, hi = schema.get("minLength", 0), schema.get("maxLength", 12)
        return st.text(min_size=lo, max_size=min(hi, lo + 12))
    if kinds == "integer":
        return st.integers(schema.get("minimum", -(2**40)), schema.get("maximum", 2**40))
    if kinds == "array":
        lo, hi = schema.get("minItems", 0), schema.get("maxItems", 3)
        items = json_instance(schema.get("items", {"type": "string"}), root)
        return st.lists(items, min_size=lo, max_size=min(hi, lo + 3),
                        unique=bool(schema.get("uniqueItems")))  # fmt: skip
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {k: json_instance(v, root) for k, v in props.items() if k in required},
        optional={k: json_instance(v, root) for k, v in props.items() if k not in required},
    )
