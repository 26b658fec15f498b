"""Seeded examples for the data proof, drawn straight from the schema (no hypothesis engine).

The values are those `event_contracts.testing.payloads` can produce (the same domains: fastavro's
values for Avro, JSON values for JSON Schema), drawn by a `random.Random` seeded by the caller,
so a run is reproducible and costs microseconds per example instead of hypothesis' milliseconds.
Example 0 takes every low edge (empty strings and lists, the least numbers, the first symbol and
branch, no optional property), example 1 every high edge (the longest, the greatest, the last,
every property); later ones draw each value at random, an edge value one time in four.

`sampler` returns None for what it does not cover (a JSON Schema `pattern` or `email`, a recursive
Avro type, a keyword it does not know): the proof then draws those examples with hypothesis.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import random
import struct
import uuid
from collections.abc import Callable
from typing import Any

from event_contracts._runtime.avro_resolve import expand

Draw = Callable[[random.Random, int], Any]
"""(rng, how): how is LOW, HIGH or ANY (each value at random)."""
LOW, HIGH, ANY = 0, 1, 2
EDGE = 0.25
DEPTH = 16
_UTC = dt.UTC
_FIRST, _LAST = dt.datetime(1900, 1, 1, tzinfo=_UTC), dt.datetime(2200, 1, 1, tzinfo=_UTC)
_SPAN_US = int((_LAST - _FIRST).total_seconds()) * 10**6
_FLOAT32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]
_ODD_CHARS = "\x00\t\n\x7f é€ß中\u200b\ufeff\uffff😀𝄞\U0010ffff"


class Unsupported(Exception):
    """A schema node this module leaves to hypothesis."""


class NoValue(Exception):
    """No value fits (e.g. `uniqueItems` with too few distinct items): skip this example."""


def sampler(fmt: str, schema: Any) -> Callable[[random.Random, int], dict[str, Any]] | None:
    """`draw(rng, i)`: the i-th example of a version's payloads; None if not covered here."""
    try:
        draw = _avro(expand(schema), 0) if fmt == "avro" else _json(schema, schema, 0)
    except Unsupported:
        return None
    except Exception:  # a schema expand refuses: hypothesis' path decides
        return None

    def example(rng: random.Random, i: int) -> dict[str, Any]:
        value: dict[str, Any] = draw(rng, LOW if i == 0 else HIGH if i == 1 else ANY)
        return value

    return example


def _edge(rng: random.Random, how: int) -> bool:
    return how != ANY or rng.random() < EDGE


def _pick(rng: random.Random, how: int, options: list[Any]) -> Any:
    if how == LOW:
        return options[0]
    if how == HIGH:
        return options[-1]
    return rng.choice(options)


# --- scalars ---------------------------------------------------------------------------------


def _integers(low: int | None, high: int | None) -> Draw:
    if low is not None and high is not None and low > high:
        raise Unsupported("no integer fits the bounds")
    lo = low if low is not None else (high if high is not None and high < 0 else 0) - 2**64
    hi = high if high is not None else max(lo, 0) + 2**64
    edges = sorted({e for e in (lo, hi, 0, 1, -1, lo + 1, hi - 1) if lo <= e <= hi})
    if low is None:
        edges = [e for e in edges if e != lo] or edges
    if high is None:
        edges = [e for e in edges if e != hi] or edges

    def draw(rng: random.Random, how: int) -> int:
        if how == LOW:
            return low if low is not None else edges[0]
        if how == HIGH:
            return high if high is not None else edges[-1]
        if rng.random() < EDGE:
            return rng.choice(edges)
        if rng.random() < 0.5:  # small values, where off-by-one bugs live
            small = rng.randint(-100, 100)
            if lo <= small <= hi:
                return small
        return rng.randint(lo, hi)

    return draw


