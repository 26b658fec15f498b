"""Seeded examples for the data proof, drawn straight from the schema (no hypothesis engine).

The values are those `event_contracts.testing.payloads` can produce (the same domains: fastavro's
values for Avro, JSON values for JSON Schema), drawn by a `random.Random` seeded by the caller,
so a run is reproducible and costs microseconds per example instead of hypothesis' milliseconds.
Example 0 takes every low edge (empty strings and lists, the least numbers, the first symbol and
branch, no optional property), example 1 every high edge (the longest, the greatest, the last,
every property); later ones draw each value at random, an edge value one time in four.

A recursive Avro type is drawn to a bounded depth (`NESTING` records of a cycle inside one
another, `NODES` in one example; past that a union takes its shortest branch and a list is
empty). `sampler` returns None for what it does not cover (a JSON Schema `pattern` or `email`, a
keyword it does not know, an Avro record that must contain itself): the proof then draws those
examples with hypothesis.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from event_contracts._proof.draws import (
    ANY,
    HIGH,
    LOW,
    Draw,
    NoValue,
    Unsupported,
    binary,
    dates,
    datetimes,
    decimals,
    floats,
    integers,
    one_of,
    pick,
    sized,
    text,
    times,
    uuids,
)
from event_contracts._runtime.avro_resolve import expand

__all__ = [
    "INFINITE",
    "NoValue",
    "Unsupported",
    "cyclic_records",
    "height",
    "record_heights",
    "sampler",
]
DEPTH = 16
NESTING = 6
"""Records of a cycle nested in one another before an example stops recursing."""
NODES = 40
"""Records of a cycle in one example before it stops recursing."""


def sampler(fmt: str, schema: Any) -> Callable[[random.Random, int], dict[str, Any]] | None:
    """`draw(rng, i)`: the i-th example of a version's payloads; None if not covered here."""
    draw: Draw
    try:
        if fmt == "avro":
            draw = _Avro(expand(schema, recursive=True)).draw
        else:
            draw = _json(schema, schema, 0)
    except Unsupported:
        return None
    except Exception:  # a schema expand refuses: hypothesis' path decides
        return None

    def example(rng: random.Random, i: int) -> dict[str, Any]:
        value: dict[str, Any] = draw(rng, LOW if i == 0 else HIGH if i == 1 else ANY)
        return value

    return example


# --- Avro ------------------------------------------------------------------------------------

_AVRO_SCALARS: dict[str, Draw] = {
    "null": lambda rng, how: None,
    "boolean": lambda rng, how: how == HIGH or (how == ANY and rng.random() < 0.5),
    "int": integers(-(2**31), 2**31 - 1),
    "long": integers(-(2**63), 2**63 - 1),
    "float": floats(None, None, width=32, finite=False),
    "double": floats(None, None, width=64, finite=False),
    "bytes": binary(0, 16),
    "string": text(0, 16),
}
_AVRO_LOGICAL: dict[tuple[str, str], Callable[[Any], Draw]] = {
    ("string", "uuid"): lambda _: uuids,
    ("long", "timestamp-millis"): lambda _: datetimes(1000),
    ("long", "timestamp-micros"): lambda _: datetimes(1),
    ("int", "date"): lambda _: dates,
    ("int", "time-millis"): lambda _: times(1000),
    ("long", "time-micros"): lambda _: times(1),
    ("bytes", "decimal"): decimals,
    ("fixed", "decimal"): decimals,
}


