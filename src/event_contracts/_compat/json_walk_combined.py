"""Confluent's comparison of `allOf`/`anyOf`/`oneOf`: branches paired by a maximum matching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from event_contracts._compat.json_diff import Difference, Diffs, kw
from event_contracts._compat.json_nodes import Node, canonical

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

# ---------------------------------------------------------------------------------- combined


def combined(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    changed = _criteria(out, o, u)
    if changed:
        return
    o_subs = _dedupe(o.subs)
    u_subs = _dedupe(u.subs)
    product = u.criterion == "allOf"
    if len(o_subs) < len(u_subs):
        rule = "PRODUCT_TYPE_EXTENDED" if product else "SUM_TYPE_EXTENDED"
        out.append(Difference(rule, "", o.ptr, u.ptr))
    elif len(o_subs) > len(u_subs):
        rule = "PRODUCT_TYPE_NARROWED" if product else "SUM_TYPE_NARROWED"
        out.append(Difference(rule, "", o.ptr, u.ptr))
    edges: dict[tuple[int, int], Diffs] = {}
    for i, a in enumerate(o_subs):
        for j, b in enumerate(u_subs):
            found = w.compare(a, b)
            if w.compatible(found):
                edges[(i, j)] = found
    matching = _max_matching(len(o_subs), len(u_subs), edges)
    for i, j in sorted(matching.items()):
        w.nested(out, f"{o.criterion}/{i}", edges[(i, j)])
    if len(matching) < min(len(o_subs), len(u_subs)):
        out.append(Difference("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "", o.ptr, u.ptr))


def _criteria(out: Diffs, o: Node, u: Node) -> bool:
    """Record a change of allOf/anyOf/oneOf; True when it is COMBINED_TYPE_CHANGED."""
    if o.criterion == u.criterion:
        return False
    single_o, single_u = len(o.subs) == 1, len(u.subs) == 1
    if (
        u.criterion == "anyOf"
        or (u.criterion == "oneOf" and single_o)
        or (u.criterion == "allOf" and single_o and single_u)
    ):
        rule = "COMBINED_TYPE_EXTENDED"
    else:
        rule = "COMBINED_TYPE_CHANGED"
    out.append(Difference(rule, "", kw(o, o.criterion) or o.ptr, kw(u, u.criterion) or u.ptr))
    return rule == "COMBINED_TYPE_CHANGED"


def _dedupe(nodes: tuple[Node, ...]) -> list[Node]:
    """Drop repeated subschemas (Confluent collects them in a set)."""
    seen: set[str] = set()
    out: list[Node] = []
    for n in nodes:
        key = n.facet + canonical(n.raw)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def _max_matching(n: int, m: int, edges: dict[tuple[int, int], Diffs]) -> dict[int, int]:
    """Maximum-cardinality bipartite matching (Kuhn's augmenting paths; n, m are tiny)."""
    adj: list[list[int]] = [[j for j in range(m) if (i, j) in edges] for i in range(n)]
    owner: dict[int, int] = {}  # right -> left

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n):
        augment(i, set())
    return {i: j for j, i in owner.items()}
