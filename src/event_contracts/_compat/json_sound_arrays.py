"""Sound rules for arrays: `contains`, `minContains`, `maxContains`.

An array passes `contains` when at least `minContains` (default 1) and at most `maxContains`
(default unbounded) of its items match the `contains` schema; draft-04/06/07 know only
`contains` (one match or more). Confluent compares the two counts keyword by keyword and never
the `contains` schema. Here the reader's counts are checked against what the writer guarantees:

- at least `minContains` matches: the writer's own `contains` is no wider and asks as many,
  or every item of the writer matches and it has enough of them (`items` and `minItems`);
- at most `maxContains` matches: the writer allows no more items than that, or its own
  `maxContains` is as low and counts every item the reader counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from event_contracts._compat.json_diff import Difference, Diffs, at, kw
from event_contracts._compat.json_nodes import Node, canonical

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

_MIN = ("MIN_CONTAINS_",)
_MAX = ("MAX_CONTAINS_",)


def _counts(node: Node) -> tuple[Any, int, int | None]:
    """(contains schema or None, least matches, most matches) under the node's own draft."""
    raw = node.raw if isinstance(node.raw, dict) else {}
    schema = raw.get("contains")
    if schema is None:
        return None, 0, None
    # before 2019-09 a validator ignores min/maxContains: the sound parse left them out
    low, high = raw.get("minContains", 1), raw.get("maxContains")
    low = low if isinstance(low, int) and not isinstance(low, bool) else 1
    high = high if isinstance(high, int) and not isinstance(high, bool) else None
    return schema, low, high


def contains(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> Diffs:
    c_o, low_o, high_o = _counts(o)
    c_u, low_u, high_u = _counts(u)
    if c_o is None and c_u is None:
        return out
    u_ptr = kw(u, "contains") or u.ptr
    o_ptr = kw(o, "contains") or o.ptr
    start = len(extra)
    if c_u is not None and low_u > 0 and not _enough(w, o, u, c_o, low_o, c_u, low_u):
        if _confluent_says(w, out, _MIN):
            pass  # Confluent's own rule reports it
        elif c_o is None:
            extra.append(Difference("CONTAINS_ADDED", "contains", o_ptr, u_ptr))
        elif low_o >= low_u:
            extra.append(Difference("CONTAINS_NARROWED", "contains", o_ptr, u_ptr))
        else:
            ptr = kw(u, "minContains") or u_ptr
            extra.append(Difference("MIN_CONTAINS_NOT_GUARANTEED", "minContains", o_ptr, ptr))
    else:
        out = [d for d in out if not (d.rule.startswith(_MIN) and d.rule not in w.ok)]
    if c_u is not None and high_u is not None and not _few(w, o, u, c_o, high_o, c_u, high_u):
        if not _confluent_says(w, out, _MAX):
            ptr = kw(u, "maxContains") or u_ptr
            extra.append(Difference("MAX_CONTAINS_NOT_GUARANTEED", "maxContains", o_ptr, ptr))
    else:
        out = [d for d in out if not (d.rule.startswith(_MAX) and d.rule not in w.ok)]
    changed = canonical(c_o) != canonical(c_u) or (low_o, high_o) != (low_u, high_u)
    if len(extra) == start and changed:
        extra.append(Difference("CONTAINS_EXTENDED", "contains", o_ptr, u_ptr))
    return out


def _confluent_says(w: Walker, out: Diffs, stems: tuple[str, ...]) -> bool:
    return any(d.rule.startswith(stems) and d.rule not in w.ok for d in out)


def _enough(w: Walker, o: Node, u: Node, c_o: Any, low_o: int, c_u: Any, low_u: int) -> bool:
    """The writer guarantees `low_u` items matching the reader's `contains`."""
    u_ptr = at(u.ptr, "contains")
    if (
        c_o is not None
        and low_o >= low_u
        and w.compatible(w.sub(c_o, c_u, o, u, at(o.ptr, "contains"), u_ptr))
    ):
        return True
    items = o.all_items
    least = o.min_items if isinstance(o.min_items, int) else 0
    if o.tuple_items is None and items is not None and least >= low_u:
        return w.compatible(w.sub(items, c_u, o, u, at(o.ptr, o.items_word), u_ptr))
    return False


def _few(w: Walker, o: Node, u: Node, c_o: Any, high_o: int | None, c_u: Any, high_u: int) -> bool:
    """The writer's arrays never hold more than `high_u` items matching the reader's `contains`."""
    if isinstance(o.max_items, int) and not isinstance(o.max_items, bool) and o.max_items <= high_u:
        return True
    if c_o is None or high_o is None or high_o > high_u:
        return False
    # every item the reader counts is one the writer counts: the reader's `contains` is narrower
    flipped = w.flipped()
    found = flipped.compare(
        w.r.node(c_u, at(u.ptr, "contains"), u.doc), w.w.node(c_o, at(o.ptr, "contains"), o.doc)
    )
    return w.compatible(found)
