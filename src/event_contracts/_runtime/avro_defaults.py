"""Avro field defaults as fastavro would read the value, for the schemas the runtime resolves with.

A default is written in the schema as JSON: `bytes` and `fixed` defaults are strings whose code
points (ISO-8859-1) are the byte values, a `decimal` is such bytes, a timestamp is a number, a
union's default belongs to its first branch. fastavro's resolving reader hands the JSON value
back as it is (a str for a bytes field); this module converts it once, at plan time, into the
value a read of that type gives, in one of the two forms the runtime reads:

- `plain=True`: what the fast builders take (`avro_read.read_schema`, `READ_OPTIONS`):
  logical types stripped except on union branches, enums as their index (see
  `shape_common.enum_by_index`), other named union branches as `(name, value)`;
- `plain=False`: fastavro's ordinary read (logical values converted, unions bare).
"""

from __future__ import annotations

import contextlib
from typing import Any

from fastavro.read import LOGICAL_READERS

from event_contracts._runtime.shape_common import NAMED, enum_by_index, kind_of, logical


def read_default(node: Any, value: Any, *, plain: bool, branch: bool = False) -> Any:
    """`value`, a default written for the expanded schema `node`, as a read gives it.
    Raises ValueError (or TypeError, KeyError) when the default does not fit the type."""
    kind = kind_of(node)
    if kind == "union":
        first = node[0]
        out = read_default(first, value, plain=plain, branch=True)
        if plain and kind_of(first) == "enum" and enum_by_index(node):
            return first["symbols"].index(out)  # read by its index (`avro_read`)
        return (first["name"], out) if plain and kind_of(first) in NAMED else out
    name = logical(node)
    if name is not None:
        raw = read_default(node["type"], value, plain=plain)  # int, long, string, bytes, fixed
        if plain and not branch and kind != "fixed":  # (a fixed's logical type stays)
            return raw  # the builder converts it, as it converts what fastavro reads
        read = LOGICAL_READERS[f"{node['type']}-{name}"]
        return read(raw, node, node)
    if kind == "null":
        if value is not None:
            raise ValueError("null takes only null")
        return None
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("not a boolean")
        return value
    if kind in ("int", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return value
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("not a number")
        return float(value)
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError("not a string")
        return value
    if kind in ("bytes", "fixed"):
        if not isinstance(value, str):
            raise ValueError("not a string of byte values")
        return value.encode("latin-1")
    if kind == "enum":
        if value not in node["symbols"]:
            raise ValueError(f"{value!r} is not a symbol")
        return node["symbols"].index(value) if plain and not branch else value
    if kind == "array":
        return [read_default(node["items"], x, plain=plain) for x in value]
    if kind == "map":
        return {str(k): read_default(node["values"], x, plain=plain) for k, x in value.items()}
    if kind == "record":
        given = dict(value)
        out = {}
        for f in node["fields"]:
            if f["name"] in given:
                out[f["name"]] = read_default(f["type"], given[f["name"]], plain=plain)
            elif "default" in f:
                out[f["name"]] = read_default(f["type"], f["default"], plain=plain)
            else:
                raise ValueError(f"no value for field {f['name']!r}")
        return out
    raise ValueError(f"unknown type {kind!r}")


def patch_read_defaults(parsed: Any, schema: Any, *, plain: bool) -> Any:
    """fastavro's `parsed` form of `schema`, its field defaults replaced by their read form
    (in place; returned). fastavro's parser checks the defaults as written; the read forms go
    in afterwards, where its resolving reader takes them."""
    table = _read_defaults(schema, plain)
    if table:
        _patch(parsed, table, set())
    return parsed


def _read_defaults(schema: Any, plain: bool) -> dict[tuple[str, str], Any]:
    """(record full name, field name) -> the field default's read form, for every default."""
    from event_contracts._runtime.avro_resolve import expand_in  # it imports this module

    names: dict[str, Any] = {}
    expand_in(schema, names, None)
    out: dict[tuple[str, str], Any] = {}
    for full, node in names.items():
        if node.get("type") != "record":
            continue
        for f in node["fields"]:
            if "default" in f:
                # a default that does not fit is left as written: validation reports it
                with contextlib.suppress(ValueError, TypeError, KeyError, ArithmeticError):
                    out[(full, f["name"])] = read_default(f["type"], f["default"], plain=plain)
    return out


def _patch(node: Any, table: dict[tuple[str, str], Any], seen: set[int]) -> None:
    if isinstance(node, list):
        for branch in node:
            _patch(branch, table, seen)
        return
    if not isinstance(node, dict) or id(node) in seen:
        return
    seen.add(id(node))
    for part in ("type", "items", "values"):
        if isinstance(node.get(part), list | dict):
            _patch(node[part], table, seen)
    for f in node.get("fields", ()):
        key = (str(node.get("name")), str(f["name"]))
        if "default" in f and key in table:
            f["default"] = table[key]
        _patch(f["type"], table, seen)
