"""Parsing Canonical Form of a valid Avro schema (Avro 1.12 specification).

Our own, because fastavro's loses an explicit empty namespace ("the null namespace") on nested
types: it re-parses its own output, where `"namespace": ""` is gone, and so writes `n.E` for a
type whose fullname is `E`, changing the fingerprint.
"""

from __future__ import annotations

import json
from typing import Any

from event_contracts._schema.avro_spec import NAMED, PRIMITIVES


def parsing_canonical_form(schema: Any) -> str:
    """[PRIMITIVES], [FULLNAMES], [STRIP], [ORDER], [STRINGS], [INTEGERS], [WHITESPACE]."""
    out: list[str] = []
    _write(schema, None, out)
    return "".join(out)


def _write(node: Any, ns: str | None, out: list[str]) -> None:
    if isinstance(node, list):
        out.append("[")
        for i, branch in enumerate(node):
            if i:
                out.append(",")
            _write(branch, ns, out)
        out.append("]")
        return
    if isinstance(node, str):
        full = node if node in PRIMITIVES or "." in node or not ns else f"{ns}.{node}"
        out.append(_str(full))
        return
    kind = node["type"]
    if kind in PRIMITIVES:
        out.append(_str(kind))
    elif kind == "array":
        out.append('{"type":"array","items":')
        _write(node["items"], ns, out)
        out.append("}")
    elif kind == "map":
        out.append('{"type":"map","values":')
        _write(node["values"], ns, out)
        out.append("}")
    elif kind in NAMED:
        _write_named(node, kind, ns, out)
    else:  # a type object naming a defined type is not valid Avro; check() reports it
        raise ValueError(f"not a schema type: {kind!r}")


def _write_named(node: dict[str, Any], kind: str, ns: str | None, out: list[str]) -> None:
    name = node["name"]
    space = node.get("namespace", ns) if "." not in name else None
    full = name if "." in name or not space else f"{space}.{name}"
    out.append(f'{{"name":{_str(full)},"type":{_str(kind)}')
    if kind in ("record", "error"):
        inner = full.rpartition(".")[0] or None
        out.append(',"fields":[')
        for i, field in enumerate(node["fields"]):
            if i:
                out.append(",")
            out.append(f'{{"name":{_str(field["name"])},"type":')
            _write(field["type"], inner, out)
            out.append("}")
        out.append("]")
    elif kind == "enum":
        out.append(f',"symbols":[{",".join(_str(s) for s in node["symbols"])}]')
    else:
        out.append(f',"size":{int(node["size"])}')
    out.append("}")


def _str(text: str) -> str:
    """`json.dumps(text, ensure_ascii=False)`, minus its encoder object: the same C function."""
    if isinstance(text, str):
        return _encode_str(text)
    return json.dumps(text, ensure_ascii=False)  # pragma: no cover - check() rejects it first


_encode_str = json.encoder.encode_basestring