class _Avro:
    """The draws of one expanded (possibly cyclic) Avro schema.

    A recursive record is built once (a reference to it while it is being built draws through
    a cell filled in afterwards). Recursion is bounded when drawing: past `NESTING` records of a
    cycle inside one another, or `NODES` of them in one example, a union takes its branch of
    least height (the fewest records to nest before a value is complete: "null" in
    `["null", "Tree"]`) and a list or map is empty, so every example is finite. A branch or
    field no finite value fits (a record that must contain itself) is never taken."""

    def __init__(self, root: Any) -> None:
        self.heights = record_heights(root)
        self.cyclic = cyclic_records(root)
        self.built: dict[int, Draw] = {}
        self.nesting = 0
        self.nodes = 0
        if self.of(root) == INFINITE:
            raise Unsupported("no finite value (a record that must contain itself)")
        self.root = self.build(root, 0)

    def of(self, schema: Any) -> float:
        """The least number of records nested in a value of `schema` (inf: none is finite)."""
        return height(schema, self.heights)

    def deep(self) -> bool:
        return self.nesting >= NESTING or self.nodes >= NODES

    def build(self, schema: Any, depth: int) -> Draw:
        if depth > DEPTH:
            raise Unsupported("too deep")
        if isinstance(schema, list):
            return self.union(schema, depth)
        if isinstance(schema, str):
            return _AVRO_SCALARS[schema]
        kind = schema["type"]
        logical = schema.get("logicalType")
        if logical is not None and (kind, logical) in _AVRO_LOGICAL:
            return _AVRO_LOGICAL[(kind, logical)](schema)
        if kind == "record":
            return self.record(schema, depth)
        if kind == "enum":
            symbols = list(schema["symbols"])
            return lambda rng, how: pick(rng, how, symbols)
        if kind == "fixed":
            return binary(schema["size"], schema["size"])
        if kind == "array":
            if self.of(schema["items"]) == INFINITE:
                return lambda rng, how: []  # nothing finite fits an item
            items = sized(self.build(schema["items"], depth + 1), 0, 4)
            return self.bounded(items, lambda rng, how: [])
        if kind == "map":
            if self.of(schema["values"]) == INFINITE:
                return lambda rng, how: {}
            keys, values = (
                sized(text(0, 8), 0, 3, unique=True),
                self.build(schema["values"], depth + 1),
            )
            return self.bounded(
                lambda rng, how: {k: values(rng, how) for k in keys(rng, how)},
                lambda rng, how: {},
            )
        if kind in _AVRO_SCALARS:
            return _AVRO_SCALARS[kind]
        raise Unsupported(f"Avro type {kind!r}")

    def union(self, branches: list[Any], depth: int) -> Draw:
        finite = [(h, b) for h, b in ((self.of(b), b) for b in branches) if h < INFINITE]
        any_of = one_of([self.build(b, depth + 1) for _, b in finite])
        if not self.cyclic:
            return any_of
        least = self.build(min(finite, key=lambda hb: hb[0])[1], depth + 1)
        return lambda rng, how: least(rng, how) if self.deep() else any_of(rng, how)

    def bounded(self, draw: Draw, empty: Draw) -> Draw:
        """A list or map: empty once recursion is deep enough."""
        if not self.cyclic:
            return draw
        return lambda rng, how: empty(rng, how) if self.deep() else draw(rng, how)

    def record(self, schema: Any, depth: int) -> Draw:
        key = id(schema)
        if key in self.built:
            return self.built[key]
        cell: list[Draw] = []
        self.built[key] = lambda rng, how: cell[0](rng, how)  # a reference from inside itself
        fields = [(f["name"], self.build(f["type"], depth + 1)) for f in schema["fields"]]

        def plain(rng: random.Random, how: int) -> dict[str, Any]:
            return {name: draw(rng, how) for name, draw in fields}

        def nested(rng: random.Random, how: int) -> dict[str, Any]:
            self.nesting += 1
            self.nodes += 1
            try:
                return plain(rng, how)
            finally:
                self.nesting -= 1

        cell.append(nested if key in self.cyclic else plain)
        self.built[key] = cell[0]
        return cell[0]

    def draw(self, rng: random.Random, how: int) -> Any:
        self.nesting = self.nodes = 0
        return self.root(rng, how)


INFINITE = float("inf")


def _records(root: Any) -> list[Any]:
    """Every record reachable from `root` (once each, by identity: the schema may be cyclic)."""
    out: dict[int, Any] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo += node
        elif isinstance(node, dict):
            kind = node.get("type")
            if kind == "record":
                if id(node) in out:
                    continue
                out[id(node)] = node
                todo += [f["type"] for f in node["fields"]]
            elif kind == "array":
                todo.append(node["items"])
            elif kind == "map":
                todo.append(node["values"])
    return list(out.values())


def height(schema: Any, heights: dict[int, float]) -> float:
    if isinstance(schema, list):
        return min((height(b, heights) for b in schema), default=INFINITE)
    if isinstance(schema, dict):
        kind = schema.get("type")
        if kind == "record":
            return heights[id(schema)]
    return 0  # a scalar, or a list or map (which may be empty)


