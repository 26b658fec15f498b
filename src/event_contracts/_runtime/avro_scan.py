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

`compile_scan` looks at a schema once (at plan-compile time) and returns a scanner only when
the schema has one of these (an array of zero-width items, an enum, a bytes decimal); the hot
path of every other schema is untouched. The typed fast path reads with a schema where enums
are ints and bytes decimals bytes, checked by its builders (`avro_read`): its scan covers what
that schema leaves to fastavro, and payloads of `decode_avro.SCAN_FROM` bytes or more are
scanned with the writer's own schema, so a refusal never follows a large read.

The scanner walks the bytes without building values: varints, lengths bounded by the
remaining input, union and enum indexes within bounds, block counts (negative ones with their
byte size, which must match what the items take), decimal lengths within what their precision
can need, and a budget on the total number of array items and map entries in the payload.

The scanner is Python source generated for the schema (one function per named type, straight
lines for the fields, single-byte varints read inline) and compiled once: it runs before
fastavro reads such a payload, so it costs a fraction of fastavro's own read, not a multiple of it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

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


def _fail(message: str) -> None:
    raise ScanError(message)


_INLINE_BRANCHES = 8
_RUN = re.compile(b"[" + b"".join(re.escape(bytes([b])) for b in range(2, 128, 2)) + b"]*")
"""One-byte positive varints: block counts of 1..63."""
_PRIMITIVE_WIDTH: dict[str, int | None] = {
    "null": 0,
    "boolean": 1,
    "int": None,
    "long": None,
    "float": 4,
    "double": 8,
    "bytes": None,
    "string": None,
}


