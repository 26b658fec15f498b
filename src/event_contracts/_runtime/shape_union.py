"""Union values between fastavro and generated classes, with the branch kept exactly.

Reading: the schema keeps the logical types of union branches (fastavro converts them, so
`date` and `int` branches give different Python types), and fastavro is asked for
`return_named_type`, so a record, enum or fixed branch arrives as `(full name, value)`. Every
other branch has a Python type of its own (the specification allows one branch per unnamed
type), so the builder dispatches on the name or on the value's type.

Writing: the dumper names the branch with fastavro's tuple notation `(name, value)`, chosen
from the Python value: its class (a record class, an enum class, `int`, `tuple`, `UUID` ...),
then, where several branches take that class, the first that holds the value exactly (`int`
before `long` when it fits in 32 bits, `float` only when the value survives 32 bits,
`time-millis` only without sub-millisecond digits, a `fixed` of the value's size). A tuple
(an array) therefore never reaches fastavro bare, where it would read as a branch name.
"""

from __future__ import annotations

import enum
import struct
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from event_contracts._runtime.shape_common import (
    LOGICAL,
    NAMED,
    PRIMITIVE,
    Expr,
    Gen,
    NoFastPath,
    enum_by_index,
    is_mapping,
    kind_of,
    leaf,
    logical,
    unwrap,
)

Convert = Callable[[Any, Any], Expr | None]
"""(annotation, branch schema) -> code converting one value of that branch, or None."""

_NONE = type(None)
_NAMED_READ: dict[str, type] = {"record": dict, "enum": str, "fixed": bytes}


def members(ann: Any) -> list[Any]:
    """The annotations a union annotation allows (one annotation is its own only member)."""
    ann = unwrap(ann)
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        return [unwrap(a) for a in typing.get_args(ann)]
    return [ann]


def branch_name(branch: Any) -> str:
    """The name fastavro's tuple notation and `return_named_type` use for a branch."""
    kind = kind_of(branch)
    return str(branch["name"]) if kind in NAMED else kind


def pair(ann: Any, branches: list[Any]) -> list[tuple[Any, Any]]:
    """(member annotation, branch) for each branch, in schema order."""
    options = members(ann)
    used: set[int] = set()
    out = []
    for branch in branches:
        found = next((m for i, m in enumerate(options) if i not in used and _fits(m, branch)), None)
        if found is None:
            raise NoFastPath
        if kind_of(branch) in ("record", "enum"):
            used.add(options.index(found))
        out.append((found, branch))
    return out


def _fits(ann: Any, branch: Any) -> bool:
    kind = kind_of(branch)
    origin = typing.get_origin(ann)
    if kind == "null":
        return ann is _NONE
    if kind == "record":
        names = {f["name"] for f in branch["fields"]}
        return (
            isinstance(ann, type)
            and issubclass(ann, BaseModel)
            and names <= {(f.alias or n) for n, f in ann.model_fields.items()}
        )
    if kind == "enum":
        return (
            isinstance(ann, type)
            and issubclass(ann, enum.Enum)
            and {m.value for m in ann} == set(branch["symbols"])
        )
    if kind == "array":
        return origin in (tuple, list)
    if kind == "map":
        return is_mapping(origin)
    return leaf(ann, branch)


def read_type(branch: Any) -> type:
    """The Python type fastavro reads for an unnamed branch (logical types converted)."""
    name = logical(branch)
    if name is not None:
        return LOGICAL[name]
    kind = kind_of(branch)
    if kind == "array":
        return list
    if kind == "map":
        return dict
    return PRIMITIVE[kind][0]


