"""Raw JSON Schema objects to typed nodes, in the shape Confluent's loaders give them."""

from __future__ import annotations

from typing import Any

from event_contracts._compat.json_model import (
    _MISSING,
    DRAFT_07,
    DRAFT_2020,
    Document,
    Kind,
    Node,
    canonical,
)
from event_contracts._runtime.json_judge import checked_format

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


# ---------------------------------------------------------------------------------- parsing

REF_WORDS = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
# keywords that do not constrain data (beside a `$ref` they change nothing)
_SILENT = frozenset(
    {
        *REF_WORDS,
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


def _silent(raw: dict[str, Any]) -> bool:
    """Whether `raw` beside its `$ref` constrains nothing: a format the runtime checks does
    constrain, for a sound walk."""
    return _SILENT.issuperset(raw) and checked_format(raw) is None


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
    # Confluent follows the dynamic forms in 2020-12 documents; a sound walk wherever the
    # document's validator does (its parse left out those its validator ignores)
    if doc.draft != DRAFT_2020 and not doc.loader.sound:
        return None
    dynamic = raw.get("$dynamicRef")
    if isinstance(dynamic, str):
        return dynamic
    recursive = raw.get("$recursiveRef")
    root_uri = doc.raw.get("$schema") if isinstance(doc.raw, dict) else None
    in_2019 = isinstance(root_uri, str) and "2019-09" in root_uri
    if isinstance(recursive, str) and (in_2019 or doc.loader.sound):
        return recursive
    return None


def parse(raw: Any, ptr: str, doc: Document) -> Node:
    if raw is True:
        return Node(Kind.EMPTY, raw, ptr, doc)
    if raw is False or not isinstance(raw, dict):
        return Node(Kind.FALSE, raw, ptr, doc)
    if doc.ignored:  # a sound walk: what the document's validator ignores constrains nothing
        raw = doc.loader.judged(raw, doc)
    ref = _reference(raw, doc)
    if ref is not None:
        node = Node(Kind.REF, raw, ptr, doc, ref=ref)
        if doc.loader.sound and doc.dialect == DRAFT_2020 and not _silent(raw):
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
