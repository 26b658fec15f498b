"""One walker pairing reader and writer nodes the way Avro schema resolution does.

It decides which nodes meet (fields by name then reader alias, union branches, array items,
map values, named types by reference) and asks the rules in `avro_rules` about each pair.
Record pairs are memoised on node identity, so recursive schemas terminate: a pair already
in progress is assumed compatible (co-inductively, as Java's `SchemaCompatibility` does).
A node paired with itself (an unchanged shared subtree, see `avro_names`) is compatible when
every union in it resolves branch for branch (`avro_self`); otherwise it is walked too.
"""

from __future__ import annotations

from typing import Any

from event_contracts._compat.avro_nodes import PRIMITIVES, Field, Indexed, Node
from event_contracts._compat.avro_rules import (
    FIELD_CHECKS,
    NAMED_CHECKS_FOR,
    TYPE_MISMATCH,
    UNION_BRANCH,
    VALUE_CHECKS,
    alias_ambiguous,
    pick_branch,
    shallow_match,
    writer_branch_unreadable,
)
from event_contracts._compat.avro_self import reads_itself
from event_contracts._compat.avro_trail import Trail, pointer, writer_path
from event_contracts._compat.avro_verdict import PROMOTIONS, Ctx, Verdict
from event_contracts._compat.lazy import Deferred
from event_contracts._schema.jsonpos import LazyLines

# A step from the writer's root to the break: ("field", writer name, reader name),
# ("items",), ("values",) or ("branch", writer union index, branch type name).
Step = tuple[object, ...]
WPath = tuple[Step, ...]


class Issue(Deferred):
    """A rule's verdict placed in the reader schema, with the writer path that reaches it.

    Reported as a finding (`avro.check_avro` sets `scope`), it computes the finding's other
    fields on their first read (`get`): its line in the reader's text, its counterexample (a
    fastavro round trip) and the message that depends on it, its fix. One object per finding.
    """

    __slots__ = (
        "_found",
        "_wpath",
        "pointer",
        "reader",
        "rule",
        "scope",
        "trail",
        "verdict",
        "writer",
    )

    def __init__(
        self, rule: str, at: str, verdict: Verdict, trail: Trail, w: Node, r: Node
    ) -> None:
        self.rule, self.pointer, self.verdict, self.trail = rule, at, verdict, trail
        self.writer = w  # the writer node at the end of `wpath`
        self.reader = r  # the reader node paired with it
        self._wpath: WPath | None = None
        self._found: Any = _UNBUILT
        # The indexed writer and reader schemas, and the lines of the reader's text.
        self.scope: tuple[Indexed, Indexed, LazyLines | None] | None = None

    def get(self, name: str) -> Any:
        if name == "line":
            assert self.scope is not None and self.scope[2] is not None
            return self.scope[2].line(self.pointer)
        if name == "message":
            v = self.verdict
            message = f"{v.message}{self._branch_note()}; {v.fix}"
            if self.found() is None:
                message += (
                    " (no payload was found that fastavro fails on; the break is by the spec)"
                )
            return message
        if name == "fix":
            return self.verdict.fix
        found = self.found()  # the counterexample
        return found[0] if found else None

    def _branch_note(self) -> str:
        """Where a union resolved the writer's named type to another one of the reader's
        (`q.S` read as `p.S`: the first branch of the same unqualified name), say so."""
        r, w, trail = self.reader, self.writer, self.trail
        if not (r.named and w.named and r.fullname != w.fullname and trail is not None):
            return ""
        if trail[1][0] != "rbranch":
            return ""
        return (
            f" (data of `{w.fullname}` is read as `{r.fullname}`: a union takes the first "
            "of its types that matches, by unqualified name)"
        )

    def found(self) -> tuple[Any, str] | None:
        """The counterexample and how the reader fails on it (None: none was found)."""
        if self._found is _UNBUILT:
            from event_contracts._compat.avro_data import counterexample  # (it imports this)

            assert self.scope is not None
            writer, reader = self.scope[0], self.scope[1]
            leaf = None if self.rule.startswith("READER_") else self.reader
            self._found = counterexample(writer, reader, self, leaf)
        found: tuple[Any, str] | None = self._found
        return found

    @property
    def wpath(self) -> WPath:
        """The writer path to the break (built when a counterexample is)."""
        if self._wpath is None:
            self._wpath = writer_path(self.trail)
        return self._wpath


_NONE: list[Issue] = []  # shared empty result: never appended to
_NO_AMBIGUITY: dict[int, list[str]] = {}  # (never written)
_UNBUILT = object()
_CTX = {d: Ctx(d) for d in ("backward", "forward")}  # (immutable: made once)


def _branch_name(node: Node) -> str:
    return node.fullname if node.named else node.kind


