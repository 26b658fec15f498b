"""Confluent's comparison of scalar keywords: string and number bounds, `enum`, `const`, `not`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from event_contracts._compat.json_diff import Difference, Diffs, at
from event_contracts._compat.json_nodes import Node
from event_contracts._compat.json_numbers import is_number

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

# ---------------------------------------------------------------------------------- bounds


def bound(w: Walker, out: Diffs, word: str, o: Node, u: Node, a: Any, b: Any, stem: str) -> None:
    """ADDED / REMOVED / INCREASED / DECREASED for one numeric keyword. The numbers are
    compared as they are: Python compares an int with a float exactly, where `float()` of an
    int past a float's range raises OverflowError."""
    if a == b and type(a) is type(b):
        return
    if not (is_number(a) or a is None) or not (is_number(b) or b is None):
        return  # not a number: the schema is invalid, and `validate` reports it
    if a is None:
        w.attr(out, word, f"{stem}_ADDED", o, u)
    elif b is None:
        w.attr(out, word, f"{stem}_REMOVED", o, u)
    elif a < b:
        w.attr(out, word, f"{stem}_INCREASED", o, u)
    elif a > b:
        w.attr(out, word, f"{stem}_DECREASED", o, u)


def strings(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    bound(w, out, "maxLength", o, u, o.max_length, u.max_length, "MAX_LENGTH")
    bound(w, out, "minLength", o, u, o.min_length, u.min_length, "MIN_LENGTH")
    if o.pattern is None and u.pattern is not None:
        w.attr(out, "pattern", "PATTERN_ADDED", o, u)
    elif o.pattern is not None and u.pattern is None:
        w.attr(out, "pattern", "PATTERN_REMOVED", o, u)
    elif o.pattern != u.pattern:
        w.attr(out, "pattern", "PATTERN_CHANGED", o, u)


def numbers(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    bound(w, out, "maximum", o, u, o.maximum, u.maximum, "MAXIMUM")
    bound(w, out, "minimum", o, u, o.minimum, u.minimum, "MINIMUM")
    bound(w, out, "exclusiveMaximum", o, u, o.excl_maximum, u.excl_maximum, "EXCLUSIVE_MAXIMUM")
    bound(w, out, "exclusiveMinimum", o, u, o.excl_minimum, u.excl_minimum, "EXCLUSIVE_MINIMUM")
    _multiple_of(w, out, o, u)
    if o.integer != u.integer:
        out.append(Difference("TYPE_EXTENDED" if o.integer else "TYPE_NARROWED", "", o.ptr, u.ptr))


def _multiple_of(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    a, b = _step(o.multiple_of), _step(u.multiple_of)
    if a == b:
        return
    if a is None:
        w.attr(out, "multipleOf", "MULTIPLE_OF_ADDED", o, u)
    elif b is None:
        w.attr(out, "multipleOf", "MULTIPLE_OF_REMOVED", o, u)
    elif _divides(a, b):
        w.attr(out, "multipleOf", "MULTIPLE_OF_EXPANDED", o, u)  # every new multiple is an old one
    elif _divides(b, a):
        w.attr(out, "multipleOf", "MULTIPLE_OF_REDUCED", o, u)
    else:
        w.attr(out, "multipleOf", "MULTIPLE_OF_CHANGED", o, u)


def _step(value: Any) -> Fraction | Decimal | None:
    """A `multipleOf` on its decimal value (0.1 is one tenth, as the JSON text wrote it), as an
    exact fraction: a Decimal quotient keeps 28 digits, so 10**40 / 7 looked whole. NaN and
    infinity stay Decimals, which no quotient below divides."""
    if value is None or isinstance(value, bool):
        return None
    try:
        found = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    except InvalidOperation:
        return None
    return Fraction(found) if found.is_finite() else found


def _divides(a: Fraction | Decimal, b: Fraction | Decimal) -> bool:
    """Whether `b` is a whole multiple of `a`."""
    if not isinstance(a, Fraction) or not isinstance(b, Fraction) or a == 0:
        return False
    return (b / a).denominator == 1


def enums(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    if o.values == u.values:
        return
    if u.values >= o.values:
        w.attr(out, "enum", "ENUM_ARRAY_EXTENDED", o, u)
    elif o.values >= u.values:
        w.attr(out, "enum", "ENUM_ARRAY_NARROWED", o, u)
    else:
        w.attr(out, "enum", "ENUM_ARRAY_CHANGED", o, u)


def consts(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    if o.const != u.const:
        w.attr(out, "const", "ENUM_ARRAY_CHANGED", o, u)


def negations(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    # reversed on purpose: the new `not` must exclude no more than the old one did
    on = w.w.node(o.negated, at(o.ptr, "not"), o.doc)
    un = w.r.node(u.negated, at(u.ptr, "not"), u.doc)
    found = w.flipped().compare(un, on)
    rule = "NOT_TYPE_NARROWED" if w.compatible(found) else "NOT_TYPE_EXTENDED"
    out.append(Difference(rule, "not", at(o.ptr, "not"), at(u.ptr, "not")))