def union_reader(
    ann: Any, branches: list[Any], g: Gen, convert: Convert, *, index_enums: bool
) -> Expr:
    """Code building the annotated value from what fastavro reads for the union
    (`index_enums`: read with `avro_read.read_schema`, where an enum may be read by index)."""
    by_name: dict[str, Any] = {}
    by_type: dict[type, Any] = {}
    named: list[tuple[type, Any]] = []
    by_index = index_enums and enum_by_index(branches)
    for member, branch in pair(ann, branches):
        fn = g.function(convert(member, branch))
        if kind_of(branch) == "enum" and by_index:
            by_type.setdefault(int, fn)  # the union's only int branch
        elif kind_of(branch) in NAMED:
            by_name[branch_name(branch)] = fn
            named.append(
                (
                    _NAMED_READ[kind_of(branch)]
                    if logical(branch) is None
                    else LOGICAL[str(logical(branch))],
                    fn,
                )
            )
        else:
            by_type.setdefault(read_type(branch), fn)
    for cls, fn in named:  # bare: fastavro resolved a writer without this union into it
        by_type.setdefault(cls, fn)

    def build(value: Any) -> Any:
        if value.__class__ is tuple:
            fn = by_name[value[0]]
            value = value[1]
        else:
            fn = by_type[value.__class__]
        return value if fn is None else fn(value)

    ref = g.bind(build)
    return lambda e: f"{ref}({e})"


_F32 = struct.Struct("<f")


def _fits_float32(value: float) -> bool:
    try:
        return value != value or _F32.unpack(_F32.pack(value))[0] == value
    except OverflowError:
        return False


def _exact(branch: Any) -> Callable[[Any], bool] | None:
    """The test a value must pass to take this branch when others take its class too."""
    kind = kind_of(branch)
    name = logical(branch)
    if name in ("time-millis", "timestamp-millis", "local-timestamp-millis"):
        return lambda v: v.microsecond % 1000 == 0
    if name == "decimal":
        scale, digits = int(branch.get("scale", 0)), int(branch["precision"])
        return lambda v: -v.as_tuple().exponent == scale and len(v.as_tuple().digits) <= digits
    if name is not None:
        return None
    if kind == "int":
        return lambda v: -(2**31) <= v < 2**31
    if kind == "long":
        return lambda v: -(2**63) <= v < 2**63
    if kind == "float":
        return _fits_float32
    if kind == "fixed":
        size = int(branch["size"])
        return lambda v: len(v) == size
    return None


def _dump_classes(member: Any, branch: Any) -> tuple[type, ...]:
    """The Python classes of the values of one (annotation, branch) pair."""
    kind = kind_of(branch)
    if kind in ("record", "enum"):
        return (member,)
    if kind == "array":
        return (tuple, list)
    if kind == "map":
        origin = typing.get_origin(member)
        return (origin, dict) if origin is not dict else (dict,)
    name = logical(branch)
    if name is not None:
        return (LOGICAL[name],)
    return PRIMITIVE["bytes" if kind == "fixed" else kind]


def union_writer(ann: Any, branches: list[Any], g: Gen, convert: Convert) -> Expr:
    """Code turning the annotated value into fastavro's `(branch name, value)`."""
    options: dict[type, list[tuple[str, Callable[[Any], bool] | None, Any]]] = {}
    for member, branch in pair(ann, branches):
        fn = g.function(convert(member, branch))
        for cls in _dump_classes(member, branch):
            options.setdefault(cls, []).append((branch_name(branch), _exact(branch), fn))
    pickers = {cls: _picker(found) for cls, found in options.items()}

    def dump(value: Any) -> Any:
        pick = pickers.get(value.__class__)
        if pick is None:
            pick = next((p for c, p in pickers.items() if isinstance(value, c)), None)
            if pick is None:
                raise TypeError(f"{value!r} ({type(value).__name__}) fits no branch of the union")
        return pick(value)

    ref = g.bind(dump)
    return lambda e: f"{ref}({e})"


def _picker(
    found: list[tuple[str, Callable[[Any], bool] | None, Any]],
) -> Callable[[Any], tuple[str, Any]]:
    if len(found) == 1:
        name, _, fn = found[0]
        if fn is None:
            return lambda v: (name, v)
        return lambda v: (name, fn(v))

    def pick(value: Any) -> tuple[str, Any]:
        # the first branch that holds the value exactly; else the first (fastavro refuses
        # what does not fit, or rounds as the schema says)
        name, _, fn = next((f for f in found if f[1] is None or f[1](value)), found[0])
        return (name, value if fn is None else fn(value))

    return pick
