"""Fast paths between generated classes and the dicts fastavro reads and writes.

For each class, a builder (dict as fastavro reads it -> instance) and a dumper (instance -> dict
fastavro can write) are generated once from the class's fields and its Avro schema. The builder
skips pydantic validation: fastavro has already checked every value against the very schema the
class was generated from, so only the Python shape changes (lists become tuples, symbols become
enum members, records become nested models). When a class does not match the shapes below
(a custom validator, a type this module does not know), no fast path is made and the caller uses
`model_validate` / `model_dump`, which are always correct.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import itertools
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pydantic
from fastavro.read import LOGICAL_READERS
from fastavro.write import LOGICAL_WRITERS
from pydantic import BaseModel

from event_contracts.errors import PayloadValidationError

Builder = Callable[[dict[str, Any]], Any]
Dumper = Callable[[Any], dict[str, Any]]
Expr = Callable[[str], str]

_LOGICAL: dict[str, type] = {
    "uuid": uuid.UUID,
    "timestamp-millis": dt.datetime,
    "timestamp-micros": dt.datetime,
    "local-timestamp-millis": dt.datetime,
    "local-timestamp-micros": dt.datetime,
    "date": dt.date,
    "time-millis": dt.time,
    "time-micros": dt.time,
    "decimal": decimal.Decimal,
}
_PRIMITIVE: dict[str, tuple[type, ...]] = {
    "null": (type(None),),
    "boolean": (bool,),
    "int": (int,),
    "long": (int,),
    "float": (float,),
    "double": (float,),
    "bytes": (bytes,),
    "string": (str,),
}


class _NoFastPath(Exception):
    pass


class _Gen:
    """Collects the names a generated function refers to, and fresh variable names."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__}
        self._ids = itertools.count()

    def bind(self, value: Any) -> str:
        name = f"_g{next(self._ids)}"
        self.env[name] = value
        return name

    def var(self) -> str:
        return f"_v{next(self._ids)}"


def make_builder(cls: type[BaseModel], schema: Any) -> Builder | None:
    """`schema` is the expanded Avro record (avro_resolve.expand) the class was generated from;
    the builder takes the dict fastavro reads with `strip_logical(schema)` (plain values) and
    converts logical types itself."""
    try:
        return _record_builder(cls, schema, {})
    except _NoFastPath:
        return None


def make_dumper(cls: type[BaseModel], schema: Any) -> Dumper | None:
    """The dumped dict holds plain Avro values: write it with `strip_logical(schema)`."""
    try:
        return _record_dumper(cls, schema, {})
    except _NoFastPath:
        return None


def _fields(cls: type[BaseModel], schema: Any) -> list[tuple[str, str, Any, Any]]:
    """(python name, schema name, annotation, schema type) per schema field; checks the match."""
    if not isinstance(schema, dict) or schema.get("type") != "record":
        raise _NoFastPath
    if cls.__pydantic_post_init__ or cls.__private_attributes__ or cls.__pydantic_root_model__:
        raise _NoFastPath
    if cls.__pydantic_decorators__.field_validators or cls.__pydantic_decorators__.model_validators:
        raise _NoFastPath
    by_alias = {(f.alias or n): (n, f) for n, f in cls.model_fields.items()}
    out = []
    for sf in schema["fields"]:
        if sf["name"] not in by_alias:
            raise _NoFastPath
        name, info = by_alias[sf["name"]]
        out.append((name, sf["name"], info.annotation, sf["type"]))
    extra = set(cls.model_fields) - {o[0] for o in out}
    for name in extra:  # only optional fields outside the schema (metadata) may remain
        if cls.model_fields[name].is_required():
            raise _NoFastPath
    return out


def _record_builder(cls: type[BaseModel], schema: Any, memo: dict[int, Builder]) -> Builder:
    if id(cls) in memo:
        return memo[id(cls)]
    g = _Gen()
    fields = _fields(cls, schema)
    by_name = {f[0]: f for f in fields}
    items = []
    for name, info in cls.model_fields.items():
        if name in by_name:
            _, sname, ann, stype = by_name[name]
            items.append(f"{name!r}: {_build_expr(f'd[{sname!r}]', ann, stype, g, memo)}")
        else:
            items.append(f"{name!r}: {g.bind(info.get_default(call_default_factory=True))}")
    cls_ref, fset = g.bind(cls), g.bind(frozenset(cls.model_fields))
    code = (
        "def _build(d):\n"
        f"    o = _new({cls_ref})\n"
        f"    _set(o, '__dict__', {{{', '.join(items)}}})\n"
        f"    _set(o, '__pydantic_fields_set__', set({fset}))\n"
        "    _set(o, '__pydantic_extra__', None)\n"
        "    _set(o, '__pydantic_private__', None)\n"
        "    return o\n"
    )
    exec(code, g.env)  # field names are Python identifiers, written with repr()
    fn: Builder = g.env["_build"]
    memo[id(cls)] = fn
    return fn


