"""Pair the nodes of a writer schema with those of a reader schema, as Confluent's SchemaDiff does.

`Walker.compare(writer, reader)` returns Confluent's list of differences (compatible ones
included), each with Confluent's path (`properties/foo/maxLength`) and real JSON pointers into the
writer and reader documents. Confluent calls the writer `original` and the reader `update`:
BACKWARD compares old → new, FORWARD new → old.

Recursion: every pair of nodes is memoised by identity. A pair met again while it is still being
compared is a cycle and is assumed compatible for now; after the walk, any assumption that turned
out wrong is fed back and the walk repeats (a greatest fixed point, as Confluent does), so a real
change deep in a recursive schema is never masked.
"""

from __future__ import annotations

import sys
from typing import Any

from event_contracts._compat.json_diff import Difference, Diffs, kw
from event_contracts._compat.json_nodes import Document, Kind, Loader, Node
from event_contracts._compat.json_sound import judge
from event_contracts._compat.json_walk_arrays import arrays
from event_contracts._compat.json_walk_combined import combined
from event_contracts._compat.json_walk_objects import objects
from event_contracts._compat.json_walk_values import consts, enums, negations, numbers, strings
from event_contracts.errors import UsageError

__all__ = ["Difference", "Diffs", "Walker"]

_DEPTH = 10_000  # Python frames a walk may nest (see Walker.run)


