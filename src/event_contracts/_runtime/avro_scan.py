"""A validating skip-scan of Avro binary, run before fastavro where fastavro trusts the payload.

fastavro trusts three things a hostile payload controls. An Avro array block is a count
followed by that many items; when the items can encode to zero bytes (`null`, `fixed` of size
0, a record whose fields are all zero-width), a block of three bytes can claim 2**62 items and
fastavro's reader then loops for ages, appending to a list without ever running out of input.
Every other type takes at least one byte per item (a union has its branch index, a collection
its terminating count, a map entry its key), so there the input itself bounds the work. An
enum index is used as a Python list index, so a negative one (zig-zag -1) reads as the last
symbol instead of being refused. A `decimal` on `bytes` becomes an int and then a `Decimal`
whatever its length, which is quadratic: 400 KB take seconds before any precision check.

`compile_scan` looks at a writer schema once (at plan-compile time) and returns a scanner only
when the schema has one of these (an array of zero-width items, an enum, a bytes decimal); the
hot path of every other schema is untouched. The scanner walks the bytes without building
values: varints, lengths bounded by the remaining input, union and enum indexes within bounds,
block counts (negative ones with their byte size, which must match what the items take),
decimal lengths within what their precision can need, and a budget on the total number of
array items and map entries in the payload.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

Skip = Callable[[bytes, int, list[int]], int]
"""(data, position, [items left]) -> position after the value."""
Scan = Callable[[bytes, int, int], None]
"""(data, offset, max items) -> None, or ScanError."""


class ScanError(ValueError):
    """The bytes are not a valid encoding of the schema (the caller adds type and versions)."""


def _long(data: bytes, pos: int) -> tuple[int, int]:
    """Avro's zig-zag varint at `pos` -> (value, next position); at most 10 bytes (64 bits)."""
    b = data[pos]  # IndexError past the end: the caller reports truncation
    pos += 1
    if b < 0x80:
        return (b >> 1) ^ -(b & 1), pos
    n = b & 0x7F
    shift = 7
    while True:
        b = data[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return (n >> 1) ^ -(n & 1), pos
        shift += 7
        if shift > 63:
            raise ScanError(f"varint at byte {pos} runs past 10 bytes")


def _skip_long(data: bytes, pos: int, budget: list[int]) -> int:
    return _long(data, pos)[1]


def _skip_bytes(data: bytes, pos: int, budget: list[int]) -> int:
    size, pos = _long(data, pos)
    end = pos + size
    if size < 0 or end > len(data):
        raise ScanError(
            f"length {size} at byte {pos} does not fit the {len(data) - pos} byte(s) left"
        )
    return end


def _null(data: bytes, pos: int, budget: list[int]) -> int:
    return pos


def _fixed_width(width: int) -> Skip:
    def skip(data: bytes, pos: int, budget: list[int]) -> int:
        return pos + width  # overshooting the end is caught by the caller's bounds check

    return skip


class _Compiler:
    """Schema -> (skip function, static width in bytes or None when it varies)."""

    def __init__(self, named: Mapping[str, Any]) -> None:
        self.named = named
        self.done: dict[str, tuple[Skip, int | None]] = {}
        self.busy: set[str] = set()
        self.needs_scan = False

    def compile(self, schema: Any) -> tuple[Skip, int | None]:
        if isinstance(schema, list):
            return self._union(schema)
        if isinstance(schema, str):
            return self._name(schema)
        kind = schema["type"]
        if kind in ("record", "error", "enum", "fixed"):
            name = schema["name"]
            if name not in self.done:
                self.busy.add(name)
                self.done[name] = self._named(schema)
                self.busy.discard(name)
            return self.done[name]
        if kind == "array":
            return self._array(schema["items"]), None
        if kind == "map":
            return self._map(schema["values"]), None
        if kind == "bytes" and schema.get("logicalType") == "decimal":
            self.needs_scan = True
            return _decimal(int(schema["precision"])), None
        return self.compile(kind)  # {"type": "long", "logicalType": ...}

    def _name(self, name: str) -> tuple[Skip, int | None]:
        primitive = _PRIMITIVES.get(name)
        if primitive is not None:
            return primitive
        if name in self.done:
            return self.done[name]
        if name in self.busy:  # recursive type: look it up at run time; never zero-width
            done = self.done

            def later(data: bytes, pos: int, budget: list[int]) -> int:
                return done[name][0](data, pos, budget)

            return later, None
        return self.compile(self.named[name])

    def _named(self, schema: dict[str, Any]) -> tuple[Skip, int | None]:
        kind = schema["type"]
        if kind == "fixed":
            size = int(schema["size"])
            return _fixed_width(size), size
        if kind == "enum":
            self.needs_scan = True
            return _index(len(schema["symbols"]), "enum symbol"), None
        parts = [self.compile(f["type"]) for f in schema["fields"]]
        widths = [w for _, w in parts]
        if all(w is not None for w in widths):
            total = sum(w for w in widths if w is not None)
            return (_fixed_width(total) if total else _null), total
        skips = [s for s, _ in parts]

        def record(data: bytes, pos: int, budget: list[int]) -> int:
            for skip in skips:
                pos = skip(data, pos, budget)
            return pos

        return record, None

    def _union(self, branches: list[Any]) -> tuple[Skip, int | None]:
        skips = [self.compile(b)[0] for b in branches]
        count = len(skips)

        def union(data: bytes, pos: int, budget: list[int]) -> int:
            i, pos = _long(data, pos)
            if not 0 <= i < count:
                raise ScanError(f"union branch {i} at byte {pos - 1}; the union has {count}")
            return skips[i](data, pos, budget)

        return union, None

    def _array(self, items: Any) -> Skip:
        item, width = self.compile(items)
        if width == 0:
            self.needs_scan = True
        return _blocks(item, width)

    def _map(self, values: Any) -> Skip:
        value = self.compile(values)[0]

        def entry(data: bytes, pos: int, budget: list[int]) -> int:
            return value(data, _skip_bytes(data, pos, budget), budget)

        return _blocks(entry, None)


def _index(count: int, what: str) -> Skip:
    def skip(data: bytes, pos: int, budget: list[int]) -> int:
        i, end = _long(data, pos)
        if not 0 <= i < count:
            raise ScanError(f"{what} {i} at byte {pos}; there are {count}")
        return end

    return skip


def _decimal(precision: int) -> Skip:
    """A bytes decimal: at most the bytes 10**precision - 1 takes in two's complement (bits
    counted as precision * log2(10), rounded up, plus the sign bit)."""
    most = (math.ceil(precision * math.log2(10)) + 8) // 8

    def skip(data: bytes, pos: int, budget: list[int]) -> int:
        size = _long(data, pos)[0]
        if size > most:
            raise ScanError(
                f"decimal of {size} bytes at byte {pos}; precision {precision} needs at most {most}"
            )
        return _skip_bytes(data, pos, budget)

    return skip


def _blocks(item: Skip, width: int | None) -> Skip:
    """Array or map blocks: `count items` or `-count size items`, until a count of 0."""

    def blocks(data: bytes, pos: int, budget: list[int]) -> int:
        end = len(data)
        while True:
            count, pos = _long(data, pos)
            if count == 0:
                return pos
            size = -1
            if count < 0:
                count = -count
                size, pos = _long(data, pos)
                if size < 0 or pos + size > end:
                    raise ScanError(
                        f"block size {size} at byte {pos} does not fit the {end - pos} byte(s) left"
                    )
            budget[0] -= count
            if budget[0] < 0:
                raise ScanError(
                    f"a block at byte {pos} claims {count} items, more than the payload may hold"
                )
            start = pos
            if width is not None:
                pos += count * width
                if pos > end:
                    raise ScanError(f"{count} items of {width} byte(s) do not fit the input")
            else:
                for _ in range(count):
                    pos = item(data, pos, budget)
                    if pos > end:
                        raise ScanError("an item runs past the end of the input")
            if size >= 0 and pos - start != size:
                raise ScanError(
                    f"block at byte {start} says {size} bytes, its items take {pos - start}"
                )

    return blocks


_PRIMITIVES: dict[str, tuple[Skip, int | None]] = {
    "null": (_null, 0),
    "boolean": (_fixed_width(1), 1),
    "int": (_skip_long, None),
    "long": (_skip_long, None),
    "float": (_fixed_width(4), 4),
    "double": (_fixed_width(8), 8),
    "bytes": (_skip_bytes, None),
    "string": (_skip_bytes, None),
}


def compile_scan(parsed: Any) -> Scan | None:
    """A scanner for fastavro-parsed `parsed` (references by full name), or None when the
    schema has no array of zero-width items, enum or bytes decimal (fastavro's own reader is
    then safe)."""
    named = parsed.get("__named_schemas", {}) if isinstance(parsed, dict) else {}
    compiler = _Compiler(named)
    skip = compiler.compile(parsed)[0]
    if not compiler.needs_scan:
        return None

    def scan(data: bytes, offset: int, max_items: int) -> None:
        try:
            pos = skip(data, offset, [max_items])
        except IndexError:
            raise ScanError("truncated: the input ends inside a value") from None
        except RecursionError:
            raise ScanError("values nested too deeply") from None
        if pos > len(data):
            raise ScanError("truncated: the input ends inside a value")
        if pos < len(data):
            raise ScanError(f"{len(data) - pos} unexpected byte(s) after the payload")

    return scan
