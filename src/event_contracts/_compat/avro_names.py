"""Index an Avro schema into a graph of typed nodes: named types, fullnames, aliases.

A named type referenced by name resolves to the very node that defines it, so a recursive
record is a cycle in the graph (the walker memoises on node identity). Indexed schemas are
cached by their canonical JSON text: a catalog check parses each version once.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from event_contracts._schema.jsonpos import escape
from event_contracts.errors import Problem, SchemaError

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
_NAMED = frozenset({"record", "error", "enum", "fixed"})


class Field:
    """One record field: its name, aliases, type node and default."""

    __slots__ = ("aliases", "default", "has_default", "index", "name", "type")

    def __init__(
        self, name: str, index: int, aliases: tuple[str, ...], node: Node, default: Any, has: bool
    ) -> None:
        self.name, self.index, self.aliases, self.type = name, index, aliases, node
        self.default, self.has_default = default, has


class Node:
    """One schema node. `kind` is a primitive name or record/enum/fixed/array/map/union.

    Only named nodes carry a meaningful `pointer` (where they are defined); the walker
    tracks the pointer of every other position itself.
    """

    __slots__ = (
        "aliases",
        "branches",
        "default",
        "fields",
        "fullname",
        "items",
        "kind",
        "logical",
        "pointer",
        "precision",
        "raw_aliases",
        "scale",
        "short",
        "size",
        "symbols",
    )

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.pointer = ""
        self.fullname = self.short = ""
        self.aliases: frozenset[str] = frozenset()  # as qualified by the node's namespace
        self.raw_aliases: frozenset[str] = frozenset()  # as written
        self.fields: tuple[Field, ...] = ()
        self.symbols: tuple[str, ...] = ()
        self.default: str | None = None  # enum default
        self.size = 0
        self.items: Node | None = None  # array items, map values
        self.branches: tuple[Node, ...] = ()
        self.logical: str | None = None
        self.precision = 0
        self.scale = 0

    @property
    def named(self) -> bool:
        return self.kind in ("record", "enum", "fixed")

    def label(self) -> str:
        """How a message names this type: `Name` for named types, else the kind."""
        if self.named:
            return self.short
        if self.logical:
            return f"{self.kind} ({self.logical})"
        return self.kind


_PRIMITIVE_NODES = {p: Node(p) for p in PRIMITIVES}


class Indexed:
    """A parsed schema: its root node and its named types by fullname."""

    __slots__ = ("names", "raw", "root")

    def __init__(self, raw: Any, root: Node, names: dict[str, Node]) -> None:
        self.raw, self.root, self.names = raw, root, names


def _bad(pointer: str, message: str) -> SchemaError:
    return SchemaError(
        [
            Problem(
                "AVRO_INVALID",
                None,
                message,
                "correct the schema so it follows the Avro specification",
                pointer=pointer,
            )
        ]
    )


def _qualify(name: str, namespace: str) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


class _Parser:
    def __init__(self) -> None:
        self.names: dict[str, Node] = {}

    def parse(self, schema: Any, at: str, ns: str) -> Node:
        if isinstance(schema, str):
            return self._ref(schema, at, ns)
        if isinstance(schema, list):
            node = Node("union")
            node.branches = tuple(self.parse(b, f"{at}/{i}", ns) for i, b in enumerate(schema))
            return node
        if not isinstance(schema, dict):
            raise _bad(at, f"a schema must be a string, object or array, not {schema!r}")
        kind = schema.get("type")
        if isinstance(kind, (dict, list)):
            return self.parse(kind, f"{at}/type", ns)
        if kind in PRIMITIVES:
            return self._logical(Node(kind), schema)
        if kind in _NAMED:
            return self._named(schema, kind, at, ns)
        if kind == "array":
            node = Node("array")
            node.items = self.parse(schema.get("items"), f"{at}/items", ns)
            return node
        if kind == "map":
            node = Node("map")
            node.items = self.parse(schema.get("values"), f"{at}/values", ns)
            return node
        if isinstance(kind, str):
            return self._ref(kind, f"{at}/type", ns)
        raise _bad(at, f"unknown Avro type {kind!r}")

    def _ref(self, name: str, at: str, ns: str) -> Node:
        if name in PRIMITIVES:
            return _PRIMITIVE_NODES[name]
        found = self.names.get(_qualify(name, ns)) or self.names.get(name)
        if found is None:
            raise _bad(at, f"unknown type {name!r}: define it before referring to it by name")
        return found

    def _logical(self, node: Node, schema: dict[str, Any]) -> Node:
        logical = schema.get("logicalType")
        if isinstance(logical, str):
            node.logical = logical
            if logical == "decimal":
                p, s = schema.get("precision"), schema.get("scale", 0)
                node.precision = p if isinstance(p, int) else 0
                node.scale = s if isinstance(s, int) else 0
        return node

    def _named(self, schema: dict[str, Any], kind: str, at: str, ns: str) -> Node:
        name = schema.get("name")
        if not isinstance(name, str) or not name:
            raise _bad(f"{at}/name", f"a {kind} needs a name")
        if "." in name:
            full = name
        else:
            own = schema.get("namespace")
            full = _qualify(name, own if isinstance(own, str) else ns)
        inner_ns = full.rpartition(".")[0]
        node = Node("record" if kind == "error" else kind)
        node.pointer, node.fullname, node.short = at, full, full.rpartition(".")[2]
        aliases = schema.get("aliases") or ()
        if isinstance(aliases, list):
            raw = frozenset(a for a in aliases if isinstance(a, str))
            node.raw_aliases = raw
            node.aliases = frozenset(_qualify(a, inner_ns) for a in raw)
        if full in self.names:
            raise _bad(f"{at}/name", f"the type {full!r} is defined twice")
        self.names[full] = node  # before the fields: a record may refer to itself
        if kind == "enum":
            symbols = schema.get("symbols")
            node.symbols = tuple(s for s in symbols if isinstance(s, str)) if symbols else ()
            default = schema.get("default")
            node.default = default if isinstance(default, str) else None
        elif kind == "fixed":
            size = schema.get("size")
            node.size = size if isinstance(size, int) else -1
            self._logical(node, schema)
        else:
            node.fields = self._fields(schema.get("fields"), at, inner_ns)
        return node

    def _fields(self, fields: Any, at: str, ns: str) -> tuple[Field, ...]:
        if not isinstance(fields, list):
            raise _bad(f"{at}/fields", "a record needs a list of fields")
        out = []
        for i, f in enumerate(fields):
            if not isinstance(f, dict) or not isinstance(f.get("name"), str):
                raise _bad(f"{at}/fields/{i}", "a field needs a name and a type")
            aliases = f.get("aliases") or ()
            node = self.parse(f.get("type"), f"{at}/fields/{i}/type", ns)
            out.append(
                Field(
                    f["name"],
                    i,
                    tuple(a for a in aliases if isinstance(a, str)),
                    node,
                    f.get("default"),
                    "default" in f,
                )
            )
        return tuple(out)


_CACHE: OrderedDict[str, Indexed] = OrderedDict()
_CACHE_SIZE = 8192


def canonical_text(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, separators=(",", ":"))


def index(schema: Any) -> Indexed:
    """Parse `schema` (already JSON-decoded) into nodes, cached by its canonical text."""
    key = canonical_text(schema)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    parser = _Parser()
    result = Indexed(schema, parser.parse(schema, "", ""), parser.names)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def clear_cache() -> None:
    _CACHE.clear()


def names_match(reader: Node, writer: Node) -> bool:
    """Avro 1.12: unqualified names match, or a reader alias names the writer type.

    Aliases count as written (short or full, as fastavro matches them) and as qualified by
    the reader's namespace (as Java matches them).
    """
    if reader.short == writer.short:
        return True
    return (
        writer.fullname in reader.aliases
        or writer.fullname in reader.raw_aliases
        or writer.short in reader.raw_aliases
    )


def field_token(name: str) -> str:
    return escape(name)
