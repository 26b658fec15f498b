"""Avro schema files: the specification's rules (avro_check.py), fastavro as a backstop,
and the Parsing Canonical Form with its CRC-64-AVRO fingerprint."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from typing import Any

from fastavro.schema import parse_schema

from event_contracts._schema.avro_canonical import parsing_canonical_form
from event_contracts._schema.avro_check import check_schema
from event_contracts._schema.avro_spec import (
    LOGICAL_BASE,
    NAMED,
    PRIMITIVES,
    AvroIssue,
    fullname,
    max_decimal_precision,
)
from event_contracts._schema.jsonpos import pointer as _ptr

__all__ = [
    "LOGICAL_BASE",
    "NAMED",
    "PRIMITIVES",
    "AvroIssue",
    "canonical_and_fingerprint",
    "check",
    "fullname",
    "max_decimal_precision",
    "named_types",
    "rabin64",
    "record_fullname",
]


def canonical_and_fingerprint(schema: Any, *, checked: bool = False) -> tuple[str, str]:
    """Parsing Canonical Form and its CRC-64-AVRO as 16 hex digits (value, big-endian).

    Raises (fastavro's errors) when `schema` cannot be parsed; run `check` for the reasons.
    `checked`: `check` found nothing (it parsed the schema already), so it is not parsed again."""
    if not checked:
        parse_schema(without_defaults(schema), _write_hint=False)
    canonical = parsing_canonical_form(schema)
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
_WIDE_AFTER = 1 << 18
"""Bytes fingerprinted a byte at a time before the two-byte table is built (~15 ms: worth it
for a large catalog, never paid by a small one)."""
_state: dict[str, Any] = {"bytes": 0, "wide": None}


def _wide_table() -> list[int]:
    """Two steps of `_RABIN` at once: the CRC is linear, so feeding bytes b0, b1 is XOR-ing
    `b0 | b1 << 8` into the low 16 bits, then two steps over zero bytes, which depend on those
    16 bits alone (the rest shifts right by 16)."""
    t = _RABIN
    return [(t[i & 0xFF] >> 8) ^ t[((i >> 8) ^ t[i & 0xFF]) & 0xFF] for i in range(1 << 16)]


def rabin64(data: bytes) -> int:
    """CRC-64-AVRO (the Avro specification's Rabin fingerprint) of `data`: per byte,
    `fp = (fp >> 8) ^ _RABIN[(fp ^ byte) & 0xFF]`, two bytes per step once many were seen."""
    fp = _EMPTY64
    wide: list[int] | None = _state["wide"]
    if wide is None:
        _state["bytes"] += len(data)
        if _state["bytes"] < _WIDE_AFTER:
            for byte in data:
                fp = (fp >> 8) ^ _RABIN[(fp ^ byte) & 0xFF]
            return fp
        wide = _state["wide"] = _wide_table()
    even = len(data) & ~1
    words = array("H", data[:even])  # two bytes each, in the machine's order
    if sys.byteorder == "big":  # pragma: no cover - little-endian machines only in CI
        words.byteswap()
    for word in words:
        fp = (fp >> 16) ^ wide[(fp ^ word) & 0xFFFF]
    if even < len(data):
        fp = (fp >> 8) ^ _RABIN[(fp ^ data[-1]) & 0xFF]
    return fp


def check(schema: Any) -> list[AvroIssue]:
    """Every problem in `schema`: our walk of the specification, then fastavro as a backstop."""
    issues = check_schema(schema)
    if issues:
        return issues
    try:
        # Defaults are judged by our walk: fastavro rejects an int for {"type": "float"}, which
        # the specification and Java accept.
        parse_schema(without_defaults(schema), _write_hint=False)
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


def without_defaults(schema: Any) -> Any:
    """`schema` with record field defaults removed (the canonical form drops them anyway)."""
    if isinstance(schema, list):
        return [without_defaults(b) for b in schema]
    if not isinstance(schema, dict):
        return schema
    fields = isinstance(schema.get("fields"), list)
    # each value once (the fields list rebuilt twice cost 2^depth), in the original key order
    return {
        k: _fields_without_defaults(v)
        if fields and k == "fields"
        else (without_defaults(v) if isinstance(v, (dict, list)) else v)
        for k, v in schema.items()
    }


def _fields_without_defaults(fields: list[Any]) -> list[Any]:
    return [
        {
            k: without_defaults(v) if isinstance(v, (dict, list)) else v
            for k, v in f.items()
            if k != "default"
        }
        if isinstance(f, dict)
        else f
        for f in fields
    ]


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
