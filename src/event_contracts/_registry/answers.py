"""The shape of every registry answer, checked before use: RegistryError, never a traceback.

A registry (or something answering at its URL) may send anything: `{"id": "abc"}`, a list where
an object belongs, deep nesting. Each reader here takes the parsed JSON and returns typed
values, or raises RegistryError describing what came instead. Nothing here recurses into the
value, so no answer can exhaust the stack.
"""

from __future__ import annotations

from typing import Any

from event_contracts._compat.model import Mode
from event_contracts._registry.model import RegisteredSchema, SchemaType
from event_contracts.errors import ContractError, RegistryError

MAX_ID = 2**31 - 1
"""Confluent ids and versions are 32-bit signed integers (the wire carries 4 bytes)."""
_TYPES: tuple[SchemaType, ...] = ("AVRO", "JSON", "PROTOBUF")


def describe(value: Any) -> str:
    """A short, safe description of a JSON value (never its repr: it may be huge or deep)."""
    if isinstance(value, dict):
        keys = ", ".join(repr(str(k)[:40]) for k in list(value)[:5])
        more = ", ..." if len(value) > 5 else ""
        return f"an object with keys {keys}{more}" if value else "an empty object"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, str):
        return f"the string {value[:60]!r}{'...' if len(value) > 60 else ''}"
    if isinstance(value, bool) or value is None:
        return f"JSON {str(value).lower() if value is not None else 'null'}"
    if isinstance(value, int | float):
        text = str(value) if isinstance(value, float) or abs(value) < 10**30 else "a huge number"
        return f"the number {text}"
    return type(value).__name__


def _wrong(what: str, expected: str, got: Any) -> RegistryError:
    return RegistryError(
        f"{what}: unexpected answer from the registry: expected {expected}, got {describe(got)}; "
        "is the URL a Confluent-compatible schema registry?"
    )


def _int(value: Any, low: int = 0) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_ID:
        return value
    return None


def subjects(body: Any, what: str) -> list[str]:
    if not isinstance(body, list) or not all(isinstance(s, str) for s in body):
        raise _wrong(what, "a list of subject names", body)
    return sorted(body)


def versions(body: Any, what: str) -> list[int]:
    if not isinstance(body, list):
        raise _wrong(what, "a list of version numbers", body)
    out = []
    for v in body:
        n = _int(v, 1)
        if n is None:
            raise _wrong(what, "version numbers from 1 to 2^31-1", v)
        out.append(n)
    return sorted(out)


def schema_id(body: Any, what: str) -> int:
    """The `id` of a registration answer."""
    found = _int(body.get("id")) if isinstance(body, dict) else None
    if found is None:
        got = body.get("id") if isinstance(body, dict) and "id" in body else body
        raise _wrong(what, "an object whose id is an integer from 0 to 2^31-1", got)
    return found


def registered(
    body: Any, what: str, *, subject: str | None = None, known_id: int | None = None
) -> RegisteredSchema:
    """A schema answer (by subject and version, by lookup, or by id when `known_id` is given)."""
    if not isinstance(body, dict) or not isinstance(body.get("schema"), str):
        raise _wrong(what, "an object with a schema string", body)
    the_id = known_id if known_id is not None else schema_id(body, what)
    kind = body.get("schemaType") or "AVRO"
    if not isinstance(kind, str) or kind.upper() not in _TYPES:
        raise _wrong(what, "schemaType AVRO, JSON or PROTOBUF", kind)
    version = body.get("version")
    if version is not None and _int(version, 1) is None:
        raise _wrong(what, "a version number from 1 to 2^31-1", version)
    name = body.get("subject") or subject
    if name is not None and not isinstance(name, str):
        raise _wrong(what, "a subject name", name)
    upper: SchemaType = next(t for t in _TYPES if t == kind.upper())
    return RegisteredSchema(the_id, body["schema"], upper, name, version)


def compatibility(body: Any, what: str) -> tuple[bool, tuple[str, ...]]:
    """(is_compatible, messages) of a compatibility answer."""
    if not isinstance(body, dict) or not isinstance(body.get("is_compatible"), bool):
        raise _wrong(what, "an object with is_compatible true or false", body)
    messages = body.get("messages") or []
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        raise _wrong(what, "messages as a list of strings", messages)
    from event_contracts._registry.codes import cut_messages

    return body["is_compatible"], tuple(cut_messages(messages))


def mode(body: Any, what: str) -> Mode | None:
    """The compatibility level of a config answer; None when it names none."""
    if not isinstance(body, dict):
        raise _wrong(what, "an object with compatibilityLevel", body)
    level = body.get("compatibilityLevel") or body.get("compatibility")
    if not level:
        return None
    if not isinstance(level, str):
        raise _wrong(what, "a compatibility level name", level)
    try:
        return Mode.parse(level)
    except (ContractError, ValueError):
        raise _wrong(what, "a compatibility level (BACKWARD, FULL, ...)", level) from None
