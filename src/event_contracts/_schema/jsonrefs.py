"""`$ref`s in a JSON Schema file: each must resolve, without a network, to something that exists.

Allowed: a fragment in the same resource (`#/$defs/Money`, `#money` for an `$anchor`), the
document's own `$id`, and a relative path to another file under `schemas/` (optionally with a
fragment into it). Refused: any other absolute URL (remote: never fetched), a path leaving
`schemas/`, a ref whose file, pointer or anchor does not exist, and any ref in a file that
embeds a resource (a subschema with an `$id` of its own: `embedded_resources`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from event_contracts._schema.jsonpos import pointer

REF_KEYS = ("$ref", "$dynamicRef")
# Keywords whose values are data, not schemas: a "$ref" inside them is just a string.
DATA_KEYS = frozenset({"const", "enum", "examples", "default"})


def ref_problems(schema: Any, source: Path, root: Path, draft: str) -> Iterator[tuple[str, str]]:
    """(pointer of the `$ref`, why it is not allowed) for each bad reference in `schema`."""
    base = _root_base(schema)
    resources = dict(_resources(schema, base, draft))
    for at, ref, scope, resource in _refs(schema, "", base, schema, draft):
        try:
            why = _problem(ref, scope, resource, resources, source, root, draft)
        except ValueError:  # urllib and pathlib on "http://[x", NUL bytes ...
            why = f"$ref {ref!r} is not a valid URI reference"
        if why:
            yield at, why


def reaches_files(schema: Any, draft: str = "2020-12") -> bool:
    """Whether a `$ref` in `schema` names another file (or something malformed): then whether
    it resolves depends on more than this file's text."""
    if not _any_ref(schema):
        return False  # the common case, told without building a pointer per node
    base = _root_base(schema)
    resources = dict(_resources(schema, base, draft))
    for _at, ref, scope, _resource in _refs(schema, "", base, schema, draft):
        try:
            target = urldefrag(ref)[0]
            if not target or (urljoin(scope, target) if scope else target) in resources:
                continue
            if urlsplit(target).scheme or target.startswith("//"):
                continue  # remote: refused whatever the other files say
        except ValueError:
            pass
        return True
    return False


def embedded_resources(schema: Any, draft: str) -> Iterator[str]:
    """The pointer of each subschema below the root with an `$id` of its own (an embedded
    resource: `$ref`s inside it resolve against it; `id` where `draft` is "04"). The
    compatibility check and the generated classes resolve every `$ref` against the file, so a
    file with both is refused."""
    # each entry links to its parent's: a pointer is spelled out only for what is found, so a
    # deep schema costs its size, not its size times its depth
    stack: list[tuple[Any, Any]] = [(schema, None)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Mapping):
            if path is not None and (_sets_base(node, draft) or _draft4_id(node, draft)):
                yield spell(path)
            stack += [(v, (k, path)) for k, v in node.items() if k not in DATA_KEYS]
        elif isinstance(node, list):
            stack += [(v, (i, path)) for i, v in enumerate(node)]


def spell(path: Any) -> str:
    """The JSON pointer of a (key, parent) chain (None: the root)."""
    parts = []
    while path is not None:
        key, path = path
        parts.append(key)
    return pointer(*reversed(parts))


def _draft4_id(node: Mapping[str, Any], draft: str) -> bool:
    """Draft-04 names a resource with `id` (the compatibility check reads that draft too)."""
    sid = node.get("id")
    return draft == "04" and isinstance(sid, str) and not sid.startswith("#")


