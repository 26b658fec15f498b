"""Counterexamples: a writer datum that the reader cannot read, or reads as another value.

For a finding we build a datum along the writer path that reaches the break (other fields
get minimal values, unions are steered with fastavro's tuple notation), encode it with
fastavro's `schemaless_writer` and read it back with `schemaless_reader(writer, reader)`.
The counterexample is kept only if that really fails, or if the value at the break means
something else to the reader than to the writer. Meanings are computed from the raw
(logical-type-free) values with each side's own logical type, as the specification reads
them: fastavro itself decodes with the writer's logical type, Java with the reader's.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

from event_contracts._compat.avro_nodes import Indexed, Node
from event_contracts._compat.avro_verdict import logical_of
from event_contracts._compat.avro_walk import Issue, WPath

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NIL_UUID = "00000000-0000-0000-0000-000000000000"
_MAX_DEPTH = 24


class NoDatum(Exception):
    """No finite datum reaches the break (e.g. a record that always contains itself)."""


# --- parsed fastavro schemas, full and stripped of logical types -------------------------


def _strip(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_strip(s) for s in schema]
    if isinstance(schema, dict):
        out = {}
        for k, v in schema.items():
            if k == "logicalType":
                continue
            if k in ("type", "items", "values"):
                v = _strip(v)
            elif k == "fields" and isinstance(v, list):
                v = [{**f, "type": _strip(f.get("type"))} for f in v if isinstance(f, dict)]
            out[k] = v
        return out
    return schema


def parsed(idx: Indexed, stripped: bool) -> Any:
    """fastavro's parse of the schema (without logical types if `stripped`), made once.

    With fastavro's parse marker (`_write_hint`), its reader and writer take the parsed
    schema as it is instead of parsing it again on every call.
    """
    hit = idx.fastavro.get(stripped)
    if hit is None:
        hit = idx.fastavro[stripped] = parse_schema(_strip(idx.raw) if stripped else idx.raw)
    return hit


# --- building the writer datum -----------------------------------------------------------


def _branch_name(node: Node) -> str:
    return node.fullname if node.named else node.kind


def minimal(node: Node, depth: int = 0) -> Any:
    """The smallest datum of `node` (raw, for the schema without logical types)."""
    if depth > _MAX_DEPTH:
        raise NoDatum
    k = node.kind
    if k == "null":
        return None
    if k == "boolean":
        return False
    if k in ("int", "long"):
        return 0
    if k in ("float", "double"):
        return 0.0
    if k == "bytes":
        return b"\x00" if logical_of(node) == "decimal" else b""
    if k == "string":
        # Minimal values stay valid for their logical type: a uuid field gets a real UUID.
        return NIL_UUID if logical_of(node) == "uuid" else ""
    if k == "fixed":
        return b"\x00" * node.size
    if k == "enum":
        return node.symbols[0]
    if k == "array":
        return []
    if k == "map":
        return {}
    if k == "record":
        return {f.name: minimal(f.type, depth + 1) for f in node.fields}
    order = sorted(range(len(node.branches)), key=lambda i: node.branches[i].kind != "null")
    for i in order:
        try:
            b = node.branches[i]
            return (_branch_name(b), minimal(b, depth + 1))
        except NoDatum:
            continue
    raise NoDatum


def build(node: Node, path: WPath, leaf: Any, depth: int = 0) -> Any:
    """A datum of `node` whose value at `path` is `leaf` (or minimal when `leaf` is None)."""
    if not path:
        return minimal(node, depth) if leaf is None else leaf
    step, rest = path[0], path[1:]
    kind = step[0]
    if kind == "branch":
        branch = node.branches[int(str(step[1]))]
        return (_branch_name(branch), build(branch, rest, leaf, depth + 1))
    if kind == "field":
        out = {}
        for f in node.fields:
            if f.name == step[1]:
                out[f.name] = build(f.type, rest, leaf, depth + 1)
            else:
                out[f.name] = minimal(f.type, depth + 1)
        return out
    assert node.items is not None
    inner = build(node.items, rest, leaf, depth + 1)
    return [inner] if kind == "items" else {"k": inner}


# --- meanings ----------------------------------------------------------------------------


def meaning(node: Node, raw: Any) -> Any:
    """What `raw` means to a reader or writer of `node`; raises if it has no meaning."""
    lt = logical_of(node)
    if lt is None:
        return raw
    if lt == "date":
        return dt.date(1970, 1, 1) + dt.timedelta(days=raw)
    if lt in ("time-millis", "time-micros"):
        micros = raw * 1000 if lt == "time-millis" else raw
        if not 0 <= micros < 86_400_000_000:
            raise ValueError("time of day out of range")
        return (dt.datetime(2000, 1, 1) + dt.timedelta(microseconds=micros)).time()
    if "timestamp" in lt:
        unit = lt.rsplit("-", 1)[1]
        micros = {"millis": raw * 1000, "micros": raw, "nanos": raw // 1000}[unit]
        value = _EPOCH + dt.timedelta(microseconds=micros)
        return value.replace(tzinfo=None) if lt.startswith("local-") else value
    if lt in ("decimal", "big-decimal"):
        if lt == "big-decimal":
            return ("big-decimal", raw)
        number = Decimal(int.from_bytes(raw, "big", signed=True)).scaleb(-node.scale)
        digits = len(number.as_tuple().digits)
        if digits > node.precision:
            raise ValueError(f"{number} has {digits} digits; precision is {node.precision}")
        return number
    if lt == "uuid":
        return uuid.UUID(raw) if isinstance(raw, str) else uuid.UUID(bytes=raw)
    return (lt, raw)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        if isinstance(a, bool) or isinstance(b, bool):
            return a is b
        return a == b or abs(float(a) - float(b)) <= 1e-6 * max(abs(float(a)), 1.0)
    if isinstance(a, str) and isinstance(b, bytes):
        return a.encode() == b
    if isinstance(a, bytes) and isinstance(b, str):
        return a == b.encode()
    if isinstance(a, uuid.UUID) and isinstance(b, str):
        return str(a) == b
    return type(a) is type(b) and bool(a == b)


def _follow_written(datum: Any, path: WPath) -> Any:
    for step in path:
        if step[0] == "branch":
            datum = datum[1]
        elif step[0] == "field":
            datum = datum[step[1]]
        elif step[0] == "items":
            datum = datum[0]
        else:
            datum = datum["k"]
    return datum


def _follow_read(value: Any, path: WPath) -> Any:
    for step in path:
        if step[0] == "field":
            value = value[step[2]]
        elif step[0] == "items":
            value = value[0]
        elif step[0] == "values":
            value = value["k"]
    return value


# --- JSON-friendly rendering -------------------------------------------------------------


def to_json(node: Node, raw: Any) -> Any:
    """Avro's JSON encoding of a raw datum; logical values as strings (ISO 8601, decimal)."""
    k = node.kind
    if k == "union":
        name, value = raw
        branch = next(b for b in node.branches if _branch_name(b) == name)
        return None if name == "null" else {name: to_json(branch, value)}
    if k == "record":
        return {f.name: to_json(f.type, raw[f.name]) for f in node.fields}
    if k == "array":
        assert node.items is not None
        return [to_json(node.items, v) for v in raw]
    if k == "map":
        assert node.items is not None
        return {key: to_json(node.items, v) for key, v in raw.items()}
    if logical_of(node) is not None:
        try:
            m = meaning(node, raw)
        except (ValueError, OverflowError):
            m = raw
        if isinstance(m, (dt.date, dt.time, dt.datetime)):
            return m.isoformat()
        if isinstance(m, (Decimal, uuid.UUID)):
            return str(m)
        raw = m if not isinstance(m, tuple) else raw
    if isinstance(raw, bytes):
        return raw.decode("latin-1")
    return raw


