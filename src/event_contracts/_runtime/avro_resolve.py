"""Avro schema resolution compiled once per (writer, reader) pair into a small Python function.

fastavro's resolving reader costs about twice a plain read. Most evolutions are additive (a
field with a default, a dropped field, an int widened to long), so a plain read with the
writer schema followed by a function that fills defaults, drops and promotes in place is
cheaper and gives the same dict. Anything less common (renamed named types, an enum symbol the
reader lacks and has no default for, logical-type defaults, recursive types) is not compiled:
`compile_resolution` returns None and the caller uses fastavro's own resolver (which differs
in one corner: see `_first_match`). The function works on dicts, so it also resolves the output
of an upcaster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastavro.read import LOGICAL_READERS

from event_contracts._runtime.avro_defaults import read_default
from event_contracts._runtime.shape_common import (
    LOGICAL,
    PRIMITIVE,
    IndexTable,
    enum_by_index,
    logical,
)

Conv = Callable[[Any], Any]
IDENTITY: Conv = lambda v: v  # noqa: E731 - a sentinel that is also a valid converter

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


class _Unsupported(Exception):
    """Raised inside the compiler when a pair needs fastavro's general resolver."""


def expand(schema: Any, *, recursive: bool = False) -> Any:
    """The schema with every named reference replaced by its definition, docs dropped.

    A recursive type raises `_Unsupported`, unless `recursive` is set: then a reference to a
    record being expanded is that very dict (the result is cyclic; only walkers that memoise
    by record, like `shape`, may take it)."""
    return _expand(schema, {}, None, set(), recursive)


def expand_in(schema: Any, names: dict[str, Any], ns: str | None) -> Any:
    """`expand(schema, recursive=True)` in namespace `ns`, with (and into) a table of names."""
    return _expand(schema, names, ns, set(), True)


def _fullname(name: str, ns: str | None) -> str:
    return name if "." in name or not ns else f"{ns}.{name}"


def _expand(node: Any, names: dict[str, Any], ns: str | None, busy: set[str], knots: bool) -> Any:
    if isinstance(node, str):
        if node in PRIMITIVES:
            return node
        for full in (_fullname(node, ns), node):
            if full in busy and not knots:
                raise _Unsupported(f"recursive type {full}")
            if full in names:
                return names[full]
        raise _Unsupported(f"unknown name {node}")
    if isinstance(node, list):
        return [_expand(b, names, ns, busy, knots) for b in node]
    if not isinstance(node, dict):
        raise _Unsupported(f"not a schema: {node!r}")
    kind = node.get("type")
    if not isinstance(kind, str):
        return _expand(kind, names, ns, busy, knots)
    if kind in ("record", "error", "enum", "fixed"):
        full = _fullname(str(node["name"]), node.get("namespace", ns))
        inner_ns = full.rsplit(".", 1)[0] if "." in full else None
        out: dict[str, Any] = {"type": kind, "name": full}
        aliases = [_fullname(a, inner_ns) for a in node.get("aliases", ())]
        if aliases:
            out["aliases"] = aliases
        if kind in ("record", "error"):
            busy.add(full)
            out["type"] = "record"
            names[full] = out  # a recursive reference (with `knots`) is this very dict
            fields = []
            for f in node["fields"]:
                ef: dict[str, Any] = {
                    "name": f["name"],
                    "type": _expand(f["type"], names, inner_ns, busy, knots),
                }
                if "default" in f:
                    ef["default"] = f["default"]
                if f.get("aliases"):
                    ef["aliases"] = list(f["aliases"])
                fields.append(ef)
            busy.discard(full)
            out["fields"] = fields
        elif kind == "enum":
            out["symbols"] = list(node["symbols"])
            if "default" in node:
                out["default"] = node["default"]
        else:
            out["size"] = node["size"]
            for key in ("logicalType", "precision", "scale"):
                if key in node:
                    out[key] = node[key]
        names[full] = out
        return out
    if kind == "array":
        return {"type": "array", "items": _expand(node["items"], names, ns, busy, knots)}
    if kind == "map":
        return {"type": "map", "values": _expand(node["values"], names, ns, busy, knots)}
    if "logicalType" in node:
        keep = ("type", "logicalType", "precision", "scale")
        return {k: node[k] for k in keep if k in node}
    return kind


def compile_resolution(writer: Any, reader: Any, *, plain: bool = False) -> Conv | None:
    """A function turning a read with `writer` into what `reader` would read, or None.
    `plain`: the reads the fast builders take (`avro_read.read_schema`: logical types
    stripped, enums by index; see `avro_defaults`); else fastavro's own."""
    try:
        return _compile(expand(writer), expand(reader), plain)
    except _Unsupported:
        return None


def _type_name(node: Any) -> str:
    return node if isinstance(node, str) else ("union" if isinstance(node, list) else node["type"])


_PROMOTIONS = {
    ("int", "long"), ("int", "float"), ("int", "double"), ("long", "float"),
    ("long", "double"), ("float", "double"), ("string", "bytes"), ("bytes", "string"),
}  # fmt: skip


