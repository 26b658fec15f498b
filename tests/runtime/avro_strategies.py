"""Hypothesis strategies for the Avro differential test: event schemas, evolutions, raw data.

Schemas nest every primitive, every logical type the generator maps (also as union branches),
enums, fixed, records (with their own namespaces and aliases, referenced again by short or full
name), arrays, maps, unions of up to four branches (named and unnamed), field defaults, and
recursive records (`Node{next: ["null", "Node"]}`). Data is drawn for the schema stripped of
logical types, in fastavro's tuple notation for unions, so the reference (fastavro reading it
with the real schema) never depends on the code under test.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from event_contracts._runtime.avro_resolve import expand

Schema = Any
NAMESPACES = [None, None, "a", "a.b", "c"]
FIELD_NAMES = ["id", "value", "str", "tuple", "next", "kind", "n", "items"]
SYMBOLS = ["A", "B", "C", "D"]
_DAY_MIN, _DAY_MAX = -719_162, 2_932_896  # 0001-01-01 .. 9999-12-31
_MS_MIN, _MS_MAX = -62_135_596_800_000, 253_402_300_799_999
LOGICAL = {
    "int": [{"logicalType": "date"}, {"logicalType": "time-millis"}],
    "long": [
        {"logicalType": "time-micros"},
        {"logicalType": "timestamp-millis"},
        {"logicalType": "timestamp-micros"},
        {"logicalType": "local-timestamp-millis"},
        {"logicalType": "local-timestamp-micros"},
    ],
    "string": [{"logicalType": "uuid"}],
    "bytes": [{"logicalType": "decimal", "precision": 6, "scale": 2}],
}
UNNAMED = ["null", "boolean", "int", "long", "float", "double", "bytes", "string", "array", "map"]


class _Names:
    def __init__(self) -> None:
        self.ids = itertools.count()
        self.defined: list[tuple[str, str | None, str]] = []  # (full name, namespace, kind)

    def fresh(self) -> str:
        return f"T{next(self.ids)}"


@st.composite
def event_schemas(draw: st.DrawFn) -> Schema:
    """A record `mod.Ev`: the top of an event schema."""
    names = _Names()
    fields = _fields(draw, names, "mod", depth=2)
    return {"type": "record", "name": "Ev", "namespace": "mod", "fields": fields}


def _fields(draw: st.DrawFn, names: _Names, ns: str | None, depth: int) -> list[Any]:
    wanted = draw(st.lists(st.sampled_from(FIELD_NAMES), min_size=1, max_size=4, unique=True))
    out = []
    for name in wanted:
        t = _type(draw, names, ns, depth)
        field: dict[str, Any] = {"name": name, "type": t}
        if draw(st.integers(0, 3)) == 0:
            field["aliases"] = [f"{name}_old"]
        out.append(field)
    return out


def _type(draw: st.DrawFn, names: _Names, ns: str | None, depth: int) -> Schema:
    choices = ["primitive", "logical", "enum", "fixed", "ref"]
    if depth > 0:
        choices += ["record", "array", "map", "union", "union", "recursive"]
    kind = draw(st.sampled_from(choices))
    if kind == "ref" and names.defined:
        full, owner_ns, _ = draw(st.sampled_from(names.defined))
        short = full.rsplit(".", 1)[-1]
        return short if owner_ns == ns and draw(st.booleans()) else full
    if kind == "logical":
        base = draw(st.sampled_from(sorted(LOGICAL)))
        return {"type": base, **draw(st.sampled_from(LOGICAL[base]))}
    if kind in ("primitive", "ref"):
        return draw(st.sampled_from(UNNAMED[:8]))
    if kind == "array":
        return {"type": "array", "items": _type(draw, names, ns, depth - 1)}
    if kind == "map":
        return {"type": "map", "values": _type(draw, names, ns, depth - 1)}
    if kind == "union":
        return _union(draw, names, ns, depth - 1)
    return _named(draw, names, ns, depth, kind)


def _named(draw: st.DrawFn, names: _Names, ns: str | None, depth: int, kind: str) -> Schema:
    name = names.fresh()
    own_ns = draw(st.sampled_from(NAMESPACES))
    node: dict[str, Any] = {"type": "record" if kind == "recursive" else kind, "name": name}
    if own_ns is not None:
        node["namespace"] = own_ns
    inner_ns = own_ns if own_ns is not None else ns
    full = f"{inner_ns}.{name}" if inner_ns else name
    if draw(st.integers(0, 3)) == 0:
        node["aliases"] = [f"{name}Old"]
    if kind == "enum":
        node["symbols"] = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, unique=True))
        if draw(st.booleans()):
            node["default"] = node["symbols"][0]
    elif kind == "fixed":
        size = draw(st.integers(0, 4))
        node["size"] = size
        if size and draw(st.booleans()):
            node.update(logicalType="decimal", precision=min(2 * size, 6), scale=1)
    elif kind == "recursive":
        node["fields"] = [
            {"name": "value", "type": _type(draw, names, inner_ns, 0)},
            {"name": "next", "type": ["null", name]},
        ]
        names.defined.append((full, inner_ns, "record"))
        return node
    else:
        node["fields"] = _fields(draw, names, inner_ns, depth - 1)
    names.defined.append((full, inner_ns, kind))
    return node


def _union(draw: st.DrawFn, names: _Names, ns: str | None, depth: int) -> Schema:
    bases = draw(st.lists(st.sampled_from(UNNAMED), min_size=1, max_size=3, unique=True))
    # Two `fixed` branches both hold `bytes` (or `Decimal`), and so do `bytes` and `fixed`: an
    # instance cannot tell which branch its value came from, so a union gets at most one of
    # them (docs/runtime.md says so).
    kinds = draw(st.lists(st.sampled_from(NAMED), max_size=2))
    kinds = [k for i, k in enumerate(kinds) if k != "fixed" or "fixed" not in kinds[:i]]
    if "bytes" in bases:
        kinds = [k for k in kinds if k != "fixed"]
    # The order is drawn first, then each branch is made in it: a branch may only refer to
    # named types defined before it in the document.
    slots = draw(st.permutations([*bases, *(f"named:{k}" for k in kinds)]))
    branches: list[Any] = []
    for slot in slots:
        if slot.startswith("named:"):
            branches.append(_named(draw, names, ns, max(depth, 1), slot[6:]))
        elif slot in ("array", "map"):
            inner = _type(draw, names, ns, max(depth - 1, 0))
            if isinstance(inner, list):
                inner = "string"
            branches.append({"type": slot, "items" if slot == "array" else "values": inner})
        elif slot in LOGICAL and draw(st.booleans()):
            branches.append({"type": slot, **draw(st.sampled_from(LOGICAL[slot]))})
        else:
            branches.append(slot)
    return branches


NAMED = ["record", "enum", "fixed"]


# --- defaults ----------------------------------------------------------------------------------


def json_default(draw: st.DrawFn, node: Any, depth: int = 0) -> Any:
    """A default for expanded `node` whose JSON form is also what fastavro reads back (so
    fastavro's resolving reader, which returns defaults as written, stays a fair reference)."""
    if isinstance(node, list):
        return json_default(draw, node[0], depth)
    kind = node if isinstance(node, str) else node["type"]
    if isinstance(node, dict) and "logicalType" in node and kind != "fixed":
        raise _NoDefault
    simple: dict[str, st.SearchStrategy[Any]] = {
        "null": st.none(),
        "boolean": st.booleans(),
        "int": st.integers(-(2**31), 2**31 - 1),
        "long": st.integers(-(2**63), 2**63 - 1),
        "float": st.just(0.5),
        "double": st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v % 1 != 0),
        "string": st.text(max_size=4),
    }
    if kind in simple:
        return draw(simple[kind])
    if kind == "enum":
        return draw(st.sampled_from(node["symbols"]))
    if kind == "array" and depth < 3:
        count = draw(st.integers(0, 2))
        return [json_default(draw, node["items"], depth + 1) for _ in range(count)]
    if kind == "map" and depth < 3:
        return {k: json_default(draw, node["values"], depth + 1) for k in ("k",)}
    if kind == "record" and depth < 3:
        return {f["name"]: json_default(draw, f["type"], depth + 1) for f in node["fields"]}
    raise _NoDefault