class _Writer:
    """Generates the scanner's source: `emit` skips one value at `p` in data `d`."""

    def __init__(self, named: Mapping[str, Any]) -> None:
        self.named = named
        self.functions: dict[str, str] = {}  # full name -> function name
        self.bodies: list[list[str]] = []
        self.tables: list[str] = []
        self.widths: dict[str, int | None] = {}
        self.needs_scan = False
        self.n = 0

    def var(self, stem: str) -> str:
        self.n += 1
        return f"{stem}{self.n}"

    # -- widths: bytes a value always takes, None when it varies -----------------------------

    def width(self, schema: Any, busy: frozenset[str] = frozenset()) -> int | None:
        if isinstance(schema, list):
            return None  # the branch index takes a byte
        if isinstance(schema, str):
            if schema in _PRIMITIVE_WIDTH:
                return _PRIMITIVE_WIDTH[schema]
            if schema in busy:
                return None  # recursive: never zero-width
            return self.width(self.named[schema], busy)
        kind = schema["type"]
        if kind == "fixed":
            return int(schema["size"])
        if kind == "record" or kind == "error":
            name = schema["name"]
            if name in self.widths:
                return self.widths[name]
            total: int | None = 0
            for field in schema["fields"]:
                w = self.width(field["type"], busy | {name})
                total = None if w is None or total is None else total + w
            self.widths[name] = total
            return total
        if kind in ("enum", "array", "map"):
            return None
        return self.width(kind, busy)

    # -- code ----------------------------------------------------------------------------------

    def emit(self, schema: Any, out: list[str], ind: str) -> None:
        if isinstance(schema, list):
            self._union(schema, out, ind)
            return
        if isinstance(schema, str):
            if schema in _PRIMITIVE_WIDTH:
                self._primitive(schema, out, ind)
            else:
                out.append(f"{ind}p = {self._function(schema)}(d, p, budget)")
            return
        kind = schema["type"]
        if kind in ("record", "error", "enum", "fixed"):
            out.append(f"{ind}p = {self._function(schema['name'], schema)}(d, p, budget)")
        elif kind in ("array", "map"):
            # a function of its own: loops nested in one function stop at 20 (the compiler)
            fn = self._new_function(
                lambda body: self._blocks(
                    schema["items" if kind == "array" else "values"],
                    body,
                    "    ",
                    is_map=kind == "map",
                )
            )
            out.append(f"{ind}p = {fn}(d, p, budget)")
        elif kind == "bytes" and schema.get("logicalType") == "decimal":
            self.needs_scan = True
            precision = int(schema["precision"])
            most = (math.ceil(precision * math.log2(10)) + 8) // 8
            n = self._varint(out, ind)
            out.append(f"{ind}if {n} > {most}:")
            out.append(
                f"{ind}    _fail(f'decimal of {{{n}}} bytes at byte {{p}}; precision "
                f"{precision} needs at most {most}')"
            )
            out.append(f"{ind}p += {n}")
        else:
            self.emit(kind, out, ind)

    def _varint(self, out: list[str], ind: str) -> str:
        """Read a varint at p into a fresh variable (negative lengths refused by callers)."""
        v, b = self.var("v"), self.var("b")
        out.append(f"{ind}{b} = d[p]")
        out.append(f"{ind}if {b} < 128:")
        out.append(f"{ind}    {v} = ({b} >> 1) ^ -({b} & 1)")
        out.append(f"{ind}    p += 1")
        out.append(f"{ind}else:")
        out.append(f"{ind}    {v}, p = _long(d, p)")
        return v

    def _primitive(self, name: str, out: list[str], ind: str) -> None:
        width = _PRIMITIVE_WIDTH[name]
        if width:
            out.append(f"{ind}p += {width}")
        elif name in ("int", "long"):
            out.append(f"{ind}if d[p] < 128:")
            out.append(f"{ind}    p += 1")
            out.append(f"{ind}else:")
            out.append(f"{ind}    p = _long(d, p)[1]")
        elif name in ("bytes", "string"):
            n = self._varint(out, ind)
            out.append(f"{ind}if {n} < 0:")
            out.append(f"{ind}    _fail(f'length {{{n}}} before byte {{p}}')")
            out.append(f"{ind}p += {n}")

    def _body(self, schema: Any, body: list[str]) -> None:
        self.emit(schema, body, "    ")

    def _new_function(self, write: Callable[[list[str]], None]) -> str:
        fn = self.var("_f")
        body = [f"def {fn}(d, p, budget):"]
        write(body)
        body.append("    return p")
        self.bodies.append(body)
        return fn

    def _union(self, branches: list[Any], out: list[str], ind: str) -> None:
        i = self._varint(out, ind)
        if len(branches) > _INLINE_BRANCHES:  # a table: an elif chain nests one level a branch
            table = self.var("_U")
            fns = [self._new_function(functools.partial(self._body, b)) for b in branches]
            self.tables.append(f"{table} = ({', '.join(fns)},)")
            out.append(f"{ind}if not 0 <= {i} < {len(branches)}:")
            out.append(
                f"{ind}    _fail(f'union branch {{{i}}} before byte {{p}}; the union has "
                f"{len(branches)}')"
            )
            out.append(f"{ind}p = {table}[{i}](d, p, budget)")
            return
        for k, branch in enumerate(branches):
            out.append(f"{ind}{'if' if k == 0 else 'elif'} {i} == {k}:")
            body: list[str] = []
            self.emit(branch, body, ind + "    ")
            out.extend(body or [f"{ind}    pass"])
        out.append(f"{ind}{'else' if branches else 'if True'}:")
        out.append(
            f"{ind}    _fail(f'union branch {{{i}}} before byte {{p}}; the union has "
            f"{len(branches)}')"
        )

    def _function(self, name: str, schema: Any = None) -> str:
        """The function that skips named type `name` (written once, recursion allowed)."""
        if name in self.functions:
            return self.functions[name]
        fn = f"_t{len(self.functions)}"
        self.functions[name] = fn
        schema = schema if schema is not None else self.named[name]
        body = [f"def {fn}(d, p, budget):"]
        kind = schema["type"]
        if kind == "fixed":
            body.append(f"    p += {int(schema['size'])}")
        elif kind == "enum":
            self.needs_scan = True
            count = len(schema["symbols"])
            i = self._varint(body, "    ")
            body.append(f"    if not 0 <= {i} < {count}:")
            body.append(
                f"        _fail(f'enum symbol {{{i}}} before byte {{p}}; there are {count}')"
            )
        else:
            for field in schema["fields"]:
                self.emit(field["type"], body, "    ")
        body.append("    return p")
        self.bodies.append(body)
        return fn

    def _blocks(self, items: Any, out: list[str], ind: str, *, is_map: bool) -> None:
        """Array or map blocks: `count items` or `-count size items`, until a count of 0."""
        width = None if is_map else self.width(items)
        if width == 0:
            self.needs_scan = True
        c, size, start = self.var("c"), self.var("s"), self.var("st")
        out.append(f"{ind}while True:")
        inner = ind + "    "
        if width == 0:
            # Consecutive blocks of zero-width items are their one-byte counts (even bytes
            # 2..126) back to back: count a run of them at C speed, not a block at a time.
            run = self.var("q")
            out.append(f"{inner}{run} = _RUN.match(d, p).end()")
            out.append(f"{inner}if {run} - p > 1:")
            out.append(f"{inner}    budget[0] -= sum(d[p:{run}]) >> 1")
            out.append(f"{inner}    if budget[0] < 0:")
            out.append(
                f"{inner}        _fail(f'blocks at byte {{p}} claim more items than the payload "
                "may hold')"
            )
            out.append(f"{inner}    p = {run}")
        count = self._varint(out, inner)
        out.append(f"{inner}{c} = {count}")
        out.append(f"{inner}if {c} == 0:")
        out.append(f"{inner}    break")
        out.append(f"{inner}{size} = -1")
        out.append(f"{inner}if {c} < 0:")
        out.append(f"{inner}    {c} = -{c}")
        out.append(f"{inner}    {size}, p = _long(d, p)")
        out.append(f"{inner}    if {size} < 0 or p + {size} > len(d):")
        out.append(
            f"{inner}        _fail(f'block size {{{size}}} at byte {{p}} does not fit the "
            f"{{len(d) - p}} byte(s) left')"
        )
        out.append(f"{inner}budget[0] -= {c}")
        out.append(f"{inner}if budget[0] < 0:")
        out.append(
            f"{inner}    _fail(f'a block at byte {{p}} claims {{{c}}} items, more than the "
            "payload may hold')"
        )
        out.append(f"{inner}{start} = p")
        if width is not None:
            out.append(f"{inner}p += {c} * {width}")
            out.append(f"{inner}if p > len(d):")
            out.append(
                f"{inner}    _fail(f'{{{c}}} items of {width} byte(s) do not fit the input')"
            )
        else:
            out.append(f"{inner}for _ in range({c}):")
            body: list[str] = []
            if is_map:
                self._primitive("string", body, inner + "    ")
            self.emit(items, body, inner + "    ")
            out.extend(body or [f"{inner}    pass"])
            out.append(f"{inner}    if p > len(d):")
            out.append(f"{inner}        _fail('an item runs past the end of the input')")
        out.append(f"{inner}if {size} >= 0 and p - {start} != {size}:")
        out.append(
            f"{inner}    _fail(f'block at byte {{{start}}} says {{{size}}} bytes, its items "
            f"take {{p - {start}}}')"
        )


def compile_scan(parsed: Any) -> Scan | None:
    """A scanner for fastavro-parsed `parsed` (references by full name), or None when the
    schema has no array of zero-width items, enum or bytes decimal (fastavro's own reader is
    then safe)."""
    named = parsed.get("__named_schemas", {}) if isinstance(parsed, dict) else {}
    writer = _Writer(named)
    top: list[str] = ["def _top(d, p, budget):"]
    writer.emit(parsed, top, "    ")
    top.append("    return p")
    if not writer.needs_scan:
        return None
    lines = [line for body in [*writer.bodies, top] for line in body] + writer.tables
    scope: dict[str, Any] = {"_long": _long, "_fail": _fail, "_RUN": _RUN}
    exec(compile("\n".join(lines) + "\n", "<avro scan>", "exec"), scope)  # our own source
    skip = scope["_top"]

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
