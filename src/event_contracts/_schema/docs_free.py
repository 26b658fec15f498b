"""The docs-free form of a schema: what remains once documentation is taken out.

A published version may change only in its documentation. The fingerprint alone cannot tell:
Avro's Parsing Canonical Form drops `doc`, yet it also drops `default`, `aliases` and logical
types, which readers use; JSON Schema's canonical JSON keeps `description`. So the gate compares
this form as well as the fingerprint.
"""

from __future__ import annotations

import json
from typing import Any

# Keys whose values are data (defaults, enum members), never schemas: kept verbatim.
_AVRO_DATA = frozenset({"default"})
_JSON_DOCS = frozenset({"description", "$comment", "examples", "title"})
_JSON_DATA = frozenset({"default", "const", "enum"})
# Keys whose values map names (property names, definitions) to schemas.
_JSON_NAMED = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


def docs_free(schema: Any, fmt: str) -> str:
    """Canonical JSON of `schema` without documentation (`doc`; `description`, `title`...)."""
    stripped = _avro(schema) if fmt == "avro" else _json(schema)
    return json.dumps(stripped, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _avro(node: Any) -> Any:
    if isinstance(node, list):
        return [_avro(x) for x in node]
    if not isinstance(node, dict):
        return node
    return {k: (v if k in _AVRO_DATA else _avro(v)) for k, v in node.items() if k != "doc"}


def _json(node: Any) -> Any:
    if isinstance(node, list):
        return [_json(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k in _JSON_DOCS:
            continue
        if k in _JSON_DATA:
            out[k] = v
        elif k in _JSON_NAMED and isinstance(v, dict):
            out[k] = {name: _json(sub) for name, sub in v.items()}
        else:
            out[k] = _json(v)
    return out
