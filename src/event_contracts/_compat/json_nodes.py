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
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from event_contracts._schema.jsonpos import escape
from event_contracts.errors import UsageError

DRAFT_07 = "07"
DRAFT_2020 = "2020-12"

_MISSING: Any = object()
_LOCAL_REF = ('"#/$defs/', '"#/definitions/')
_REF_TEXT = re.compile(r'"\$(?:ref|dynamicRef|recursiveRef)": ("(?:[^"\\]|\\.)*")')
# an enum or const that may hold true/false (or values nested deeper, checked conservatively)
_BOOL_VALUE = re.compile(
    r'"const": (?:true|false|\[|\{)|"enum": \[(?:[^\]"]|"(?:[^"\\]|\\.)*")*?(?:true|false|\[|\{)'
)


class Kind(Enum):
    EMPTY = "empty"
    FALSE = "false"
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"
    OBJECT = "object"
    ARRAY = "array"
    ENUM = "enum"
    CONST = "const"
    COMBINED = "combined"
    NOT = "not"
    CONDITIONAL = "conditional"
    REF = "ref"


_OBJECT_WORDS = (
    "properties",
    "required",
    "minProperties",
    "maxProperties",
    "dependencies",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
)
_ARRAY_WORDS = (
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "prefixItems",
    "unevaluatedItems",
    "minContains",
    "maxContains",
)
_NUMBER_WORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_STRING_WORDS = ("minLength", "maxLength", "pattern", "format")
_TYPE_KIND = {
    "string": Kind.STRING,
    "number": Kind.NUMBER,
    "integer": Kind.NUMBER,
    "boolean": Kind.BOOLEAN,
    "null": Kind.NULL,
    "object": Kind.OBJECT,
    "array": Kind.ARRAY,
}


def canonical(value: Any) -> str:
    """A key for JSON equality (1 and 1.0 and true stay distinct, as in Java)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@dataclass(eq=False, slots=True)
class Node:
    """One schema as Confluent's diff sees it. Identity matters: pairs are memoised by `id`."""

    kind: Kind
    raw: Any
    ptr: str  # JSON pointer of `raw` inside its document
    doc: Document
    # common to every kind (everit puts them on the outermost node of a schema object)
    id: Any = None
    title: Any = None
    description: Any = None
    default: Any = _MISSING
    # string
    min_length: Any = None
    max_length: Any = None
    pattern: Any = None
    # number
    integer: bool = False
    minimum: Any = None
    maximum: Any = None
    excl_minimum: Any = None
    excl_maximum: Any = None
    multiple_of: Any = None
    # object
    properties: dict[str, Any] = field(default_factory=dict)  # name -> raw subschema
    required: frozenset[str] = frozenset()
    pattern_props: tuple[tuple[str, Any], ...] = ()
    permits_additional: bool = True
    additional: Any = None  # raw schema of additionalProperties / additionalItems, or None
    uneval: Any = None  # raw unevaluatedProperties / unevaluatedItems, or None
    min_props: Any = None
    max_props: Any = None
    prop_deps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schema_deps: dict[str, Any] = field(default_factory=dict)
    deps_word: str = "dependencies"
    # array
    all_items: Any = None  # raw schema applying to every item, or None
    tuple_items: tuple[Any, ...] | None = None
    tuple_word: str = "items"
    items_word: str = "items"
    additional_word: str = "additionalItems"
    min_items: Any = None
    max_items: Any = None
    unique: bool = False
    min_contains: Any = None
    max_contains: Any = None
    # enum / const
    values: frozenset[str] = frozenset()
    const: Any = None
    # combined / not / ref
    criterion: str = ""
    subs: tuple[Node, ...] = ()
    synthetic: bool = False
    negated: Any = None  # raw schema under `not`
    ref: str = ""
    facet: str = ""  # which part of a shared raw object this node is ("enum", "type:string", ...)

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING


@dataclass(eq=False, slots=True)
class Document:
    """One JSON Schema file (or in-memory schema) and how its `$ref`s resolve."""

    raw: Any
    uri: str
    base: Path | None
    draft: str  # how Confluent loads it: "2020-12" (json-sKema, translated) or "07" (everit)
    loader: Loader
    prefix: str = ""  # "" for the schema under check; "other.json#" for a sibling file
    dialect: str = DRAFT_2020  # the draft its documents are validated with (`dialect_of`)
    _scan: tuple[bool, bool] | None = None

    @property
    def local_refs(self) -> bool:
        """Every `$ref` in the document points into its `$defs`/`definitions`."""
        return self._scanned()[0]

    @property
    def bool_values(self) -> bool:
        """Some `enum`/`const` holds true or false (which Python's == confuses with 1 and 0)."""
        return self._scanned()[1]

    def _scanned(self) -> tuple[bool, bool]:
        # One pass over the JSON text (json.dumps runs in C; a Python walk costs 3x more).
        # Both answers err on the safe side: a false "no" would only cost speed, never truth.
        if self._scan is None:
            try:
                text = json.dumps(self.raw)
            except (TypeError, ValueError):
                text = '"$ref": "?" "enum": [true]'
            local = all(r.startswith(_LOCAL_REF) for r in _REF_TEXT.findall(text))
            self._scan = (local, _BOOL_VALUE.search(text) is not None)
        return self._scan


def draft_of(raw: Any) -> str:
    """The draft Confluent reads a document as: 2020-12 (or 2019-09) only when `$schema` says so.

    Without `$schema` Confluent's loader (everit) reads draft-07; the two differ only in small
    ways (`$id`, an empty `properties`, a lone boolean `items`). Validation of counterexamples
    uses `dialect_of`, whose default is 2020-12, as everywhere else in event-contracts.
    """
    if isinstance(raw, dict):
        uri = raw.get("$schema")
        if isinstance(uri, str) and ("2020-12" in uri or "2019-09" in uri):
            return DRAFT_2020
    return DRAFT_07


def dialect_of(raw: Any) -> str:
    """The draft to validate documents with: '07' for draft-04/06/07, else 2020-12."""
    if isinstance(raw, dict):
        uri = raw.get("$schema")
        if isinstance(uri, str) and "draft-0" in uri:
            return DRAFT_07
    return DRAFT_2020


class Loader:
    """Turns raw schemas into nodes, caching by raw object so `$ref`s share nodes.

    Use one loader per side (old, new): sibling files resolve against that side's folder.
    """

    def __init__(self, *, sound: bool = False) -> None:
        # sound: read keywords beside `$ref` as the validation draft does (applied from 2019-09
        # on, ignored before), not as Confluent's draft-07 loader does (always ignored)
        self.sound = sound
        self._rest: dict[int, dict[str, Any]] = {}
        self.validators: dict[int, Any] = {}  # id(Document) -> its jsonschema validator
        self._nodes: dict[tuple[int, int], Node] = {}
        self._docs: dict[str, Document] = {}
        self._keep: list[Any] = []  # keeps raw objects alive so their ids stay unique
        self._has_ref: dict[int, bool] = {}
        self._resolved: dict[int, Node] = {}  # $ref node -> its target (nodes live in _nodes)

    def document(self, raw: Any, base: Path | None, uri: str = "") -> Document:
        if isinstance(raw, dict) and isinstance(raw.get("$id"), str):
            uri = urljoin(uri, raw["$id"])
        doc = Document(raw, uri, base, draft_of(raw), self, dialect=dialect_of(raw))
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
            found = (isinstance(raw, dict) and not _REF_WORDS.isdisjoint(raw)) or any(
                self.has_ref(v) for v in values
            )
            self._has_ref[key] = found
            self._keep.append(raw)
        return found

    def rest_of(self, raw: dict[str, Any]) -> dict[str, Any]:
        """`raw` without its reference keywords (one object per schema, so nodes are shared)."""
        found = self._rest.get(id(raw))
        if found is None:
            found = self._rest[id(raw)] = {k: v for k, v in raw.items() if k not in _REF_WORDS}
            self._keep.append(raw)
        return found

    def node(self, raw: Any, ptr: str, doc: Document) -> Node:
        if not isinstance(raw, dict):  # booleans are singletons: never share their node
            return _parse(raw, ptr, doc)
        key = (id(raw), id(doc))
        found = self._nodes.get(key)
        if found is not None:
            return found
        node = _parse(raw, ptr, doc)
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


# ---------------------------------------------------------------------------------- parsing

_REF_WORDS = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
# keywords that do not constrain data (beside a `$ref` they change nothing)
_SILENT = frozenset(
    {
        *_REF_WORDS,
        "$schema",
        "$id",
        "id",
        "$anchor",
        "$dynamicAnchor",
        "$recursiveAnchor",
        "$defs",
        "definitions",
        "$comment",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
    }
)