class _NoDefault(Exception):
    pass


def with_defaults(draw: st.DrawFn, schema: Schema) -> Schema:
    """Some fields of the top record get a default (what `generate` must handle)."""
    out = copy.deepcopy(schema)
    expanded = expand(out, recursive=True)
    for f, ef in zip(out["fields"], expanded["fields"], strict=True):
        if draw(st.integers(0, 2)) == 0:
            with contextlib.suppress(_NoDefault):
                f["default"] = json_default(draw, ef["type"])
    return out


# --- evolutions --------------------------------------------------------------------------------

_PROMOTE = {"int": ["long", "float", "double"], "long": ["float", "double"], "float": ["double"]}
_PROMOTE["string"] = ["bytes"]


@st.composite
def evolutions(draw: st.DrawFn, writer: Schema) -> Schema:
    """A reader schema for `writer` data: one to three edits the specification resolves."""
    reader = copy.deepcopy(writer)
    for _ in range(draw(st.integers(1, 3))):
        records = [n for n in _walk(reader) if n.get("type") == "record" and n["fields"]]
        rec = draw(st.sampled_from(records))
        fields = rec["fields"]
        i = draw(st.integers(0, len(fields) - 1))
        edit = draw(
            st.sampled_from(["add", "remove", "promote", "alias", "optional", "symbol", "rename"])
        )
        if edit == "add":
            taken = {f["name"] for f in fields}
            name = next(n for n in (f"added{j}" for j in itertools.count()) if n not in taken)
            t = draw(st.sampled_from(["int", "string", ["null", "long"], "double", "boolean"]))
            default = None if isinstance(t, list) else json_default(draw, t)
            fields.append({"name": name, "type": t, "default": default})
        elif edit == "remove" and len(fields) > 1:
            if not any("name" in n for n in _walk(fields[i]["type"])):  # defines no type
                fields.pop(i)
        elif edit == "promote" and isinstance(fields[i]["type"], str):
            options = _PROMOTE.get(fields[i]["type"])
            if options:
                fields[i]["type"] = draw(st.sampled_from(options))
                fields[i].pop("default", None)
        elif edit == "alias" and not fields[i].get("aliases"):
            taken = {f["name"] for f in fields}
            if f"{fields[i]['name']}2" not in taken:
                fields[i]["aliases"] = [fields[i]["name"]]
                fields[i]["name"] = f"{fields[i]['name']}2"
        elif edit == "optional" and fields[i]["type"] not in ("null",):
            if not isinstance(fields[i]["type"], list):
                fields[i]["type"] = [fields[i]["type"], "null"]  # a default still fits
        elif edit == "symbol":
            enums = [n for n in _walk(reader) if n.get("type") == "enum"]
            if enums:
                enum = draw(st.sampled_from(enums))
                if "Z" not in enum["symbols"]:
                    enum["symbols"] = [*enum["symbols"], "Z"]
        elif edit == "rename":
            text = json.dumps(reader)
            named = [
                n
                for n in _walk(reader)
                if n.get("type") in ("enum", "fixed")  # and not referenced by name elsewhere
                and text.count(f'"{n["name"]}"') + text.count(f'.{n["name"]}"') == 1
            ]
            if named:
                target = draw(st.sampled_from(named))
                old = target["name"]
                target["aliases"] = [*target.get("aliases", []), old]
                target["name"] = f"{old}New"
    return reader


