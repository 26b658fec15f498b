"""Hypothesis strategies: random Avro schemas, random evolutions of them, and writer data.

Schemas are records nesting enums, fixed, arrays, maps, optional unions, nested records and
logical types; names are unique and carry no namespace (Apache Avro's Python checker compares
aliases as written, so namespaces would only test its quirks). Evolutions apply one to three
of the edits teams make: add/remove/rename fields, change types, touch enums, fixed sizes,
logical types and record names, with and without aliases and defaults.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from event_contracts._compat.avro_nodes import Node
from event_contracts._compat.avro_verdict import logical_of

Schema = Any
PRIMS = ["boolean", "int", "long", "float", "double", "bytes", "string"]
LOGICALS: list[dict[str, Any]] = [
    {"type": "int", "logicalType": "date"},
    {"type": "int", "logicalType": "time-millis"},
    {"type": "long", "logicalType": "time-micros"},
    {"type": "long", "logicalType": "timestamp-millis"},
    {"type": "long", "logicalType": "timestamp-micros"},
    {"type": "long", "logicalType": "local-timestamp-millis"},
    {"type": "string", "logicalType": "uuid"},
    {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2},
    {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2},
    {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 3},
]
SYMBOLS = ["A", "B", "C", "D"]


def _type(depth: int) -> st.SearchStrategy[Schema]:
    leaves: list[st.SearchStrategy[Schema]] = [
        st.sampled_from(PRIMS),
        st.sampled_from(LOGICALS).map(copy.deepcopy),
        st.sampled_from(["int", "long", "bytes", "string", *LOGICALS]).map(copy.deepcopy),
        st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True).map(
            lambda s: {"type": "enum", "name": "?", "symbols": s}
        ),
        st.integers(1, 4).map(lambda n: {"type": "fixed", "name": "?", "size": n}),
    ]
    if depth <= 0:
        return st.one_of(*leaves)
    inner = _type(depth - 1)
    return st.one_of(
        *leaves,
        inner.map(lambda t: {"type": "array", "items": t}),
        inner.map(lambda t: {"type": "map", "values": t}),
        inner.filter(lambda t: not isinstance(t, list)).map(lambda t: ["null", t]),
        st.lists(inner, min_size=1, max_size=3).map(_record),
    )


def _record(types: list[Schema]) -> Schema:
    return {
        "type": "record",
        "name": "?",
        "fields": [{"name": f"f{i}", "type": t} for i, t in enumerate(types)],
    }


def _name_all(schema: Schema, names: Iterator[str]) -> Schema:
    """Give every named type a fresh name from `names`."""
    for node in walk(schema):
        if node.get("name") == "?":
            node["name"] = next(names)
    return schema


def walk(schema: Schema) -> Iterator[dict[str, Any]]:
    """Every dict type node of a schema, parents first."""
    if isinstance(schema, list):
        for b in schema:
            yield from walk(b)
    elif isinstance(schema, dict):
        yield schema
        if schema.get("type") in ("array",):
            yield from walk(schema["items"])
        elif schema.get("type") == "map":
            yield from walk(schema["values"])
        elif schema.get("type") == "record":
            for f in schema["fields"]:
                yield from walk(f["type"])


@st.composite
def schemas(draw: st.DrawFn, depth: int = 2) -> Schema:
    fields = draw(st.lists(_type(depth), min_size=1, max_size=4))
    return _name_all(_record(fields), (f"T{i}" for i in itertools.count()))


def default_for(t: Schema) -> Any:
    """A valid JSON default for type `t` (first branch for unions, as the spec requires)."""
    if isinstance(t, list):
        return default_for(t[0])
    if isinstance(t, str):
        return {
            "null": None,
            "boolean": False,
            "int": 0,
            "long": 0,
            "float": 0.0,
            "double": 0.0,
            "bytes": "",
            "string": "",
        }[t]
    kind = t["type"]
    if kind in PRIMS:
        return "\u0000" if kind == "bytes" else default_for(kind)
    if kind == "enum":
        return t["symbols"][0]
    if kind == "fixed":
        return "\u0000" * t["size"]
    if kind == "array":
        return []
    if kind == "map":
        return {}
    return {f["name"]: default_for(f["type"]) for f in t["fields"]}


_PROMOTE = {
    "int": "long",
    "long": "double",
    "float": "double",
    "string": "bytes",
    "bytes": "string",
}


@st.composite
def evolutions(draw: st.DrawFn, old: Schema) -> Schema:
    """`old` after one to three random edits."""
    new = copy.deepcopy(old)
    taken = {n["name"] for n in walk(new) if "name" in n}
    fresh = (f"N{i}" for i in itertools.count() if f"N{i}" not in taken)
    for _ in range(draw(st.integers(1, 3))):
        nodes = list(walk(new))
        records = [n for n in nodes if n.get("type") == "record"]
        rec = draw(st.sampled_from(records))
        edit = draw(
            st.sampled_from(
                [
                    "logical",
                    "promote",
                    "enum",
                    "retype",
                    "add_default",
                    "add",
                    "remove",
                    "optional",
                    "rename_field",
                    "alias_field",
                    "rename_record",
                    "alias_record",
                    "fixed",
                ]
            )
        )
        fields = rec["fields"]
        if edit in ("add", "add_default"):
            t = _name_all(draw(_type(1)), fresh)
            used = {g["name"] for g in fields}
            name = next(n for n in (f"g{i}" for i in itertools.count()) if n not in used)
            f: dict[str, Any] = {"name": name, "type": t}
            if edit == "add_default":
                f["default"] = default_for(t)
            fields.append(f)
        elif edit == "remove" and len(fields) > 1:
            fields.pop(draw(st.integers(0, len(fields) - 1)))
        elif edit in ("retype", "promote", "optional"):
            f = fields[draw(st.integers(0, len(fields) - 1))]
            if edit == "retype":
                f["type"] = _name_all(draw(_type(0)), fresh)
            elif edit == "promote" and isinstance(f["type"], str) and f["type"] in _PROMOTE:
                f["type"] = _PROMOTE[f["type"]]
            elif edit == "optional" and not isinstance(f["type"], list):
                f["type"] = ["null", f["type"]]
                f["default"] = None
            if edit != "optional":
                f.pop("default", None)
        elif edit in ("rename_field", "alias_field"):
            f = fields[draw(st.integers(0, len(fields) - 1))]
            if any(g["name"] == f["name"] + "x" for g in fields):
                continue
            old_name, f["name"] = f["name"], f["name"] + "x"
            if edit == "alias_field":
                f["aliases"] = [old_name]
        elif edit in ("rename_record", "alias_record"):
            target = draw(st.sampled_from([n for n in nodes if "name" in n]))
            old_name, target["name"] = target["name"], next(fresh)
            if edit == "alias_record":
                target["aliases"] = [old_name]
        elif edit == "enum":
            enums = [n for n in nodes if n.get("type") == "enum"]
            if enums:
                e = draw(st.sampled_from(enums))
                e["symbols"] = draw(
                    st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True)
                )
                if draw(st.booleans()):
                    e["default"] = e["symbols"][0]
                elif e.get("default") not in e["symbols"]:
                    e.pop("default", None)  # a default must stay one of the symbols
        elif edit == "fixed":
            fixed = [n for n in nodes if n.get("type") == "fixed"]
            if fixed:
                draw(st.sampled_from(fixed))["size"] = draw(st.integers(1, 4))
        elif edit == "logical":
            f = fields[draw(st.integers(0, len(fields) - 1))]
            t = f["type"]
            base = t if isinstance(t, str) else t.get("type") if isinstance(t, dict) else None
            same_base = [lt for lt in LOGICALS if lt["type"] == base]
            if same_base:
                f.pop("default", None)
                f["type"] = copy.deepcopy(draw(st.sampled_from([*same_base, base])))
    return new


def data_for(node: Node, depth: int = 0) -> st.SearchStrategy[Any]:
    """Raw writer data for `node` (for the schema stripped of logical types), in valid ranges."""
    k = node.kind
    lt = logical_of(node)
    if lt == "date":
        return st.integers(-30_000, 60_000)
    if lt == "time-millis":
        return st.integers(0, 86_399_999)
    if lt == "time-micros":
        return st.integers(0, 86_399_999_999)
    if lt in ("timestamp-millis", "local-timestamp-millis"):
        return st.integers(-(10**12), 10**13)
    if lt in ("timestamp-micros", "local-timestamp-micros"):
        return st.integers(-(10**15), 10**16)
    if lt == "uuid":
        return st.uuids().map(str)
    if lt == "decimal":
        top = 10**node.precision - 1
        return st.integers(-top, top).map(lambda v: v.to_bytes(8, "big", signed=True))
    simple: dict[str, st.SearchStrategy[Any]] = {
        "null": st.none(),
        "boolean": st.booleans(),
        "int": st.integers(-(2**31), 2**31 - 1),
        "long": st.integers(-(2**63), 2**63 - 1),
        "float": st.floats(width=32, allow_nan=False),
        "double": st.floats(allow_nan=False),
        "bytes": st.binary(max_size=8),
        "string": st.text(max_size=8),
    }
    if k in simple:
        return simple[k]
    if k == "fixed":
        return st.binary(min_size=node.size, max_size=node.size)
    if k == "enum":
        return st.sampled_from(node.symbols)
    assert depth < 12
    if k == "array":
        assert node.items is not None
        return st.lists(data_for(node.items, depth + 1), max_size=2)
    if k == "map":
        assert node.items is not None
        return st.dictionaries(st.text(max_size=3), data_for(node.items, depth + 1), max_size=2)
    if k == "union":
        return st.one_of(
            *(
                data_for(b, depth + 1).map(lambda v, b=b: (b.fullname if b.named else b.kind, v))
                for b in node.branches
            )
        )
    return st.fixed_dictionaries({f.name: data_for(f.type, depth + 1) for f in node.fields})


@st.composite
def retyped_fields(draw: st.DrawFn) -> tuple[Schema, Schema]:
    """One field changing between any two primitive or logical types (promotions included)."""
    choices = [*PRIMS, *LOGICALS, ["null", "string"], ["null", "long"], ["int", "string"]]
    old_t, new_t = draw(st.sampled_from(choices)), draw(st.sampled_from(choices))

    def rec(t: Schema) -> Schema:
        return {"type": "record", "name": "R", "fields": [{"name": "f", "type": copy.deepcopy(t)}]}

    return rec(old_t), rec(new_t)
