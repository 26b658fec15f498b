"""Confluent's comparison of objects: required, properties by content model, dependencies."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from event_contracts._compat.json_diff import Difference, Diffs, at, kw
from event_contracts._compat.json_nodes import Kind, Loader, Node
from event_contracts._compat.json_walk_values import bound

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

# ---------------------------------------------------------------------------------- objects


def objects(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    _required(out, o, u)
    _properties(w, out, o, u)
    _dependencies(w, out, o, u)
    _additional_properties(w, out, o, u)
    unevaluated(w, out, o, u, "unevaluatedProperties", "UNEVALUATED_PROPERTIES")
    bound(w, out, "maxProperties", o, u, o.max_props, u.max_props, "MAX_PROPERTIES")
    bound(w, out, "minProperties", o, u, o.min_props, u.min_props, "MIN_PROPERTIES")


def _has_default(node: Node, name: str) -> bool:
    raw = node.properties.get(name)
    return isinstance(raw, dict) and "default" in raw


def _required(out: Diffs, o: Node, u: Node) -> None:
    for name in o.properties:
        if name not in u.properties:
            continue
        was, now = name in o.required, name in u.required
        if was == now:
            continue
        if was:
            rule = "REQUIRED_ATTRIBUTE_REMOVED"
        elif _has_default(u, name):
            rule = "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
        else:
            rule = "REQUIRED_ATTRIBUTE_ADDED"
        o_ptr = _required_at(o, name) if was else at(o.ptr, "properties", name)
        u_ptr = _required_at(u, name) if now else at(u.ptr, "properties", name)
        out.append(Difference(rule, f"required/{name}", o_ptr, u_ptr))


def _required_at(node: Node, name: str) -> str:
    """Pointer of `name`'s entry in the node's `required` array."""
    listed = node.raw.get("required", []) if isinstance(node.raw, dict) else []
    return at(node.ptr, "required", listed.index(name)) if name in listed else node.ptr


def is_open(node: Node) -> bool:
    """Open content model: any extra property (or item) is allowed, with no schema for it."""
    if not node.permits_additional or node.additional is not None:
        return False
    if node.kind is Kind.OBJECT and node.pattern_props:
        return False
    return node.uneval is None or node.uneval is True or node.uneval == {}


def _partial_property(w: Loader, node: Node, name: str) -> Node | None:
    """The schema a partially open object applies to an undeclared property `name`, if any."""
    for pattern, raw in node.pattern_props:
        try:
            hit = re.search(pattern, name) is not None
        except re.error:
            hit = False
        if hit:
            return w.node(raw, at(node.ptr, "patternProperties", pattern), node.doc)
    if node.additional is not None:
        return w.node(node.additional, at(node.ptr, "additionalProperties"), node.doc)
    if node.permits_additional and node.uneval not in (None, True, False, {}):
        return w.node(node.uneval, at(node.ptr, "unevaluatedProperties"), node.doc)
    return None


def _properties(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    names = list(o.properties)
    names.extend(n for n in u.properties if n not in o.properties)
    for name in names:
        o_raw = o.properties.get(name, None)
        u_raw = u.properties.get(name, None)
        if o_raw is not None and w._equal(o_raw, u_raw) and w._plain(o_raw, u_raw, o, u):
            continue  # unchanged: the common case, kept cheap
        seg = f"properties/{name}"
        o_ptr = at(o.ptr, "properties", name)
        u_ptr = at(u.ptr, "properties", name)
        if name not in u.properties:
            _property_removed(w, out, o, u, name, o_raw, o_ptr)
        elif name not in o.properties:
            _property_added(w, out, o, u, name, u_raw, u_ptr)
        else:
            w.nested(out, seg, w.sub(o_raw, u_raw, o, u, o_ptr, u_ptr))


def _property_removed(
    w: Walker, out: Diffs, o: Node, u: Node, name: str, o_raw: Any, o_ptr: str
) -> None:
    seg = f"properties/{name}"
    if is_open(u):
        out.append(Difference("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", seg, o_ptr, u.ptr))
        return
    partial = _partial_property(w.r, u, name)
    if partial is not None:
        found = w.compare(w.w.node(o_raw, o_ptr, o.doc), partial)
        w.nested(out, seg, found)
        rule = "PROPERTY_REMOVED_%s_BY_PARTIALLY_OPEN_CONTENT_MODEL" % (
            "IS_COVERED" if w.compatible(found) else "NOT_COVERED"
        )
        out.append(Difference(rule, seg, o_ptr, partial.ptr))
    elif o_raw is False:
        out.append(
            Difference("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", seg, o_ptr, u.ptr)
        )
    else:
        out.append(Difference("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", seg, o_ptr, u.ptr))


def _property_added(
    w: Walker, out: Diffs, o: Node, u: Node, name: str, u_raw: Any, u_ptr: str
) -> None:
    seg = f"properties/{name}"
    required = name in u.required
    default = _has_default(u, name)
    if is_open(o):
        if u_raw is True or u_raw == {}:
            rule = "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
        elif required:
            rule = "REQUIRED_PROPERTY_%sADDED_TO_OPEN_CONTENT_MODEL" % (
                "WITH_DEFAULT_" if default else ""
            )
        else:
            rule = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
        out.append(Difference(rule, seg, o.ptr, u_ptr))
        return
    partial = _partial_property(w.w, o, name)
    if partial is not None:
        found = w.compare(partial, w.r.node(u_raw, u_ptr, u.doc))
        w.nested(out, seg, found)
        rule = "PROPERTY_ADDED_%s_BY_PARTIALLY_OPEN_CONTENT_MODEL" % (
            "IS_COVERED" if w.compatible(found) else "NOT_COVERED"
        )
        out.append(Difference(rule, seg, partial.ptr, u_ptr))
    if required:
        rule = "REQUIRED_PROPERTY_%sADDED_TO_UNOPEN_CONTENT_MODEL" % (
            "WITH_DEFAULT_" if default else ""
        )
    else:
        rule = "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
    out.append(Difference(rule, seg, o.ptr, u_ptr))


def _with_default(default: bool) -> str:
    return "WITH_DEFAULT_" if default else ""


def _dependencies(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    o_word, u_word = o.deps_word, u.deps_word
    names = list(o.prop_deps)
    names.extend(n for n in u.prop_deps if n not in o.prop_deps)
    for name in names:
        seg = f"dependencies/{name}"
        was, now = o.prop_deps.get(name), u.prop_deps.get(name)
        o_ptr = at(o.ptr, o_word, name) if was is not None else None
        u_ptr = at(u.ptr, u_word, name) if now is not None else None
        if now is None:
            rule = "DEPENDENCY_ARRAY_REMOVED"
        elif was is None:
            rule = "DEPENDENCY_ARRAY_ADDED"
        elif set(was) == set(now):
            continue
        elif set(now) >= set(was):
            rule = "DEPENDENCY_ARRAY_EXTENDED"
        elif set(was) >= set(now):
            rule = "DEPENDENCY_ARRAY_NARROWED"
        else:
            rule = "DEPENDENCY_ARRAY_CHANGED"
        out.append(Difference(rule, seg, o_ptr, u_ptr))
    names = list(o.schema_deps)
    names.extend(n for n in u.schema_deps if n not in o.schema_deps)
    o_sw = "dependentSchemas" if o.deps_word != "dependencies" else "dependencies"
    u_sw = "dependentSchemas" if u.deps_word != "dependencies" else "dependencies"
    for name in names:
        seg = f"dependencies/{name}"
        o_ptr, u_ptr = at(o.ptr, o_sw, name), at(u.ptr, u_sw, name)
        if name not in u.schema_deps:
            out.append(Difference("DEPENDENCY_SCHEMA_REMOVED", seg, o_ptr, None))
        elif name not in o.schema_deps:
            out.append(Difference("DEPENDENCY_SCHEMA_ADDED", seg, None, u_ptr))
        else:
            found = w.sub(o.schema_deps[name], u.schema_deps[name], o, u, o_ptr, u_ptr)
            w.nested(out, seg, found)


def extra(
    w: Walker, out: Diffs, o: Node, u: Node, seg: str, stem: str, o_word: str, u_word: str
) -> None:
    """additionalProperties / additionalItems: permitted, schema, or closed."""
    o_ptr, u_ptr = kw(o, o_word), kw(u, u_word)
    if o.permits_additional != u.permits_additional:
        rule = f"{stem}_ADDED" if u.permits_additional else f"{stem}_REMOVED"
        out.append(Difference(rule, seg, o_ptr, u_ptr))
    elif o.additional is None and u.additional is not None:
        out.append(Difference(f"{stem}_NARROWED", seg, o_ptr, u_ptr))
    elif u.additional is None and o.additional is not None:
        out.append(Difference(f"{stem}_EXTENDED", seg, o_ptr, u_ptr))
    elif o.additional is not None:
        found = w.sub(o.additional, u.additional, o, u, o_ptr or o.ptr, u_ptr or u.ptr)
        w.nested(out, seg, found)


def _additional_properties(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    extra(
        w,
        out,
        o,
        u,
        "additionalProperties",
        "ADDITIONAL_PROPERTIES",
        *("additionalProperties",) * 2,
    )


def unevaluated(w: Walker, out: Diffs, o: Node, u: Node, word: str, stem: str) -> None:
    a, b = o.uneval, u.uneval
    if a is None and b is None:
        return
    seg = word
    o_ptr, u_ptr = kw(o, word), kw(u, word)

    def empty(x: Any) -> bool:
        return x is True or x == {}

    if a is None:
        rule = f"{stem}_REMOVED" if b is False else f"{stem}_NARROWED"
    elif b is None:
        rule = f"{stem}_ADDED" if a is False else f"{stem}_EXTENDED"
    elif a is False and b is not False:
        rule = f"{stem}_ADDED"
    elif a is not False and b is False:
        rule = f"{stem}_REMOVED"
    elif empty(a) and not empty(b):
        rule = f"{stem}_NARROWED"
    elif not empty(a) and empty(b):
        rule = f"{stem}_EXTENDED"
    else:
        w.nested(out, seg, w.sub(a, b, o, u, o_ptr or o.ptr, u_ptr or u.ptr))
        return
    out.append(Difference(rule, seg, o_ptr, u_ptr))