def _reference(raw: dict[str, Any], doc: Document) -> str | None:
    """The reference `raw` makes, if any: `$ref`, or its dynamic forms followed statically.

    A 2020-12 `$dynamicRef` resolves like `$ref` unless an enclosing resource re-declares its
    `$dynamicAnchor`, which a single schema document (all event-contracts compares) does not:
    so it is followed to its `$dynamicAnchor` (or `$anchor`, or pointer). A 2019-09
    `$recursiveRef` ("#") is followed to the document root. Ignoring them would compare a
    constrained subschema as if it accepted everything.
    """
    ref = raw.get("$ref")
    if isinstance(ref, str):
        return ref
    if doc.draft != DRAFT_2020:
        return None
    dynamic = raw.get("$dynamicRef")
    if isinstance(dynamic, str):
        return dynamic
    recursive = raw.get("$recursiveRef")
    root_uri = doc.raw.get("$schema") if isinstance(doc.raw, dict) else None
    if isinstance(recursive, str) and isinstance(root_uri, str) and "2019-09" in root_uri:
        return recursive
    return None


def _parse(raw: Any, ptr: str, doc: Document) -> Node:
    if raw is True:
        return Node(Kind.EMPTY, raw, ptr, doc)
    if raw is False or not isinstance(raw, dict):
        return Node(Kind.FALSE, raw, ptr, doc)
    ref = _reference(raw, doc)
    if ref is not None:
        node = Node(Kind.REF, raw, ptr, doc, ref=ref)
        if doc.loader.sound and doc.dialect == DRAFT_2020 and not _SILENT.issuperset(raw):
            # 2019-09 and later apply the keywords beside `$ref`: both must hold
            rest = doc.loader.rest_of(raw)
            node.facet = "$ref"
            node = Node(
                Kind.COMBINED,
                raw,
                ptr,
                doc,
                criterion="allOf",
                subs=(node, doc.loader.node(rest, ptr, doc)),
                synthetic=True,
            )
            _common(node, raw, doc)
        return node
    parts: list[Node] = []
    if "enum" in raw and isinstance(raw["enum"], list):
        values = frozenset(canonical(v) for v in raw["enum"])
        parts.append(Node(Kind.ENUM, raw, ptr, doc, values=values, facet="enum"))
    for word in ("allOf", "anyOf", "oneOf"):
        subs = raw.get(word)
        if isinstance(subs, list):
            nodes = tuple(doc.loader.node(s, f"{ptr}/{word}/{i}", doc) for i, s in enumerate(subs))
            parts.append(Node(Kind.COMBINED, raw, ptr, doc, criterion=word, subs=nodes, facet=word))
    if "not" in raw:
        parts.append(Node(Kind.NOT, raw, ptr, doc, negated=raw["not"], facet="not"))
    if "const" in raw:
        const = canonical(raw["const"])
        parts.append(Node(Kind.CONST, raw, ptr, doc, const=const, facet="const"))
    parts.extend(_typed(raw, ptr, doc))
    if "if" in raw:
        parts.append(Node(Kind.CONDITIONAL, raw, ptr, doc, facet="if"))
    if not parts:
        node = Node(Kind.EMPTY, raw, ptr, doc)
    elif len(parts) == 1:
        node = parts[0]
        node.facet = ""
    else:
        node = Node(Kind.COMBINED, raw, ptr, doc, criterion="allOf", subs=tuple(parts))
        node.synthetic = True
    _common(node, raw, doc)
    return node


def _common(node: Node, raw: dict[str, Any], doc: Document) -> None:
    if doc.draft == DRAFT_07:  # Confluent's 2020-12 translation drops the id
        node.id = raw.get("$id", raw.get("id"))
    node.title = raw.get("title")
    node.description = raw.get("description")
    node.default = raw.get("default", _MISSING)


def _typed(raw: dict[str, Any], ptr: str, doc: Document) -> list[Node]:
    declared = raw.get("type")
    if isinstance(declared, str):
        return [_of_type(declared, raw, ptr, doc)]
    if isinstance(declared, list):
        subs = tuple(_of_type(str(t), raw, ptr, doc) for t in declared)
        return [Node(Kind.COMBINED, raw, ptr, doc, criterion="anyOf", subs=subs, facet="types")]
    sniffed: list[Node] = []
    if any(w in raw for w in _OBJECT_WORDS) and _sniffs_object(raw, doc):
        sniffed.append(_of_type("object", raw, ptr, doc))
    if any(w in raw for w in _ARRAY_WORDS):
        sniffed.append(_of_type("array", raw, ptr, doc))
    if any(w in raw for w in _NUMBER_WORDS):
        sniffed.append(_of_type("number", raw, ptr, doc))
    if any(w in raw for w in _STRING_WORDS):
        sniffed.append(_of_type("string", raw, ptr, doc))
    return sniffed


