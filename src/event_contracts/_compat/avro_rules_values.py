"""The Avro rules on values: the bytes still decode, but fail or mean something else
(bytes read as string, logical types, decimal scale and precision)."""

from __future__ import annotations

from typing import Any

from event_contracts._compat.avro_nodes import Node
from event_contracts._compat.avro_trail import Trail
from event_contracts._compat.avro_trail import where as describe
from event_contracts._compat.avro_verdict import (
    NON_UTF8,
    Ctx,
    Verdict,
    fix_keep,
    logical_of,
    old_node,
)


def bytes_to_string(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if w.kind != "bytes" or r.kind != "string":
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"{where} is string in {ctx.reader} but bytes in {ctx.writer}; the specification "
            "allows it, but bytes that are not UTF-8 cannot be read as a string (fastavro "
            "raises UnicodeDecodeError, Java substitutes U+FFFD)",
            fix_keep(ctx, f"keep {where} as {old_node(r, w, ctx).kind}"),
        )

    return Verdict(words, "", NON_UTF8)


_TIME_HINTS: dict[str, int] = {
    "date": 19_723,  # 2024-01-01
    "time-millis": 45_296_789,  # 12:34:56.789
    "time-micros": 45_296_789_012,
    "timestamp-millis": 1_704_112_496_789,  # 2024-01-01T12:34:56.789Z
    "timestamp-micros": 1_704_112_496_789_012,
    "timestamp-nanos": 1_704_112_496_789_012_345,
}


def logical_hint(w: Node, r: Node) -> Any:
    """A raw writer value whose meaning changes under the reader's logical type."""
    lt = logical_of(w)
    if lt is not None and lt.startswith("local-"):
        lt = lt[len("local-") :]
    if lt in _TIME_HINTS:
        return _TIME_HINTS[lt]
    if lt == "decimal":
        return decimal_bytes(w, 10 ** max(w.precision - 1, 0) + 12345 % 10**w.precision)
    if w.kind in ("int", "long"):
        rl = logical_of(r) or ""
        return _TIME_HINTS.get(rl.removeprefix("local-"), 19_723) if w.kind == "long" else 19_723
    if lt == "uuid":
        return "123e4567-e89b-42d3-a456-426614174000" if w.kind == "string" else b"\x12" * 16
    if w.kind == "string":
        return "not-a-uuid"
    if w.kind == "fixed":
        return b"\x80" + b"\x01" * (w.size - 1)
    return b"\x80\x01"


def decimal_bytes(node: Node, unscaled: int) -> bytes:
    """Two's-complement big-endian bytes of `unscaled`, sized for bytes or fixed."""
    length = node.size if node.kind == "fixed" else max(1, (unscaled.bit_length() + 8) // 8)
    return unscaled.to_bytes(length, "big", signed=True)


def logical_changed(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    lw, lr = logical_of(w), logical_of(r)
    if lw == lr or (lw == "uuid" and lr is None and r.kind == "string"):
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        old = logical_of(old_node(r, w, ctx))
        return (
            f"{where} is {r.label()} in {ctx.reader} but {w.label()} in {ctx.writer}; the "
            "bytes still decode, but the reader takes them to mean something else",
            fix_keep(ctx, f"keep the logical type of {where} as {old}")
            + " (add a new field for the new unit instead)",
        )

    return Verdict(words, "", logical_hint(w, r))


def decimal_scale(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if logical_of(r) != "decimal" or logical_of(w) != "decimal" or r.scale == w.scale:
        return None

    def words() -> tuple[str, str]:
        where, off = describe(trail), abs(r.scale - w.scale)
        return (
            f"the decimal {where} has scale {r.scale} in {ctx.reader} but {w.scale} in "
            f"{ctx.writer}; the same unscaled digits would mean a value 10^{off} times off",
            fix_keep(ctx, f"keep scale {old_node(r, w, ctx).scale}"),
        )

    return Verdict(words, "", decimal_bytes(w, 12345 % 10**w.precision or 1))


def decimal_precision(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if logical_of(r) != "decimal" or logical_of(w) != "decimal" or r.scale != w.scale:
        return None
    if r.precision >= w.precision:
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"the decimal {where} has precision {r.precision} in {ctx.reader} but "
            f"{w.precision} in {ctx.writer}; values with more digits cannot be held",
            fix_keep(ctx, f"keep precision {w.precision} (or more)")
            if ctx.direction == "backward"
            else fix_keep(ctx, f"keep precision {r.precision} (or less)"),
        )

    return Verdict(words, "", decimal_bytes(w, 10**w.precision - 1))
