"""Is a JSON value a valid Avro default for a schema? (Avro 1.12, "field default values").

fastavro checks only the top level of a default (and rejects an int for `{"type": "float"}`,
which the specification and Java allow); this walks the whole value the way Java's
`Schema.isValidDefault` does, with the specification's first-branch rule for unions.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from event_contracts._schema.avro_spec import INT_RANGE, LONG_RANGE, PRIMITIVES

_F32 = struct.Struct("<f")
# A reference and the namespace it sits in -> the named type's definition and its fullname.
Resolve = Callable[[str, str | None], tuple[Mapping[str, Any], str] | None]


def default_error(schema: Any, value: Any, resolve: Resolve, ns: str | None = None) -> str | None:
    """Why `value` is not a valid default for `schema` (where in it, and what), or None."""
    return _check(schema, value, resolve, ns, "")


def _check(schema: Any, value: Any, resolve: Resolve, ns: str | None, at: str) -> str | None:
    if isinstance(schema, list):
        if not schema:
            return f"{_where(at)}an empty union has no values"
        return _check(schema[0], value, resolve, ns, at)  # the first branch, as the spec says
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            return _primitive(schema, value, at)
        found = resolve(schema, ns)
        if found is None:
            return None  # an unknown type is reported where it is referenced
        named, full = found
        return _check(named, value, resolve, full.rpartition(".")[0] or None, at)
    if not isinstance(schema, Mapping):
        return None
    kind = schema.get("type")
    if kind in PRIMITIVES:
        return _primitive(str(kind), value, at)
    inner_ns = _namespace_of(schema, ns)
    if kind == "array":
        if not isinstance(value, list):
            return _expected(at, "an array", value)
        for i, item in enumerate(value):
            why = _check(schema.get("items"), item, resolve, ns, f"{at}/{i}")
            if why:
                return why
        return None
    if kind == "map":
        if not isinstance(value, dict):
            return _expected(at, "an object (a map)", value)
        for key, item in value.items():
            why = _check(schema.get("values"), item, resolve, ns, f"{at}/{key}")
            if why:
                return why
        return None
    if kind == "enum":
        symbols = schema.get("symbols") or []
        if not isinstance(value, str) or value not in symbols:
            return f"{_where(at)}{value!r} is not one of the enum's symbols {symbols}"
        return None
    if kind == "fixed":
        why = _bytes(value, at)
        size = schema.get("size")
        if why is None and isinstance(size, int) and len(value) != size:
            return f"{_where(at)}a fixed of size {size} needs {size} bytes, not {len(value)}"
        return why
    if kind in ("record", "error"):
        return _record(schema, value, resolve, inner_ns, at)
    return None


def _record(
    schema: Mapping[str, Any], value: Any, resolve: Resolve, ns: str | None, at: str
) -> str | None:
    if not isinstance(value, dict):
        return _expected(at, "an object (a record)", value)
    for field in schema.get("fields") or []:
        if not isinstance(field, Mapping) or not isinstance(field.get("name"), str):
            continue
        name = field["name"]
        if name in value:
            why = _check(field.get("type"), value[name], resolve, ns, f"{at}/{name}")
            if why:
                return why
        elif "default" not in field:
            return f"{_where(at)}the record value lacks field {name!r}, which has no default"
    return None


def _primitive(kind: str, value: Any, at: str) -> str | None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "null":
        return None if value is None else _expected(at, "null", value)
    if kind == "boolean":
        return None if isinstance(value, bool) else _expected(at, "true or false", value)
    if kind in ("int", "long"):
        lo, hi = INT_RANGE if kind == "int" else LONG_RANGE
        if not number or not isinstance(value, int):
            return _expected(at, f"an integer ({kind})", value)
        if not lo <= value <= hi:
            return f"{_where(at)}{value} is outside the range of an Avro {kind}"
        return None
    if kind in ("float", "double"):
        return _finite(kind, value, at) if number else _expected(at, f"a number ({kind})", value)
    if kind == "bytes":
        return _bytes(value, at)
    return None if isinstance(value, str) else _expected(at, "a string", value)


def _finite(kind: str, value: float, at: str) -> str | None:
    """A number an Avro float or double holds as a finite value: JSON has no infinity, so a
    default that would be read as one (1e39 for a float, 1e400 for either) is a mistake."""
    try:
        number = float(value)
        if kind == "float":
            _F32.pack(number)
    except OverflowError:
        number = math.inf
    if math.isfinite(number):
        return None
    precision = "single" if kind == "float" else "double"
    return (
        f"{_where(at)}{Decimal(value):.8g} is past the range of an Avro {kind} "
        f"({precision} precision): it would be read as infinity"
    )


def _bytes(value: Any, at: str) -> str | None:
    """Bytes and fixed defaults are strings whose code points 0-255 are the byte values."""
    if not isinstance(value, str):
        return _expected(at, 'a string of bytes ("\\u00ff" style)', value)
    bad = next((c for c in value if ord(c) > 255), None)
    if bad is not None:
        return (
            f"{_where(at)}byte strings may hold only code points 0-255 (\\u0000-\\u00ff), "
            f"not {bad!r} (U+{ord(bad):04X})"
        )
    return None


def _namespace_of(schema: Mapping[str, Any], ns: str | None) -> str | None:
    name = schema.get("name")
    if not isinstance(name, str):
        return ns
    if "." in name:
        return name.rsplit(".", 1)[0]
    space = schema.get("namespace", ns)
    return space if isinstance(space, str) and space else None


def _expected(at: str, what: str, value: Any) -> str:
    return f"{_where(at)}expected {what}, found {_json(value)}"


def _where(at: str) -> str:
    return f"at {at}: " if at else ""


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
