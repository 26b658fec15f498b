"""Starter schemas, event.toml, and the layout we write schemas in (stable, one field a line)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from typing import Any

from event_contracts._schema.jsonschema import DRAFT_2020_12
from event_contracts._schema.model import Format

TODO_DESCRIPTION = "TODO: what fact this event records, and when it is published."

# Keys whose value is a list or map of sub-schemas: one entry a line keeps diffs readable.
_LIST_KEYS = frozenset({"fields"})
_MAP_KEYS = frozenset({"properties", "$defs", "definitions"})


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps_schema(schema: dict[str, Any]) -> str:
    """The schema as JSON text: top-level keys a line each, fields/properties a line each."""
    lines = ["{"]
    items = list(schema.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        head = f"  {json.dumps(key)}: "
        if key in _LIST_KEYS and isinstance(value, list) and value:
            inner = [f"    {_compact(v)}" for v in value]
            lines.append(head + "[\n" + ",\n".join(inner) + "\n  ]" + comma)
        elif key in _MAP_KEYS and isinstance(value, dict) and value:
            inner = [
                f"    {json.dumps(k, ensure_ascii=False)}: {_compact(v)}" for k, v in value.items()
            ]
            lines.append(head + "{\n" + ",\n".join(inner) + "\n  }" + comma)
        else:
            lines.append(head + _compact(value) + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


def avro_v1(module: str, name: str, description: str) -> dict[str, Any]:
    """A record whose full name is the event type id, with the fields every event carries."""
    return {
        "type": "record",
        "name": name,
        "namespace": module,
        "doc": description,
        "fields": [
            {
                "name": "event_id",
                "type": {"type": "string", "logicalType": "uuid"},
                "doc": "Unique id of this event, for idempotent consumers.",
            },
            {"name": "tenant_id", "type": "string", "doc": "Tenant the event belongs to."},
            {
                "name": "occurred_at",
                "type": {"type": "long", "logicalType": "timestamp-millis"},
                "doc": "When the fact happened (UTC).",
            },
        ],
    }


def json_v1(name: str, description: str) -> dict[str, Any]:
    """JSON Schema 2020-12, closed content model (the default modes rely on it)."""
    return {
        "$schema": DRAFT_2020_12,
        "title": name,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": ["eventId", "tenantId", "occurredAt"],
        "properties": {
            "eventId": {
                "type": "string",
                "format": "uuid",
                "description": "Unique id of this event, for idempotent consumers.",
            },
            "tenantId": {
                "type": "string",
                "minLength": 1,
                "description": "Tenant the event belongs to.",
            },
            "occurredAt": {
                "type": "string",
                "format": "date-time",
                "description": "When the fact happened (UTC).",
            },
        },
    }


def starter(fmt: Format, module: str, name: str, description: str) -> str:
    if fmt == "avro":
        return dumps_schema(avro_v1(module, name, description))
    return dumps_schema(json_v1(name, description))


def toml_string(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes, except DEL must be escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def event_toml(description: str, subscribers: Sequence[str], supersedes: str | None = None) -> str:
    subs = ", ".join(toml_string(s) for s in subscribers)
    lines = [f"description = {toml_string(description)}", f"subscribers = [{subs}]"]
    if supersedes:
        lines.append(f"supersedes = {toml_string(supersedes)}")
    lines += [
        '# mode = "FULL_TRANSITIVE"  # optional: overrides the project default for this type',
        '# deprecated = "Publish <module>.<NewName> instead."  # once a successor exists',
    ]
    return "\n".join(lines) + "\n"


_ID_TAILS = (
    "{m}/{n}/v{v}.json",
    "{m}/{n}/v{v}",
    "{m}.{n}.v{v}",
    "{m}.{n}",
)


def retarget_id(sid: str, old: tuple[str, str, int], new: tuple[str, str, int]) -> str | None:
    """`$id` for another type or version, keeping the author's base URI; None if unrecognised."""
    base, hash_, frag = sid.partition("#")
    stripped = base.rstrip("/")
    slash = base[len(stripped) :]
    for tail in _ID_TAILS:
        old_tail = tail.format(m=old[0], n=old[1], v=old[2])
        if stripped.endswith(old_tail):
            new_tail = tail.format(m=new[0], n=new[1], v=new[2])
            return stripped[: -len(old_tail)] + new_tail + slash + hash_ + frag
    return None


def next_version_text(
    fmt: Format, text: str, schema: Any, module: str, name: str, number: int
) -> str:
    """The latest version's text as the next version: verbatim, but for a versioned JSON `$id`."""
    if fmt != "jsonschema" or not isinstance(schema, dict) or "$id" not in schema:
        return text
    sid = str(schema["$id"])
    new_id = retarget_id(sid, (module, name, number), (module, name, number + 1))
    if new_id is None or new_id == sid:
        return text
    pattern = re.compile(r'("\$id"\s*:\s*)' + re.escape(json.dumps(sid)))
    replaced, count = pattern.subn(lambda m: m.group(1) + json.dumps(new_id), text, count=1)
    if count == 1 and json.loads(replaced).get("$id") == new_id:
        return replaced
    changed = dict(schema)
    changed["$id"] = new_id
    return dumps_schema(changed)


def renamed_copy(
    fmt: Format, schema: Any, old: tuple[str, str, int], new_module: str, new_name: str
) -> str:
    """The old type's latest schema as the new type's v1: Avro name/namespace, JSON title/$id."""
    data: dict[str, Any] = copy.deepcopy(schema)
    if fmt == "avro":
        # Keep the key order the author used; put namespace right after name when it was absent.
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == "name":
                out["name"] = new_name
                out["namespace"] = new_module
            elif key != "namespace":
                out[key] = value
        out.setdefault("namespace", new_module)
        return dumps_schema(out)
    data["title"] = new_name
    if "$id" in data:
        new_id = retarget_id(str(data["$id"]), old, (new_module, new_name, 1))
        if new_id is None:
            del data["$id"]  # an $id we cannot retarget would name the old type: drop it
        else:
            data["$id"] = new_id
    return dumps_schema(data)