def _walk(schema: Schema) -> Iterator[dict[str, Any]]:
    if isinstance(schema, list):
        for b in schema:
            yield from _walk(b)
    elif isinstance(schema, dict):
        yield schema
        kind = schema.get("type")
        if kind == "array":
            yield from _walk(schema["items"])
        elif kind == "map":
            yield from _walk(schema["values"])
        elif kind == "record":
            for f in schema["fields"]:
                yield from _walk(f["type"])


# --- data --------------------------------------------------------------------------------------


def raw_datum(draw: st.DrawFn, node: Any, depth: int = 0) -> Any:
    """A value for expanded `node` as the schema stripped of logical types writes it; union
    values in tuple notation `(branch name, value)`."""
    if isinstance(node, list):
        options = node if depth < 4 else [b for b in node if b == "null"] or node
        branch = draw(st.sampled_from(options))
        name = branch["name"] if isinstance(branch, dict) and "name" in branch else None
        if name is None:
            name = branch if isinstance(branch, str) else branch["type"]
        return (name, raw_datum(draw, branch, depth + 1))
    if isinstance(node, str):
        return draw(_PRIMITIVES[node])
    kind = node["type"]
    logical = node.get("logicalType")
    if logical is not None and f"{kind}-{logical}" in _LOGICAL_DATA:
        return draw(_LOGICAL_DATA[f"{kind}-{logical}"])
    if logical == "decimal":  # on fixed
        size = node["size"]
        top = min(10 ** node["precision"] - 1, 2 ** (8 * size - 1) - 1)
        return draw(st.integers(-top, top)).to_bytes(size, "big", signed=True)
    if kind == "enum":
        return draw(st.sampled_from(node["symbols"]))
    if kind == "fixed":
        return draw(st.binary(min_size=node["size"], max_size=node["size"]))
    if kind == "array":
        count = draw(st.integers(0, 2 if depth < 4 else 0))
        return [raw_datum(draw, node["items"], depth + 1) for _ in range(count)]
    if kind == "map":
        keys = draw(st.lists(st.text(max_size=3), max_size=2 if depth < 4 else 0, unique=True))
        return {k: raw_datum(draw, node["values"], depth + 1) for k in keys}
    if kind == "record":
        return {f["name"]: raw_datum(draw, f["type"], depth + 1) for f in node["fields"]}
    return draw(_PRIMITIVES[kind])