def _first_match(w: Any, branches: list[Any]) -> Any:
    """The reader branch the writer's type resolves to: a branch of the writer's own type
    first (a named type by name or alias, in order), else the first it promotes to.

    The specification's words are "the first schema in the reader's union that matches",
    promotions included, and fastavro reads them so: a string written into `["bytes",
    "string"]` comes back as bytes. Apache Avro's Java reader (Confluent's serializers), Rust
    and LinkedIn's fast readers prefer the exact type, which keeps the value as written; so
    does this runtime. Named types have no promotions, so the two rules differ only there."""
    wk = _type_name(w)
    for b in branches:
        if b == w:
            return b
        bk = _type_name(b)
        if wk in ("record", "enum", "fixed") and wk == bk:
            if w["name"] == b["name"] or w["name"] in b.get("aliases", ()):
                return b
        elif wk == bk and wk in (*PRIMITIVES, "array", "map"):
            return b
    for b in branches:
        if (wk, _type_name(b)) in _PROMOTIONS:
            return b
    return None


def _compile(w: Any, r: Any, plain: bool) -> Conv:
    if w == r:
        return IDENTITY
    wk, rk = _type_name(w), _type_name(r)
    if rk == "union":
        if wk == "union":
            return _union(w, r, plain)
        target = _first_match(w, r)
        if target is None:
            raise _Unsupported("no branch")
        if plain and _type_name(target) == "enum":
            return _enum(w, target, by_index=enum_by_index(r))
        conv = _compile(w, target, plain)
        if plain and _type_name(target) in ("record", "enum", "fixed"):
            name = target["name"]  # read as (name, value) in a union
            return lambda v: (name, conv(v))
        if plain and isinstance(w, dict) and wk != "fixed" and logical(w) is not None:
            if conv is not IDENTITY:
                raise _Unsupported("logical type changed")
            # stripped outside the union, converted by fastavro inside it
            read, node = LOGICAL_READERS[f"{wk}-{logical(w)}"], w
            return lambda v: read(v, node, node)
        return conv
    if wk == "union":
        raise _Unsupported("writer union")
    if isinstance(w, str) and isinstance(r, str):
        if (w, r) in (("int", "long"), ("float", "double")):
            return IDENTITY  # same Python value
        if w in ("int", "long") and r in ("float", "double"):
            return float
        if (w, r) == ("string", "bytes"):
            return str.encode  # UTF-8, as fastavro writes and reads it
        if (w, r) == ("bytes", "string"):
            return bytes.decode  # not UTF-8: an error, as fastavro's read raises
        raise _Unsupported(f"{w} -> {r}")
    if wk != rk or isinstance(w, str) or isinstance(r, str):
        raise _Unsupported(f"{wk} -> {rk}")
    if rk == "record":
        return _compile_record(w, r, plain)
    if rk == "enum":
        return _enum(w, r, by_index=True) if plain else _enum(w, r)
    if rk == "array":
        item = _compile(w["items"], r["items"], plain)
        if item is IDENTITY:
            return IDENTITY
        return lambda v: [item(x) for x in v]
    if rk == "map":
        value = _compile(w["values"], r["values"], plain)
        if value is IDENTITY:
            return IDENTITY
        return lambda v: {k: value(x) for k, x in v.items()}
    raise _Unsupported(rk)


def _union(w: list[Any], r: list[Any], plain: bool) -> Conv:
    """A writer union into a reader union: each writer branch goes to its `_first_match`,
    told apart at run time by what the read gives for it (a `(name, value)` tag, or the
    value's Python type). Branches that read as the same Python type and need different
    conversions are left to fastavro."""
    convs: dict[Any, Conv] = {}
    for b in w:
        target = _first_match(b, r)
        if target is None:
            raise _Unsupported("a writer branch no reader branch reads")
        conv = _branch(b, target, w, r, plain)
        key = _read_key(b, w, plain)
        if convs.setdefault(key, conv) is not conv:
            raise _Unsupported("branches read as one Python type")
    table = {k: c for k, c in convs.items() if c is not IDENTITY}
    if not table:
        return IDENTITY
    get = table.get

    def resolve(v: Any) -> Any:
        conv = get(("n", v[0]) if v.__class__ is tuple else v.__class__)
        return v if conv is None else conv(v)

    return resolve


def _read_key(b: Any, union: list[Any], plain: bool) -> Any:
    """What tells a read of union branch `b` apart: its `(name, value)` tag or Python type."""
    kind = _type_name(b)
    if kind in ("record", "enum", "fixed"):
        if plain:
            return int if kind == "enum" and enum_by_index(union) else ("n", b["name"])
        if logical(b) is not None:
            return LOGICAL[str(logical(b))]
        return {"record": dict, "enum": str, "fixed": bytes}[kind]
    name = logical(b)
    if name is not None:
        return LOGICAL[name]
    return {"array": list, "map": dict}.get(kind) or PRIMITIVE[kind][0]


