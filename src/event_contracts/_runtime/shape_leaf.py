"""Leaf values between fastavro and generated classes: logical types (both ways) and enums.

Reading, the value is what `avro_read.read_schema` makes fastavro give (a logical type's
underlying value, an enum's index), converted here with fastavro's own functions or inline,
with the checks fastavro would not make (an index outside the symbols, a decimal longer or
more precise than its schema allows). Writing, the plain value of a logical type, for a write
with the type stripped (which skips fastavro's per-value dispatch).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Callable
from typing import Any

from fastavro.read import LOGICAL_READERS
from fastavro.write import LOGICAL_WRITERS

from event_contracts._runtime.shape_common import (
    Expr,
    Gen,
    IndexTable,
    NoFastPath,
    decimal_bytes,
    decimal_too_long,
    leaf,
)
from event_contracts.errors import PayloadValidationError


def enum_read(ann: Any, stype: dict[str, Any], g: Gen, by_index: bool) -> Expr | None:
    """An enum's member (or symbol, for a `str` annotation) from its index (`by_index`, see
    `avro_read`) or from the symbol fastavro has looked up."""
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        members = ann._value2member_map_
        if not by_index:
            table = g.bind(members)
            return lambda e: f"{table}[{e}]"
        if any(s not in members for s in stype["symbols"]):
            raise NoFastPath
        values = [members[s] for s in stype["symbols"]]
    elif ann is str:
        if not by_index:
            return None
        values = list(stype["symbols"])
    else:
        raise NoFastPath
    table = g.bind(IndexTable(stype["name"], values))  # refuses an index out of range
    return lambda e: f"{table}[{e}]"


def logical_read(ann: Any, stype: dict[str, Any], g: Gen) -> Expr:
    """The plain value read with the logical type stripped -> the annotated Python value,
    with fastavro's own conversion functions (no per-value dispatch)."""
    name = stype["logicalType"]
    read = LOGICAL_READERS.get(f"{stype['type']}-{name}")
    if read is None or not leaf(ann, stype):
        raise NoFastPath
    if name == "uuid":
        fn = g.bind(uuid.UUID)
        return lambda e: f"{fn}({e})"
    fn, node = g.bind(read), g.bind(stype)
    epoch = _EPOCHS.get(name)
    if epoch is not None:  # epoch + timedelta, as fastavro computes it, without the call
        start, step = g.bind(epoch), g.bind(_MS if name.endswith("millis") else _US)
        return lambda e: f"({start} + {step} * {e})"
    if name != "decimal":
        return lambda e: f"{fn}({e}, {node}, {node})"
    check = precision_check(stype, g)
    if stype["type"] != "bytes":
        return lambda e: check(f"{fn}({e}, {node}, {node})")
    # refused before the conversion, which is quadratic in the length
    precision, v, too_long = int(stype["precision"]), g.var(), g.bind(decimal_too_long)
    most = decimal_bytes(precision)
    return lambda e: check(
        f"({fn}({v}, {node}, {node}) if len({v} := {e}) <= {most} "
        f"else {too_long}({v}, {precision}))"
    )


def precision_check(stype: dict[str, Any], g: Gen) -> Expr:
    # fastavro rounds to the precision; a value that still has too many digits is refused.
    digits = int(stype["precision"]) - int(stype.get("scale", 0))
    bad, v = g.bind(_too_precise), g.var()
    return lambda e: f"({v} if ({v} := {e}).adjusted() < {digits} else {bad}({v}, {digits}))"


def logical_dump(ann: Any, stype: dict[str, Any], g: Gen) -> Expr:
    """The annotated Python value -> the plain value of a logical type (written with the type
    stripped)."""
    # Convert here with fastavro's own functions: the dumped dict is written with the
    # schema stripped of logical types, which skips fastavro's per-value dispatch.
    prepare = LOGICAL_WRITERS.get(f"{stype['type']}-{stype['logicalType']}")
    if prepare is None or not leaf(ann, stype):
        raise NoFastPath
    if stype["logicalType"] == "uuid":
        return lambda e: f"str({e})"
    fast = _FAST_WRITERS.get(f"{stype['type']}-{stype['logicalType']}")
    fn, node = g.bind(fast or prepare), g.bind(stype)
    unit = _UNITS.get(stype["logicalType"])
    if unit is not None:  # inline for an aware datetime (floor, as fastavro computes it)
        v, epoch, step, cls = g.var(), g.bind(_EPOCH), g.bind(unit), g.bind(dt.datetime)
        return lambda e: (
            f"(({v} - {epoch}) // {step} if ({v} := {e}).__class__ is {cls} "
            f"and {v}.tzinfo is not None else {fn}({v}, {node}))"
        )
    return lambda e: f"{fn}({e}, {node})"


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


_EPOCHS = {
    "timestamp-millis": _EPOCH,
    "timestamp-micros": _EPOCH,
    "local-timestamp-millis": _EPOCH.replace(tzinfo=None),
    "local-timestamp-micros": _EPOCH.replace(tzinfo=None),
}
_UNITS = {"timestamp-millis": _MS, "timestamp-micros": _US}
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
