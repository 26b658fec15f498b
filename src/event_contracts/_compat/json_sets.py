"""What a schema admits, in the terms the sound rules need: JSON types, finite values, disjointness.

Every answer errs on the safe side for the rule that asks: `admitted` may name more types than
a schema accepts (never fewer), `disjoint` says True only when no value can match both schemas,
and `valid` says None when `jsonschema` cannot apply the schema (the caller then stays
conservative).
"""

from __future__ import annotations

import math
from typing import Any

from event_contracts._compat.json_data import validator_of
from event_contracts._compat.json_nodes import Document, Kind, Loader, Node
from event_contracts._compat.json_numbers import exact

Types = frozenset[str] | None  # None: every JSON type
_DEPTH = 12


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def accepts_type(types: Types, name: str) -> bool:
    """Whether a schema admitting `types` admits values of JSON type `name`."""
    if types is None:
        return True
    return name in types or (name == "integer" and "number" in types)


def valid(doc: Document, schema: Any, value: Any) -> bool | None:
    """`value` against `schema` (a subschema of `doc`), by `jsonschema`; None: cannot tell."""
    if doc.prefix:  # a sibling file: its $refs resolve against another base
        return None
    try:
        return bool(validator_of(doc).evolve(schema=schema).is_valid(value))
    except Exception:  # an invalid schema or a reference jsonschema cannot follow
        return None


def finite(loader: Loader, node: Node) -> list[Any] | None:
    """Every value the schema object of `node` accepts, when `enum`/`const` lists them."""
    raw = node.raw
    if not isinstance(raw, dict):
        return [] if raw is False else None
    if "const" in raw:
        values = [raw["const"]]
    elif isinstance(raw.get("enum"), list):
        values = list(raw["enum"])
    elif raw.get("type") in ("boolean", "null") and node.kind in (Kind.BOOLEAN, Kind.NULL):
        values = [True, False] if raw["type"] == "boolean" else [None]
    elif raw.get("type") == "integer" and node.kind is Kind.NUMBER:
        found = _integers(raw)
        if found is None:
            return None
        values = list(found)
    else:
        return None
    kept: list[Any] = []
    for v in values:
        ok = valid(node.doc, raw, v)
        if ok is None:
            return None
        if ok:
            kept.append(v)
    return kept


_FEW = 64  # an integer range this small is checked value by value


def _integers(raw: dict[str, Any]) -> range | None:
    """The integers a bounded `integer` schema may allow (candidates; validated after). NaN
    and infinite bounds (`1e400` reads as one) are left out: no integer range ends there."""
    lows = [
        v for v in map(exact, (raw.get("minimum"), raw.get("exclusiveMinimum"))) if v is not None
    ]
    highs = [
        v for v in map(exact, (raw.get("maximum"), raw.get("exclusiveMaximum"))) if v is not None
    ]
    if not lows or not highs:
        return None
    start, stop = math.floor(max(lows)), math.ceil(min(highs))
    if stop - start > _FEW:
        return None
    return range(start, stop + 1)


def admitted(loader: Loader, node: Node, depth: int = 0) -> Types:
    """The JSON types the schema of `node` may accept (integer counts as its own name)."""
    if depth > _DEPTH:
        return None
    if node.kind is Kind.REF:
        try:
            node = loader.resolve(node)
        except Exception:
            return None
    raw = node.raw
    if raw is False:
        return frozenset()
    if not isinstance(raw, dict):
        return None
    found: Types = None
    declared = raw.get("type")
    if isinstance(declared, str):
        found = frozenset([declared])
    elif isinstance(declared, list):
        found = frozenset(str(t) for t in declared)
    if "const" in raw:
        found = _meet(found, frozenset([json_type(raw["const"])]))
    elif isinstance(raw.get("enum"), list):
        found = _meet(found, frozenset(json_type(v) for v in raw["enum"]))
    if node.kind is Kind.COMBINED and node.synthetic and node.subs and node.subs[0].facet == "$ref":
        found = _meet(found, admitted(loader, node.subs[0], depth + 1))
    for word in ("allOf", "anyOf", "oneOf"):
        subs = raw.get(word)
        if not isinstance(subs, list) or not subs:
            continue
        parts = [
            admitted(loader, loader.node(s, f"{node.ptr}/{word}/{i}", node.doc), depth + 1)
            for i, s in enumerate(subs)
        ]
        if word == "allOf":
            for p in parts:
                found = _meet(found, p)
        else:
            union: Types = frozenset()
            for p in parts:
                union = None if p is None or union is None else union | p
            found = _meet(found, union)
    return found


def _meet(a: Types, b: Types) -> Types:
    if a is None:
        return b
    if b is None:
        return a
    out = set(a & b)
    if ("number" in a and "integer" in b) or ("integer" in a and "number" in b):
        out.add("integer")
    return frozenset(out)


def disjoint(w: Loader, a: Node, b: Node, depth: int = 0) -> bool:
    """True only when no JSON value can match both schemas (two branches of one `oneOf`)."""
    if depth > _DEPTH:
        return False
    try:
        a = w.resolve(a) if a.kind is Kind.REF else a
        b = w.resolve(b) if b.kind is Kind.REF else b
    except Exception:
        return False
    ta, tb = admitted(w, a), admitted(w, b)
    if (
        ta is not None
        and tb is not None
        and not any(accepts_type(tb, t) for t in ta)
        and not any(accepts_type(ta, t) for t in tb)
    ):
        return True
    for x, y in ((a, b), (b, a)):
        values = finite(w, x)
        if values is not None:
            return all(valid(y.doc, y.raw, v) is False for v in values)
    ra, rb = a.raw, b.raw
    if not isinstance(ra, dict) or not isinstance(rb, dict):
        return False
    pa, pb = ra.get("properties"), rb.get("properties")
    qa, qb = ra.get("required"), rb.get("required")
    if not all(isinstance(x, dict) for x in (pa, pb)) or not all(
        isinstance(x, list) for x in (qa, qb)
    ):
        return False
    assert isinstance(pa, dict) and isinstance(pb, dict) and isinstance(qa, list)
    assert isinstance(qb, list)
    only_objects = ta is not None and tb is not None and ta == tb == frozenset(["object"])
    if not only_objects:
        return False
    for name in set(qa) & set(qb) & set(pa) & set(pb):  # a discriminating property
        na = w.node(pa[name], f"{a.ptr}/properties/{name}", a.doc)
        nb = w.node(pb[name], f"{b.ptr}/properties/{name}", b.doc)
        if disjoint(w, na, nb, depth + 1):
            return True
    return False
