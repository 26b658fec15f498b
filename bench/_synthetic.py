"""A synthetic project with many event versions (Avro and JSON Schema), for the codegen benches."""

from __future__ import annotations

import json
from pathlib import Path

PYPROJECT = """\
[tool.event-contracts]
schemas = "schemas"
package = "bench_events"
package-dir = "src"
"""


def avro(name: str, module: str, version: int) -> dict[str, object]:
    fields: list[dict[str, object]] = [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "tenant_id", "type": "string", "doc": "Tenant."},
        {
            "name": "amount",
            "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2},
        },
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
        {
            "name": "line",
            "type": {
                "type": "record",
                "name": "Line",
                "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}],
            },
        },
    ]
    fields += [
        {"name": f"extra_{i}", "type": ["null", "string"], "default": None} for i in range(version)
    ]
    return {
        "type": "record",
        "name": name,
        "namespace": module,
        "doc": f"{name} happened.",
        "fields": fields,
    }


def jsonschema(name: str, version: int) -> dict[str, object]:
    props: dict[str, object] = {
        "eventId": {"type": "string", "format": "uuid"},
        "tenantId": {"type": "string", "minLength": 1},
        "at": {"type": "string", "format": "date-time"},
        "kind": {"enum": ["A", "B", "C"]},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["sku"],
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}},
            },
        },
    }
    props.update({f"extra{i}": {"type": "string"} for i in range(version)})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        "type": "object",
        "additionalProperties": False,
        "required": ["eventId", "tenantId", "at"],
        "properties": props,
    }


def make_project(root: Path, *, types: int = 250, versions: int = 4, modules: int = 10) -> Path:
    """`types` event types × `versions` versions, spread over `modules` modules."""
    (root / "pyproject.toml").write_text(PYPROJECT)
    for t in range(types):
        module = f"mod{t % modules}"
        name = f"Thing{t}Happened"
        folder = root / "schemas" / module / name
        folder.mkdir(parents=True)
        (folder / "event.toml").write_text(f'description = "{name}"\n')
        for v in range(1, versions + 1):
            if t % 2:
                schema, suffix = jsonschema(name, v), "json"
            else:
                schema, suffix = avro(name, module, v), "avsc"
            (folder / f"v{v}.{suffix}").write_text(json.dumps(schema, indent=1))
    (root / "src").mkdir()
    return root