_PRIMITIVES: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "int": st.integers(-(2**31), 2**31 - 1),
    "long": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(width=32, allow_nan=False),
    "double": st.floats(allow_nan=False),
    "bytes": st.binary(max_size=6),
    "string": st.text(max_size=6),
}
_LOGICAL_DATA: dict[str, st.SearchStrategy[Any]] = {
    "int-date": st.integers(_DAY_MIN, _DAY_MAX),
    "int-time-millis": st.integers(0, 86_399_999),
    "long-time-micros": st.integers(0, 86_399_999_999),
    "long-timestamp-millis": st.integers(_MS_MIN, _MS_MAX),
    "long-timestamp-micros": st.integers(_MS_MIN * 1000, _MS_MAX * 1000 + 999),
    "long-local-timestamp-millis": st.integers(_MS_MIN, _MS_MAX),
    "long-local-timestamp-micros": st.integers(_MS_MIN * 1000, _MS_MAX * 1000 + 999),
    "string-uuid": st.uuids().map(str),
    "bytes-decimal": st.integers(-999_999, 999_999).map(
        lambda n: n.to_bytes((n.bit_length() + 8) // 8, "big", signed=True)
    ),
}


def strip(schema: Schema) -> Schema:
    """The schema without any logical type (what the raw data is written with)."""
    if isinstance(schema, list):
        return [strip(b) for b in schema]
    if isinstance(schema, dict):
        out = {k: v for k, v in schema.items() if k not in ("logicalType", "precision", "scale")}
        if "items" in out:
            out["items"] = strip(out["items"])
        if "values" in out:
            out["values"] = strip(out["values"])
        if isinstance(out.get("type"), list | dict):
            out["type"] = strip(out["type"])
        if "fields" in out:
            out["fields"] = [{**f, "type": strip(f["type"])} for f in out["fields"]]
        return out
    return schema
