"""Avro schema files: everything fastavro checks, plus what Java and Confluent also reject."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from fastavro.schema import parse_schema, to_parsing_canonical_form

from event_contracts._schema.jsonpos import pointer as _ptr

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED = frozenset({"record", "error", "enum", "fixed"})
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

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


def canonical_and_fingerprint(schema: Any) -> tuple[str, str]:
    """Parsing Canonical Form and its CRC-64-AVRO as 16 hex digits (value, big-endian)."""
    canonical = to_parsing_canonical_form(parse_schema(schema, _write_hint=False))
    return canonical, f"{rabin64(canonical.encode('utf-8')):016x}"


def _rabin_table() -> tuple[int, ...]:
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_EMPTY64 & -(fp & 1))
        table.append(fp)
    return tuple(table)


_EMPTY64 = 0xC15D213AA4D7A795
_RABIN = _rabin_table()  # built once: fastavro rebuilds it on every call (most of its cost)


def rabin64(data: bytes) -> int:
    """CRC-64-AVRO (the Avro specification's Rabin fingerprint) of `data`."""
    fp = _EMPTY64
    for byte in data:
        fp = (fp >> 8) ^ _RABIN[(fp ^ byte) & 0xFF]
    return fp


def max_decimal_precision(size: int) -> int:
    """Most decimal digits a two's-complement fixed of `size` bytes can hold."""
    return math.floor(math.log10(2 ** (8 * size - 1) - 1)) if size > 0 else 0


def fullname(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def check(schema: Any) -> list[AvroIssue]:
    """Every problem in `schema`: fastavro's parse plus the spec rules fastavro lets through."""
    issues = list(_walk(schema, "", None))
    if issues:
        return issues
    try:
        parse_schema(schema, _write_hint=False)
    except Exception as exc:  # fastavro raises several unrelated types
        issues.append(
            AvroIssue(
                "AVRO_INVALID",
                "",
                f"{type(exc).__name__}: {exc}",
                "correct the schema so it follows the Avro specification",
            )
        )
    return issues


def _walk(node: Any, at: str, namespace: str | None) -> Iterator[AvroIssue]:
    """Checks fastavro does not make: names, union defaults, logical type parameters."""
    if isinstance(node, list):
        for i, branch in enumerate(node):
            yield from _walk(branch, f"{at}/{i}", namespace)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if isinstance(kind, (dict, list)):
        yield from _walk(kind, f"{at}/type", namespace)
        return
    if kind in NAMED:
        name = node.get("name")
        if not isinstance(name, str) or not all(_NAME.match(p) for p in name.split(".")):
            yield AvroIssue(
                "AVRO_BAD_NAME",
                f"{at}/name",
                f"{kind} name {name!r} is not a valid Avro name",
                "use letters, digits and underscores, not starting with a digit",
            )
        ns = node.get("namespace", namespace) if isinstance(name, str) and "." not in name else None
        if isinstance(name, str) and "." in name:
            ns = name.rsplit(".", 1)[0]
        if kind in ("record", "error"):
            yield from _walk_fields(node, at, ns if isinstance(ns, str) else None)
        elif kind == "enum":
            yield from _check_enum(node, at)
    yield from _check_logical(node, at)


def _walk_fields(node: dict[str, Any], at: str, namespace: str | None) -> Iterator[AvroIssue]:
    fields = node.get("fields")
    if not isinstance(fields, list):
        return
    seen: set[str] = set()
    for i, f in enumerate(fields):
        here = f"{at}/fields/{i}"
        if not isinstance(f, dict):
            continue
        name = f.get("name")
        if isinstance(name, str):
            if not _NAME.match(name):
                yield AvroIssue(
                    "AVRO_BAD_NAME",
                    f"{here}/name",
                    f"field name {name!r} is not a valid Avro name",
                    "use letters, digits and underscores, not starting with a digit",
                )
            if name in seen:
                yield AvroIssue(
                    "AVRO_DUPLICATE_FIELD",
                    f"{here}/name",
                    f"field {name!r} is declared twice",
                    "rename or remove one of the two fields",
                )
            seen.add(name)
        ftype = f.get("type")
        yield from _walk(ftype, f"{here}/type", namespace)
        if "default" in f and isinstance(ftype, list) and ftype:
            yield from _check_union_default(ftype, f["default"], here, name)


def _check_union_default(
    branches: list[Any], default: Any, at: str, name: Any
) -> Iterator[AvroIssue]:
    first = branches[0]
    first_name = (
        first
        if isinstance(first, str)
        else (first.get("type") if isinstance(first, dict) else None)
    )
    if not _default_fits(first_name, default):
        yield AvroIssue(
            "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH",
            f"{at}/default",
            f"the default of union field {name!r} ({default!r}) does not match the union's first "
            f"branch {first_name!r}; the Avro specification, Java and Confluent Schema Registry "
            "require the default to match the first branch (fastavro accepts it, others reject it)",
            'reorder the union so the default\'s type comes first (e.g. ["null", ...] with '
            "default null)",
        )


def _default_fits(type_name: Any, value: Any) -> bool:
    if type_name == "null":
        return value is None
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name in ("int", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name in ("float", "double"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_name in ("string", "bytes", "enum", "fixed"):
        return isinstance(value, str)
    if type_name in ("record", "map"):
        return isinstance(value, dict)
    if type_name == "array":
        return isinstance(value, list)
    # A named type referenced by name: fastavro checks the value's shape itself.
    return (value is not None and not isinstance(value, bool)) or type_name == "boolean"


def _check_enum(node: dict[str, Any], at: str) -> Iterator[AvroIssue]:
    symbols = node.get("symbols")
    if not isinstance(symbols, list):
        return
    seen: set[str] = set()
    for i, s in enumerate(symbols):
        if not isinstance(s, str) or not _NAME.match(s):
            yield AvroIssue(
                "AVRO_BAD_NAME",
                f"{at}/symbols/{i}",
                f"enum symbol {s!r} is not a valid Avro name",
                "use letters, digits and underscores, not starting with a digit",
            )
        elif s in seen:
            yield AvroIssue(
                "AVRO_DUPLICATE_SYMBOL",
                f"{at}/symbols/{i}",
                f"enum symbol {s!r} is listed twice",
                "remove the duplicate symbol",
            )
        else:
            seen.add(s)
    if "default" in node and node["default"] not in seen:
        yield AvroIssue(
            "AVRO_BAD_DEFAULT",
            f"{at}/default",
            f"enum default {node['default']!r} is not one of its symbols",
            "make the enum default one of the symbols",
        )


def _check_logical(node: dict[str, Any], at: str) -> Iterator[AvroIssue]:
    logical = node.get("logicalType")
    if logical is None:
        return
    base = node.get("type")
    allowed = LOGICAL_BASE.get(str(logical))
    if allowed is None:
        return  # unknown logical types are ignored by the specification
    if base not in allowed:
        yield AvroIssue(
            "AVRO_BAD_LOGICAL_TYPE",
            f"{at}/type",
            f"logical type {logical!r} cannot annotate {base!r}; readers would silently "
            "ignore it and see the plain type",
            f"annotate one of: {', '.join(sorted(allowed))}",
        )
        return
    if logical == "uuid" and base == "fixed" and node.get("size") != 16:
        yield AvroIssue(
            "AVRO_BAD_LOGICAL_TYPE", f"{at}/size", "a uuid fixed must have size 16", "set size 16"
        )
    if logical == "duration" and node.get("size") != 12:
        yield AvroIssue(
            "AVRO_BAD_LOGICAL_TYPE",
            f"{at}/size",
            "a duration fixed must have size 12",
            "set size 12",
        )
    if logical == "decimal":
        yield from _check_decimal(node, at)


def _check_decimal(node: dict[str, Any], at: str) -> Iterator[AvroIssue]:
    precision = node.get("precision")
    scale = node.get("scale", 0)
    if not isinstance(precision, int) or isinstance(precision, bool) or precision < 1:
        yield AvroIssue(
            "AVRO_BAD_LOGICAL_TYPE",
            f"{at}/precision",
            f"decimal precision must be a positive integer, not {precision!r}",
            "set precision to the number of significant digits (e.g. 12)",
        )
        return
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 0 or scale > precision:
        yield AvroIssue(
            "AVRO_BAD_LOGICAL_TYPE",
            f"{at}/scale",
            f"decimal scale must be an integer from 0 to the precision ({precision}), "
            f"not {scale!r}",
            "set scale to the number of digits after the point, at most the precision",
        )
    if node.get("type") == "fixed" and isinstance(node.get("size"), int):
        most = max_decimal_precision(node["size"])
        if precision > most:
            yield AvroIssue(
                "AVRO_BAD_LOGICAL_TYPE",
                f"{at}/precision",
                f"a fixed of {node['size']} bytes holds at most {most} decimal digits, "
                f"not precision {precision}",
                "raise the fixed size or lower the precision",
            )


def record_fullname(schema: Any) -> str | None:
    if isinstance(schema, dict) and schema.get("type") in ("record", "error"):
        name = schema.get("name")
        if isinstance(name, str):
            ns = schema.get("namespace")
            return fullname(name, ns if isinstance(ns, str) else None)
    return None


def named_types(
    schema: Any, namespace: str | None = None, at: str = ""
) -> Iterator[tuple[str, str]]:
    """(fullname, pointer) of every named type defined in `schema`."""
    if isinstance(schema, list):
        for i, b in enumerate(schema):
            yield from named_types(b, namespace, _ptr_join(at, i))
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in NAMED and isinstance(schema.get("name"), str):
            ns = schema.get("namespace", namespace)
            full = fullname(schema["name"], ns if isinstance(ns, str) else None)
            yield full, at
            inner_ns = full.rsplit(".", 1)[0] if "." in full else None
            for i, f in enumerate(schema.get("fields") or []):
                if isinstance(f, dict):
                    yield from named_types(f.get("type"), inner_ns, f"{at}/fields/{i}/type")
        elif isinstance(kind, (dict, list)):
            yield from named_types(kind, namespace, f"{at}/type")
        elif kind == "array":
            yield from named_types(schema.get("items"), namespace, f"{at}/items")
        elif kind == "map":
            yield from named_types(schema.get("values"), namespace, f"{at}/values")


def _ptr_join(at: str, token: int | str) -> str:
    return at + _ptr(token)
