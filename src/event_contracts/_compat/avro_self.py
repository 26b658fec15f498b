"""Does a schema node resolve against an identical copy of itself branch for branch?

The walker takes a node paired with itself (an unchanged subtree that two versions share) as
compatible. That holds unless a union inside it lists a branch that an earlier branch matches
(Avro 1.12, schema resolution: "the first schema in the reader's union that matches the
selected writer's union schema"; records match by unqualified name, numbers and strings by
promotion): data of `q.S` in `[p.S, q.S]` is read as `p.S`, `bytes` in `["string", "bytes"]`
as a string, however unchanged the union, once the rest of the schema changed (readers
resolve only schemas that differ). Such a subtree is walked like any other pair.
"""

from __future__ import annotations

from event_contracts._compat.avro_nodes import PRIMITIVES, Node
from event_contracts._compat.avro_rules import shallow_match
from event_contracts._compat.avro_verdict import PROMOTIONS


def reads_itself(node: Node) -> bool:
    """Whether no union reachable from `node` resolves a branch into an earlier one.

    Kept on the node (nodes never change); a True holds for every node reached too."""
    if node.reads_self is not None:
        return node.reads_self
    if node.items is not None:  # an array, map, record or union of types known to read
        plain = node.items.reads_self  # themselves: settled without a walk
    elif node.kind == "record":
        plain = all(ref[1].reads_self for ref in node.field_refs)
    else:
        plain = all(b.reads_self for b in node.branches) and shadowed_branch(node) is None
    if plain:
        node.reads_self = True
        return True
    seen: dict[int, Node] = {}
    todo = [node]
    while todo:
        at = todo.pop()
        if id(at) in seen or at.reads_self:
            continue
        seen[id(at)] = at
        if at.kind == "union":
            if at.reads_self is False or shadowed_branch(at) is not None:
                node.reads_self = False
                return False
            todo += [b for b in at.branches if not b.reads_self]
        elif at.items is not None:
            if not at.items.reads_self:
                todo.append(at.items)
        elif at.kind == "record":
            todo += [ref[1] for ref in at.field_refs if not ref[1].reads_self]
    for reached in seen.values():
        reached.reads_self = True
    return True


def shadowed_branch(union: Node) -> tuple[int, int] | None:
    """(earlier, later): the first branch that an earlier branch of `union` matches, if any.

    Only named types can be many of a kind in a union, so candidates are found by name (and
    alias) in a table, not by trying every earlier branch: a union of thousands of records
    costs thousands of look-ups."""
    branches = union.branches
    if len(branches) < 3 and (len(branches) < 2 or branches[0].kind == "null"):
        return None  # `null` matches only itself: the usual optional type is settled at once
    named: dict[tuple[str, str], list[int]] = {}  # (short or full, a name) -> branches
    plain: list[int] = []
    for i, b in enumerate(union.branches):
        if b.named:  # as `names_match`: the short name, or an alias naming this type
            keys = (("short", b.short), ("full", b.fullname))
            candidates = {j for k in keys for j in named.get(k, ())}
        else:
            candidates = {j for j in plain if _could_match(union.branches[j], b)}
        earlier = [j for j in sorted(candidates) if shallow_match(union.branches[j], b)]
        if earlier:
            return earlier[0], i
        if b.named:
            named.setdefault(("short", b.short), []).append(i)
            for alias in b.aliases | b.raw_aliases:
                named.setdefault(("full", alias), []).append(i)
            for alias in b.raw_aliases:
                named.setdefault(("short", alias), []).append(i)
        else:
            plain.append(i)
    return None


def _could_match(earlier: Node, later: Node) -> bool:
    if earlier.kind == later.kind:
        return True
    return later.kind in PRIMITIVES and earlier.kind in PROMOTIONS.get(later.kind, ())
