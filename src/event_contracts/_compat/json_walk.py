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

import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from event_contracts._compat.json_nodes import Document, Kind, Loader, Node, canonical
from event_contracts._schema.jsonpos import escape
from event_contracts.errors import UsageError


@dataclass(frozen=True, slots=True)
class Difference:
    """One change Confluent would list: rule id, Confluent path, and where it is in each schema."""

    rule: str
    path: str  # Confluent's path without the leading "#/", e.g. "properties/foo"
    writer_ptr: str | None
    reader_ptr: str | None

    def confluent(self) -> str:
        return f"{self.rule} #/{self.path}"


Diffs = list[Difference]
_DEPTH = 10_000  # Python frames a walk may nest (see Walker.run)


def _at(ptr: str, *tokens: str | int) -> str:
    for t in tokens:
        t = str(t)
        ptr += "/" + (escape(t) if "~" in t or "/" in t else t)
    return ptr


def _kw(node: Node, word: str) -> str | None:
    """Pointer of keyword `word` in `node`'s own object, or None if it is not written there."""
    if isinstance(node.raw, dict) and word in node.raw:
        return _at(node.ptr, word)
    return None


class Walker:
    """One comparison under one policy (the policy decides which sub-matches count)."""

    def __init__(self, compatible: frozenset[str], writer: Loader, reader: Loader) -> None:
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
            out.append(Difference("ID_CHANGED", "", _kw(o, "$id"), _kw(u, "$id")))
        if o.title != u.title:
            out.append(Difference("TITLE_CHANGED", "", _kw(o, "title"), _kw(u, "title")))
        if o.description != u.description:
            out.append(
                Difference("DESCRIPTION_CHANGED", "", _kw(o, "description"), _kw(u, "description"))
            )
        if (o.default if o.has_default else None) != (u.default if u.has_default else None):
            out.append(Difference("DEFAULT_CHANGED", "", _kw(o, "default"), _kw(u, "default")))
        handler = _HANDLERS.get(o.kind)
        if handler is not None:
            handler(self, out, o, u)
        return out

    # ------------------------------------------------------------------ helpers for handlers

    def attr(self, out: Diffs, word: str, rule: str, o: Node, u: Node) -> None:
        out.append(Difference(rule, word, _kw(o, word), _kw(u, word)))

    def nested(self, out: Diffs, seg: str, found: Diffs) -> None:
        """Add differences found one level down, under path segment `seg`."""
        for d in found:
            path = f"{seg}/{d.path}" if d.path else seg
            out.append(Difference(d.rule, path, d.writer_ptr, d.reader_ptr))

    def _equal(self, a: Any, b: Any) -> bool:
        """Same JSON. Python's == takes true for 1; repr tells them apart when it matters."""
        return bool(a == b) and (not self._strict or repr(a) == repr(b))

    def _plain(self, o: Any, u: Any, o_at: Node, u_at: Node) -> bool:
        """Whether equal raw subschemas are sure to mean the same on both sides."""
        if o_at.doc.draft != u_at.doc.draft:
            return False
        if self._stable and not o_at.doc.prefix and not u_at.doc.prefix:
            return True
        return not self.w.has_ref(o) and not self.r.has_ref(u)

    def flipped(self) -> Walker:
        """The same walk with writer and reader swapped (for `not`), sharing the memo."""
        other = Walker(self.ok, self.r, self.w)
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


# ---------------------------------------------------------------------------------- bounds


