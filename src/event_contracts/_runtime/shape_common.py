"""What the shape compilers (`shape`, `shape_union`) share: type tables, fresh names, checks."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pydantic
from pydantic import BaseModel

from event_contracts._runtime.avro_scan import ScanError

Expr = Callable[[str], str]
"""Python source over one value expression."""

LOGICAL: dict[str, type] = {
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
PRIMITIVE: dict[str, tuple[type, ...]] = {
    "null": (type(None),),
    "boolean": (bool,),
    "int": (int,),
    "long": (int,),
    "float": (float,),
    "double": (float,),
    "bytes": (bytes,),
    "string": (str,),
}
NAMED = ("record", "enum", "fixed")
# The logical types the generator maps to a Python type (on the underlying type it allows);
# any other `logicalType` is ignored, by the generator and here.
MAPPED = frozenset(
    {
        "string-uuid", "long-timestamp-millis", "long-timestamp-micros",
        "long-local-timestamp-millis", "long-local-timestamp-micros", "int-date",
        "int-time-millis", "long-time-micros", "bytes-decimal", "fixed-decimal",
    }
)  # fmt: skip


def logical(stype: Any) -> str | None:
    """The logical type of `stype` when the generator maps it, else None."""
    if isinstance(stype, dict) and "logicalType" in stype:
        name = str(stype["logicalType"])
        if f"{stype.get('type')}-{name}" in MAPPED:
            return name
    return None


def reads_as_int(branch: Any) -> bool:
    """A union branch whose plain read is a Python int: `int`, `long` (an unmapped logical
    type on them too) and an enum read by its index."""
    kind = kind_of(branch)
    return kind == "enum" or (kind in ("int", "long") and logical(branch) is None)


def enum_by_index(union: list[Any] | None) -> bool:
    """Whether an enum is read by its index (see `avro_read`): always outside a union (`union`
    None); inside one only where no other branch reads as an int, since fastavro then gives
    the bare int with no branch name. Elsewhere it is read by fastavro, as `(name, symbol)`."""
    return union is None or sum(map(reads_as_int, union)) == 1


class NoFastPath(Exception):
    """The class or schema has a shape the compilers do not handle (the caller falls back)."""


_SLOTS: dict[str, Any] = dict(vars(BaseModel))


class Gen:
    """Collects the names a generated function refers to, and fresh variable names."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_dict": _SLOTS["__dict__"].__set__,
            # BaseModel's slots, set through their descriptors (cheaper than setattr by name)
            "_fields_set": _SLOTS["__pydantic_fields_set__"].__set__,
            "_extra": _SLOTS["__pydantic_extra__"].__set__,
            "_private": _SLOTS["__pydantic_private__"].__set__,
        }
        self._ids = itertools.count()

    def bind(self, value: Any) -> str:
        name = f"_g{next(self._ids)}"
        self.env[name] = value
        return name

    def var(self) -> str:
        return f"_v{next(self._ids)}"

    def function(self, expr: Expr | None) -> Callable[[Any], Any] | None:
        """`expr` as a one-argument function (None stays None: the value passes unchanged)."""
        if expr is None:
            return None
        x = self.var()
        env = dict(self.env)
        exec(f"def _f({x}):\n    return {expr(x)}\n", env)  # names and repr()s only
        fn: Callable[[Any], Any] = env["_f"]
        return fn


def unwrap(ann: Any) -> Any:
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    return type(None) if ann is None else ann


def converted_by_fastavro(stype: Any) -> bool:
    """A `fixed` with a logical type: a named type, defined once, possibly inside a union and
    referenced outside it; its logical type is never stripped, fastavro converts it."""
    return isinstance(stype, dict) and stype.get("type") == "fixed" and logical(stype) is not None


def is_mapping(origin: Any) -> bool:
    return isinstance(origin, type) and issubclass(origin, Mapping)


def kind_of(stype: Any) -> str:
    """`int`, `record`, `union`, ... (a logical type's underlying type)."""
    if isinstance(stype, str):
        return stype
    if isinstance(stype, list):
        return "union"
    return str(stype.get("type"))


def leaf(ann: Any, stype: Any) -> bool:
    """True when fastavro's value for `stype` already is what annotation `ann` holds."""
    if isinstance(stype, str):
        return stype in PRIMITIVE and ann in PRIMITIVE[stype]
    name = logical(stype)
    if name is not None:
        want = LOGICAL[name]
        if want is dt.datetime:
            # fastavro reads timestamp-* as aware UTC and local-timestamp-* as naive values
            marker = pydantic.NaiveDatetime if name.startswith("local-") else pydantic.AwareDatetime
            return ann is dt.datetime or ann is marker
        return ann is want
    if isinstance(stype, dict) and stype.get("type") == "fixed":
        return ann is bytes
    if isinstance(stype, dict) and isinstance(stype.get("type"), str):
        return leaf(ann, stype["type"])  # an unmapped logical type: the underlying type
    return False


class IndexTable(dict[int, Any]):
    """Enum index -> value (a member, a symbol, or a reader's index); an index outside the
    writer's symbols is refused, as `avro_scan` refuses it (the caller adds type and version)."""

    def __init__(self, name: str, values: list[Any]) -> None:
        super().__init__(enumerate(values))
        self.name = name

    def __missing__(self, index: Any) -> Any:
        raise ScanError(f"enum symbol {index} of {self.name}; there are {len(self)}")


def decimal_bytes(precision: int) -> int:
    """The most bytes a bytes `decimal` of this precision can need (two's complement)."""
    return (math.ceil(precision * math.log2(10)) + 8) // 8


def decimal_too_long(value: bytes, precision: int) -> Any:
    raise ScanError(
        f"decimal of {len(value)} bytes; precision {precision} needs at most "
        f"{decimal_bytes(precision)}"
    )
