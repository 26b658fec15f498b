"""Real-world schemas (tests/codegen/data/realworld) wrapped as event versions, and data for them.

Wrapping keeps each schema's meaning: an Avro schema becomes the type of the single field
`payload` of a record `realworld.<Name>` (a schema without a namespace gets `"namespace": ""`
so its names stay in the null namespace); a JSON Schema keeps its body and gets the folder's
`title`, `type: object` and no `$id` (the catalog requires them).

The strategies here draw candidate data that follows a schema loosely, so that both valid and
invalid instances come up; the tests compare the generated class with the reference validator
on each candidate instead of assuming validity.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
import re
from pathlib import Path
from typing import Any

import fastavro
from hypothesis import strategies as st

from event_contracts._codegen import naming

DATA = Path(__file__).parent / "data" / "realworld"
MODULE = "realworld"


def event_name(path: Path) -> str:
    return naming.pascal_case(path.stem) or "Event"


def files(fmt: str) -> list[Path]:
    return sorted((DATA / fmt).glob("*.avsc" if fmt == "avro" else "*.json"))


def wrap_avro(path: Path) -> dict[str, Any]:
    original = json.loads(path.read_text())

    def null_ns(schema: Any) -> Any:
        if isinstance(schema, list):
            return [null_ns(s) for s in schema]
        named = isinstance(schema, dict) and "name" in schema and "namespace" not in schema
        if named and "." not in str(schema["name"]):
            return {**schema, "namespace": ""}
        return schema

    return {
        "type": "record",
        "name": event_name(path),
        "namespace": MODULE,
        "fields": [{"name": "payload", "type": null_ns(original)}],
    }


def wrap_json(path: Path) -> dict[str, Any]:
    schema = json.loads(path.read_text())
    schema.pop("$id", None)
    return {**schema, "title": event_name(path), "type": "object"}


# -- Avro: valid datums (fastavro's Python form) ------------------------------------------------
_UTC = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)
)
_NAIVE = st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1))


def _millis(d: Any) -> Any:
    return d.replace(microsecond=d.microsecond // 1000 * 1000)


def avro_datum(schema: Any) -> st.SearchStrategy[Any]:
    """Valid data for an Avro schema, as fastavro's writer takes it (references resolved)."""
    named: dict[str, Any] = {}
    parsed = fastavro.parse_schema(copy.deepcopy(schema), named_schemas=named, _write_hint=False)
    return _avro(parsed, named, 0)


