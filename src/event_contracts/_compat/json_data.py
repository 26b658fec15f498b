"""Counterexamples: a JSON document the writer schema accepts and the reader schema rejects.

A bounded, deterministic search. Candidate documents are built from the writer's nodes (so most
of them are valid under it), with values aimed at the reader's limits (one past its maxLength,
a property it now requires left out, a value of another type under a property an open writer
allows, ...). Candidates vary first at the location of the finding, then anywhere. Every
candidate is checked with the `jsonschema` library, so a counterexample is never a guess.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012, specification_with

from event_contracts._compat.json_data_values import (
    GENERIC,
    SNIFFED,
    count,
    numbers,
    other_types,
    pattern_names,
    strings,
    typed,
)
from event_contracts._compat.json_model import validator_class
from event_contracts._compat.json_nodes import (
    DRAFT_07,
    Document,
    Kind,
    Loader,
    Node,
    canonical,
    dialect_of,
)
from event_contracts._runtime import json_judge

_PER_NODE = 24  # values kept per schema node
_MAX_DEPTH = 8
_VALID_FIRST = 3  # values checked valid and moved to the front, per node


class Checker:
    """A writer and a reader validator, and the search for documents that tell them apart."""

    def __init__(self, writer: Document, reader: Document) -> None:
        self.writer = validator_of(writer)
        self.reader = validator_of(reader)
        self.tried = 0

    def search(self, gen: Iterator[Any], deadline: float, limit: int = 400) -> tuple[bool, Any]:
        """(True, document) for the first candidate the writer accepts and the reader rejects."""
        seen: set[str] = set()
        null_works = False  # a bare `null` document is a last resort: None also means "none"
        for doc in gen:
            key = canonical(doc)
            if key in seen:
                continue
            seen.add(key)
            self.tried += 1
            if self._tells_apart(doc):
                if doc is not None:
                    return True, doc
                null_works = True
            if len(seen) >= limit or time.perf_counter() > deadline:
                break
        return null_works, None

    def _tells_apart(self, doc: Any) -> bool:
        """The writer accepts `doc` and the reader rejects it. A document `jsonschema` cannot
        judge tells nothing: a float `multipleOf` divides an int past a float's range into
        an OverflowError there."""
        try:
            return bool(self.writer.is_valid(doc) and not self.reader.is_valid(doc))
        except (OverflowError, ValueError):
            return False


def _validator(doc: Document) -> Any:
    """A validator for the document's own draft (`$schema`; 2020-12 without one), with the
    runtime's format checks."""
    cls = validator_class(doc.raw)
    spec = specification_with(cls.META_SCHEMA["$schema"], default=DRAFT202012)
    if dialect_of(doc.raw) == DRAFT_07 and spec is DRAFT202012:
        spec = DRAFT7
    resources = [
        (uri, Resource.from_contents(other.raw, default_specification=spec))
        for uri, other in doc.loader.documents.items()
        if other is not doc and uri
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    # the formats the generated classes check (`date-time`, `date`, `uuid`) are checked here
    # too: a document is valid as the runtime that decodes it judges
    return cls(doc.raw, registry=registry, format_checker=json_judge.FORMATS)


def validator_of(doc: Document) -> Any:
    """The document's validator, built once per document."""
    found = doc.loader.validators.get(id(doc))
    if found is None:
        found = doc.loader.validators[id(doc)] = _validator(doc)
    return found


# ------------------------------------------------------------------------------ generation


class Generator:
    """Builds candidate documents for a writer node, aimed at a reader node's limits."""

    def __init__(
        self, writer: Loader, reader: Loader, validator: Any = None, deadline: float = 0.0
    ) -> None:
        self.w = writer
        self.r = reader
        self.deadline = deadline or time.perf_counter() + 1.0
        self._validator = validator  # the writer's: puts values it accepts first
        self._sub: dict[int, Any] = {}
        self._memo: dict[tuple[int, int, str], list[Any]] = {}
        self._busy: set[tuple[int, int, str]] = set()

    def documents(self, w: Node, r: Node | None, focus: list[str]) -> Iterator[Any]:
        """Candidates varying at `focus` (Confluent path segments) first, then anywhere."""
        yield from self._raw_values(w, r, focus, 0)
        if focus:
            yield from self._raw_values(w, r, [], 0)

    def values(self, w: Node | None, r: Node | None, focus: list[str], depth: int) -> list[Any]:
        key = (id(w), id(r), "/".join(focus))
        if key in self._memo:
            return self._memo[key]
        if key in self._busy or depth > _MAX_DEPTH or time.perf_counter() > self.deadline:
            return list(GENERIC)  # recursion, depth or time: stop with plain values
        self._busy.add(key)
        out: list[Any] = []
        seen: set[str] = set()
        try:
            for v in self._raw_values(w, r, focus, depth):
                k = canonical(v)
                if k not in seen:
                    seen.add(k)
                    out.append(v)
                    if len(out) >= _PER_NODE:
                        break
        finally:
            self._busy.discard(key)
        if w is not None and self._validator is not None and not w.doc.prefix:
            check = self._sub.get(id(w.raw))
            if check is None:
                check = self._sub[id(w.raw)] = self._validator.evolve(schema=w.raw)
            valid: list[Any] = []
            rest: list[Any] = []
            for v in out:  # valid values first, while time allows (validation can be costly)
                if len(valid) >= _VALID_FIRST or time.perf_counter() > self.deadline:
                    rest.append(v)  # enough found: the rest keep their order, unchecked
                else:
                    (valid if check.is_valid(v) else rest).append(v)
            out = valid + rest
        self._memo[key] = out
        return out

    def _raw_values(
        self, w: Node | None, r: Node | None, focus: list[str], depth: int
    ) -> Iterator[Any]:
        if w is None or depth > _MAX_DEPTH:
            yield from GENERIC
            return
        w = self.w.resolve(w)
        r = self.r.resolve(r) if r is not None else None
        raw = w.raw if isinstance(w.raw, dict) else {}
        for word in ("default", "const"):
            if word in raw:
                yield raw[word]
        examples = raw.get("examples")
        if isinstance(examples, list):
            yield from examples
        kind = w.kind
        if kind is Kind.COMBINED:
            yield from self._combined(w, r, focus, depth)
            if not w.synthetic and not typed(raw):
                yield from GENERIC
        elif kind is Kind.ENUM:
            yield from raw.get("enum", [])
        elif kind is Kind.STRING:
            yield from strings(w, r)
        elif kind is Kind.NUMBER:
            yield from numbers(w, r)
        elif kind is Kind.BOOLEAN:
            yield from (True, False)
        elif kind is Kind.NULL:
            yield None
        elif kind is Kind.OBJECT:
            yield from self._objects(w, r, focus, depth)
        elif kind is Kind.ARRAY:
            yield from self._arrays(w, r, focus, depth)
        if kind in SNIFFED and not typed(raw):  # no `type`: other types pass the keywords
            yield from GENERIC
        elif kind is Kind.CONDITIONAL:
            yield from self._conditional(w, r, depth)
        else:  # empty, not: anything, aimed at what the reader wants
            if r is not None and r.kind is not Kind.EMPTY:
                yield from self.values(r, None, [], depth + 1)
            yield from GENERIC

    def _conditional(self, w: Node, r: Node | None, depth: int) -> Iterator[Any]:
        """Documents meeting the writer's `if` and its `then`, or not and its `else`."""
        raw = w.raw
        cond = self.w.node(raw.get("if", True), f"{w.ptr}/if", w.doc)
        met = self.values(cond, None, [], depth + 1)[:6]
        if r is not None and isinstance(r.raw, dict) and "if" in r.raw:  # the reader's condition
            other = self.r.node(r.raw["if"], f"{r.ptr}/if", r.doc)
            met += self.values(other, None, [], depth + 1)[:6]
        yield from met
        for word in ("then", "else"):
            branch = self.w.node(raw.get(word, True), f"{w.ptr}/{word}", w.doc)
            hint = None
            if r is not None and isinstance(r.raw, dict) and word in r.raw:
                hint = self.r.node(r.raw[word], f"{r.ptr}/{word}", r.doc)
            for b in self.values(branch, hint, [], depth + 1)[:6]:
                yield b
                for c in met:
                    if isinstance(b, dict) and isinstance(c, dict):
                        yield {**c, **b}
        yield from GENERIC

    def _combined(self, w: Node, r: Node | None, focus: list[str], depth: int) -> Iterator[Any]:
        branch = None
        if focus and "/" not in focus[0] and focus[0] in ("allOf", "anyOf", "oneOf"):
            focus = focus[1:]
        if focus and focus[0].isdigit() and int(focus[0]) < len(w.subs):
            branch = int(focus[0])
            focus = focus[1:]
        subs = list(w.subs)
        if branch is not None:
            subs.insert(0, subs.pop(branch))
        r_subs = list(r.subs) if r is not None and r.kind is Kind.COMBINED else [r] * len(subs)
        for i, sub in enumerate(subs):
            hint = r_subs[i] if i < len(r_subs) else r
            yield from self.values(sub, hint, focus if i == 0 else [], depth + 1)

    def _objects(self, w: Node, r: Node | None, focus: list[str], depth: int) -> Iterator[Any]:
        r_obj = r if r is not None and r.kind is Kind.OBJECT else None
        r_props = r_obj.properties if r_obj is not None else {}
        base: dict[str, Any] = {}
        minimal: dict[str, Any] = {}
        children: dict[str, tuple[Node, Node | None]] = {}
        for name, sub in w.properties.items():
            wn = self.w.node(sub, f"{w.ptr}/properties/{name}", w.doc)
            rn = None
            if r_obj is not None and name in r_props:
                rn = self.r.node(r_props[name], f"{r_obj.ptr}/properties/{name}", r_obj.doc)
            children[name] = (wn, rn)
            first = self.values(wn, rn, [], depth + 1)
            if not first:
                continue
            base[name] = first[0]
            if name in w.required:
                minimal[name] = first[0]
        for name in w.required:  # required but not declared: any value
            base.setdefault(name, "x")
            minimal.setdefault(name, "x")
        yield minimal
        target = focus[1] if len(focus) >= 2 and focus[0] in ("properties", "required") else None
        if target in children:  # the finding's property alone first, for a small counterexample
            wn, rn = children[target]
            for v in self.values(wn, rn, focus[2:], depth + 1):
                yield {**minimal, target: v}
        yield base
        names = [target] if target is not None else list(children)
        for name in names:
            if name in base and name not in w.required:
                yield {k: v for k, v in base.items() if k != name}
        for name in names:
            if name in children:
                wn, rn = children[name]
                rest = focus[2:] if target is not None else []
                for v in self.values(wn, rn, rest, depth + 1)[1:]:
                    yield {**base, name: v}
        # undeclared properties: names the reader declares, then a fresh one
        extra_names = [n for n in r_props if n not in w.properties] + ["x-extra"]
        extra_names += pattern_names([*w.pattern_props, *(r_obj.pattern_props if r_obj else ())])
        extra_names += self._names(w, r_obj, depth)
        extra_names += [
            n for n in (*w.prop_deps, *(r_obj.prop_deps if r_obj else ())) if n not in w.properties
        ]
        for name in extra_names:
            rn = None
            if r_obj is not None and name in r_props:
                rn = self.r.node(r_props[name], f"{r_obj.ptr}/properties/{name}", r_obj.doc)
            hint_values = self.values(rn, None, [], depth + 1) if rn is not None else []
            extra = self._extra_value_schema(w, name)
            pool = self.values(extra, rn, [], depth + 1) if extra is not None else list(GENERIC)
            for v in [*other_types(hint_values), *pool][:_PER_NODE]:
                yield {**minimal, name: v}
                yield {**base, name: v}
        if w.min_props is not None or (r_obj is not None and r_obj.max_props is not None):
            yield {**base, **{f"x{i}": i for i in range(count(w.max_props, 3))}}

    def _names(self, w: Node, r: Node | None, depth: int) -> list[str]:
        """Names aimed at `propertyNames`: strings the writer's allows, near the reader's."""
        names: list[str] = []
        raw_w = w.raw.get("propertyNames") if isinstance(w.raw, dict) else None
        raw_r = r.raw.get("propertyNames") if r is not None and isinstance(r.raw, dict) else None
        if raw_w is None and raw_r is None:
            return names
        wn = self.w.node({"type": "string"} if raw_w is None else raw_w, f"{w.ptr}/pn", w.doc)
        rn = None if r is None or raw_r is None else self.r.node(raw_r, f"{r.ptr}/pn", r.doc)
        for v in self.values(wn, rn, [], depth + 1):
            if isinstance(v, str) and v not in names:
                names.append(v)
        return names[:8]

    def _extra_value_schema(self, w: Node, name: str) -> Node | None:
        if w.additional is not None:
            return self.w.node(w.additional, f"{w.ptr}/additionalProperties", w.doc)
        for pattern, raw in w.pattern_props:
            try:
                if re.search(pattern, name):
                    return self.w.node(raw, f"{w.ptr}/patternProperties/{pattern}", w.doc)
            except re.error:
                continue
        return None

    def _arrays(self, w: Node, r: Node | None, focus: list[str], depth: int) -> Iterator[Any]:
        r_arr = r if r is not None and r.kind is Kind.ARRAY else None
        tuple_w = w.tuple_items or ()
        tuple_r = (r_arr.tuple_items or ()) if r_arr is not None else ()
        head: list[Any] = []
        for i, sub in enumerate(tuple_w):
            wn = self.w.node(sub, f"{w.ptr}/{w.tuple_word}/{i}", w.doc)
            vals = self.values(wn, None, [], depth + 1)
            if not vals:
                break
            head.append(vals[0])
        item_w = None
        if w.all_items is not None:
            item_w = self.w.node(w.all_items, f"{w.ptr}/{w.items_word}", w.doc)
        elif w.additional is not None:
            item_w = self.w.node(w.additional, f"{w.ptr}/{w.additional_word}", w.doc)
        item_r = None
        if r_arr is not None and r_arr.all_items is not None:
            item_r = self.r.node(r_arr.all_items, f"{r_arr.ptr}/{r_arr.items_word}", r_arr.doc)
        items = self.values(item_w, item_r, focus[1:] if focus[:1] == ["items"] else [], depth + 1)
        if isinstance(w.raw, dict) and "contains" in w.raw:  # values `contains` counts first
            wanted = self.w.node(w.raw["contains"], f"{w.ptr}/contains", w.doc)
            items = [*self.values(wanted, None, [], depth + 1)[:3], *items]
        yield []
        yield list(head)
        if items:  # lengths at the bounds first: they are what array rules are about
            yield [*head, items[0], items[0]]  # repeats, for uniqueItems
            low = count(w.min_items, 0)
            counts = {low, low + 1, count(r_arr.max_items if r_arr else None, 2) + 1}
            if r_arr is not None:
                counts.add(count(r_arr.max_contains, 2) + 1)
                counts.add(count(r_arr.min_items, 0) - 1)
            for n in sorted(c for c in counts if c >= 0):
                k = max(n - len(head), 0)
                if len(items) > 1:  # distinct items, for `uniqueItems`
                    yield [*head, *(items[i % len(items)] for i in range(k))]
                yield [*head, *([items[0]] * k)]
        for v in items:
            yield [*head, v]
        if r_arr is not None:
            for i in range(len(tuple_w), len(tuple_r)):  # positions only the reader lists
                rn = self.r.node(tuple_r[i], f"{r_arr.ptr}/{r_arr.tuple_word}/{i}", r_arr.doc)
                for v in other_types(self.values(rn, None, [], depth + 1)) + list(GENERIC):
                    yield [*head, v]