def _sniffs_object(raw: dict[str, Any], doc: Document) -> bool:
    # Confluent's 2020-12 translation does not make an object schema of `"properties": {}` alone.
    if doc.draft == DRAFT_07:
        return True
    return any(w in raw for w in _OBJECT_WORDS if w != "properties") or bool(raw["properties"])


def _of_type(name: str, raw: dict[str, Any], ptr: str, doc: Document) -> Node:
    kind = _TYPE_KIND.get(name, Kind.FALSE)
    node = Node(kind, raw, ptr, doc, facet="type:" + name)
    if kind is Kind.STRING:
        node.min_length = raw.get("minLength")
        node.max_length = raw.get("maxLength")
        node.pattern = raw.get("pattern")
    elif kind is Kind.NUMBER:
        _number(node, raw, name == "integer")
    elif kind is Kind.OBJECT:
        _object(node, raw, doc)
    elif kind is Kind.ARRAY:
        _array(node, raw, doc)
    return node


def _number(node: Node, raw: dict[str, Any], integer: bool) -> None:
    node.integer = integer
    node.minimum = raw.get("minimum")
    node.maximum = raw.get("maximum")
    # draft-04's boolean exclusive flags modify minimum/maximum; everit does not diff them
    excl_min = raw.get("exclusiveMinimum")
    excl_max = raw.get("exclusiveMaximum")
    node.excl_minimum = None if isinstance(excl_min, bool) else excl_min
    node.excl_maximum = None if isinstance(excl_max, bool) else excl_max
    node.multiple_of = raw.get("multipleOf")


def _object(node: Node, raw: dict[str, Any], doc: Document) -> None:
    props = raw.get("properties")
    node.properties = dict(props) if isinstance(props, dict) else {}
    req = raw.get("required")
    node.required = (
        frozenset(r for r in req if isinstance(r, str)) if isinstance(req, list) else (frozenset())
    )
    patterns = raw.get("patternProperties")
    if isinstance(patterns, dict):
        node.pattern_props = tuple(patterns.items())
    extra = raw.get("additionalProperties", True)
    if isinstance(extra, bool):
        node.permits_additional = extra
    else:
        node.additional = extra
    node.uneval = raw.get("unevaluatedProperties")
    node.min_props = raw.get("minProperties")
    node.max_props = raw.get("maxProperties")
    deps: dict[str, Any] = {}
    for word in ("dependencies", "dependentRequired", "dependentSchemas"):
        value = raw.get(word)
        if isinstance(value, dict):
            node.deps_word = word
            deps.update(value)
    for key, value in deps.items():
        if isinstance(value, list):
            node.prop_deps[key] = tuple(str(v) for v in value)
        else:
            node.schema_deps[key] = value


def _array(node: Node, raw: dict[str, Any], doc: Document) -> None:
    items = raw.get("items", _MISSING)
    prefix = raw.get("prefixItems")
    extra: Any = _MISSING
    if isinstance(prefix, list):  # 2020-12 tuple: prefixItems, then `items` for the rest
        node.tuple_items = tuple(prefix)
        node.tuple_word = "prefixItems"
        extra = items
        node.additional_word = "items"
    elif isinstance(items, list):  # draft-07 tuple
        node.tuple_items = tuple(items)
        extra = raw.get("additionalItems", _MISSING)
    elif doc.draft == DRAFT_2020 and isinstance(items, bool):
        extra = items  # Confluent's translation reads a lone boolean `items` as additionalItems
        node.additional_word = "items"
    else:
        node.all_items = None if items is _MISSING else items
        extra = raw.get("additionalItems", _MISSING)
    if isinstance(extra, bool):
        node.permits_additional = extra
    elif extra is not _MISSING:
        node.additional = extra
    node.uneval = raw.get("unevaluatedItems")
    node.min_items = raw.get("minItems")
    node.max_items = raw.get("maxItems")
    node.unique = raw.get("uniqueItems") is True
    node.min_contains = raw.get("minContains")
    node.max_contains = raw.get("maxContains")