def _record_dumper(cls: type[BaseModel], schema: Any, memo: dict[int, Dumper]) -> Dumper:
    if id(cls) in memo:
        return memo[id(cls)]
    g = _Gen()
    items = [
        f"{sname!r}: {_dump_expr(f'o.{name}', ann, stype, g, memo)}"
        for name, sname, ann, stype in _fields(cls, schema)
    ]
    code = f"def _dump(o):\n    return {{{', '.join(items)}}}\n"
    exec(code, g.env)
    fn: Dumper = g.env["_dump"]
    memo[id(cls)] = fn
    return fn


def _unwrap(ann: Any) -> Any:
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    return ann


def _optional(ann: Any, stype: Any) -> tuple[Any, Any] | None:
    """(inner annotation, inner schema) when both are 'X or null'."""
    if not isinstance(stype, list) or len(stype) != 2 or "null" not in stype:
        return None
    origin = typing.get_origin(ann)
    if origin not in (typing.Union, types.UnionType):
        raise _NoFastPath
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    if len(args) != 1 or len(typing.get_args(ann)) != 2:
        raise _NoFastPath
    return _unwrap(args[0]), next(b for b in stype if b != "null")


def _is_mapping(origin: Any) -> bool:
    return isinstance(origin, type) and issubclass(origin, Mapping)


def _leaf(ann: Any, stype: Any) -> bool:
    """True when fastavro's value for `stype` already is what annotation `ann` holds."""
    if isinstance(stype, str):
        return stype in _PRIMITIVE and ann in _PRIMITIVE[stype]
    if isinstance(stype, dict) and "logicalType" in stype:
        logical = str(stype["logicalType"])
        want = _LOGICAL.get(logical)
        if want is dt.datetime:
            # fastavro reads timestamp-* as aware UTC and local-timestamp-* as naive values
            marker = (
                pydantic.NaiveDatetime if logical.startswith("local-") else pydantic.AwareDatetime
            )
            return ann is dt.datetime or ann is marker
        return want is not None and ann is want
    if isinstance(stype, dict) and stype.get("type") == "fixed":
        return ann is bytes
    return False


def _value_expr(
    expr: str,
    ann: Any,
    stype: Any,
    g: _Gen,
    per_value: Callable[[Any, Any], Expr | None],
) -> str:
    """Code converting `expr` with `per_value`'s code, letting None through for optionals."""
    ann = _unwrap(ann)
    opt = _optional(ann, stype)
    if opt is not None:
        inner = per_value(opt[0], opt[1])
        if inner is None:
            return expr
        v = g.var()
        return f"({inner(v)} if ({v} := {expr}) is not None else None)"
    done = per_value(ann, stype)
    return expr if done is None else done(expr)


def _build_expr(expr: str, ann: Any, stype: Any, g: _Gen, memo: dict[int, Builder]) -> str:
    return _value_expr(expr, ann, stype, g, lambda a, s: _build_expr_var(a, s, g, memo))


def _build_expr_var(ann: Any, stype: Any, g: _Gen, memo: dict[int, Builder]) -> Expr | None:
    """Code over one value expression, or None when the value passes unchanged."""
    if isinstance(stype, dict) and "logicalType" in stype:
        return _logical_read(ann, stype, g)
    if _leaf(ann, stype):
        return None
    kind = stype.get("type") if isinstance(stype, dict) else None
    origin = typing.get_origin(ann)
    if kind == "enum":
        if isinstance(ann, type) and issubclass(ann, enum.Enum):
            table = g.bind(ann._value2member_map_)
            return lambda e: f"{table}[{e}]"
        if ann is str:
            return None
    elif kind == "record" and isinstance(ann, type) and issubclass(ann, BaseModel):
        fn = g.bind(_record_builder(ann, stype, memo))
        return lambda e: f"{fn}({e})"
    elif kind == "array" and origin in (tuple, list):
        args = typing.get_args(ann)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise _NoFastPath
        item = _build_expr_var(_unwrap(args[0]), stype["items"], g, memo)
        x = g.var()
        wrap = "tuple" if origin is tuple else ""
        if item is None:
            return (lambda e: f"tuple({e})") if wrap else None
        return lambda e: f"{wrap}([{item(x)} for {x} in {e}])"
    elif kind == "map" and _is_mapping(origin):
        key_ann, val_ann = typing.get_args(ann)
        if _unwrap(key_ann) is not str:
            raise _NoFastPath
        value = _build_expr_var(_unwrap(val_ann), stype["values"], g, memo)
        wrap = "" if origin is dict else g.bind(origin)  # e.g. a frozen, hashable mapping
        if value is None:
            return (lambda e: f"{wrap}({e})") if wrap else None
        k, x = g.var(), g.var()
        return lambda e: f"{wrap}({{{k}: {value(x)} for {k}, {x} in {e}.items()}})"
    raise _NoFastPath