def _any_ref(node: Any) -> bool:
    """Whether `_refs` would find a reference in `node` (the same keys, outside data)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in REF_KEYS and isinstance(value, str):
                return True
            if key not in DATA_KEYS and isinstance(value, (Mapping, list)) and _any_ref(value):
                return True
    elif isinstance(node, list):
        return any(isinstance(v, (Mapping, list)) and _any_ref(v) for v in node)
    return False


def _root_base(schema: Any) -> str:
    if not isinstance(schema, Mapping):
        return ""
    sid = _sets_base(schema, "2020-12")
    return "" if sid is None or sid.startswith("#") else sid


def _sets_base(node: Mapping[str, Any], draft: str) -> str | None:
    sid = node.get("$id")
    if not isinstance(sid, str) or (draft == "07" and sid.startswith("#")):
        return None  # draft-07 "$id": "#name" is an anchor, not a new base
    try:
        urlsplit(sid)
    except ValueError:
        return None  # not a URI (such as "http://[x"): it sets no base
    return urldefrag(sid)[0]


def _resources(node: Any, base: str, draft: str) -> Iterator[tuple[str, Any]]:
    """(absolute or root-relative URI, node) of the document and each embedded resource."""
    if isinstance(node, Mapping):
        sid = _sets_base(node, draft)
        if sid is not None:
            base = _join(base, sid)
            yield base, node
        for key, value in node.items():
            if key not in DATA_KEYS:
                yield from _resources(value, base, draft)
    elif isinstance(node, list):
        for value in node:
            yield from _resources(value, base, draft)


def _join(base: str, ref: str) -> str:
    try:
        return urljoin(base, ref) if base else ref
    except ValueError:
        return ref


def _refs(
    node: Any, at: str, base: str, resource: Any, draft: str
) -> Iterator[tuple[str, str, str, Any]]:
    """(pointer, ref, base URI in effect, enclosing resource) for each reference."""
    if isinstance(node, Mapping):
        sid = _sets_base(node, draft)
        if sid is not None and at:
            base, resource = _join(base, sid), node
        for key, value in node.items():
            here = at + pointer(key)
            if key in REF_KEYS and isinstance(value, str):
                yield here, value, base, resource
            elif key not in DATA_KEYS:
                yield from _refs(value, here, base, resource, draft)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _refs(value, at + pointer(i), base, resource, draft)


def _problem(
    ref: str,
    base: str,
    resource: Any,
    resources: dict[str, Any],
    source: Path,
    root: Path,
    draft: str,
) -> str | None:
    target, fragment = urldefrag(ref)
    if not target:
        return _fragment_problem(ref, resource, fragment, draft)
    absolute = urljoin(base, target) if base else target
    if absolute in resources:  # the document itself or an embedded resource, by its $id
        return _fragment_problem(ref, resources[absolute], fragment, draft)
    if urlsplit(target).scheme or target.startswith("//"):
        return f"$ref {ref!r} names a remote resource; schemas are never fetched over a network"
    resolved = (source.parent / unquote(target)).resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        return f"$ref {ref!r} leaves the schemas folder"
    if not resolved.is_file():
        return f"$ref {ref!r} names a file that does not exist"
    if not fragment:
        return None
    try:
        other = json.loads(resolved.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return f"$ref {ref!r} points into a file that is not valid JSON"
    return _fragment_problem(ref, other, fragment, draft)


def _fragment_problem(ref: str, resource: Any, fragment: str, draft: str) -> str | None:
    if not fragment:
        return None
    if fragment.startswith("/"):
        node: Any = resource
        for raw in fragment[1:].split("/"):
            token = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return f"$ref {ref!r} points at nothing: there is no {token!r} on that path"
        return None
    if _has_anchor(resource, unquote(fragment), draft, top=True):
        return None
    return f"$ref {ref!r} names the anchor {fragment!r}, which no subschema declares"


def _has_anchor(node: Any, name: str, draft: str, *, top: bool) -> bool:
    if isinstance(node, Mapping):
        if not top and _sets_base(node, draft) is not None and draft != "07":
            return False  # anchors inside an embedded resource belong to it
        if node.get("$anchor") == name or node.get("$dynamicAnchor") == name:
            return True
        if draft == "07" and node.get("$id") == f"#{name}":
            return True
        return any(
            _has_anchor(v, name, draft, top=False) for k, v in node.items() if k not in DATA_KEYS
        )
    if isinstance(node, list):
        return any(_has_anchor(v, name, draft, top=False) for v in node)
    return False
