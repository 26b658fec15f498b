"""One walker pairing reader and writer nodes the way Avro schema resolution does.

It decides which nodes meet (fields by name then reader alias, union branches, array items,
map values, named types by reference) and asks the rules in `avro_rules` about each pair.
Record pairs are memoised on node identity, so recursive schemas terminate: a pair already
in progress is assumed compatible (co-inductively, as Java's `SchemaCompatibility` does).
"""

from __future__ import annotations

from event_contracts._compat.avro_names import PRIMITIVES, Field, Node
from event_contracts._compat.avro_rules import (
    FIELD_CHECKS,
    NAMED_CHECKS,
    PROMOTIONS,
    TYPE_MISMATCH,
    UNION_BRANCH,
    VALUE_CHECKS,
    Ctx,
    Verdict,
    pick_branch,
    shallow_match,
    writer_branch_unreadable,
)
from event_contracts._schema.jsonpos import escape

# A step from the writer's root to the break: ("field", writer name, reader name),
# ("items",), ("values",) or ("branch", writer union index, branch type name).
Step = tuple[object, ...]
WPath = tuple[Step, ...]


class Issue:
    """A rule's verdict placed in the reader schema, with the writer path that reaches it."""

    __slots__ = ("pointer", "reader", "rule", "verdict", "wpath", "writer")

    def __init__(
        self, rule: str, pointer: str, verdict: Verdict, wpath: WPath, w: Node, r: Node
    ) -> None:
        self.rule, self.pointer, self.verdict, self.wpath = rule, pointer, verdict, wpath
        self.writer = w  # the writer node at the end of `wpath`
        self.reader = r  # the reader node paired with it


_NONE: list[Issue] = []  # shared empty result: never appended to


def _branch_name(node: Node) -> str:
    return node.fullname if node.named else node.kind


class Walker:
    """Pairs a reader schema with a writer schema for one direction."""

    __slots__ = ("ctx", "memo")

    def __init__(self, direction: str) -> None:
        self.ctx = Ctx(direction)
        self.memo: dict[tuple[int, int], list[Issue] | None] = {}

    def run(self, reader: Node, writer: Node) -> list[Issue]:
        return self.pair(reader, writer, "", (), "the top-level type")

    def pair(self, r: Node, w: Node, rptr: str, wpath: WPath, where: str) -> list[Issue]:
        rk, wk = r.kind, w.kind
        if wk == "union":
            return self._writer_union(r, w, rptr, wpath, where)
        if rk == "union":
            k = pick_branch(r, w)
            if k is None:
                v = UNION_BRANCH(r, w, self.ctx, where)
                assert v is not None
                return [Issue("UNION_BRANCH_MISSING", rptr, v, wpath, w, r)]
            return self.pair(r.branches[k], w, f"{rptr}/{k}", wpath, where)
        if rk != wk:
            if rk not in PROMOTIONS.get(wk, ()):
                v = TYPE_MISMATCH(r, w, self.ctx, where)
                assert v is not None
                return [Issue("TYPE_MISMATCH", rptr, v, wpath, w, r)]
            return self._values(r, w, rptr, wpath, where)
        if rk in PRIMITIVES:
            if r.logical is None and w.logical is None:
                return _NONE
            return self._values(r, w, rptr, wpath, where)
        if rk == "array" or rk == "map":
            assert r.items is not None and w.items is not None
            token = "items" if rk == "array" else "values"
            sub = where + ("[]" if rk == "array" else "{}")
            return self.pair(r.items, w.items, f"{rptr}/{token}", (*wpath, (token,)), sub)
        return self._named(r, w, rptr, wpath, where)

    def _values(self, r: Node, w: Node, rptr: str, wpath: WPath, where: str) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in VALUE_CHECKS:
            v = check(r, w, self.ctx, where)
            if v is not None:
                out.append(Issue(rule, rptr + v.suffix, v, wpath, w, r))
        return out

    def _writer_union(self, r: Node, w: Node, rptr: str, wpath: WPath, where: str) -> list[Issue]:
        out: list[Issue] = []
        for i, wb in enumerate(w.branches):
            path = (*wpath, ("branch", i, _branch_name(wb)))
            if r.kind == "union" or shallow_match(r, wb):
                out += self.pair(r, wb, rptr, path, where)
            else:
                v = writer_branch_unreadable(r, wb, self.ctx, where)
                out.append(Issue("UNION_BRANCH_MISSING", rptr, v, path, wb, r))
        return out

    def _named(self, r: Node, w: Node, rptr: str, wpath: WPath, where: str) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in NAMED_CHECKS:
            v = check(r, w, self.ctx, where)
            if v is not None:
                out.append(Issue(rule, r.pointer + v.suffix, v, wpath, w, r))
        if r.kind == "fixed" and (r.logical is not None or w.logical is not None):
            out += self._values(r, w, r.pointer, wpath, where)
        if r.kind != "record":
            return out
        key = (id(r), id(w))
        if key in self.memo:
            return self.memo[key] or _NONE  # in progress (None) counts as compatible
        self.memo[key] = None
        out += self._fields(r, w, wpath)
        self.memo[key] = out
        return out

    def _fields(self, r: Node, w: Node, wpath: WPath) -> list[Issue]:
        out: list[Issue] = []
        by_name = {f.name: f for f in w.fields}
        for f in r.fields:
            wf = by_name.get(f.name)
            if wf is None:
                wf = next((by_name[a] for a in f.aliases if a in by_name), None)
            at = f"{r.pointer}/fields/{f.index}"
            if wf is None:
                out += self._reader_only(f, r, w, at, wpath)
                continue
            where = f"field `{r.short}.{escape(f.name)}`"
            step = ("field", wf.name, f.name)
            out += self.pair(f.type, wf.type, f"{at}/type", (*wpath, step), where)
        return out

    def _reader_only(self, f: Field, r: Node, w: Node, at: str, wpath: WPath) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in FIELD_CHECKS:
            v = check(f, r, self.ctx)
            if v is not None:
                out.append(Issue(rule, at + v.suffix, v, wpath, w, r))
        return out
