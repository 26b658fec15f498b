"""Differences no JSON document can show: the safety net need not search for them.

The safety net (jsonschema.py) searches for a document wherever a constraint changed although
the rules say compatible. Some changes are proven harmless by the schemas' text alone, and the
search would spend its whole bound on them for nothing (most of a cold `check --full`):

- an optional property added to the reader where the writer's object is closed
  (`additionalProperties: false`, no `patternProperties`, the name not declared): no document
  the writer accepts has that property there, so the reader's new subschema never applies.

The proof holds only where the instance is reached from the document's root through
`properties` alone, on both sides, in documents with no reference at all: each subschema on
the way then applies at its own place only (a `$ref` could reuse it under `not`, `oneOf` or
`if`, or at another place in the document). Everything else is searched as before.
"""

from __future__ import annotations

from typing import Any

from event_contracts._compat.json_walk import Difference

__all__ = ["proven_harmless"]

_REFS = ("$ref", "$dynamicRef", "$recursiveRef")


def proven_harmless(diff: Difference, writer: Any, reader: Any) -> bool:
    """True when no document the writer schema accepts can be told apart by `diff`."""
    if diff.rule != "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL":
        return False
    if diff.writer_ptr is None or diff.reader_ptr is None:
        return False
    try:
        if _refers(writer) or _refers(reader):
            return False
    except RecursionError:  # nested deeper than Python walks: searched as before
        return False
    tokens = _tokens(diff.reader_ptr)
    if tokens is None or len(tokens) < 2 or _tokens(diff.writer_ptr) != tokens[:-2]:
        return False
    if diff.path != "/".join(tokens):
        return False
    name = tokens[-1]
    w = _along(writer, tokens[:-2])
    r = _along(reader, tokens[:-2])
    if w is None or r is None:
        return False
    declared, added = w.get("properties", {}), r.get("properties")
    return (
        w.get("additionalProperties") is False
        and not w.get("patternProperties")
        and isinstance(declared, dict)
        and name not in declared
        and isinstance(added, dict)
        and name in added
    )


def _tokens(ptr: str) -> list[str] | None:
    """A JSON pointer's tokens, or None for a pointer into another file."""
    if "#" in ptr or (ptr and not ptr.startswith("/")):
        return None
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr[1:].split("/")]


def _along(raw: Any, tokens: list[str]) -> dict[str, Any] | None:
    """The schema object at `tokens` (pairs `properties`, name) with no reference on the way."""
    if len(tokens) % 2:
        return None
    node: Any = raw
    for i in range(0, len(tokens) + 1, 2):
        if not isinstance(node, dict) or any(k in node for k in _REFS):
            return None
        if i == len(tokens):
            break
        if tokens[i] != "properties":
            return None
        props = node.get("properties")
        if not isinstance(props, dict) or tokens[i + 1] not in props:
            return None
        node = props[tokens[i + 1]]
    return node if isinstance(node, dict) else None


def _refers(node: Any) -> bool:
    """Whether a reference keyword appears anywhere in `node` (data values included)."""
    if isinstance(node, dict):
        return any(k in node for k in _REFS) or any(_refers(v) for v in node.values())
    if isinstance(node, list):
        return any(_refers(v) for v in node)
    return False