def _avro(schema: Any, named: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if isinstance(schema, str):
        primitives: dict[str, st.SearchStrategy[Any]] = {
            "null": st.none(),
            "boolean": st.booleans(),
            "int": st.integers(-(2**31), 2**31 - 1),
            "long": st.integers(-(2**63), 2**63 - 1),
            "float": st.floats(width=32, allow_nan=False, allow_infinity=False),
            "double": st.floats(allow_nan=False, allow_infinity=False),
            "bytes": st.binary(max_size=6),
            "string": st.text(max_size=8),
        }
        if schema in primitives:
            return primitives[schema]
        return _avro(named[schema], named, depth + 1)
    if isinstance(schema, list):
        if depth > 4 and "null" in schema:
            return st.none()
        return st.one_of([_avro(s, named, depth + 1) for s in schema])
    kind, logical = schema["type"], schema.get("logicalType")
    if logical == "uuid" and kind == "string":
        return st.uuids().map(str)
    if logical == "timestamp-millis" and kind == "long":
        return _UTC.map(_millis)
    if logical == "timestamp-micros" and kind == "long":
        return _UTC
    if logical == "local-timestamp-millis" and kind == "long":
        return _NAIVE.map(_millis)
    if logical == "local-timestamp-micros" and kind == "long":
        return _NAIVE
    if logical == "date" and kind == "int":
        return st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    if logical == "time-millis" and kind == "int":
        return st.times().map(_millis)
    if logical == "time-micros" and kind == "long":
        return st.times()
    if logical == "decimal" and kind in ("bytes", "fixed") and "precision" in schema:
        p, s = schema["precision"], schema.get("scale", 0)
        if kind == "fixed":  # the unscaled value must fit in `size` bytes
            p = min(p, len(str(2 ** (8 * schema["size"] - 1))) - 1)
        return st.integers(-(10**p) + 1, 10**p - 1).map(lambda n: decimal.Decimal(n).scaleb(-s))
    if kind in ("record", "error"):
        if depth > 6:
            return st.nothing()
        return st.fixed_dictionaries(
            {f["name"]: _avro(f["type"], named, depth + 1) for f in schema["fields"]}
        )
    if kind == "enum":
        return st.sampled_from(schema["symbols"])
    if kind == "fixed":
        return st.binary(min_size=schema["size"], max_size=schema["size"])
    if kind == "array":
        return st.lists(_avro(schema["items"], named, depth + 1), max_size=0 if depth > 4 else 2)
    if kind == "map":
        inner = _avro(schema["values"], named, depth + 1)
        return st.dictionaries(st.text(max_size=4), inner, max_size=0 if depth > 4 else 2)
    return _avro(kind, named, depth)


# -- JSON Schema: candidate instances ------------------------------------------------------------
_JUNK = st.sampled_from([None, True, 0, -1, 1.5, "", "x", "not-a-uuid", [], {}, [1, 1], {"a": 1}])
_ISO = _UTC.map(lambda d: d.isoformat().replace("+00:00", "Z"))


def json_candidate(schema: Any, root: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances shaped like `schema`, mostly valid, sometimes not (junk mixed in)."""
    guided = _json(schema, root, depth)
    return st.one_of(guided, guided, guided, _JUNK) if depth else guided


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    target: Any = root
    for part in ref.lstrip("#").split("/")[1:]:
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def _json(schema: Any, root: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if schema is True or schema == {} or not isinstance(schema, dict):
        return _JUNK
    if depth > 5:
        return _JUNK
    if "$ref" in schema and str(schema["$ref"]).startswith("#"):
        return _json(_resolve(str(schema["$ref"]), root), root, depth + 1)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([json_candidate(s, root, depth + 1) for s in schema[key]])
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            if isinstance(part, dict) and "$ref" in part:
                part = _resolve(str(part["$ref"]), root)
            if isinstance(part, dict):
                mine, theirs = merged.get("properties", {}), part.get("properties", {})
                props = {k: _both(theirs.get(k), mine.get(k)) for k in {**theirs, **mine}}
                merged = {**part, **merged, "properties": props}
        return _json(merged, root, depth)
    kinds = schema.get("type")
    if kinds is None:
        kinds = ["object"] if "properties" in schema else ["string", "integer", "object", "array"]
    if isinstance(kinds, str):
        kinds = [kinds]
    return st.one_of([_typed(str(k), schema, root, depth) for k in kinds])


def _both(a: Any, b: Any) -> Any:
    """Both property schemas at once (allOf), as far as a generator needs."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **b}
    return b if a is None or a is True else a


def _typed(kind: str, schema: dict[str, Any], root: dict[str, Any], depth: int) -> Any:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "uuid":
            return st.uuids().map(str)
        if fmt == "date-time":
            return _ISO
        if fmt == "date":
            return st.dates().map(str)
        if "pattern" in schema:
            try:
                pattern = re.compile(str(schema["pattern"]))
                return st.one_of(st.from_regex(pattern).filter(lambda s: len(s) < 40), st.text())
            except re.error:
                return st.text()
        lo = schema.get("minLength", 0)
        return st.one_of(st.text(min_size=lo, max_size=lo + 6), st.text(max_size=lo + 6))
    if kind in ("integer", "number"):
        lo = schema.get("minimum", schema.get("exclusiveMinimum"))
        hi = schema.get("maximum", schema.get("exclusiveMaximum"))
        lo = None if isinstance(lo, bool) or lo is None else int(lo)
        hi = None if isinstance(hi, bool) or hi is None else int(hi)
        inside = st.integers(min_value=None if lo is None else lo + 1, max_value=hi)
        edges = st.sampled_from([b for b in (lo, hi) if b is not None] or [0])
        ints = st.one_of(inside, inside, edges, st.integers())
        if kind == "integer":
            return st.one_of(ints, ints.map(float))
        return st.one_of(ints, st.floats(allow_nan=False, allow_infinity=False))
    if kind == "array":
        items = schema.get("items", True)
        item = json_candidate(items if isinstance(items, dict | bool) else True, root, depth + 1)
        lo = int(schema.get("minItems", 0))
        return st.lists(item, min_size=max(0, lo - 1), max_size=lo + 3)
    if kind == "object":
        props = schema.get("properties", {})
        required = [k for k in schema.get("required", []) if k in props]
        optional = [k for k in props if k not in required]
        fixed = {k: json_candidate(props[k], root, depth + 1) for k in required}
        maybe = {k: json_candidate(props[k], root, depth + 1) for k in optional}
        extra = schema.get("additionalProperties", True)
        patterns = list(schema.get("patternProperties", {}))
        keys = st.one_of(
            st.sampled_from(["extra", "S_x", "I_1", "A_1", "B_2", "zz"]),
            *[st.from_regex(p).filter(lambda s: len(s) < 20) for p in patterns[:2]],
        )
        values = json_candidate(extra if isinstance(extra, dict) else True, root, depth + 1)
        return st.builds(
            lambda a, b, c: {**c, **a, **b},
            st.fixed_dictionaries(fixed),
            st.fixed_dictionaries({}, optional=maybe),
            st.dictionaries(keys, values, max_size=2 if depth < 3 else 0),
        )
    return _JUNK
