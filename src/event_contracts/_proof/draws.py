"""The values the proof's examples are made of, each drawn at a low edge, a high edge or at
random (`LOW`, `HIGH`, `ANY`) from a seeded `random.Random`: numbers, text, bytes, times, ids,
decimals, choices and lists, over the domains `event_contracts.testing.payloads` covers."""

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

Draw = Callable[[random.Random, int], Any]
"""(rng, how): how is LOW, HIGH or ANY (each value at random)."""
LOW, HIGH, ANY = 0, 1, 2
EDGE = 0.25
_UTC = dt.UTC
_FIRST, _LAST = dt.datetime(1900, 1, 1, tzinfo=_UTC), dt.datetime(2200, 1, 1, tzinfo=_UTC)
_SPAN_US = int((_LAST - _FIRST).total_seconds()) * 10**6
_FLOAT32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]
_ODD_CHARS = "\x00\t\n\x7f é€ß中\u200b\ufeff\uffff😀𝄞\U0010ffff"


class Unsupported(Exception):
    """A schema node the sampler leaves to hypothesis."""


class NoValue(Exception):
    """No value fits (e.g. `uniqueItems` with too few distinct items): skip this example."""


def pick(rng: random.Random, how: int, options: list[Any]) -> Any:
    if how == LOW:
        return options[0]
    if how == HIGH:
        return options[-1]
    return rng.choice(options)


def integers(low: int | None, high: int | None) -> Draw:
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


def floats(low: float | None, high: float | None, *, width: int, finite: bool) -> Draw:
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


def _char(r: float) -> str:
    """A character from one uniform draw `r` in [0, 1): printable ASCII 60% of the time, one
    of `_ODD_CHARS` 20%, any code point but a surrogate 20% (surrogates are no text, and
    hypothesis leaves them out). One `random()` per character: text is most of a proof's draws."""
    if r < 0.6:
        return chr(0x20 + int(r * (95 / 0.6)))
    if r < 0.8:
        return _ODD_CHARS[min(int((r - 0.6) * 5 * len(_ODD_CHARS)), len(_ODD_CHARS) - 1)]
    c = min(int((r - 0.8) * 5 * _NOT_SURROGATES), _NOT_SURROGATES - 1)
    return chr(c + 0x800 if c >= 0xD800 else c)


_NOT_SURROGATES = 0x110000 - 0x800


def text(low: int, high: int) -> Draw:
    if low > high:
        raise Unsupported("no string fits the bounds")

    def draw(rng: random.Random, how: int) -> str:
        if how == LOW and low == 0:
            return ""
        n = low if how == LOW else high if how == HIGH else rng.randint(low, high)
        if how == HIGH:
            return "".join(_ODD_CHARS[i % len(_ODD_CHARS)] for i in range(n))
        rand = rng.random
        return "".join([_char(rand()) for _ in range(n)])

    return draw


def binary(low: int, high: int) -> Draw:
    def draw(rng: random.Random, how: int) -> bytes:
        n = low if how == LOW else high if how == HIGH else rng.randint(low, high)
        if how == HIGH:
            return b"\xff" * n
        return rng.randbytes(n) if how == ANY else b"\x00" * n

    return draw


def datetimes(resolution_us: int) -> Draw:
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


def dates(rng: random.Random, how: int) -> dt.date:
    first, last = _FIRST.date(), _LAST.date()
    if how == LOW:
        return first
    if how == HIGH:
        return last
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def times(resolution_us: int) -> Draw:
    def draw(rng: random.Random, how: int) -> dt.time:
        if how == LOW:
            return dt.time(0)
        us = 86_400 * 10**6 - 1 if how == HIGH else rng.randint(0, 86_400 * 10**6 - 1)
        us -= us % resolution_us
        s, micro = divmod(us, 10**6)
        return dt.time(s // 3600, s // 60 % 60, s % 60, micro)

    return draw


def uuids(rng: random.Random, how: int) -> uuid.UUID:
    if how == LOW:
        return uuid.UUID(int=0)
    if how == HIGH:
        return uuid.UUID(int=2**128 - 1)
    return uuid.UUID(int=rng.getrandbits(128))


def decimals(schema: Any) -> Draw:
    scale, digits = int(schema.get("scale", 0)), int(schema["precision"])
    unscaled = integers(-(10**digits) + 1, 10**digits - 1)
    step = decimal.Decimal(1).scaleb(-scale)
    return lambda rng, how: decimal.Decimal(unscaled(rng, how)).scaleb(-scale).quantize(step)


def one_of(draws: list[Draw]) -> Draw:
    if not draws:
        raise Unsupported("no branch")
    return lambda rng, how: pick(rng, how, draws)(rng, how)


def sized(item: Draw, low: int, high: int, unique: bool = False) -> Draw:
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
                key = json.dumps(same_json(value), sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
            out.append(value)
        if len(out) < low:
            raise NoValue("too few distinct items")
        return out

    return draw


def same_json(value: Any) -> Any:
    """`value` with the numbers JSON Schema holds equal made equal (1 and 1.0, 0.0 and -0.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [same_json(v) for v in value]
    if isinstance(value, dict):
        return {k: same_json(v) for k, v in value.items()}
    return value
