"""JSON Schema files: the draft's meta-schema, and `$ref`s that stay inside `schemas/`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import validators

from event_contracts._schema.jsonpos import pointer

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SUPPORTED_DRAFTS = {
    DRAFT_2020_12: "2020-12",
    DRAFT_2020_12 + "#": "2020-12",
    DRAFT_07: "07",
    DRAFT_07.rstrip("#"): "07",
}


def canonical_and_fingerprint(schema: Any) -> tuple[str, str]:
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draft_of(schema: Any) -> str:
    """'2020-12' or '07' (the default is 2020-12); raises KeyError for another draft."""
    if isinstance(schema, dict) and "$schema" in schema:
        return SUPPORTED_DRAFTS[str(schema["$schema"])]
    return "2020-12"


def validator_class(schema: Any) -> Any:
    if draft_of(schema) == "07":
        return validators.Draft7Validator
    return validators.Draft202012Validator


def meta_errors(schema: Any) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each way `schema` breaks its draft's meta-schema."""
    cls = validator_class(schema)
    meta = cls(cls.META_SCHEMA)
    for err in sorted(meta.iter_errors(schema), key=lambda e: list(map(str, e.absolute_path))):
        yield pointer(*err.absolute_path), err.message


def refs(node: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, value) of every `$ref` in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = at + pointer(key)
            if key == "$ref" and isinstance(value, str):
                yield here, value
            else:
                yield from refs(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from refs(value, at + pointer(i))


def ref_problem(ref: str, source: Path, root: Path) -> str | None:
    """Why `ref` is not allowed, or None: only local refs and files under the schemas root."""
    target = ref.split("#", 1)[0]
    if not target:
        return None
    if "://" in target or target.startswith(("urn:", "//")):
        return f"$ref {ref!r} names a remote resource; schemas are never fetched over a network"
    resolved = (source.parent / target).resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        return f"$ref {ref!r} leaves the schemas folder"
    if not resolved.is_file():
        return f"$ref {ref!r} names a file that does not exist"
    return None
