"""Hypothesis strategies for Avro schemas: mostly valid, some subtly broken.

Names collide on purpose (small pools), references use short and full names across nested
namespaces, and each attribute is now and then given a wrong value, so that both verdicts
(valid and invalid) are common and the differential test against Apache Avro has teeth.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

NAMES = ["A", "B", "Rec", "_u", "x1"]
ODD_NAMES = ["1a", "a-b", "", "é", "a b", "a.", ".a"]
PRIMITIVE_NAMES = ["int", "string", "null"]
FIELD_NAMES = ["a", "b", "id", "_x", "value"]
NAMESPACES = ["n", "n.m", "x.y.z", "org.acme"]
BAD_NAMESPACES = ["1n", "n.", ".n", "n..m", "n-m"]
PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
# (underlying type, logical type): right and wrong pairs. Apache Avro's Python parser does not
# know local-timestamp-*, *-nanos, duration or uuid on fixed, so those appear only where valid.
LOGICAL_PAIRS = [
    ("int", "date"),
    ("long", "date"),
    ("int", "time-millis"),
    ("long", "time-millis"),
    ("long", "time-micros"),
    ("int", "time-micros"),
    ("long", "timestamp-millis"),
    ("int", "timestamp-millis"),
    ("long", "timestamp-micros"),
    ("string", "timestamp-micros"),
    ("long", "local-timestamp-millis"),
    ("long", "timestamp-nanos"),
    ("string", "uuid"),
    ("bytes", "uuid"),
    ("string", "not-a-logical-type"),
]
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    1,
    -1,
    2**31,
    -(2**31) - 1,
    2**63,
    1.5,
    "x",
    "\u00ff",
    "\u0100",
    "",
    [],
    [1],
    {},
    {"a": 1},
]


class Builder:
    """Draws one schema, remembering the named types defined so far (for references)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.defined: dict[str, Any] = {}  # fullname -> definition

    def pct(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) < percent

    def pick(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    # -- names -----------------------------------------------------------------------------

    def type_name(self) -> str:
        if self.pct(4):
            return str(self.pick(ODD_NAMES))
        if self.pct(4):
            return str(self.pick(PRIMITIVE_NAMES))
        name = str(self.pick(NAMES))
        return f"{self.pick(NAMESPACES)}.{name}" if self.pct(10) else name

    def namespace_attr(self) -> dict[str, Any]:
        roll = self.draw(st.integers(0, 99))
        if roll < 55:
            return {}
        if roll < 80:
            return {"namespace": self.pick(NAMESPACES)}
        if roll < 87:
            return {"namespace": ""}
        if roll < 92:
            return {"namespace": None}
        return {"namespace": self.pick(BAD_NAMESPACES)}

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, ns: str | None, depth: int) -> Any:
        kinds = ["primitive", "primitive", "logical", "array", "map"]
        if self.defined:
            kinds += ["reference", "reference"]
        if depth < 3:
            kinds += ["record", "enum", "fixed", "union", "union"]
        kind = self.pick(kinds)
        if kind == "primitive":
            name = self.pick(PRIMITIVES)
            return {"type": name} if self.pct(20) else name
        if kind == "logical":
            return self.logical()
        if kind == "reference":
            return self.reference(ns)
        if kind in ("array", "map"):
            key = "items" if kind == "array" else "values"
            if self.pct(3):
                return {"type": kind}
            node = {"type": kind, key: self.schema(ns, depth + 1)}
            if self.pct(3):
                node["logicalType"] = self.pick(["date", "not-a-logical-type"])
            return node
        if kind == "union":
            return self.union(ns, depth)
        return self.named(kind, ns, depth)

    def logical(self) -> dict[str, Any]:
        if self.pct(25):
            node: dict[str, Any] = {"type": "bytes", "logicalType": "decimal"}
            node.update(self.decimal_params())
            return node
        base, logical = self.pick(LOGICAL_PAIRS)
        return {"type": base, "logicalType": logical}

    def decimal_params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.pct(5):
            out["precision"] = self.pick([1, 4, 9, 18, 0, -1, 2.5])
        if self.pct(60):
            out["scale"] = self.pick([0, 2, 5, 20, -1, 1.5])
        return out

    def reference(self, ns: str | None) -> str:
        if self.pct(4):
            return "Nope"
        full = str(self.pick(sorted(self.defined)))
        space, _, short = full.rpartition(".")
        if (space or None) == ns or self.pct(10):
            return short  # relative to the enclosing namespace (sometimes wrongly so)
        return full

    def union(self, ns: str | None, depth: int) -> list[Any]:
        branches = [self.schema(ns, depth + 1) for _ in range(self.draw(st.integers(0, 3)))]
        if branches and self.pct(10):
            branches.append(self.pick(branches))  # a duplicate branch
        if self.pct(3):
            branches.append(["null", "int"])  # a union inside a union
        return branches

    def named(self, kind: str, ns: str | None, depth: int) -> dict[str, Any]:
        name = self.type_name()
        node: dict[str, Any] = {"type": kind, "name": name, **self.namespace_attr()}
        space = node.get("namespace", ns)
        full = name if "." in name or not space else f"{space}.{name}"
        self.defined.setdefault(full, node)
        inner = full.rpartition(".")[0] or None
        if self.pct(8):
            node["aliases"] = self.pick([["Old"], ["org.old.Old"], ["1x"], "Old"])
        if self.pct(8):
            node["doc"] = self.pick(["Some words.", 5])
        if self.pct(3) and kind != "fixed":  # fixed has its own (uuid on fixed: Python lacks it)
            node["logicalType"] = self.pick(["uuid", "decimal", "not-a-logical-type"])
        if kind in ("record", "error"):
            node["fields"] = [self.field(inner, depth) for _ in range(self.draw(st.integers(0, 4)))]
            if self.pct(2):
                del node["fields"]
        elif kind == "enum":
            node["symbols"] = self.draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=3))
            if self.pct(5):
                node["symbols"].append(self.pick(["1A", "A", 3]))
            if self.pct(20):
                node["default"] = self.pick(["A", "B", "Z"])
        else:
            node["size"] = self.pick([0, 1, 4, 12, 16]) if not self.pct(5) else self.pick([-1, "4"])
            if self.pct(20):
                node["logicalType"] = "decimal"
                node.update(self.decimal_params())
        return node

    def field(self, ns: str | None, depth: int) -> dict[str, Any]:
        name = self.pick(FIELD_NAMES) if not self.pct(4) else self.pick(ODD_NAMES)
        ftype = self.schema(ns, depth + 1)
        field: dict[str, Any] = {"name": name, "type": ftype}
        roll = self.draw(st.integers(0, 99))
        if roll < 35:
            value = self.value(ftype, ns, 0)
            if value is not _NONE:
                field["default"] = value
        elif roll < 50:
            field["default"] = self.pick(ODD_VALUES)
        if self.pct(8):
            field["order"] = self.pick(["ascending", "descending", "ignore", "up"])
        if self.pct(8):
            field["doc"] = self.pick(["A field.", 7])
        if self.pct(6):
            field["aliases"] = self.pick([["old"], ["1old"], "old"])
        return field

    # -- default values --------------------------------------------------------------------

    def value(self, schema: Any, ns: str | None, depth: int) -> Any:
        """A valid default for `schema` (by our reading of the spec), or _NONE."""
        if depth > 4:
            return _NONE
        if isinstance(schema, list):
            return self.value(schema[0], ns, depth + 1) if schema else _NONE
        if isinstance(schema, str):
            if schema in PRIMITIVES:
                return self.primitive_value(schema)
            full = schema if "." in schema or not ns else f"{ns}.{schema}"
            node = self.defined.get(full)
            if node is None:
                return _NONE
            return self.value(node, full.rpartition(".")[0] or None, depth + 1)
        if not isinstance(schema, dict):
            return _NONE
        kind = schema.get("type")
        if kind in PRIMITIVES:
            return self.primitive_value(str(kind))
        if kind == "array":
            item = self.value(schema.get("items"), ns, depth + 1)
            return [] if item is _NONE else self.pick([[], [item]])
        if kind == "map":
            item = self.value(schema.get("values"), ns, depth + 1)
            return {} if item is _NONE else self.pick([{}, {"k": item}])
        if kind == "enum":
            symbols = [s for s in schema.get("symbols") or [] if isinstance(s, str)]
            return self.pick(symbols) if symbols else _NONE
        if kind == "fixed":
            size = schema.get("size")
            return "\u00e9" * size if isinstance(size, int) and 0 <= size < 20 else _NONE
        if kind in ("record", "error"):
            out: dict[str, Any] = {}
            for f in schema.get("fields") or []:
                if not isinstance(f, dict) or not isinstance(f.get("name"), str):
                    continue
                if "default" in f and self.pct(50):
                    continue  # leave it out: the field's own default fills in
                v = self.value(f.get("type"), ns, depth + 1)
                if v is _NONE:
                    return _NONE
                out[f["name"]] = v
            return out
        return _NONE

    def primitive_value(self, kind: str) -> Any:
        return {
            "null": None,
            "boolean": self.pick([True, False]),
            "int": self.pick([0, -5, 2**31 - 1]),
            "long": self.pick([0, 2**40, -(2**63)]),
            "float": self.pick([0, 1.5, -3]),
            "double": self.pick([0.25, 7]),
            "bytes": self.pick(["", "\u0000\u00ff", "abc"]),
            "string": self.pick(["", "text", "\u20ac"]),
        }[kind]


_NONE: Any = object()  # "no value could be drawn"


@st.composite
def avro_schemas(draw: st.DrawFn) -> Any:
    """A whole schema: usually a record, as event schemas are, sometimes anything."""
    builder = Builder(draw)
    if builder.pct(75):
        return builder.named("record", None, 0)
    return builder.schema(None, 0)