def record_heights(root: Any) -> dict[int, float]:
    """Each record's height: 1 + its tallest field's (a fixed point: cycles start infinite)."""
    records = _records(root)
    heights: dict[int, float] = {id(r): INFINITE for r in records}
    changed = True
    while changed:
        changed = False
        for r in records:
            h = 1 + max((height(f["type"], heights) for f in r["fields"]), default=0)
            if h < heights[id(r)]:
                heights[id(r)] = h
                changed = True
    return heights


def cyclic_records(root: Any) -> set[int]:
    """The records that can contain themselves (through any fields, branches, lists, maps)."""
    out = set()
    for r in _records(root):
        if any(x is r for x in _records([f["type"] for f in r["fields"]])):
            out.add(id(r))
    return out


# --- JSON Schema -----------------------------------------------------------------------------

_ANY_JSON = one_of(
    [
        lambda rng, how: None,
        lambda rng, how: how == HIGH or (how == ANY and rng.random() < 0.5),
        integers(None, None),
        text(0, 8),
    ]
)
_KNOWN = {
    "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default",
    "examples", "deprecated", "readOnly", "writeOnly", "$ref", "const", "enum", "oneOf", "anyOf",
    "type", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "items", "minItems", "maxItems", "uniqueItems", "properties", "required",
    "additionalProperties", "x-event-contracts",
}  # fmt: skip


def _json(schema: Any, root: Any, depth: int) -> Draw:
    if schema is True or schema == {}:
        return _ANY_JSON
    if not isinstance(schema, dict) or depth > DEPTH:
        raise Unsupported("no values")
    if "$ref" in schema:
        return _json(_deref(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        const = schema["const"]
        return lambda rng, how: const
    if "enum" in schema:
        options = list(schema["enum"])
        return lambda rng, how: pick(rng, how, options)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return one_of([_json(b, root, depth + 1) for b in schema[key]])
    unknown = {k for k in schema if k not in _KNOWN and not k.startswith("x-")}
    if unknown or "pattern" in schema:
        raise Unsupported(f"keywords {sorted(unknown)} or a pattern")
    types = schema.get("type")
    if isinstance(types, list):
        return one_of([_json({**schema, "type": t}, root, depth) for t in types])
    if types is None:
        types = "object" if "properties" in schema else "string"
    if types == "string":
        return _json_string(schema)
    if types in ("integer", "number"):
        return _json_number(schema, types == "integer")
    if types == "boolean":
        return _AVRO_SCALARS["boolean"]
    if types == "null":
        return _AVRO_SCALARS["null"]
    if types == "array":
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 3)), low + 3)
        item = _json(schema.get("items", True), root, depth + 1)
        return sized(item, low, high, bool(schema.get("uniqueItems")))
    if types == "object":
        return _json_object(schema, root, depth)
    raise Unsupported(f"type {types!r}")


def _deref(ref: str, root: Any) -> Any:
    if not ref.startswith("#"):
        raise Unsupported(f"$ref {ref}")
    if ref == "#":
        return root
    node = root
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _json_string(schema: Any) -> Draw:
    fmt = schema.get("format")
    if fmt == "uuid":
        return lambda rng, how: str(uuids(rng, how))
    if fmt == "date-time":
        at = datetimes(1000)
        return lambda rng, how: at(rng, how).isoformat().replace("+00:00", "Z")
    if fmt == "date":
        return lambda rng, how: dates(rng, how).isoformat()
    if fmt == "email":
        raise Unsupported("format email")
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", low + 16))
    return text(low, min(high, low + 16))


def _json_number(schema: Any, integer: bool) -> Draw:
    low, high = schema.get("minimum"), schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 1e-9)
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 1e-9)
    if integer:
        return integers(_whole(low, up=True), _whole(high, up=False))
    return floats(low, high, width=64, finite=True)


def _whole(bound: float | None, *, up: bool) -> int | None:
    if bound is None:
        return None
    whole = int(bound)
    return whole + 1 if up and whole < bound else whole - 1 if not up and whole > bound else whole


def _json_object(schema: Any, root: Any, depth: int) -> Draw:
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    draws = [(k, k in required, _json(props[k], root, depth + 1)) for k in props]

    def draw(rng: random.Random, how: int) -> dict[str, Any]:
        out = {}
        for key, needed, value in draws:
            if needed or how == HIGH or (how == ANY and rng.random() < 0.5):
                out[key] = value(rng, how)
        return out

    return draw
