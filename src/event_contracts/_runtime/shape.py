"""Fast paths between generated classes and the dicts fastavro reads and writes.

For each class, a builder (dict as fastavro reads it -> instance) and a dumper (instance -> dict
fastavro can write) are generated once from the class's fields and its Avro schema. The builder
skips pydantic validation: fastavro has already checked every value against the very schema the
class was generated from, so only the Python shape changes (lists become tuples, symbols become
enum members, records become nested models). When a class does not match the shapes below
(a custom validator, a type this module does not know), no fast path is made and the caller uses
`model_validate` / `model_dump`.

Unions (see `shape_union`) keep their branch both ways: fastavro reads named branches as
`(name, value)` (`READ_OPTIONS`) and is written `(name, value)`, so `7` in `["double", "int"]`
stays an int and a record in `[A, B]` stays a B. Recursive records compile to functions that
call themselves.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from event_contracts._runtime.shape_common import (
    Expr,
    Gen,
    NoFastPath,
    converted_by_fastavro,
    enum_by_index,
    is_mapping,
    kind_of,
    leaf,
    logical,
    unwrap,
)
from event_contracts._runtime.shape_leaf import (
    enum_read,
    logical_dump,
    logical_read,
    precision_check,
)
from event_contracts._runtime.shape_union import branch_name, union_reader, union_writer

Builder = Callable[[dict[str, Any]], Any]
Dumper = Callable[[dict[str, Any]], Any]
READ_OPTIONS: dict[str, Any] = {"return_named_type": True}
"""fastavro reader options for the dicts builders take: named union branches as (name, value)."""
_NAMED = ("record", "enum", "fixed")


def make_builder(cls: type[BaseModel], schema: Any, *, converted: bool = False) -> Builder | None:
    """`schema` is the expanded Avro record (`avro_resolve.expand(..., recursive=True)`) the
    class was generated from; the builder takes the dict fastavro reads with
    `avro_read.read_schema(schema)` and `READ_OPTIONS`, and converts logical types and enum
    indexes itself (`converted`: a read with the full schema, where fastavro has converted
    them all and looked the enum symbols up)."""
    try:
        return _record(cls, schema, _Memo(_build_expr_var, "_build", converted))
    except NoFastPath:
        return None


def make_dumper(cls: type[BaseModel], schema: Any) -> Dumper | None:
    """The dumped dict holds plain Avro values: write it with `avro_read.strip_logical(schema)`."""
    try:
        return _record(cls, schema, _Memo(_dump_expr_var, "_dump"))
    except NoFastPath:
        return None


class _Memo:
    """One compiled function per record class; a recursive reference calls through a cell."""

    def __init__(
        self, convert: Callable[..., Expr | None], kind: str, converted: bool = False
    ) -> None:
        self.convert = convert
        self.kind = kind
        self.converted = converted  # logical values arrive converted (builders only)
        self.done: dict[type[Any], Callable[[Any], Any]] = {}
        self.cells: dict[type[Any], list[Callable[[Any], Any]]] = {}


def _fields(cls: type[BaseModel], schema: Any) -> list[tuple[str, str, Any, Any]]:
    """(python name, schema name, annotation, schema type) per schema field; checks the match."""
    if not isinstance(schema, dict) or schema.get("type") != "record":
        raise NoFastPath
    if cls.__pydantic_post_init__ or cls.__private_attributes__ or cls.__pydantic_root_model__:
        raise NoFastPath
    if cls.__pydantic_decorators__.field_validators or cls.__pydantic_decorators__.model_validators:
        raise NoFastPath
    by_alias = {(f.alias or n): (n, f) for n, f in cls.model_fields.items()}
    out = []
    for sf in schema["fields"]:
        if sf["name"] not in by_alias:
            raise NoFastPath
        name, info = by_alias[sf["name"]]
        out.append((name, sf["name"], info.annotation, sf["type"]))
    extra = set(cls.model_fields) - {o[0] for o in out}
    for name in extra:  # only optional fields outside the schema (metadata) may remain
        if cls.model_fields[name].is_required():
            raise NoFastPath
    return out


def _record(cls: type[BaseModel], schema: Any, memo: _Memo) -> Callable[[Any], Any]:
    found = memo.done.get(cls)
    if found is not None:
        return found
    if cls in memo.cells:  # recursive: called through the cell, filled once compiled
        cell = memo.cells[cls]
        return lambda v: cell[0](v)
    memo.cells[cls] = cell = []
    g = Gen()
    fields = _fields(cls, schema)
    if memo.kind == "_build":
        by_name = {f[0]: f for f in fields}
        items = []
        for name, info in cls.model_fields.items():
            if name in by_name:
                _, sname, ann, stype = by_name[name]
                items.append(f"{name!r}: {_value_expr(f'd[{sname!r}]', ann, stype, g, memo)}")
            else:
                items.append(f"{name!r}: {g.bind(info.get_default(call_default_factory=True))}")
        cls_ref, fset = g.bind(cls), g.bind(frozenset(cls.model_fields))
        code = (
            "def _build(d):\n"
            f"    o = _new({cls_ref})\n"
            f"    _dict(o, {{{', '.join(items)}}})\n"
            f"    _fields_set(o, set({fset}))\n"
            "    _extra(o, None)\n"
            "    _private(o, None)\n"
            "    return o\n"
        )
    else:
        items = [
            f"{sname!r}: {_value_expr(f'o.{name}', ann, stype, g, memo)}"
            for name, sname, ann, stype in fields
        ]
        code = f"def _dump(o):\n    return {{{', '.join(items)}}}\n"
    exec(code, g.env)  # field names are Python identifiers, written with repr()
    fn: Callable[[Any], Any] = g.env[memo.kind]
    cell.append(fn)
    memo.done[cls] = fn
    return fn


def _value_expr(expr: str, ann: Any, stype: Any, g: Gen, memo: _Memo) -> str:
    """Code converting the value at `expr`."""
    done = memo.convert(unwrap(ann), stype, g, memo)
    return expr if done is None else done(expr)


def _optional(ann: Any, stype: Any) -> tuple[Any, Any] | None:
    """(inner annotation, inner schema) when both are 'X or null'."""
    if not isinstance(stype, list) or len(stype) != 2 or "null" not in stype:
        return None
    args = typing.get_args(ann)
    if typing.get_origin(ann) not in (typing.Union, types.UnionType) or len(args) != 2:
        return None
    inner = [a for a in args if a is not type(None)]
    if len(inner) != 1:
        return None
    return unwrap(inner[0]), next(b for b in stype if b != "null")


def _build_expr_var(
    ann: Any, stype: Any, g: Gen, memo: _Memo, union: list[Any] | None = None
) -> Expr | None:
    """Code over one value expression, or None when the value passes unchanged; `union`: the
    branches of the union `stype` is a branch of."""
    if isinstance(stype, list):
        opt = _optional(ann, stype)
        if opt is None:
            return union_reader(
                ann,
                stype,
                g,
                lambda a, b: _branch_read(a, b, g, memo, stype),
                index_enums=not memo.converted,
            )
        inner = _branch_read(opt[0], opt[1], g, memo, stype)
        # read as (name, value), but for an enum read by its index
        named = kind_of(opt[1]) in _NAMED and not _by_index(opt[1], stype, memo)
        if inner is None and not named:
            return None
        v = g.var()
        # (name, value); bare only where fastavro resolved a non-union writer into the union
        got = f"({v}[1] if {v}.__class__ is tuple else {v})" if named else v
        out = got if inner is None else inner(got)
        return lambda e: f"({out} if ({v} := {e}) is not None else None)"
    if converted_by_fastavro(stype) or (memo.converted and logical(stype) is not None):
        return _branch_read(ann, stype, g, memo)
    if logical(stype) is not None:
        return logical_read(ann, stype, g)
    if leaf(ann, stype):
        return None
    kind = kind_of(stype)
    origin = typing.get_origin(ann)
    if kind == "enum":
        return enum_read(ann, stype, g, _by_index(stype, union, memo))
    if kind == "record" and isinstance(ann, type) and issubclass(ann, BaseModel):
        fn = g.bind(_record(ann, stype, memo))
        return lambda e: f"{fn}({e})"
    if kind == "array" and origin in (tuple, list):
        args = typing.get_args(ann)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise NoFastPath
        item = _build_expr_var(unwrap(args[0]), stype["items"], g, memo)
        x = g.var()
        wrap = "tuple" if origin is tuple else ""
        if item is None:
            return (lambda e: f"tuple({e})") if wrap else None
        return lambda e: f"{wrap}([{item(x)} for {x} in {e}])"
    if kind == "map" and is_mapping(origin):
        key_ann, val_ann = typing.get_args(ann)
        if unwrap(key_ann) is not str:
            raise NoFastPath
        value = _build_expr_var(unwrap(val_ann), stype["values"], g, memo)
        wrap = "" if origin is dict else g.bind(origin)  # e.g. a frozen, hashable mapping
        if value is None:
            return (lambda e: f"{wrap}({e})") if wrap else None
        k, x = g.var(), g.var()
        return lambda e: f"{wrap}({{{k}: {value(x)} for {k}, {x} in {e}.items()}})"
    raise NoFastPath


def _by_index(stype: Any, union: list[Any] | None, memo: _Memo) -> bool:
    """An enum read as its index (`avro_read.read_schema`), not as its symbol."""
    return kind_of(stype) == "enum" and not memo.converted and enum_by_index(union)


def _branch_read(
    ann: Any, branch: Any, g: Gen, memo: _Memo, union: list[Any] | None = None
) -> Expr | None:
    """A union branch: fastavro has converted its logical type (`strip_logical` keeps it)."""
    name = logical(branch)
    if name is None:
        return _build_expr_var(ann, branch, g, memo, union)
    if not leaf(ann, branch):
        raise NoFastPath
    if name == "decimal":
        return precision_check(branch, g)
    return None


def _dump_expr_var(ann: Any, stype: Any, g: Gen, memo: _Memo) -> Expr | None:
    if isinstance(stype, list):
        opt = _optional(ann, stype)
        if opt is None or kind_of(opt[1]) == "array":  # a bare tuple would name a branch
            return union_writer(ann, stype, g, lambda a, b: _branch_dump(a, b, g, memo))
        inner = _branch_dump(opt[0], opt[1], g, memo)
        v = g.var()
        if kind_of(opt[1]) in (*_NAMED, "map"):
            # named: fastavro need not try the branches in turn; a map too, since fastavro's
            # trial of a branch does not know the `(name, value)` of an enum or fixed inside
            name = g.bind(branch_name(opt[1]))
            out = v if inner is None else inner(v)
            return lambda e: f"(({name}, {out}) if ({v} := {e}) is not None else None)"
        if inner is None:
            return None
        return lambda e: f"({inner(v)} if ({v} := {e}) is not None else None)"
    if converted_by_fastavro(stype):
        return _branch_dump(ann, stype, g, memo)
    if logical(stype) is not None:
        return logical_dump(ann, stype, g)
    if leaf(ann, stype):
        return None
    kind = kind_of(stype)
    origin = typing.get_origin(ann)
    if kind == "enum":
        if isinstance(ann, type) and issubclass(ann, enum.Enum):
            return lambda e: f"{e}._value_"  # (`.value` is a property: 3x slower)
        if ann is str:
            return None
    elif kind == "record" and isinstance(ann, type) and issubclass(ann, BaseModel):
        fn = g.bind(_record(ann, stype, memo))
        return lambda e: f"{fn}({e})"
    elif kind == "array" and origin in (tuple, list):
        args = typing.get_args(ann)
        item = _dump_expr_var(unwrap(args[0]), stype["items"], g, memo)
        if item is None:
            return None  # fastavro writes any sequence
        x = g.var()
        return lambda e: f"[{item(x)} for {x} in {e}]"
    elif kind == "map" and is_mapping(origin):
        value = _dump_expr_var(unwrap(typing.get_args(ann)[1]), stype["values"], g, memo)
        if value is None:
            return None
        k, x = g.var(), g.var()
        return lambda e: f"{{{k}: {value(x)} for {k}, {x} in {e}.items()}}"
    raise NoFastPath


def _branch_dump(ann: Any, branch: Any, g: Gen, memo: _Memo) -> Expr | None:
    """A union branch: logical values go to fastavro as they are (it converts them)."""
    if logical(branch) is None:
        return _dump_expr_var(ann, branch, g, memo)
    if not leaf(ann, branch):
        raise NoFastPath
    return None