# --- the counterexample ------------------------------------------------------------------


def _encode(writer: Indexed, datum: Any) -> bytes:
    buf = io.BytesIO()
    schemaless_writer(buf, parsed(writer, stripped=True), datum)
    return buf.getvalue()


def _read(payload: bytes, writer: Indexed, reader: Indexed, stripped: bool) -> Any:
    return schemaless_reader(
        io.BytesIO(payload), parsed(writer, stripped), parsed(reader, stripped)
    )


def confirm(
    writer: Indexed, reader: Indexed, issue: Issue, reader_leaf: Node | None, datum: Any
) -> str | None:
    """How the datum breaks the reader ("fails: ..."/"misreads: ..."), or None if it does not."""
    payload = _encode(writer, datum)
    try:  # a datum the writer itself cannot read back (a bad uuid) proves nothing
        _read(payload, writer, writer, stripped=False)
    except Exception:
        return None
    try:
        got = _read(payload, writer, reader, stripped=False)
    except Exception as exc:  # fastavro raises many unrelated types; any failure is the proof
        return f"fails: fastavro raised {type(exc).__name__}: {exc}"[:300]
    if issue.rule == "READER_DEFAULT_INVALID":
        return f"misreads: the reader gets the invalid default in {got!r}"[:300]
    if reader_leaf is None:
        return None
    raw_read = _follow_read(_read(payload, writer, reader, stripped=True), issue.wpath)
    written = meaning(issue.writer, _follow_written(datum, issue.wpath))
    try:
        seen = meaning(reader_leaf, raw_read)
    except (ValueError, OverflowError, TypeError) as exc:
        return f"misreads: the reader cannot interpret {raw_read!r}: {exc}"[:300]
    if _same(written, seen):
        return None
    return f"misreads: written as {written!r}, read as {seen!r}"[:300]


def counterexample(
    writer: Indexed, reader: Indexed, issue: Issue, reader_leaf: Node | None
) -> tuple[Any, str] | None:
    """(JSON-friendly writer datum, how it breaks), or None when no datum proves the break."""
    hints = [issue.verdict.hint] if issue.verdict.hint is not None else []
    hints.append(None)
    for hint in hints:
        try:
            datum = build(writer.root, issue.wpath, hint)
            how = confirm(writer, reader, issue, reader_leaf, datum)
        except NoDatum:
            return None
        except Exception:  # a datum fastavro refuses to write: try the next hint
            continue
        if how is not None:
            return to_json(writer.root, datum), how
    return None
