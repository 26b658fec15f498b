"""What the Avro 1.12 specification says a schema is made of: names, types, logical types."""

from __future__ import annotations

import math
import re

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED = frozenset({"record", "error", "enum", "fixed"})
ORDERS = frozenset({"ascending", "descending", "ignore"})
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
INT_RANGE = (-(2**31), 2**31 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)

# Logical type -> underlying types it may annotate (Avro 1.12 specification).
LOGICAL_BASE: dict[str, frozenset[str]] = {
    "decimal": frozenset({"bytes", "fixed"}),
    "big-decimal": frozenset({"bytes"}),
    "uuid": frozenset({"string", "fixed"}),
    "date": frozenset({"int"}),
    "time-millis": frozenset({"int"}),
    "time-micros": frozenset({"long"}),
    "timestamp-millis": frozenset({"long"}),
    "timestamp-micros": frozenset({"long"}),
    "timestamp-nanos": frozenset({"long"}),
    "local-timestamp-millis": frozenset({"long"}),
    "local-timestamp-micros": frozenset({"long"}),
    "local-timestamp-nanos": frozenset({"long"}),
    "duration": frozenset({"fixed"}),
}


class AvroIssue(Exception):
    """One problem in an Avro schema: a JSON pointer, what is wrong, and the fix."""

    def __init__(self, code: str, pointer: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.code, self.pointer, self.message, self.fix = code, pointer, message, fix


def is_name(value: object) -> bool:
    """A simple Avro name: [A-Za-z_][A-Za-z0-9_]* (ASCII only, as the specification says)."""
    return isinstance(value, str) and NAME.match(value) is not None


def is_fullname(value: object) -> bool:
    """Dot-separated simple names, such as com.example.Thing."""
    return isinstance(value, str) and all(NAME.match(p) for p in value.split("."))


def fullname(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def max_decimal_precision(size: int) -> int:
    """Most decimal digits a two's-complement fixed of `size` bytes can hold."""
    return math.floor(math.log10(2 ** (8 * size - 1) - 1)) if size > 0 else 0
