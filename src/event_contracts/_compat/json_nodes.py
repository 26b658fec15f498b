"""Typed nodes for JSON Schema documents, shaped the way Confluent's diff sees them.

Confluent Schema Registry loads a JSON Schema with the everit library and diffs everit's typed
schema objects, not the raw JSON. The verdict depends on that shape, so this module reproduces it:

- `type` names one kind (string, number/integer, boolean, null, object, array); a `type` list is
  an `anyOf` of one node per type; `{}` and `true` are EMPTY, `false` is FALSE.
- Without `type`, the kind is sniffed from the keywords present (`maxLength` makes a string node,
  `properties` an object node, ...).
- `enum`, `const`, `not`, `allOf`/`anyOf`/`oneOf` each make their own node; when a schema object
  yields more than one node they are wrapped in a *synthetic* `allOf` (so
  `{"type": "string", "enum": [...]}` is `allOf[enum, string]`).
- `$ref` is followed lazily (to `#/...` pointers, `$defs`/`definitions`, or sibling files), so
  recursive schemas load in finite time; keywords beside a `$ref` are ignored, as everit does.

Nodes are cached per raw JSON object, so a `$ref` reached twice gives the same node: the walker
memoises pairs of nodes by identity, which is what makes recursion terminate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from event_contracts._compat.json_model import (
    DRAFT_07,
    DRAFT_2020,
    Document,
    Kind,
    Node,
    canonical,
    dialect_of,
    draft_of,
    ignored_by,
    validator_class,
)
from event_contracts._compat.json_parse import REF_WORDS, parse
from event_contracts._schema.jsonpos import escape
from event_contracts._schema.jsonrefs import embedded_resources
from event_contracts.errors import UsageError

__all__ = [
    "DRAFT_07",
    "DRAFT_2020",
    "Document",
    "Kind",
    "Loader",
    "Node",
    "canonical",
    "dialect_of",
    "draft_of",
]


class Loader:
    """Turns raw schemas into nodes, caching by raw object so `$ref`s share nodes.

    Use one loader per side (old, new): sibling files resolve against that side's folder.
    """

    def __init__(self, *, sound: bool = False) -> None:
        # sound: read keywords beside `$ref` as the validation draft does (applied from 2019-09
        # on, ignored before), not as Confluent's draft-07 loader does (always ignored)
        self.sound = sound
        self._rest: dict[int, dict[str, Any]] = {}
        self._judged: dict[tuple[int, int], dict[str, Any]] = {}
        self.validators: dict[int, Any] = {}  # id(Document) -> its jsonschema validator
        self._nodes: dict[tuple[int, int], Node] = {}
        self._docs: dict[str, Document] = {}
        self._keep: list[Any] = []  # keeps raw objects alive so their ids stay unique
        self._has_ref: dict[int, bool] = {}
        self._resolved: dict[int, Node] = {}  # $ref node -> its target (nodes live in _nodes)

    def document(self, raw: Any, base: Path | None, uri: str = "") -> Document:
        if isinstance(raw, dict) and isinstance(raw.get("$id"), str):
            uri = urljoin(uri, raw["$id"])
        judge = validator_class(raw).__name__ if self.sound else ""
        if judge == "Draft3Validator":
            # its `required: true`, `divisibleBy`, `disallow`, `extends` are no later draft's
            # keywords: a walk that reads draft-04 and later would call such a change safe
            raise UsageError(
                (f"{uri}: " if uri else "")
                + f"JSON Schema draft-03 ($schema {raw['$schema']!r}) is "
                "not supported; its keywords (required: true, divisibleBy, disallow, extends) "
                "mean nothing in later drafts. Declare draft-04 or later with $schema"
            )
        ignored = ignored_by(judge)
        doc = Document(
            raw,
            uri,
            base,
            draft_of(raw),
            self,
            dialect=dialect_of(raw),
            ignored=ignored,
            judge=judge,
        )
        if uri:
            self._docs.setdefault(uri, doc)
        return doc

    @property
    def documents(self) -> dict[str, Document]:
        return self._docs

    def has_ref(self, raw: Any) -> bool:
        """Whether a `$ref` occurs anywhere inside `raw` (memoised per object)."""
        if not isinstance(raw, (dict, list)):
            return False
        key = id(raw)
        found = self._has_ref.get(key)
        if found is None:
            values = raw.values() if isinstance(raw, dict) else raw
            found = (isinstance(raw, dict) and not REF_WORDS.isdisjoint(raw)) or any(
                self.has_ref(v) for v in values
            )
            self._has_ref[key] = found
            self._keep.append(raw)
        return found

    def rest_of(self, raw: dict[str, Any]) -> dict[str, Any]:
        """`raw` without its reference keywords (one object per schema, so nodes are shared)."""
        found = self._rest.get(id(raw))
        if found is None:
            found = self._rest[id(raw)] = {k: v for k, v in raw.items() if k not in REF_WORDS}
            self._keep.append(raw)
        return found

    def judged(self, raw: dict[str, Any], doc: Document) -> dict[str, Any]:
        """`raw` without the keywords its document's validator ignores (`Document.ignored`),
        one object per schema, so nodes are shared."""
        if doc.ignored.isdisjoint(raw):
            return raw
        key = (id(raw), id(doc))
        found = self._judged.get(key)
        if found is None:
            found = self._judged[key] = {k: v for k, v in raw.items() if k not in doc.ignored}
            self._keep.append(raw)
        return found

    def node(self, raw: Any, ptr: str, doc: Document) -> Node:
        if not isinstance(raw, dict):  # booleans are singletons: never share their node
            return parse(raw, ptr, doc)
        key = (id(raw), id(doc))
        found = self._nodes.get(key)
        if found is not None:
            return found
        node = parse(raw, ptr, doc)
        self._nodes[key] = node
        self._keep.append(raw)
        return node

    def resolve(self, node: Node) -> Node:
        """Follow a chain of `$ref`s to the node they name (memoised per `$ref` node)."""
        start = node
        found = self._resolved.get(id(start))
        if found is not None:
            return found
        seen = 0
        while node.kind is Kind.REF:
            node = self._target(node)
            seen += 1
            if seen > 64:
                raise UsageError(f"$ref loop without a schema at {node.ptr or '/'}")
        self._resolved[id(start)] = node
        return node

    def _target(self, node: Node) -> Node:
        doc = node.doc
        ref = node.ref
        _refuse_embedded(doc)
        file_part, fragment = urldefrag(ref) if "#" in ref else (ref, "")
        if file_part:
            doc = self._sibling(doc, file_part, ref)
        raw, ptr = _follow(doc.raw, unquote(fragment), ref)
        return self.node(raw, doc.prefix + ptr, doc)

    def _sibling(self, doc: Document, file_part: str, ref: str) -> Document:
        uri = urljoin(doc.uri, file_part) if doc.uri else file_part
        known = self._docs.get(uri)
        if known is not None:
            return known
        if doc.base is None:
            raise UsageError(
                f"$ref {ref!r} names another file, but the schema was not given as a file; "
                "pass a Path so sibling schemas can be found"
            )
        name = file_part.rsplit("/", 1)[-1] if "://" in file_part else file_part
        path = (doc.base / name).resolve()
        if not path.is_file():
            raise UsageError(f"$ref {ref!r}: no file {path}")
        raw = json.loads(path.read_text(encoding="utf-8"))
        sibling = self.document(raw, path.parent, uri)
        sibling.prefix = f"{file_part}#"
        self._docs[uri] = sibling
        return sibling


def _refuse_embedded(doc: Document) -> None:
    """A document that embeds a resource (a subschema with an `$id` of its own) resolves the
    `$ref`s inside it against that `$id`; this walk resolves every `$ref` against the file, so
    such a document is refused rather than judged by other schemas than its validator's."""
    if doc.embedded is None:
        draft4 = validator_class(doc.raw).__name__ == "Draft4Validator"  # names resources `id`
        draft = "04" if draft4 else doc.dialect
        doc.embedded = next(embedded_resources(doc.raw, draft), "")
    if doc.embedded:
        raise UsageError(
            f"{doc.prefix or ''}{doc.embedded}: a subschema with an $id of its own (an embedded "
            "resource) in a schema with $refs is not supported: refer to it by JSON pointer "
            "(#/$defs/...) without the $id, or move it to a file of its own"
        )


