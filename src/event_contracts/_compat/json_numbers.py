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
