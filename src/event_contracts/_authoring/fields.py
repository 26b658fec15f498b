"""The field table of one version: Avro fields (type, default, doc) or JSON properties
(type, required, description); nested records and objects are flattened as `parent.child`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from event_contracts._schema.model import SchemaVersion

AVRO_HEADERS = ("field", "type", "default", "doc")
JSON_HEADERS = ("property", "type", "required", "description")
NONE = "—"
_CONSTRAINTS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
)


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def field_table(version: SchemaVersion) -> Table:
    if version.format == "avro":
        rows: list[tuple[str, ...]] = []
        _avro_record(version.schema, "", rows, set(), None)
        return Table(AVRO_HEADERS, tuple(rows))
    rows = []
    _json_object(version.schema, version.schema, "", rows, set())
    return Table(JSON_HEADERS, tuple(rows))


def doc_of(version: SchemaVersion) -> str:
    """The version's own documentation: Avro `doc`, JSON Schema `description`."""
    key = "doc" if version.format == "avro" else "description"
    value = version.schema.get(key) if isinstance(version.schema, dict) else None
    return value if isinstance(value, str) else ""


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- Avro -----------------------------------------------------------------------------------


def _fullname(node: dict[str, Any], namespace: str | None) -> str:
    name = str(node.get("name", ""))
    ns = node.get("namespace", namespace)
    return name if "." in name or not ns else f"{ns}.{name}"


def _avro_record(
    record: Any, prefix: str, rows: list[tuple[str, ...]], seen: set[str], ns: str | None
) -> None:
    if not isinstance(record, dict):
        return
    full = _fullname(record, ns)
    seen.add(full)
    inner_ns = full.rpartition(".")[0] or None
    for f in record.get("fields", ()):
        if not isinstance(f, dict):
            continue
        path = prefix + str(f.get("name", "?"))
        default = _value(f["default"]) if "default" in f else NONE
        doc = f.get("doc") if isinstance(f.get("doc"), str) else ""
        rows.append((path, avro_type(f.get("type")), default, str(doc or "")))
        for sub, suffix in _avro_nested(f.get("type")):
            if _fullname(sub, inner_ns) not in seen:
                _avro_record(sub, f"{path}{suffix}.", rows, seen, inner_ns)


def _avro_nested(t: Any, suffix: str = "") -> list[tuple[dict[str, Any], str]]:
    """Inline record definitions reachable from a field's type (through unions, arrays, maps)."""
    if isinstance(t, list):
        return [n for member in t for n in _avro_nested(member, suffix)]
    if not isinstance(t, dict):
        return []
    kind = t.get("type")
    if kind in ("record", "error"):
        return [(t, suffix)]
    if kind == "array":
        return _avro_nested(t.get("items"), suffix + "[]")
    if kind == "map":
        return _avro_nested(t.get("values"), suffix + "{}")
    if isinstance(kind, dict | list):
        return _avro_nested(kind, suffix)
    return []


def avro_type(t: Any) -> str:
    """A short human form: `string (uuid)`, `null | string`, `array<string>`, `decimal(12,2)`."""
    if isinstance(t, str):
        return t
    if isinstance(t, list):
        return " | ".join(avro_type(m) for m in t)
    if not isinstance(t, dict):
        return _value(t)
    kind = t.get("type")
    logical = t.get("logicalType")
    if logical == "decimal":
        return f"decimal({t.get('precision')},{t.get('scale', 0)})"
    if kind in ("record", "error"):
        return f"record {t.get('name')}"
    if kind == "enum":
        return f"enum {t.get('name')} {{{', '.join(str(s) for s in t.get('symbols', ()))}}}"
    if kind == "fixed":
        base = f"fixed {t.get('name')}[{t.get('size')}]"
    elif kind == "array":
        base = f"array<{avro_type(t.get('items'))}>"
    elif kind == "map":
        base = f"map<{avro_type(t.get('values'))}>"
    else:
        base = avro_type(kind)
    return f"{base} ({logical})" if isinstance(logical, str) else base


# --- JSON Schema -----------------------------------------------------------------------------


def _resolve(root: Any, node: Any) -> tuple[str | None, Any]:
    """Follow a local `$ref` (#/$defs/X); returns (def name, target) or (None, node)."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            if target is not None:
                return ref.rsplit("/", 1)[-1], target
        return ref, None
    return None, node


def _json_object(
    root: Any, node: Any, prefix: str, rows: list[tuple[str, ...]], seen: set[int]
) -> None:
    if not isinstance(node, dict) or id(node) in seen:
        return
    seen.add(id(node))
    required = set(node.get("required", ()) if isinstance(node.get("required"), list) else ())
    props = node.get("properties")
    if not isinstance(props, dict):
        return
    for name, sub in props.items():
        path = prefix + str(name)
        desc = sub.get("description") if isinstance(sub, dict) else None
        if not desc and isinstance(sub, dict):
            _, target = _resolve(root, sub)
            desc = target.get("description") if isinstance(target, dict) else None
        rows.append(
            (path, json_type(root, sub), "yes" if name in required else "no", str(desc or ""))
        )
        for nested, suffix in _json_nested(root, sub):
            _json_object(root, nested, f"{path}{suffix}.", rows, seen)


def _json_nested(root: Any, node: Any, suffix: str = "") -> list[tuple[Any, str]]:
    _, node = _resolve(root, node)
    if not isinstance(node, dict):
        return []
    if isinstance(node.get("properties"), dict):
        return [(node, suffix)]
    if isinstance(node.get("items"), dict):
        return _json_nested(root, node["items"], suffix + "[]")
    found: list[tuple[Any, str]] = []
    for key in ("oneOf", "anyOf", "allOf"):
        for member in node.get(key, ()) if isinstance(node.get(key), list) else ():
            found += _json_nested(root, member, suffix)
    return found


def json_type(root: Any, node: Any) -> str:
    """A short human form: `string (date-time)`, `Sender`, `array<Attachment>`, `enum {A, B}`."""
    if node is True:
        return "any"
    if node is False:
        return "nothing"
    if not isinstance(node, dict):
        return _value(node)
    ref_name, _ = _resolve(root, node)
    if ref_name is not None:
        return ref_name
    if "const" in node:
        base = f"const {_value(node['const'])}"
    elif "enum" in node and isinstance(node["enum"], list):
        base = "enum {" + ", ".join(_value(v) for v in node["enum"]) + "}"
    elif isinstance(node.get("type"), list):
        base = " | ".join(str(t) for t in node["type"])
    elif isinstance(node.get("type"), str):
        base = node["type"]
    else:
        for key, joiner in (("oneOf", " | "), ("anyOf", " | "), ("allOf", " & ")):
            if isinstance(node.get(key), list):
                base = joiner.join(json_type(root, m) for m in node[key])
                break
        else:
            base = "any"
    if node.get("type") == "array" and isinstance(node.get("items"), dict | bool):
        base = f"array<{json_type(root, node['items'])}>"
    if isinstance(node.get("format"), str):
        base += f" ({node['format']})"
    limits = [f"{k} {_value(node[k])}" for k in _CONSTRAINTS if k in node]
    return base + (", " + ", ".join(limits) if limits else "")
