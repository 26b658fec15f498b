"""JSON Schema files that reference other files: the files reached, and one bundled document.

`bundle` copies every referenced file under the event schema's `$defs` and rewrites the
references to point there, so the planner resolves everything inside one document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from event_contracts._codegen import naming
from event_contracts._codegen.json_keywords import escape
from event_contracts.errors import CodegenError

_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "example"})


def _file_part(ref: str) -> str | None:
    """The file a `$ref` names, or None for a reference inside the document or a remote one."""
    target = ref.split("#", 1)[0]
    if not target or "://" in target or target.startswith(("urn:", "//")):
        return None
    return target


def external_files(schema: Any, source: Path) -> list[Path]:
    """Every other file `schema` (at `source`) references, directly or through those files."""
    found: dict[Path, None] = {}
    pending = [(schema, source)]
    while pending:
        node, at = pending.pop()
        for ref in _refs(node):
            part = _file_part(ref)
            if part is None:
                continue
            path = (at.parent / part).resolve()
            if path not in found and path.is_file():
                found[path] = None
                pending.append((json.loads(path.read_text(encoding="utf-8")), path))
    return sorted(found)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        out = [str(node["$ref"])] if isinstance(node.get("$ref"), str) else []
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                out += _refs(value)
        return out
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def bundle(schema: dict[str, Any], source: Path, *, where: str) -> dict[str, Any]:
    """`schema` with every file it references copied under its `$defs` and the references
    rewritten to point there, so one document holds everything the planner resolves."""
    if not any(_file_part(r) for r in _refs(schema)):
        return schema
    keys: dict[Path, str] = {}
    added: dict[str, Any] = {}
    defs_key = "definitions" if "$defs" not in schema and "definitions" in schema else "$defs"
    taken = set(schema.get(defs_key, {}))

    def fix(ref: str, at: Path, key: str | None) -> str:
        part, _, fragment = ref.partition("#")
        if fragment and not fragment.startswith("/"):
            if key is None and not part:
                return ref  # an anchor of the event's own file
            raise CodegenError(f"{where}: $ref {ref!r}: anchors in other files are not supported")
        if not part:
            return ref if key is None else f"#/{defs_key}/{escape(key)}{fragment}"
        if _file_part(ref) is None:
            return ref  # remote: the planner says it is not supported
        path = (at.parent / part).resolve()
        if path not in keys:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CodegenError(f"{where}: $ref {ref!r}: {exc}") from None
            name = naming.unique(path.stem.split(".")[0] or "file", taken)
            keys[path] = name
            added[name] = rewrite(loaded, path, name)
        return f"#/{defs_key}/{escape(keys[path])}{fragment}"

    def rewrite(node: Any, at: Path, key: str | None) -> Any:
        if isinstance(node, dict):
            return {
                k: (
                    fix(v, at, key)
                    if k == "$ref" and isinstance(v, str)
                    else v
                    if k in _DATA_KEYWORDS
                    else rewrite(v, at, key)
                )
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [rewrite(item, at, key) for item in node]
        return node

    body: dict[str, Any] = rewrite(schema, source, None)
    body[defs_key] = {**body.get(defs_key, {}), **added}
    return body
