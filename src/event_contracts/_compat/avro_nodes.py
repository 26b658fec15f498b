"""The parsed form of an Avro schema: typed nodes, record fields, the indexed schema.

`avro_names` builds them from JSON; the walker (`avro_walk`) and the rules read them.
"""

from __future__ import annotations

from typing import Any

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


class Field:
    """One record field: its name, type node and the raw field object.

    Aliases and the default are read from the raw object on demand: the walker needs them
    only for a reader field the writer lacks, so parsing does not copy them out. Parsing
    builds none of these: a record keeps a `FieldRef` per field (a tuple is a third of the
    cost of an object), and `Node.fields` makes the objects for the code that wants them.
    """

    __slots__ = ("index", "name", "raw", "type")

    def __init__(self, name: str, index: int, raw: dict[str, Any], node: Node) -> None:
        self.name, self.index, self.raw, self.type = name, index, raw, node

    @property
    def aliases(self) -> tuple[str, ...]:
        aliases = self.raw.get("aliases")
        return tuple(a for a in aliases if isinstance(a, str)) if aliases else ()

    @property
    def default(self) -> Any:
        return self.raw.get("default")

    @property
    def has_default(self) -> bool:
        return "default" in self.raw


class Node:
    """One schema node. `kind` is a primitive name or record/enum/fixed/array/map/union.

    Only named nodes carry a meaningful `pointer` (where they are defined); the walker
    tracks the pointer of every other position itself. Slots, every one set when the node
    is made: cheaper to make, read and free than an instance dictionary over class defaults.
    """

    __slots__ = (
        "_fields",
        "aliases",
        "branches",
        "default",
        "defines",
        "field_aliases",
        "field_map",
        "field_raw",
        "field_refs",
        "fullname",
        "items",
        "kind",
        "logical",
        "pointer",
        "precision",
        "raw_aliases",
        "reads_self",
        "scale",
        "short",
        "size",
        "symbols",
    )
    aliases: frozenset[str]  # as qualified by the node's namespace
    raw_aliases: frozenset[str]  # as written
    # A record's fields in order, as `FieldRef`s; the same by name (the last field of a name,
    # as Avro resolves them); the raw field objects (the schema's own list).
    field_refs: list[FieldRef]
    field_map: dict[str, FieldRef]
    field_raw: list[dict[str, Any]]
    symbols: tuple[str, ...]
    default: str | None  # enum default
    items: Node | None  # array items, map values
    branches: tuple[Node, ...]
    logical: str | None
    # Named types defined inside this one's subtree, itself excluded (cached nodes): holding
    # itself would make every shared node a reference cycle, freed only by the cyclic GC.
    defines: tuple[Node, ...]
    reads_self: bool | None  # `avro_self.reads_itself`, once known (no union below: True)
    field_aliases: bool  # a field of the record has aliases (`avro_walk._ambiguous`)

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.pointer = self.fullname = self.short = ""
        self.aliases = self.raw_aliases = _NO_NAMES
        self.field_refs, self.field_map, self.field_raw = _NO_REFS, _NO_MAP, _NO_RAW
        self.symbols = self.branches = self.defines = ()
        self.default = self.items = self.logical = None
        self.size = self.precision = self.scale = 0
        self.reads_self = None if kind in _HOLDERS else True
        self.field_aliases = False
        self._fields: tuple[Field, ...] | None = None

    @property
    def named(self) -> bool:
        return self.kind in ("record", "enum", "fixed")

    @property
    def fields(self) -> tuple[Field, ...]:
        """The record's fields as objects (built on first use, then kept)."""
        built = self._fields
        if built is None:
            raw = self.field_raw
            built = self._fields = tuple(
                Field(ref[0], ref[2], raw[ref[2]], ref[1]) for ref in self.field_refs
            )
        return built

    def field(self, i: int) -> Field:
        """The record's field `i` as an object (the walker's rare need: no `fields` built)."""
        built = self._fields
        if built is not None:
            return built[i]
        ref = self.field_refs[i]
        return Field(ref[0], i, self.field_raw[i], ref[1])

    def label(self) -> str:
        """How a message names this type: `Name` for named types, else the kind."""
        if self.named:
            return self.short
        if self.logical:
            return f"{self.kind} ({self.logical})"
        return self.kind


_HOLDERS = frozenset({"record", "union", "array", "map"})  # kinds that may hold a union
_NO_NAMES: frozenset[str] = frozenset()
_NO_REFS: list[FieldRef] = []  # shared by every node that is no record: never mutated
_NO_MAP: dict[str, FieldRef] = {}
_NO_RAW: list[dict[str, Any]] = []
_NO_READS: dict[str, tuple[tuple[str, str, type] | None, ...]] = {}  # (never mutated)

FieldRef = tuple[str, Node, int, int, int, int]
"""A record field as the walker sees it: name, type node, index in the record; and how a
schema parsed next to this one may reuse the type node (see `_Parser`): SAME_NEVER,
SAME_IF_EQUAL or SAME_IF_IDENTICAL, and the slice of `Indexed.order` (start, end) that
holds the named types the field's type defines."""

SAME_NEVER = 0  # a primitive, or a type that refers to named types defined elsewhere
SAME_IF_EQUAL = 1  # JSON `==` is enough: no number or boolean in it is read
SAME_IF_IDENTICAL = 2  # reads a number (size, precision, scale, a default): types must match

PRIMITIVE_NODES = {p: Node(p) for p in PRIMITIVES}


class Indexed:
    """A parsed schema: its root node and its named types by fullname.

    `fastavro` holds fastavro's parse of `raw` (key False) and of `raw` without logical
    types (key True), made on first use by the counterexample builder (`avro_data`): kept
    here, they live as long as the cached index and cost nothing to look up.
    """

    __slots__ = ("fastavro", "names", "order", "raw", "reads_of", "root")

    def __init__(self, raw: Any, root: Node, names: dict[str, Node], order: list[Node]) -> None:
        self.raw, self.root, self.names, self.order = raw, root, names, order
        self.fastavro: dict[bool, Any] = {}
        # Where each field type that reads numbers reads them (see `avro_names._Parser`).
        self.reads_of: dict[str, tuple[tuple[str, str, type] | None, ...]] = _NO_READS


def qualify(name: str, namespace: str) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


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