def _branch(b: Any, target: Any, w: list[Any], r: list[Any], plain: bool) -> Conv:
    """A read of writer union branch `b` into reader union branch `target`."""
    if b == target and (enum_by_index(w) == enum_by_index(r) or _type_name(b) != "enum"):
        return IDENTITY
    kind = _type_name(b)
    if (logical(b) or logical(target)) and b != target:
        raise _Unsupported("logical type changed")
    if not plain or kind in ("array", "map") or kind in PRIMITIVES:
        return _compile(b, target, plain)
    if kind == "enum":
        if enum_by_index(w):  # the writer's index, to the reader's index or (name, symbol)
            return _enum(b, target, by_index=enum_by_index(r))
        conv = _enum(b, target)  # read as (name, symbol): the symbol to the reader's
        if enum_by_index(r):
            index = {s: target["symbols"].index(conv(s)) for s in b["symbols"]}
            return lambda v: index[v[1]]
    else:
        conv = _compile(b, target, plain)
    name = target["name"]
    if name == b["name"] and conv is IDENTITY:
        return IDENTITY
    return lambda v: (name, conv(v[1]))


def _symbols(w: Any, r: Any) -> list[str]:
    """The reader's symbol for each writer symbol: its own, else the reader's default (as the
    specification says; a symbol the reader lacks without a default is left to fastavro,
    which raises when a payload holds it)."""
    if w["name"] != r["name"] and w["name"] not in r.get("aliases", ()):
        raise _Unsupported("enum renamed")
    have, default = set(r["symbols"]), r.get("default")
    if not set(w["symbols"]) <= have and default not in have:
        raise _Unsupported("enum symbol the reader lacks, without a default")
    return [s if s in have else default for s in w["symbols"]]


def _enum(w: Any, r: Any, *, by_index: bool | None = None) -> Conv:
    """Writer enum into reader enum (`_symbols`). `by_index` None: symbols to symbols; else
    from the writer's index (`avro_read`) to the reader's index, or to (name, symbol) for a
    reader union that reads the enum by name; an index outside the writer's symbols is
    refused (`IndexTable`)."""
    mapped = _symbols(w, r)
    if by_index is None:
        if mapped == w["symbols"]:
            return IDENTITY
        return dict(zip(w["symbols"], mapped, strict=True)).__getitem__
    if by_index and w["symbols"] == r["symbols"]:
        return IDENTITY  # (the builder's table refuses an index out of range)
    symbols: list[str] = r["symbols"]
    name = r["name"]
    values = [symbols.index(s) if by_index else (name, s) for s in mapped]
    return IndexTable(w["name"], values).__getitem__


def _compile_record(w: dict[str, Any], r: dict[str, Any], plain: bool) -> Conv:
    if w["name"] != r["name"] and w["name"] not in r.get("aliases", ()):
        raise _Unsupported("record renamed")
    wfields = {f["name"]: f for f in w["fields"]}
    lines: list[str] = []
    env: dict[str, Any] = {}
    used: set[str] = set()
    by_name = {rf["name"] for rf in r["fields"]}
    for i, rf in enumerate(r["fields"]):
        name = rf["name"]
        # by name first; an alias only names a writer field no reader field has by name
        # (fastavro gives a writer field to the reader field of its name, else of its alias)
        aliases = [a for a in rf.get("aliases", ()) if a not in by_name and a not in used]
        source = next((n for n in (name, *aliases) if n in wfields), None)
        if source is not None:
            used.add(source)
            conv = _compile(wfields[source]["type"], rf["type"], plain)
            value = f"d.pop({source!r})" if source != name else f"d[{name!r}]"
            if conv is not IDENTITY:
                env[f"c{i}"] = conv
                lines.append(f"d[{name!r}] = c{i}({value})")
            elif source != name:
                lines.append(f"d[{name!r}] = {value}")
            continue
        if "default" not in rf:
            raise _Unsupported(f"no default for {name}")
        default, mutable = _default(rf["type"], rf["default"], plain)
        env[f"k{i}"] = default
        lines.append(f"d[{name!r}] = {'_copy' if mutable else ''}(k{i})")
    for name in wfields:
        if name not in used:
            lines.append(f"del d[{name!r}]")
    if not lines:
        return IDENTITY
    env["_copy"] = _deep_copy
    code = "def _resolve(d):\n" + "".join(f"    {line}\n" for line in lines) + "    return d\n"
    exec(code, env)  # names are validated Avro names, written with repr(); no schema text runs
    fn: Conv = env["_resolve"]
    return fn


def _deep_copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_deep_copy(x) for x in value]
    if isinstance(value, dict):
        return {k: _deep_copy(x) for k, x in value.items()}
    return value


def _default(node: Any, value: Any, plain: bool) -> tuple[Any, bool]:
    """A field default as the value a read would give; (value, needs a copy per message)."""
    try:
        out = read_default(node, value, plain=plain)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
        raise _Unsupported(f"default {value!r}: {exc}") from None
    return out, isinstance(out, list | dict | tuple)