def _bound(w: Walker, out: Diffs, word: str, o: Node, u: Node, a: Any, b: Any, stem: str) -> None:
    """ADDED / REMOVED / INCREASED / DECREASED for one numeric keyword."""
    if a == b and type(a) is type(b):
        return
    if not (_is_number(a) or a is None) or not (_is_number(b) or b is None):
        return  # not a number: the schema is invalid, and `validate` reports it
    if a is None:
        w.attr(out, word, f"{stem}_ADDED", o, u)
    elif b is None:
        w.attr(out, word, f"{stem}_REMOVED", o, u)
    elif float(a) < float(b):
        w.attr(out, word, f"{stem}_INCREASED", o, u)
    elif float(a) > float(b):
        w.attr(out, word, f"{stem}_DECREASED", o, u)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _string(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    _bound(w, out, "maxLength", o, u, o.max_length, u.max_length, "MAX_LENGTH")
    _bound(w, out, "minLength", o, u, o.min_length, u.min_length, "MIN_LENGTH")
    if o.pattern is None and u.pattern is not None:
        w.attr(out, "pattern", "PATTERN_ADDED", o, u)
    elif o.pattern is not None and u.pattern is None:
        w.attr(out, "pattern", "PATTERN_REMOVED", o, u)
    elif o.pattern != u.pattern:
        w.attr(out, "pattern", "PATTERN_CHANGED", o, u)


def _number(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    _bound(w, out, "maximum", o, u, o.maximum, u.maximum, "MAXIMUM")
    _bound(w, out, "minimum", o, u, o.minimum, u.minimum, "MINIMUM")
    _bound(w, out, "exclusiveMaximum", o, u, o.excl_maximum, u.excl_maximum, "EXCLUSIVE_MAXIMUM")
    _bound(w, out, "exclusiveMinimum", o, u, o.excl_minimum, u.excl_minimum, "EXCLUSIVE_MINIMUM")
    _multiple_of(w, out, o, u)
    if o.integer != u.integer:
        out.append(Difference("TYPE_EXTENDED" if o.integer else "TYPE_NARROWED", "", o.ptr, u.ptr))


def _multiple_of(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    a, b = _decimal(o.multiple_of), _decimal(u.multiple_of)
    if a == b:
        return
    if a is None:
        w.attr(out, "multipleOf", "MULTIPLE_OF_ADDED", o, u)
    elif b is None:
        w.attr(out, "multipleOf", "MULTIPLE_OF_REMOVED", o, u)
    elif a != 0 and (b / a) == (b / a).to_integral_value():
        w.attr(out, "multipleOf", "MULTIPLE_OF_EXPANDED", o, u)  # every new multiple is an old one
    elif b != 0 and (a / b) == (a / b).to_integral_value():
        w.attr(out, "multipleOf", "MULTIPLE_OF_REDUCED", o, u)
    else:
        w.attr(out, "multipleOf", "MULTIPLE_OF_CHANGED", o, u)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _enum(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    if o.values == u.values:
        return
    if u.values >= o.values:
        w.attr(out, "enum", "ENUM_ARRAY_EXTENDED", o, u)
    elif o.values >= u.values:
        w.attr(out, "enum", "ENUM_ARRAY_NARROWED", o, u)
    else:
        w.attr(out, "enum", "ENUM_ARRAY_CHANGED", o, u)


def _const(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    if o.const != u.const:
        w.attr(out, "const", "ENUM_ARRAY_CHANGED", o, u)


def _not(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    # reversed on purpose: the new `not` must exclude no more than the old one did
    on = w.w.node(o.negated, _at(o.ptr, "not"), o.doc)
    un = w.r.node(u.negated, _at(u.ptr, "not"), u.doc)
    found = w.flipped().compare(un, on)
    rule = "NOT_TYPE_NARROWED" if w.compatible(found) else "NOT_TYPE_EXTENDED"
    out.append(Difference(rule, "not", _at(o.ptr, "not"), _at(u.ptr, "not")))


# ---------------------------------------------------------------------------------- combined


def _combined(w: Walker, out: Diffs, o: Node, u: Node) -> None:
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
    out.append(Difference(rule, "", _kw(o, o.criterion) or o.ptr, _kw(u, u.criterion) or u.ptr))
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


# ---------------------------------------------------------------------------------- objects


def _object(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    _required(out, o, u)
    _properties(w, out, o, u)
    _dependencies(w, out, o, u)
    _additional_properties(w, out, o, u)
    _unevaluated(w, out, o, u, "unevaluatedProperties", "UNEVALUATED_PROPERTIES")
    _bound(w, out, "maxProperties", o, u, o.max_props, u.max_props, "MAX_PROPERTIES")
    _bound(w, out, "minProperties", o, u, o.min_props, u.min_props, "MIN_PROPERTIES")


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
        o_ptr = _required_at(o, name) if was else _at(o.ptr, "properties", name)
        u_ptr = _required_at(u, name) if now else _at(u.ptr, "properties", name)
        out.append(Difference(rule, f"required/{name}", o_ptr, u_ptr))


def _required_at(node: Node, name: str) -> str:
    """Pointer of `name`'s entry in the node's `required` array."""
    listed = node.raw.get("required", []) if isinstance(node.raw, dict) else []
    return _at(node.ptr, "required", listed.index(name)) if name in listed else node.ptr


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
            return w.node(raw, _at(node.ptr, "patternProperties", pattern), node.doc)
    if node.additional is not None:
        return w.node(node.additional, _at(node.ptr, "additionalProperties"), node.doc)
    if node.permits_additional and node.uneval not in (None, True, False, {}):
        return w.node(node.uneval, _at(node.ptr, "unevaluatedProperties"), node.doc)
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
        o_ptr = _at(o.ptr, "properties", name)
        u_ptr = _at(u.ptr, "properties", name)
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
        o_ptr = _at(o.ptr, o_word, name) if was is not None else None
        u_ptr = _at(u.ptr, u_word, name) if now is not None else None
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
        o_ptr, u_ptr = _at(o.ptr, o_sw, name), _at(u.ptr, u_sw, name)
        if name not in u.schema_deps:
            out.append(Difference("DEPENDENCY_SCHEMA_REMOVED", seg, o_ptr, None))
        elif name not in o.schema_deps:
            out.append(Difference("DEPENDENCY_SCHEMA_ADDED", seg, None, u_ptr))
        else:
            found = w.sub(o.schema_deps[name], u.schema_deps[name], o, u, o_ptr, u_ptr)
            w.nested(out, seg, found)


def _extra(
    w: Walker, out: Diffs, o: Node, u: Node, seg: str, stem: str, o_word: str, u_word: str
) -> None:
    """additionalProperties / additionalItems: permitted, schema, or closed."""
    o_ptr, u_ptr = _kw(o, o_word), _kw(u, u_word)
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
    _extra(
        w,
        out,
        o,
        u,
        "additionalProperties",
        "ADDITIONAL_PROPERTIES",
        *("additionalProperties",) * 2,
    )


def _unevaluated(w: Walker, out: Diffs, o: Node, u: Node, word: str, stem: str) -> None:
    a, b = o.uneval, u.uneval
    if a is None and b is None:
        return
    seg = word
    o_ptr, u_ptr = _kw(o, word), _kw(u, word)

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


# ---------------------------------------------------------------------------------- arrays


def _array(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    o_ip, u_ip = _at(o.ptr, o.items_word), _at(u.ptr, u.items_word)
    w.nested(out, "items", w.sub(o.all_items, u.all_items, o, u, o_ip, u_ip))
    _tuple(w, out, o, u)
    _extra(
        w, out, o, u, "additionalItems", "ADDITIONAL_ITEMS", o.additional_word, u.additional_word
    )
    _unevaluated(w, out, o, u, "unevaluatedItems", "UNEVALUATED_ITEMS")
    _bound(w, out, "maxItems", o, u, o.max_items, u.max_items, "MAX_ITEMS")
    _bound(w, out, "minItems", o, u, o.min_items, u.min_items, "MIN_ITEMS")
    if o.unique != u.unique:
        rule = "UNIQUE_ITEMS_REMOVED" if o.unique else "UNIQUE_ITEMS_ADDED"
        w.attr(out, "uniqueItems", rule, o, u)
    _bound(w, out, "maxContains", o, u, o.max_contains, u.max_contains, "MAX_CONTAINS")
    _bound(w, out, "minContains", o, u, o.min_contains, u.min_contains, "MIN_CONTAINS")


def _partial_items(loader: Loader, node: Node) -> Node | None:
    if node.additional is not None:
        return loader.node(node.additional, _at(node.ptr, node.additional_word), node.doc)
    if node.permits_additional and node.uneval not in (None, True, False, {}):
        return loader.node(node.uneval, _at(node.ptr, "unevaluatedItems"), node.doc)
    return None


def _tuple(w: Walker, out: Diffs, o: Node, u: Node) -> None:
    a = o.tuple_items or ()
    b = u.tuple_items or ()
    for i in range(min(len(a), len(b))):
        o_ptr, u_ptr = _at(o.ptr, o.tuple_word, i), _at(u.ptr, u.tuple_word, i)
        w.nested(out, f"items/{i}", w.sub(a[i], b[i], o, u, o_ptr, u_ptr))
    for i in range(len(b), len(a)):  # items the reader no longer lists
        seg, o_ptr = f"items/{i}", _at(o.ptr, o.tuple_word, i)
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
        seg, u_ptr = f"items/{i}", _at(u.ptr, u.tuple_word, i)
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


_HANDLERS = {
    Kind.STRING: _string,
    Kind.NUMBER: _number,
    Kind.ENUM: _enum,
    Kind.CONST: _const,
    Kind.COMBINED: _combined,
    Kind.NOT: _not,
    Kind.OBJECT: _object,
    Kind.ARRAY: _array,
}
