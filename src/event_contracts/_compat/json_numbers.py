"""JSON numbers compared and combined exactly, whatever their size.

A JSON integer may be past a float's range (`1` and 400 zeros is valid JSON, and Python reads
it as an int): `float()` of it, or arithmetic mixing it with a float, raises OverflowError.
`jsonschema` compares an int with a float exactly (as Python does), so a bound is judged on its
exact value here too: a `Fraction` of the int, or of the float's binary value.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any


def is_number(value: Any) -> bool:
    """A JSON number as Python reads it: an int or a float, never a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def exact(value: Any) -> Fraction | None:
    """The exact value of a finite JSON number; None for anything else (NaN and the infinity
    `1e400` reads as included, which no exact arithmetic holds)."""
    if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return Fraction(value)


def json_number(value: Fraction) -> int | float | None:
    """`value` as a JSON value: an int when whole, else the nearest float; None when no float
    holds it (past a float's range)."""
    if value.denominator == 1:
        return value.numerator
    try:
        return float(value)
    except OverflowError:
        return None


def near(bound: Any) -> list[int | float]:
    """Numbers at and either side of a bound (one and a half away): the values a change of it
    is about. An int bound past a float's range gives ints; a float too large for `+ 1` to
    change it gives the ints either side of it too."""
    value = exact(bound)
    if value is None:
        return []
    if isinstance(bound, float):
        out: list[int | float] = [bound - 1, bound - 0.5, bound, bound + 0.5, bound + 1]
        if bound + 1 == bound:
            out += [math.floor(bound) - 1, math.ceil(bound) + 1]
        return out
    halves = (json_number(value - Fraction(1, 2)), json_number(value + Fraction(1, 2)))
    return [v for v in (bound - 1, halves[0], bound, halves[1], bound + 1) if v is not None]