def _logical_read(ann: Any, stype: dict[str, Any], g: _Gen) -> Expr:
    """The plain value read with the logical type stripped -> the annotated Python value,
    with fastavro's own conversion functions (no per-value dispatch)."""
    logical = stype["logicalType"]
    read = LOGICAL_READERS.get(f"{stype['type']}-{logical}")
    if read is None or not _leaf(ann, stype):
        raise _NoFastPath
    if logical == "uuid":
        fn = g.bind(uuid.UUID)
        return lambda e: f"{fn}({e})"
    fn, node = g.bind(read), g.bind(stype)
    if logical != "decimal":
        return lambda e: f"{fn}({e}, {node}, {node})"
    # fastavro rounds to the precision; a value that still has too many digits is refused.
    digits = int(stype["precision"]) - int(stype.get("scale", 0))
    bad, v = g.bind(_too_precise), g.var()
    return lambda e: (
        f"({v} if ({v} := {fn}({e}, {node}, {node})).adjusted() < {digits} "
        f"else {bad}({v}, {digits}))"
    )


def _dump_expr(expr: str, ann: Any, stype: Any, g: _Gen, memo: dict[int, Dumper]) -> str:
    return _value_expr(expr, ann, stype, g, lambda a, s: _dump_expr_var(a, s, g, memo))


def _dump_expr_var(ann: Any, stype: Any, g: _Gen, memo: dict[int, Dumper]) -> Expr | None:
    if isinstance(stype, dict) and "logicalType" in stype:
        # Convert here with fastavro's own functions: the dumped dict is written with the
        # schema stripped of logical types, which skips fastavro's per-value dispatch.
        prepare = LOGICAL_WRITERS.get(f"{stype['type']}-{stype['logicalType']}")
        if prepare is None or not _leaf(ann, stype):
            raise _NoFastPath
        if stype["logicalType"] == "uuid":
            return lambda e: f"str({e})"
        fast = _FAST_WRITERS.get(f"{stype['type']}-{stype['logicalType']}")
        fn, node = g.bind(fast or prepare), g.bind(stype)
        return lambda e: f"{fn}({e}, {node})"
    if _leaf(ann, stype):
        return None
    kind = stype.get("type") if isinstance(stype, dict) else None
    origin = typing.get_origin(ann)
    if kind == "enum":
        if isinstance(ann, type) and issubclass(ann, enum.Enum):
            return lambda e: f"{e}.value"
        if ann is str:
            return None
    elif kind == "record" and isinstance(ann, type) and issubclass(ann, BaseModel):
        fn = g.bind(_record_dumper(ann, stype, memo))
        return lambda e: f"{fn}({e})"
    elif kind == "array" and origin in (tuple, list):
        args = typing.get_args(ann)
        item = _dump_expr_var(_unwrap(args[0]), stype["items"], g, memo)
        if item is None:
            return None  # fastavro writes any sequence
        x = g.var()
        return lambda e: f"[{item(x)} for {x} in {e}]"
    elif kind == "map" and _is_mapping(origin):
        value = _dump_expr_var(_unwrap(typing.get_args(ann)[1]), stype["values"], g, memo)
        if value is None:
            return None
        k, x = g.var(), g.var()
        return lambda e: f"{{{k}: {value(x)} for {k}, {x} in {e}.items()}}"
    raise _NoFastPath


def strip_logical(schema: Any) -> Any:
    """The schema without logical-type annotations (same bytes on the wire)."""
    if isinstance(schema, list):
        return [strip_logical(x) for x in schema]
    if isinstance(schema, dict):
        return {k: strip_logical(v) for k, v in schema.items() if k != "logicalType"}
    return schema


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)
_US = dt.timedelta(microseconds=1)


def _timestamp_millis(value: Any, node: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return (value - _EPOCH) // _MS  # floor, as fastavro computes it
    return LOGICAL_WRITERS["long-timestamp-millis"](value, node)


def _timestamp_micros(value: Any, node: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return (value - _EPOCH) // _US
    return LOGICAL_WRITERS["long-timestamp-micros"](value, node)


def _bytes_decimal(value: Any, node: Any) -> Any:
    """Two's-complement big-endian unscaled value; refuses what does not fit the schema."""
    if not isinstance(value, decimal.Decimal):
        return value
    scale = node.get("scale", 0)
    scaled = value.scaleb(scale)
    unscaled = int(scaled)  # NaN and infinities raise here
    if scaled != unscaled:
        raise ValueError(f"{value} has more than {scale} digits after the point")
    if abs(unscaled) >= 10 ** node["precision"]:
        raise ValueError(f"{value} has more than {node['precision']} digits (precision)")
    return unscaled.to_bytes((unscaled.bit_length() + 8) // 8, "big", signed=True)


_FAST_WRITERS: dict[str, Callable[[Any, Any], Any]] = {
    "long-timestamp-millis": _timestamp_millis,
    "long-timestamp-micros": _timestamp_micros,
    "bytes-decimal": _bytes_decimal,
}


def _too_precise(value: decimal.Decimal, digits: int) -> decimal.Decimal:
    if not value.is_finite() or value.adjusted() >= digits:
        raise PayloadValidationError(
            f"decimal {value} has more digits than its schema's precision allows "
            f"(at most {digits} before the point)"
        )
    return value