class Walker:
    """One comparison under one policy (the policy decides which sub-matches count)."""

    def __init__(
        self, compatible: frozenset[str], writer: Loader, reader: Loader, *, sound: bool = False
    ) -> None:
        # sound: Confluent's rules corrected by what data says (json_sound), not Confluent's alone
        self.sound = sound
        self.ok = compatible
        self.w = writer
        self.r = reader
        self._memo: dict[tuple[int, int], Diffs] = {}
        self._busy: set[tuple[int, int]] = set()
        self._assumed: dict[tuple[int, int], bool] = {}
        self._known: dict[tuple[int, int], Diffs] = {}
        self._stable = False  # every $ref resolves alike on both sides (see _refs_stable)
        self._strict = True  # == must be checked strictly (an enum or const holds a boolean)

    # ------------------------------------------------------------------ entry and memo

    def run(self, writer: Node, reader: Node) -> Diffs:
        # A recursive union pairs every branch with every branch before a cycle closes, so the
        # walk can nest a few thousand frames deep (Confluent's 12-branch recursive trade schema
        # does): allow for it during the walk only.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _DEPTH))
        try:
            return self._run(writer, reader)
        except RecursionError:
            raise UsageError(
                "the schemas nest too deeply to compare (more than "
                f"{_DEPTH} levels of subschemas are open at once)"
            ) from None
        finally:
            sys.setrecursionlimit(limit)

    def _run(self, writer: Node, reader: Node) -> Diffs:
        self._stable = _refs_stable(writer.doc, reader.doc)
        self._strict = writer.doc.bool_values or reader.doc.bool_values
        for _ in range(8):
            self._memo.clear()
            self._assumed.clear()
            result = self.compare(writer, reader)
            wrong = [
                k
                for k, assumed in self._assumed.items()
                if self.compatible(self._memo[k]) != assumed
            ]
            if not wrong:
                return result
            for key in wrong:
                self._known[key] = self._memo[key]
        return result

    def compatible(self, diffs: Diffs) -> bool:
        return all(d.rule in self.ok for d in diffs)

    def compare(self, o: Node | None, u: Node | None) -> Diffs:
        if o is None and u is None:
            return []
        if o is None:
            assert u is not None
            return [Difference("SCHEMA_ADDED", "", None, u.ptr)]
        if u is None:
            return [Difference("SCHEMA_REMOVED", "", o.ptr, None)]
        o = self.w.resolve(o) if o.kind is Kind.REF else o
        u = self.r.resolve(u) if u.kind is Kind.REF else u
        key = (id(o), id(u))
        found = self._memo.get(key)  # before the equality test: deep == on big schemas is slow
        if found is not None:
            return found
        if o.facet == u.facet and self._equal(o.raw, u.raw) and self._plain(o.raw, u.raw, o, u):
            return []
        if key in self._busy:  # a cycle: assume what we last learned (compatible at first)
            known = self._known.get(key, [])
            self._assumed.setdefault(key, self.compatible(known))
            return known
        self._busy.add(key)
        try:
            result = self._pair(o, u)
        finally:
            self._busy.discard(key)
        self._memo[key] = result
        return result

    def sub(self, o: Any, u: Any, o_at: Node, u_at: Node, o_ptr: str, u_ptr: str) -> Diffs:
        """Compare two raw subschemas found at the given pointers of their parents' documents."""
        if o is not None and self._equal(o, u) and self._plain(o, u, o_at, u_at):
            return []  # the fast path: equal JSON, nothing that could resolve differently
        on = None if o is None else self.w.node(o, o_ptr, o_at.doc)
        un = None if u is None else self.r.node(u, u_ptr, u_at.doc)
        return self.compare(on, un)

    # ------------------------------------------------------------------ SchemaDiff.compare

    def _pair(self, o: Node, u: Node) -> Diffs:
        found = self._confluent(o, u)
        if self.sound:
            return judge(self, o, u, found)
        return found

    def _confluent(self, o: Node, u: Node) -> Diffs:
        if o.kind is not Kind.COMBINED and u.kind is Kind.COMBINED:
            if len(u.subs) == 1:
                found = self.compare(o, u.subs[0])
                if self.compatible(found):
                    return found
            elif u.criterion in ("anyOf", "oneOf"):
                for branch in u.subs:
                    found = self.compare(o, branch)
                    if self.compatible(found):
                        return [*found, Difference("SUM_TYPE_EXTENDED", "", o.ptr, u.ptr)]
        elif o.kind is Kind.COMBINED and u.kind is not Kind.COMBINED:
            if len(o.subs) == 1:
                found = self.compare(o.subs[0], u)
                if self.compatible(found):
                    return found
            elif o.criterion == "allOf":
                for branch in o.subs:
                    found = self.compare(branch, u)
                    if self.compatible(found):
                        return [*found, Difference("PRODUCT_TYPE_NARROWED", "", o.ptr, u.ptr)]
        if o.kind is not u.kind:
            if o.kind is Kind.FALSE or u.kind is Kind.EMPTY or _connect_bytes(o, u):
                return []
            return [Difference("TYPE_CHANGED", "", o.ptr, u.ptr)]
        out: Diffs = []
        if o.id != u.id:
            out.append(Difference("ID_CHANGED", "", kw(o, "$id"), kw(u, "$id")))
        if o.title != u.title:
            out.append(Difference("TITLE_CHANGED", "", kw(o, "title"), kw(u, "title")))
        if o.description != u.description:
            out.append(
                Difference("DESCRIPTION_CHANGED", "", kw(o, "description"), kw(u, "description"))
            )
        if (o.default if o.has_default else None) != (u.default if u.has_default else None):
            out.append(Difference("DEFAULT_CHANGED", "", kw(o, "default"), kw(u, "default")))
        handler = _HANDLERS.get(o.kind)
        if handler is not None:
            handler(self, out, o, u)
        return out

    # ------------------------------------------------------------------ helpers for handlers

    def attr(self, out: Diffs, word: str, rule: str, o: Node, u: Node) -> None:
        out.append(Difference(rule, word, kw(o, word), kw(u, word)))

    def nested(self, out: Diffs, seg: str, found: Diffs) -> None:
        """Add differences found one level down, under path segment `seg`."""
        for d in found:
            path = f"{seg}/{d.path}" if d.path else seg
            out.append(Difference(d.rule, path, d.writer_ptr, d.reader_ptr))

    def same(self, a: Any, b: Any) -> bool:
        """Same JSON (for the sound rules)."""
        return self._equal(a, b)

    def _equal(self, a: Any, b: Any) -> bool:
        """Same JSON. Python's == takes true for 1; repr tells them apart when it matters."""
        return bool(a == b) and (not self._strict or repr(a) == repr(b))

    def _plain(self, o: Any, u: Any, o_at: Node, u_at: Node) -> bool:
        """Whether equal raw subschemas are sure to mean the same on both sides."""
        if o_at.doc.draft != u_at.doc.draft or o_at.doc.judge != u_at.doc.judge:
            return False
        if self._stable and not o_at.doc.prefix and not u_at.doc.prefix:
            return True
        return not self.w.has_ref(o) and not self.r.has_ref(u)

    def flipped(self) -> Walker:
        """The same walk with writer and reader swapped (for `not`), sharing the memo."""
        other = Walker(self.ok, self.r, self.w, sound=self.sound)
        other._memo, other._busy = self._memo, self._busy
        other._assumed, other._known = self._assumed, self._known
        return other


def _refs_stable(writer: Document, reader: Document) -> bool:
    """True when both documents' `$ref`s all point into equal `$defs`/`definitions`."""
    if not isinstance(writer.raw, dict) or not isinstance(reader.raw, dict):
        return False
    for word in ("$defs", "definitions"):
        if writer.raw.get(word) != reader.raw.get(word):
            return False
    return writer.local_refs and reader.local_refs


def _connect_bytes(o: Node, u: Node) -> bool:
    # Confluent treats Kafka Connect's bytes (string or number, "connect.type": "bytes") as one.
    return (
        isinstance(o.raw, dict)
        and isinstance(u.raw, dict)
        and o.raw.get("connect.type") == "bytes"
        and u.raw.get("connect.type") == "bytes"
    )


_HANDLERS = {
    Kind.STRING: strings,
    Kind.NUMBER: numbers,
    Kind.ENUM: enums,
    Kind.CONST: consts,
    Kind.COMBINED: combined,
    Kind.NOT: negations,
    Kind.OBJECT: objects,
    Kind.ARRAY: arrays,
}
