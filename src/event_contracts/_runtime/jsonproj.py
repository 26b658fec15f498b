"""JSON Schema's counterpart of Avro resolution: project a payload onto the reader's version.

Compiled once per reader schema: properties the reader does not declare are dropped where its
content model is closed (`additionalProperties: false`), and missing *required* properties that
declare a `default` get it (the rule Confluent's verdict relies on; optional ones stay absent:
docs/runtime.md, "JSON Schema defaults"), at the top level and inside nested objects (inline or
local `$ref`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Projection = Callable[[dict[str, Any]], dict[str, Any]]
_MAX_DEPTH = 32  # $ref chains deeper than this are left alone (and recursive ones stop here)


def compile_projection(reader: Any) -> Projection:
    fn = _object(reader, reader, 0)
    if fn is None:
        return lambda d: d
    return fn


def _deref(node: Any, root: Any) -> Any:
    for _ in range(_MAX_DEPTH):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return None
        target: Any = root
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or token not in target:
                return None
            target = target[token]
        node = target
    return None


def _object(node: Any, root: Any, depth: int) -> Projection | None:
    node = _deref(node, root)
    if (
        depth > _MAX_DEPTH
        or not isinstance(node, dict)
        or not isinstance(node.get("properties"), dict)
    ):
        return None
    props: dict[str, Any] = node["properties"]
    closed = node.get("additionalProperties") is False or node.get("unevaluatedProperties") is False
    known = frozenset(props)
    required = node.get("required")
    required = set(required) if isinstance(required, list) else set()
    defaults = {
        k: s["default"]
        for k, s in props.items()
        if k in required and isinstance(s, dict) and "default" in s
    }
    nested: dict[str, Callable[[Any], Any]] = {}
    for key, sub in props.items():
        conv = _value(sub, root, depth + 1)
        if conv is not None:
            nested[key] = conv

    def project(d: dict[str, Any]) -> dict[str, Any]:
        if closed:
            for k in [k for k in d if k not in known]:
                del d[k]
        for k, default in defaults.items():
            if k not in d:
                d[k] = copy.deepcopy(default)
        for k, conv in nested.items():
            if k in d:
                d[k] = conv(d[k])
        return d

    return project


def _value(node: Any, root: Any, depth: int) -> Callable[[Any], Any] | None:
    node = _deref(node, root)
    if depth > _MAX_DEPTH or not isinstance(node, dict):
        return None
    obj = _object(node, root, depth)
    if obj is not None:
        return lambda v: obj(v) if isinstance(v, dict) else v
    items = _deref(node.get("items"), root)
    if isinstance(items, dict):
        item = _value(items, root, depth + 1)
        if item is not None:
            return lambda v: [item(x) for x in v] if isinstance(v, list) else v
    return None
