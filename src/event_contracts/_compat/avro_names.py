"""Index an Avro schema into a graph of typed nodes (`avro_nodes`): named types, fullnames,
aliases.

A named type referenced by name resolves to the very node that defines it, so a recursive
record is a cycle in the graph (the walker memoises on node identity). Indexed schemas are
cached by their JSON text (or a fingerprint of the decoded value): a catalog check parses
each version once. The second schema of a pair from text takes the first one's nodes for
what did not change (see `_Parser`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from event_contracts._compat.avro_nodes import (
    PRIMITIVE_NODES,
    PRIMITIVES,
    SAME_IF_EQUAL,
    SAME_IF_IDENTICAL,
    SAME_NEVER,
    FieldRef,
    Indexed,
    Node,
    qualify,
)
from event_contracts._compat.avro_same import Read, fingerprint, identical, read_alike
from event_contracts.errors import Problem, SchemaError

_NAMED = frozenset({"record", "error", "enum", "fixed"})


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


# Named subtrees that refer to no type outside themselves, shared between the schemas that
# contain them at the same place: a catalog's versions reuse one node for an unchanged
# nested type, and the walker skips a node paired with itself.
_SHARED: dict[tuple[str, str, bytes], Node] = {}
_ANONYMOUS: dict[Any, Node] = {}
_SHARED_SIZE = 65536


def _share(key: Any, node: Node) -> Node:
    """A small unnamed type built of primitives (a logical type, a union, array or map of
    primitives) means the same everywhere: keep one node for it, so that the walker skips
    the pair when both versions have it."""
    hit = _ANONYMOUS.get(key)
    if hit is None:
        if len(_ANONYMOUS) >= _SHARED_SIZE:
            _ANONYMOUS.clear()
        hit = _ANONYMOUS[key] = node
    return hit


def _all_primitive(union: list[Any]) -> bool:
    try:
        return PRIMITIVES.issuperset(union)
    except TypeError:  # an object or array among the branches
        return False


class _Parser:
    """One schema into nodes.

    `like`: the other schema of a pair, parsed from JSON text (its raw objects are ours, never
    a caller's, so they cannot change under us). A record field whose type is the JSON of the
    same field (same record name, same place) in `like` takes `like`'s node instead of a new
    one: no parse, and the walker skips a node paired with itself. `==` on JSON values equates
    1, 1.0 and true, so a type that reads a number (a fixed size, a decimal's precision, a
    default) is taken only when each number it reads has the same type in both (`avro_same`:
    where `like` read it, or by marshal bytes for numbers inside an array or object default);
    a type that refers to a named type defined outside it is never taken (it may differ).

    `share`: look named types up in `_SHARED` (the path of decoded values, whose catalog
    checks reuse unchanged nested types across pairs; text uses `like` instead).
    """

    def __init__(self, like: Indexed | None = None, share: bool = True) -> None:
        self.names: dict[str, Node] = {}
        self.order: list[Node] = []  # named nodes in definition order
        self.refs = 0  # references to named types seen so far
        # The numbers or booleans read so far (sizes, decimals, defaults): where (pointer of
        # the object, key, type of the value), or None for a read not placed (a shared
        # subtree, a default that is an array or object). Its length counts them.
        self.reads: list[Read | None] = []
        self.numbers = 0  # `len(self.reads)`, kept: read per field, cheaper than a call
        # The reads of each field type that reads numbers, by the type's pointer.
        self.reads_of: dict[str, tuple[Read | None, ...]] = {}
        self.like, self.share = like, share

    def parse(self, schema: Any, at: str, ns: str) -> Node:
        if type(schema) is str:
            return PRIMITIVE_NODES.get(schema) or self._ref(schema, at, ns)
        key: Any = None
        if type(schema) is dict:
            kind = schema.get("type")
            if kind in _NAMED:
                if not self.share:
                    return self._named(schema, kind, at, ns)
                return self._parse_named(schema, kind, at, ns)
            if kind in PRIMITIVES:
                if "logicalType" not in schema:
                    return PRIMITIVE_NODES[kind]
                # Keyed by what the node holds, not by the raw object: no fingerprint needed
                # (with the types of the numbers: a precision of true is not one of 1).
                node = self._logical(Node(kind), schema, at)
                p, sc = node.precision, node.scale
                return _share(("logical", kind, node.logical, p, sc, type(p), type(sc)), node)
            if kind == "array" or kind == "map":
                inner = schema.get("items" if kind == "array" else "values")
                if type(inner) is str and inner in PRIMITIVES:
                    key = (kind, inner)
        elif type(schema) is list and _all_primitive(schema):
            key = tuple(schema)
        if key is None:
            return self._parse(schema, at, ns)
        return _ANONYMOUS.get(key) or _share(key, self._parse(schema, at, ns))

    def _parse_named(self, schema: dict[str, Any], kind: str, at: str, ns: str) -> Node:
        if not at or not self.share:
            return self._named(schema, kind, at, ns)
        key = (at, ns, fingerprint(schema))
        hit = _SHARED.get(key)
        if hit is not None:
            return self._reuse(hit, at)
        start, refs = len(self.order), self.refs
        node = self._named(schema, kind, at, ns)
        if self.refs == refs:  # closed: safe to share
            node.defines = tuple(self.order[start + 1 :])
            if len(_SHARED) >= _SHARED_SIZE:
                _SHARED.clear()
            _SHARED[key] = node
        return node

    def _parse(self, schema: Any, at: str, ns: str) -> Node:
        if type(schema) is list:
            node = Node("union")
            node.branches = tuple(
                [
                    PRIMITIVE_NODES.get(b) or self.parse(b, f"{at}/{i}", ns)
                    if type(b) is str
                    else self.parse(b, f"{at}/{i}", ns)
                    for i, b in enumerate(schema)
                ]
            )
            if len(schema) == 2 and schema[0] == "null" and node.branches[1].reads_self:
                node.reads_self = True  # the usual optional type: `null` shadows nothing
            return node
        if type(schema) is not dict:
            raise _bad(at, f"a schema must be a string, object or array, not {schema!r}")
        kind = schema.get("type")  # primitives and named types: see `parse`
        if kind == "array":
            node = Node("array")
            node.items = self.parse(schema.get("items"), f"{at}/items", ns)
            if node.items.reads_self:
                node.reads_self = True
            return node
        if kind == "map":
            node = Node("map")
            node.items = self.parse(schema.get("values"), f"{at}/values", ns)
            if node.items.reads_self:
                node.reads_self = True
            return node
        if isinstance(kind, (dict, list)):
            return self.parse(kind, f"{at}/type", ns)
        if isinstance(kind, str):
            return self._ref(kind, f"{at}/type", ns)
        raise _bad(at, f"unknown Avro type {kind!r}")

    def _reuse(self, node: Node, at: str) -> Node:
        self.reads.append(None)  # unknown: count it as read
        self.numbers += 1
        self._define((node, *node.defines))
        return node

    def _define(self, named_nodes: Iterable[Node]) -> None:
        """Name the named types of a reused subtree, as parsing them would have."""
        for named in named_nodes:
            if named.fullname in self.names:
                raise _bad(f"{named.pointer}/name", f"the type {named.fullname!r} is defined twice")
            self.names[named.fullname] = named
            self.order.append(named)

    def _ref(self, name: str, at: str, ns: str) -> Node:
        if name in PRIMITIVES:
            return PRIMITIVE_NODES[name]
        found = self.names.get(qualify(name, ns)) or self.names.get(name)
        if found is None:
            raise _bad(at, f"unknown type {name!r}: define it before referring to it by name")
        self.refs += 1
        return found

    def _logical(self, node: Node, schema: dict[str, Any], at: str) -> Node:
        logical = schema.get("logicalType")
        if isinstance(logical, str):
            node.logical = logical
            if logical == "decimal":
                p, s = schema.get("precision"), schema.get("scale")
                self.reads += ((at, "precision", type(p)), (at, "scale", type(s)))
                self.numbers += 2
                node.precision = p if isinstance(p, int) else 0
                node.scale = s if isinstance(s, int) else 0  # (none: 0)
        return node

    def _named(self, schema: dict[str, Any], kind: str, at: str, ns: str) -> Node:
        name = schema.get("name")
        if not isinstance(name, str) or not name:
            raise _bad(f"{at}/name", f"a {kind} needs a name")
        if "." in name:
            full = name
        else:
            own = schema.get("namespace")
            space = own if isinstance(own, str) else ns
            full = f"{space}.{name}" if space else name  # `qualify`, inline
        inner_ns, _, short = full.rpartition(".")
        node = Node("record" if kind == "error" else kind)
        node.pointer, node.fullname, node.short = at, full, short
        aliases = schema.get("aliases")
        if aliases and isinstance(aliases, list):
            raw = frozenset(a for a in aliases if isinstance(a, str))
            node.raw_aliases = raw
            node.aliases = frozenset(qualify(a, inner_ns) for a in raw)
        if full in self.names:
            raise _bad(f"{at}/name", f"the type {full!r} is defined twice")
        self.names[full] = node  # before the fields: a record may refer to itself
        self.order.append(node)
        if kind == "enum":
            symbols = schema.get("symbols")
            node.symbols = tuple(s for s in symbols if isinstance(s, str)) if symbols else ()
            default = schema.get("default")
            node.default = default if isinstance(default, str) else None
        elif kind == "fixed":
            size = schema.get("size")
            node.size = size if isinstance(size, int) else -1
            self.reads.append((at, "size", type(size)))
            self.numbers += 1
            self._logical(node, schema, at)
        else:
            self._fields(node, schema.get("fields"), at, inner_ns)
        return node

    def _fields(self, record: Node, fields: Any, at: str, ns: str) -> None:
        if type(fields) is not list:
            raise _bad(f"{at}/fields", "a record needs a list of fields")
        like = self.like
        if like is not None:
            was = like.names.get(record.fullname)
            like = like if was is not None and was.pointer == at and was.field_refs else None
            if like is not None:
                assert was is not None
                was_refs, was_raw, was_count = was.field_refs, was.field_raw, len(was.field_refs)
        refs: list[FieldRef] = []
        by_name: dict[str, FieldRef] = {}  # filled in the same loop: cheaper than a second pass
        primitive = PRIMITIVE_NODES.get
        aliased = False  # a field with aliases: the walker then looks for ambiguous ones
        plain = True  # every field's type reads itself (`avro_self`): known without a walk
        for i, f in enumerate(fields):
            if type(f) is dict and "aliases" in f:
                aliased = True
            if like is not None and i < was_count and f == was_raw[i]:
                # The very field of `like` (name, type, default, ...): its `FieldRef` as is,
                # when the general path below would make an equal one.
                ref: FieldRef = was_refs[i]
                same = ref[3]
                if (
                    same == SAME_IF_EQUAL
                    or (same == SAME_NEVER and ref[1].kind in PRIMITIVES)
                    or (
                        same == SAME_IF_IDENTICAL
                        and self._alike(was_raw[i]["type"], f["type"], at, i)
                    )
                ):
                    if ref[4] != ref[5]:  # defines named types: name them here too
                        start = len(self.order)
                        self._define(like.order[ref[4] : ref[5]])
                        if start != ref[4]:
                            ref = (ref[0], ref[1], i, same, start, len(self.order))
                    if "default" in f:
                        default = f["default"]
                        if default is not None and type(default) is not str:
                            self.reads.append(_read_of_default(default, at, i))
                            self.numbers += 1
                    by_name[ref[0]] = ref
                    refs.append(ref)
                    if not ref[1].reads_self:
                        plain = False
                    continue
            name = f.get("name") if type(f) is dict else None
            if type(name) is not str:
                raise _bad(f"{at}/fields/{i}", "a field needs a name and a type")
            t = f.get("type")
            node = primitive(t) if type(t) is str else None
            if node is not None:
                ref = (name, node, i, SAME_NEVER, 0, 0)
            elif (
                like is not None and i < was_count and self._same(was_refs[i], was_raw[i], t, at, i)
            ):
                was_ref = was_refs[i]
                if was_ref[4] == was_ref[5]:  # defines no named type
                    ref = (name, was_ref[1], i, was_ref[3], 0, 0)
                else:
                    start = len(self.order)
                    self._define(like.order[was_ref[4] : was_ref[5]])
                    ref = (name, was_ref[1], i, was_ref[3], start, len(self.order))
            else:
                refs_before, reads, start = self.refs, self.numbers, len(self.order)
                where = f"{at}/fields/{i}/type"
                node = self.parse(t, where, ns)
                same = (
                    SAME_NEVER
                    if self.refs != refs_before
                    else SAME_IF_EQUAL
                    if self.numbers == reads
                    else SAME_IF_IDENTICAL
                )
                if same == SAME_IF_IDENTICAL:
                    self.reads_of[where] = tuple(self.reads[reads:])
                ref = (name, node, i, same, start, len(self.order))
            if "default" in f:
                default = f["default"]
                if default is not None and type(default) is not str:
                    self.reads.append(_read_of_default(default, at, i))
                    self.numbers += 1
            by_name[name] = ref
            refs.append(ref)
            if not ref[1].reads_self:
                plain = False
        record.field_refs, record.field_map, record.field_raw = refs, by_name, fields
        record.field_aliases = aliased
        if plain:
            record.reads_self = True

    def _same(self, was_ref: FieldRef, was_raw: dict[str, Any], t: Any, at: str, i: int) -> bool:
        """Does the type `t` mean what the other schema's field `was_ref` means?"""
        same = was_ref[3]
        if same == SAME_NEVER:
            return False
        was = was_raw.get("type")
        if was != t:
            return False
        return same == SAME_IF_EQUAL or self._alike(was, t, at, i)

    def _alike(self, was: Any, t: Any, at: str, i: int) -> bool:
        """Are the numbers the type `t` reads (`== was`, of `like`'s field `i` in the record at
        `at`) of the types `was` has? Then they count as read here too."""
        assert self.like is not None
        where = f"{at}/fields/{i}/type"
        reads = self.like.reads_of.get(where)
        if reads is None or None in reads:
            if not identical(was, t):
                return False
        elif not read_alike(reads, len(where), t):
            return False
        placed = reads or (None,)
        self.reads.extend(placed)
        self.numbers += len(placed)
        if reads is not None:
            self.reads_of[where] = reads  # for a schema parsed next to this one
        return True


def _read_of_default(default: Any, at: str, i: int) -> Read | None:
    """A field's default, read by the rules and by fastavro: where its number is."""
    if (type(default) is dict or type(default) is list) and default:
        return None  # numbers inside, not placed one by one
    return (f"{at}/fields/{i}", "default", type(default))


# Indexed schemas by JSON text (str keys) or by fingerprint of the decoded value (bytes keys).
_CACHE: OrderedDict[str | bytes, Indexed] = OrderedDict()
_CACHE_SIZE = 8192


def index(schema: Any) -> Indexed:
    """Parse `schema` (already JSON-decoded) into nodes, cached by its fingerprint."""
    key = fingerprint(schema)
    return _CACHE.get(key) or _store(key, schema)


def index_text(text: str, decoded: Callable[[], Any], like: Indexed | None = None) -> Indexed:
    """Parse the schema JSON `text` into nodes, cached by the text itself.

    Hashing a string is cheaper than fingerprinting its decoded value, and a hit needs no
    decoding at all. `decoded()` gives the decoded value on a miss. `like`: the schema this
    one is checked against, parsed from text too (see `_Parser`): what did not change is not
    parsed again.
    """
    return _CACHE.get(text) or _store(text, decoded(), _Parser(like, share=False))


def _store(key: str | bytes, schema: Any, parser: _Parser | None = None) -> Indexed:
    parser = parser or _Parser()
    result = Indexed(schema, parser.parse(schema, "", ""), parser.names, parser.order)
    result.reads_of = parser.reads_of
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def clear_cache() -> None:
    _CACHE.clear()
    _SHARED.clear()
    _ANONYMOUS.clear()