def _follow(raw: Any, fragment: str, ref: str) -> tuple[Any, str]:
    if not fragment or fragment == "/":
        return raw, ""
    if not fragment.startswith("/"):  # a plain-name fragment: `$anchor`, or `$id: "#name"`
        found = _anchor(raw, fragment, "")
        if found is None:
            raise UsageError(f"$ref {ref!r}: no $anchor {fragment!r}")
        return found
    node = raw
    ptr = ""
    for token in fragment[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        ptr += "/" + escape(token)
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            raise UsageError(f"$ref {ref!r} points at nothing (no {ptr!r})")
    return node, ptr


def _anchor(raw: Any, name: str, ptr: str) -> tuple[Any, str] | None:
    if isinstance(raw, dict):
        if raw.get("$anchor") == name or raw.get("$dynamicAnchor") == name:
            return raw, ptr
        plain = "#" + name  # draft-06/07 `$id` (draft-04 `id`) naming a plain-name fragment
        if raw.get("$id") == plain or raw.get("id") == plain:
            return raw, ptr
        for key, value in raw.items():
            if isinstance(value, (dict, list)):
                hit = _anchor(value, name, ptr + "/" + escape(key))
                if hit is not None:
                    return hit
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            hit = _anchor(value, name, f"{ptr}/{i}")
            if hit is not None:
                return hit
    return None
