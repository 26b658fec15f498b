"""Plain values for the counterexample search: strings, numbers, names aimed at keywords."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from event_contracts._compat.json_nodes import Kind, Node
from event_contracts._compat.json_numbers import exact, is_number, json_number, near

GENERIC: tuple[Any, ...] = (None, True, 0, 1.5, -1, "", "x", [], {}, {"x": 1}, ["x"], 10**9)

SNIFFED = (Kind.STRING, Kind.NUMBER, Kind.OBJECT, Kind.ARRAY)


def typed(raw: Any) -> bool:
    return isinstance(raw, dict) and ("type" in raw or "enum" in raw or "const" in raw)


def pattern_names(patterns: list[tuple[str, Any]]) -> list[str]:
    """Names aimed at `patternProperties`: each pattern's literal text, alone and extended."""
    out: list[str] = []
    for pattern, _ in patterns:
        literal = re.sub(r"\\.|[\^$.*+?()\[\]{}|]", "", pattern) or "a"
        for name in (literal, "a" + literal, literal + "a"):
            if name not in out:
                out.append(name)
    return out[:12]


MOST = 10_000  # the longest string or array, and the most properties, a candidate holds


def count(value: Any, fallback: int) -> int:
    """A size keyword (`maxItems`, `minProperties`, ...) as a candidate's size: whole and at
    most MOST, so a bound of 10**400 or 1e300 builds no document of that size (nor calls
    `float()` on an int too large for one)."""
    if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        return fallback
    return min(int(value), MOST)


def other_types(values: list[Any]) -> list[Any]:
    """Values of a type none of `values` has: what a reader expecting those would reject."""
    kinds = {type(v) for v in values}
    return [g for g in GENERIC if type(g) not in kinds]


_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "email": "a@example.com",
    "uri": "https://example.com/x",
    "hostname": "example.com",
    "ipv4": "192.168.0.1",
}


def strings(w: Node, r: Node | None) -> Iterator[Any]:
    fmt = w.raw.get("format") if isinstance(w.raw, dict) else None
    if isinstance(fmt, str) and fmt in _FORMATS:
        yield _FORMATS[fmt]
    lengths = {0, 1, 3}
    for node in (w, r):
        if node is None or node.kind is not Kind.STRING:
            continue
        for bound in (node.min_length, node.max_length):
            if isinstance(bound, int):
                lengths.update({bound - 1, bound, bound + 1})
    pattern = w.raw.get("pattern") if isinstance(w.raw, dict) else None
    if isinstance(pattern, str):  # the pattern's literal characters often match it
        literal = re.sub(r"\\.|[\^$.*+?()\[\]{}|]", "", pattern)
        yield literal
        for n in sorted(x for x in lengths if 0 < x <= 64):
            yield (literal or "a") * n
    for n in sorted(x for x in lengths if 0 <= x <= MOST):
        yield "a" * n
    yield from _FORMATS.values()
    if r is not None and r.kind is not Kind.STRING:
        yield from (1, None, True)


def numbers(w: Node, r: Node | None) -> Iterator[Any]:
    """Numbers at the bounds and multiples of both nodes, computed exactly (`near`): a bound
    of 10**400 gives 10**400 + 1, where float arithmetic raised OverflowError."""
    points: list[int | float] = [0, 1, -1, 2, 0.5, 1.5, 10**6]
    for node in (w, r):
        if node is None or node.kind is not Kind.NUMBER:
            continue
        for bound in (node.minimum, node.maximum, node.excl_minimum, node.excl_maximum):
            points.extend(near(bound))
        step = exact(node.multiple_of)
        if step is not None and step > 0:
            multiples = (json_number(step * k) for k in range(1, 7))
            points.extend(m for m in multiples if m is not None)
    for p in points:
        if not w.integer:
            yield p
        elif isinstance(p, int) or p.is_integer():
            yield int(p)
    if w.integer:
        yield 1.0  # an integer to draft-06 and later, a number only to draft-04's `integer`
