"""The schemas the fast paths write and read with, and the checks their plain reads need.

Both have the same bytes on the wire as the event's schema; they only change what fastavro
does with them, so that the generated builders and dumpers (`shape`) do the conversions once,
without fastavro's per-value dispatch:

- `strip_logical` (writing, and the base of reading): logical types dropped where the fast
  paths convert them (a union branch keeps its own, so that `date` and `int` branches read into
  different Python types);
- `read_schema`: besides, an enum is read as the `int` its index is on the wire (fastavro
  would look the index up, and reads a negative one as the last symbol), and no field defaults
  (a read with the writer's schema alone never uses them). The builder looks the index up in
  a `shape_common.IndexTable`, which refuses an index outside the symbols, and checks a bytes
  `decimal`'s length against its precision before converting it (`shape_leaf`): no pre-read
  scan is needed for them. `avro_scan` still covers what the read schema leaves to fastavro
  (an enum in a union with another int branch, a decimal on a union branch, zero-width array
  items): it scans a payload with the schema it is read with.
"""

from __future__ import annotations

from typing import Any

from event_contracts._runtime.avro_resolve import PRIMITIVES, expand_in
from event_contracts._runtime.shape_common import (
    converted_by_fastavro,
    enum_by_index,
    logical,
)

_COMPLEX = ("record", "error", "enum", "fixed", "array", "map")


def strip_logical(schema: Any) -> Any:
    """The schema without the logical types the fast paths convert themselves (same bytes on
    the wire). A union branch keeps its logical type, so that fastavro reads a `date` branch
    and an `int` branch into different Python types."""
    if isinstance(schema, list):
        return [b if logical(b) is not None else strip_logical(b) for b in schema]
    if converted_by_fastavro(schema):
        return schema
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "logicalType":
                continue
            if key in ("type", "items", "values"):
                out[key] = strip_logical(value)
            elif key == "fields" and isinstance(value, list):
                out[key] = [{**f, "type": strip_logical(f["type"])} for f in value]
            else:
                out[key] = value
        return out
    return schema


def read_schema(schema: Any) -> Any:
    """`strip_logical(schema)` with enums read by index where `enum_by_index` says so, and
    without field defaults: what the fast builders read a writer's bytes with."""
    names: dict[str, Any] = {}
    expand_in(schema, names, None)
    return _ReadSchema(names).node(strip_logical(schema), None, None)


class _ReadSchema:
    """Walks a (stripped) schema in its namespaces: an enum, defined or referenced, becomes
    `int` where it is read by index, and stays an enum elsewhere (its definition is written
    where it is first needed, by full name, when its first place became an `int`)."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.names = names  # full name -> expanded definition
        self.defined: set[str] = set()

    def full(self, name: str, ns: str | None) -> str:
        full = name if "." in name or not ns else f"{ns}.{name}"
        return full if full in self.names else name

    def expanded(self, node: Any, ns: str | None) -> Any:
        """Enough of the expanded form of `node` for `enum_by_index`: a name's definition."""
        if isinstance(node, str) and node not in PRIMITIVES:
            return self.names.get(self.full(node, ns), node)
        if isinstance(node, dict) and node.get("type") == "enum":
            return {"type": "enum"}
        return node

    def node(self, node: Any, ns: str | None, union: list[Any] | None) -> Any:
        if isinstance(node, list):
            expanded = [self.expanded(b, ns) for b in node]
            return [self.node(b, ns, expanded) for b in node]
        if isinstance(node, str):
            if node in PRIMITIVES:
                return node
            full = self.full(node, ns)
            if self.names.get(full, {}).get("type") == "enum":
                return self.enum(full, union)
            return node
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        if kind not in _COMPLEX:
            return {**node, "type": self.node(kind, ns, union)} if kind is not None else node
        if kind == "enum":
            full = str(node["name"])
            if "." not in full and node.get("namespace", ns):
                full = f"{node.get('namespace', ns)}.{full}"
            return self.enum(full, union)
        out = dict(node)
        if kind in ("record", "error"):
            name = str(node["name"])
            inner = name.rsplit(".", 1)[0] if "." in name else node.get("namespace", ns)
            out["fields"] = [
                {k: v for k, v in f.items() if k != "default"}
                | {"type": self.node(f["type"], inner or None, None)}
                for f in node["fields"]
            ]
        elif kind == "array":
            out["items"] = self.node(node["items"], ns, None)
        elif kind == "map":
            out["values"] = self.node(node["values"], ns, None)
        return out

    def enum(self, full: str, union: list[Any] | None) -> Any:
        if enum_by_index(union):
            return "int"
        if full in self.defined:
            return full
        self.defined.add(full)
        definition = self.names[full]
        out = {"type": "enum", "name": full, "symbols": list(definition["symbols"])}
        if "." not in full:
            out["namespace"] = ""  # the null namespace, wherever it is written
        if "default" in definition:
            out["default"] = definition["default"]
        return out