def _floats(low: float | None, high: float | None, *, width: int, finite: bool) -> Draw:
    if low is not None and high is not None and low > high:
        raise Unsupported("no number fits the bounds")
    biggest = _FLOAT32_MAX if width == 32 else 1.7976931348623157e308
    lo = -biggest if low is None else float(low)
    hi = biggest if high is None else float(high)
    edges = [lo, hi, 0.0, -0.0, 1.0, -1.5, 5e-324 if width == 64 else 1.401298464324817e-45]
    if not finite and low is None and high is None:
        edges += [float("inf"), float("-inf")]
    edges = [e for e in edges if lo <= e <= hi or e in (float("inf"), float("-inf"))]

    def fit(x: float) -> float:
        x = min(max(x, lo), hi)
        return struct.unpack("<f", struct.pack("<f", x))[0] if width == 32 else x

    def draw(rng: random.Random, how: int) -> float:
        if how != ANY:
            return lo if how == LOW else hi
        if rng.random() < EDGE:
            return rng.choice(edges)
        if rng.random() < 0.5:
            return fit(rng.uniform(max(lo, -1e6), min(hi, 1e6)))
        raw = rng.getrandbits(width).to_bytes(width // 8, "little")
        bits = struct.unpack("<f" if width == 32 else "<d", raw)[0]
        return fit(bits) if math.isfinite(bits) else fit(0.5)

    return draw


def _text(low: int, high: int) -> Draw:
    if low > high:
        raise Unsupported("no string fits the bounds")

    def char(rng: random.Random) -> str:
        r = rng.random()
        if r < 0.6:
            return chr(rng.randrange(0x20, 0x7F))
        if r < 0.8:
            return rng.choice(_ODD_CHARS)
        while True:
            c = rng.randrange(0x110000)
            if not 0xD800 <= c <= 0xDFFF:  # surrogates are no text (hypothesis leaves them out)
                return chr(c)

    def draw(rng: random.Random, how: int) -> str:
        if how == LOW and low == 0:
            return ""
        n = low if how == LOW else high if how == HIGH else rng.randint(low, high)
        if how == HIGH:
            return "".join(_ODD_CHARS[i % len(_ODD_CHARS)] for i in range(n))
        return "".join(char(rng) for _ in range(n))

    return draw


def _binary(low: int, high: int) -> Draw:
    def draw(rng: random.Random, how: int) -> bytes:
        n = low if how == LOW else high if how == HIGH else rng.randint(low, high)
        if how == HIGH:
            return b"\xff" * n
        return rng.randbytes(n) if how == ANY else b"\x00" * n

    return draw


def _datetimes(resolution_us: int) -> Draw:
    def draw(rng: random.Random, how: int) -> dt.datetime:
        if how == LOW:
            return _FIRST
        if how == HIGH:
            return _LAST
        if rng.random() < EDGE:
            return rng.choice([_FIRST, _LAST, dt.datetime(1970, 1, 1, tzinfo=_UTC)])
        us = rng.randint(0, _SPAN_US)
        return _FIRST + dt.timedelta(microseconds=us - us % resolution_us)

    return draw


def _dates(rng: random.Random, how: int) -> dt.date:
    first, last = _FIRST.date(), _LAST.date()
    if how == LOW:
        return first
    if how == HIGH:
        return last
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _times(resolution_us: int) -> Draw:
    def draw(rng: random.Random, how: int) -> dt.time:
        if how == LOW:
            return dt.time(0)
        us = 86_400 * 10**6 - 1 if how == HIGH else rng.randint(0, 86_400 * 10**6 - 1)
        us -= us % resolution_us
        s, micro = divmod(us, 10**6)
        return dt.time(s // 3600, s // 60 % 60, s % 60, micro)

    return draw


def _uuids(rng: random.Random, how: int) -> uuid.UUID:
    if how == LOW:
        return uuid.UUID(int=0)
    if how == HIGH:
        return uuid.UUID(int=2**128 - 1)
    return uuid.UUID(int=rng.getrandbits(128))


def _decimals(schema: Any) -> Draw:
    scale, digits = int(schema.get("scale", 0)), int(schema["precision"])
    unscaled = _integers(-(10**digits) + 1, 10**digits - 1)
    step = decimal.Decimal(1).scaleb(-scale)
    return lambda rng, how: decimal.Decimal(unscaled(rng, how)).scaleb(-scale).quantize(step)


def _one_of(draws: list[Draw]) -> Draw:
    if not draws:
        raise Unsupported("no branch")
    return lambda rng, how: _pick(rng, how, draws)(rng, how)


def _sized(item: Draw, low: int, high: int, unique: bool = False) -> Draw:
    if low > high:
        raise Unsupported("no list fits the bounds")

    def draw(rng: random.Random, how: int) -> list[Any]:
        n = low if how == LOW else high if how == HIGH else rng.randint(low, high)
        out: list[Any] = []
        seen: set[str] = set()
        for _ in range(n * 10 if unique else n):
            if len(out) == n:
                break
            value = item(rng, how if how != HIGH or not unique else ANY)
            if unique:
                key = json.dumps(_same_json(value), sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
            out.append(value)
        if len(out) < low:
            raise NoValue("too few distinct items")
        return out

    return draw


def _same_json(value: Any) -> Any:
    """`value` with the numbers JSON Schema holds equal made equal (1 and 1.0, 0.0 and -0.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_same_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _same_json(v) for k, v in value.items()}
    return value


# --- Avro ------------------------------------------------------------------------------------

_AVRO_SCALARS: dict[str, Draw] = {
    "null": lambda rng, how: None,
    "boolean": lambda rng, how: how == HIGH or (how == ANY and rng.random() < 0.5),
    "int": _integers(-(2**31), 2**31 - 1),
    "long": _integers(-(2**63), 2**63 - 1),
    "float": _floats(None, None, width=32, finite=False),
    "double": _floats(None, None, width=64, finite=False),
    "bytes": _binary(0, 16),
    "string": _text(0, 16),
}
_AVRO_LOGICAL: dict[tuple[str, str], Callable[[Any], Draw]] = {
    ("string", "uuid"): lambda _: _uuids,
    ("long", "timestamp-millis"): lambda _: _datetimes(1000),
    ("long", "timestamp-micros"): lambda _: _datetimes(1),
    ("int", "date"): lambda _: _dates,
    ("int", "time-millis"): lambda _: _times(1000),
    ("long", "time-micros"): lambda _: _times(1),
    ("bytes", "decimal"): _decimals,
    ("fixed", "decimal"): _decimals,
}


def _avro(schema: Any, depth: int) -> Draw:
    if depth > DEPTH:
        raise Unsupported("too deep")
    if isinstance(schema, list):
        return _one_of([_avro(b, depth + 1) for b in schema])
    if isinstance(schema, str):
        return _AVRO_SCALARS[schema]
    kind = schema["type"]
    logical = schema.get("logicalType")
    if logical is not None and (kind, logical) in _AVRO_LOGICAL:
        return _AVRO_LOGICAL[(kind, logical)](schema)
    if kind == "record":
        fields = [(f["name"], _avro(f["type"], depth + 1)) for f in schema["fields"]]
        return lambda rng, how: {name: draw(rng, how) for name, draw in fields}
    if kind == "enum":
        symbols = list(schema["symbols"])
        return lambda rng, how: _pick(rng, how, symbols)
    if kind == "fixed":
        return _binary(schema["size"], schema["size"])
    if kind == "array":
        return _sized(_avro(schema["items"], depth + 1), 0, 4)
    if kind == "map":
        keys, values = _sized(_text(0, 8), 0, 3, unique=True), _avro(schema["values"], depth + 1)
        return lambda rng, how: {k: values(rng, how) for k in keys(rng, how)}
    if kind in _AVRO_SCALARS:
        return _AVRO_SCALARS[kind]
    raise Unsupported(f"Avro type {kind!r}")


# --- JSON Schema -----------------------------------------------------------------------------

_ANY_JSON = _one_of(
    [
        lambda rng, how: None,
        lambda rng, how: how == HIGH or (how == ANY and rng.random() < 0.5),
        _integers(None, None),
        _text(0, 8),
    ]
)
_KNOWN = {
    "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default",
    "examples", "deprecated", "readOnly", "writeOnly", "$ref", "const", "enum", "oneOf", "anyOf",
    "type", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "items", "minItems", "maxItems", "uniqueItems", "properties", "required",
    "additionalProperties", "x-event-contracts",
}  # fmt: skip


def _json(schema: Any, root: Any, depth: int) -> Draw:
    if schema is True or schema == {}:
        return _ANY_JSON
    if not isinstance(schema, dict) or depth > DEPTH:
        raise Unsupported("no values")
    if "$ref" in schema:
        return _json(_deref(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        const = schema["const"]
        return lambda rng, how: const
    if "enum" in schema:
        options = list(schema["enum"])
        return lambda rng, how: _pick(rng, how, options)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return _one_of([_json(b, root, depth + 1) for b in schema[key]])
    unknown = {k for k in schema if k not in _KNOWN and not k.startswith("x-")}
    if unknown or "pattern" in schema:
        raise Unsupported(f"keywords {sorted(unknown)} or a pattern")
    types = schema.get("type")
    if isinstance(types, list):
        return _one_of([_json({**schema, "type": t}, root, depth) for t in types])
    if types is None:
        types = "object" if "properties" in schema else "string"
    if types == "string":
        return _json_string(schema)
    if types in ("integer", "number"):
        return _json_number(schema, types == "integer")
    if types == "boolean":
        return _AVRO_SCALARS["boolean"]
    if types == "null":
        return _AVRO_SCALARS["null"]
    if types == "array":
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 3)), low + 3)
        item = _json(schema.get("items", True), root, depth + 1)
        return _sized(item, low, high, bool(schema.get("uniqueItems")))
    if types == "object":
        return _json_object(schema, root, depth)
    raise Unsupported(f"type {types!r}")


def _deref(ref: str, root: Any) -> Any:
    if not ref.startswith("#"):
        raise Unsupported(f"$ref {ref}")
    if ref == "#":
        return root
    node = root
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _json_string(schema: Any) -> Draw:
    fmt = schema.get("format")
    if fmt == "uuid":
        return lambda rng, how: str(_uuids(rng, how))
    if fmt == "date-time":
        at = _datetimes(1000)
        return lambda rng, how: at(rng, how).isoformat().replace("+00:00", "Z")
    if fmt == "date":
        return lambda rng, how: _dates(rng, how).isoformat()
    if fmt == "email":
        raise Unsupported("format email")
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", low + 16))
    return _text(low, min(high, low + 16))


def _json_number(schema: Any, integer: bool) -> Draw:
    low, high = schema.get("minimum"), schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 1e-9)
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 1e-9)
    if integer:
        return _integers(_whole(low, up=True), _whole(high, up=False))
    return _floats(low, high, width=64, finite=True)


def _whole(bound: float | None, *, up: bool) -> int | None:
    if bound is None:
        return None
    whole = int(bound)
    return whole + 1 if up and whole < bound else whole - 1 if not up and whole > bound else whole


def _json_object(schema: Any, root: Any, depth: int) -> Draw:
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    draws = [(k, k in required, _json(props[k], root, depth + 1)) for k in props]

    def draw(rng: random.Random, how: int) -> dict[str, Any]:
        out = {}
        for key, needed, value in draws:
            if needed or how == HIGH or (how == ANY and rng.random() < 0.5):
                out[key] = value(rng, how)
        return out

    return draw
