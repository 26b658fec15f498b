"""Confluent's comparison of arrays: items, tuples by content model, counts, uniqueness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from event_contracts._compat.json_diff import Difference, Diffs, at
from event_contracts._compat.json_nodes import Loader, Node
from event_contracts._compat.json_walk_objects import extra, is_open, unevaluated
from event_contracts._compat.json_walk_values import bound

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

# ---------------------------------------------------------------------------------- arrays


def arrays(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    o_ip, u_ip = at(o.ptr, o.items_word), at(u.ptr, u.items_word)
    w.nested(out, "items", w.sub(o.all_items, u.all_items, o, u, o_ip, u_ip))
    _tuple(w, out, o, u)
    extra(w, out, o, u, "additionalItems", "ADDITIONAL_ITEMS", o.additional_word, u.additional_word)
    unevaluated(w, out, o, u, "unevaluatedItems", "UNEVALUATED_ITEMS")
    bound(w, out, "maxItems", o, u, o.max_items, u.max_items, "MAX_ITEMS")
    bound(w, out, "minItems", o, u, o.min_items, u.min_items, "MIN_ITEMS")
    if o.unique != u.unique:
        rule = "UNIQUE_ITEMS_REMOVED" if o.unique else "UNIQUE_ITEMS_ADDED"
        w.attr(out, "uniqueItems", rule, o, u)
    bound(w, out, "maxContains", o, u, o.max_contains, u.max_contains, "MAX_CONTAINS")
    bound(w, out, "minContains", o, u, o.min_contains, u.min_contains, "MIN_CONTAINS")


def _partial_items(loader: Loader, node: Node) -> Node | None:
    if node.additional is not None:
        return loader.node(node.additional, at(node.ptr, node.additional_word), node.doc)
    if node.permits_additional and node.uneval not in (None, True, False, {}):
        return loader.node(node.uneval, at(node.ptr, "unevaluatedItems"), node.doc)
    return None


def _tuple(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    a = o.tuple_items or ()
    b = u.tuple_items or ()
    for i in range(min(len(a), len(b))):
        o_ptr, u_ptr = at(o.ptr, o.tuple_word, i), at(u.ptr, u.tuple_word, i)
        w.nested(out, f"items/{i}", w.sub(a[i], b[i], o, u, o_ptr, u_ptr))
    for i in range(len(b), len(a)):  # items the reader no longer lists
        seg, o_ptr = f"items/{i}", at(o.ptr, o.tuple_word, i)
        if is_open(u):
            out.append(Difference("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", seg, o_ptr, u.ptr))
            continue
        partial = _partial_items(w.r, u)
        if partial is not None:
            found = w.compare(w.w.node(a[i], o_ptr, o.doc), partial)
            w.nested(out, seg, found)
            rule = "ITEM_REMOVED_%s_BY_PARTIALLY_OPEN_CONTENT_MODEL" % (
                "IS_COVERED" if w.compatible(found) else "NOT_COVERED"
            )
            out.append(Difference(rule, seg, o_ptr, partial.ptr))
        elif a[i] is False:
            out.append(
                Difference("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", seg, o_ptr, u.ptr)
            )
        else:
            out.append(Difference("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", seg, o_ptr, u.ptr))
    for i in range(len(a), len(b)):  # items the reader adds
        seg, u_ptr = f"items/{i}", at(u.ptr, u.tuple_word, i)
        if is_open(o):
            empty = b[i] is True or b[i] == {}
            rule = "ITEM_%sADDED_TO_OPEN_CONTENT_MODEL" % ("WITH_EMPTY_SCHEMA_" if empty else "")
            out.append(Difference(rule, seg, o.ptr, u_ptr))
            continue
        partial = _partial_items(w.w, o)
        if partial is not None:
            found = w.compare(partial, w.r.node(b[i], u_ptr, u.doc))
            w.nested(out, seg, found)
            rule = "ITEM_ADDED_%s_BY_PARTIALLY_OPEN_CONTENT_MODEL" % (
                "IS_COVERED" if w.compatible(found) else "NOT_COVERED"
            )
            out.append(Difference(rule, seg, partial.ptr, u_ptr))
        else:
            out.append(Difference("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", seg, o.ptr, u_ptr))