class Walker:
    """Pairs a reader schema with a writer schema for one direction."""

    __slots__ = ("ctx", "memo")

    def __init__(self, direction: str) -> None:
        self.ctx = _CTX.get(direction) or Ctx(direction)
        self.memo: dict[tuple[int, int], list[Issue] | None] = {}

    def run(self, reader: Node, writer: Node) -> list[Issue]:
        if reader is writer:  # one schema: readers do not resolve it (fastavro returns early)
            return _NONE
        return self.pair(reader, writer, None)

    def pair(self, r: Node, w: Node, trail: Trail) -> list[Issue]:
        if r is w and (r.reads_self or reads_itself(r)):
            return _NONE
        rk, wk = r.kind, w.kind
        if wk == "union":
            return self._writer_union(r, w, trail)
        if rk == "union":
            k = pick_branch(r, w)
            if k is None:
                v = UNION_BRANCH(r, w, self.ctx, trail)
                assert v is not None
                return [Issue("UNION_BRANCH_MISSING", pointer(trail), v, trail, w, r)]
            return self.pair(r.branches[k], w, (trail, ("rbranch", k)))
        if rk != wk:
            if rk not in PROMOTIONS.get(wk, ()):
                v = TYPE_MISMATCH(r, w, self.ctx, trail)
                assert v is not None
                return [Issue("TYPE_MISMATCH", pointer(trail), v, trail, w, r)]
            return self._values(r, w, trail, None)
        if rk in PRIMITIVES:
            if r.logical is None and w.logical is None:
                return _NONE
            return self._values(r, w, trail, None)
        if rk == "array" or rk == "map":
            assert r.items is not None and w.items is not None
            return self.pair(r.items, w.items, (trail, ("items" if rk == "array" else "values",)))
        return self._named(r, w, trail)

    def _values(self, r: Node, w: Node, trail: Trail, at: str | None) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in VALUE_CHECKS:
            v = check(r, w, self.ctx, trail)
            if v is not None:
                where = pointer(trail) if at is None else at
                out.append(Issue(rule, where + v.suffix, v, trail, w, r))
        return out

    def _writer_union(self, r: Node, w: Node, trail: Trail) -> list[Issue]:
        out: list[Issue] = []
        for i, wb in enumerate(w.branches):
            sub = (trail, ("wbranch", i, _branch_name(wb)))
            if r.kind == "union" or shallow_match(r, wb):
                out += self.pair(r, wb, sub)
            else:
                v = writer_branch_unreadable(r, wb, self.ctx, sub)
                out.append(Issue("UNION_BRANCH_MISSING", pointer(trail), v, sub, wb, r))
        return out

    def _named(self, r: Node, w: Node, trail: Trail) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in NAMED_CHECKS_FOR[r.kind]:  # (`pair` sends nodes of one kind)
            v = check(r, w, self.ctx, trail)
            if v is not None:
                out.append(Issue(rule, r.pointer + v.suffix, v, trail, w, r))
        if r.kind == "fixed" and (r.logical is not None or w.logical is not None):
            out += self._values(r, w, trail, r.pointer)
        if r.kind != "record":
            return out
        key = (id(r), id(w))
        if key in self.memo:
            return self.memo[key] or _NONE  # in progress (None) counts as compatible
        self.memo[key] = None
        out += self._fields(r, w, trail)
        self.memo[key] = out
        return out

    def _fields(self, r: Node, w: Node, trail: Trail) -> list[Issue]:
        out: list[Issue] = []
        by_name = w.field_map
        aliased = r.field_aliases
        unclear = _ambiguous(r, w) if aliased else _NO_AMBIGUITY
        for ref in r.field_refs:
            name, rt, i, _, _, _ = ref
            if aliased and i in unclear:
                v = alias_ambiguous(r.field(i), r, self.ctx, unclear[i])
                at = f"{r.pointer}/fields/{i}"
                out.append(Issue("FIELD_ALIAS_AMBIGUOUS", at, v, trail, w, r))
                continue
            wref = by_name.get(name)
            if wref is None:
                if r.field_raw[i].get("aliases"):
                    aliases = r.field(i).aliases
                    wref = next((by_name[a] for a in aliases if a in by_name), None)
                if wref is None:
                    out += self._reader_only(r.field(i), r, w, trail)
                    continue
            wt = wref[1]
            if rt is wt and (rt.reads_self or reads_itself(rt)):
                continue  # the same shared node, read branch for branch: nothing can differ
            found = self.pair(rt, wt, (trail, ("field", r, ref, wref)))
            if found:
                out += found
        return out

    def _reader_only(self, f: Field, r: Node, w: Node, trail: Trail) -> list[Issue]:
        out: list[Issue] = []
        for rule, check in FIELD_CHECKS:
            v = check(f, r, self.ctx)
            if v is not None:
                at = f"{r.pointer}/fields/{f.index}{v.suffix}"
                out.append(Issue(rule, at, v, trail, w, r))
        return out


def _ambiguous(r: Node, w: Node) -> dict[int, list[str]]:
    """Reader fields (by index) whose writer field is unclear, with the writer fields they
    take: a writer field taken by two reader fields (one by name, one by alias, or two by
    alias), or a reader field that takes two writer fields (its name and an alias)."""
    takes: dict[int, list[str]] = {}
    takers: dict[str, list[int]] = {}
    for name, _, i, _, _, _ in r.field_refs:
        found = [name] if name in w.field_map else []
        if r.field_raw[i].get("aliases"):
            found += [a for a in r.field(i).aliases if a in w.field_map and a not in found]
        takes[i] = found
        for taken in found:
            takers.setdefault(taken, []).append(i)
    return {
        i: found
        for i, found in takes.items()
        if len(found) > 1 or any(len(takers[t]) > 1 for t in found)
    }
