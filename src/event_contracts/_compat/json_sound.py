"""Judgements past Confluent's SchemaDiff: what data says where Confluent does not look.

`judge` runs after Confluent's comparison of one pair of nodes (writer `o`, reader `u`) in a
sound walk, and corrects its list of differences:

- a writer that lists its values (`enum`, `const`, `boolean`, `null`) is decided exactly: each
  value is validated against the reader with `jsonschema` (ENUM_VALUE_REJECTED), whatever the
  keywords around it say;
- the JSON types a schema admits, with or without `type` (TYPES_NARROWED);
- `oneOf` exclusivity (ONE_OF_NOT_EXCLUSIVE), `if`/`then`/`else` (CONDITIONAL_*), numeric bounds
  with draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` (LOWER/UPPER_BOUND_NARROWED);
- per keyword family, in their own modules: objects (`json_sound_objects`: `required`,
  `propertyNames`, `patternProperties`) and arrays (`json_sound_arrays`: `contains`).

Rules here never recurse on their own: nested schemas are compared through the walker, so
recursion, memoisation and `$ref`s work as for Confluent's rules.
"""

from __future__ import annotations

import re
from fractions import Fraction
from math import ceil, floor
from typing import TYPE_CHECKING, Any

from event_contracts._compat.json_diff import Difference, Diffs, at
from event_contracts._compat.json_nodes import Kind, Node, canonical
from event_contracts._compat.json_numbers import exact
from event_contracts._compat.json_sets import accepts_type, admitted, disjoint, finite, valid
from event_contracts._compat.json_sound_arrays import contains
from event_contracts._compat.json_sound_objects import objects
from event_contracts._runtime.json_judge import checked_format

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

METADATA = frozenset({"ID_CHANGED", "TITLE_CHANGED", "DESCRIPTION_CHANGED", "DEFAULT_CHANGED"})


def judge(w: Walker, o: Node, u: Node, out: Diffs) -> Diffs:
    """Confluent's differences for the pair `o` → `u`, corrected with what data says."""
    if _same_constraints(w, o, u):
        return out  # only annotations differ (title, description, default, examples, format)
    out = [d for d in out if not _zero_minimum(w, u, d)]
    values = finite(w.w, o) if not o.facet else None
    if values is not None:
        return _finite(w, o, u, out, values)
    if o.synthetic and u.synthetic and [a.facet for a in o.subs] == [b.facet for b in u.subs]:
        out = _parts(w, o, u, out)  # the same keywords on both sides: compare them one to one
    elif o.kind is not u.kind and u.kind in _SNIFFED and not w.compatible(out):
        found = _sniffed_reader(w, o, u, out)
        if found is not None:
            return found
    elif u.synthetic and not o.synthetic and (_conditions(u) or not w.compatible(out)):
        found = _conjuncts(w, o, u, out)  # the writer within each keyword of the reader
        if found is not None:
            return found
    extra: Diffs = []
    if not o.facet and not u.facet and w.compatible(out):
        _types(w, extra, o, u)
    if o.kind is u.kind:
        handler = _HANDLERS.get(o.kind)
        if handler is not None:
            out = handler(w, out, o, u, extra)
    if u.kind is Kind.COMBINED and u.criterion == "oneOf" and w.compatible(out + extra):
        _one_of(w, extra, o, u)
    if w.compatible(out + extra):
        _formats(w, extra, o, u)
    return out + extra if extra else out


def _formats(w: Walker, extra: Diffs, o: Node, u: Node) -> None:
    """A reader that checks a format (`date-time`, `date`, `uuid`: the generated classes do)
    other than the writer's refuses strings the writer allows; JSON Schema calls `format` an
    annotation, and so does Confluent, but the runtime that decodes the data does not."""
    fmt = checked_format(u.raw)
    if fmt is None or fmt == checked_format(o.raw):
        return
    if not accepts_type(admitted(w.w, o), "string") or not accepts_type(admitted(w.r, u), "string"):
        return  # no string passes one of the two: the types decide
    extra.append(Difference("FORMAT_NARROWED", "format", o.ptr, at(u.ptr, "format")))


_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$comment", "format", "deprecated"}
    | {"readOnly", "writeOnly"}
)


def _same_constraints(w: Walker, o: Node, u: Node) -> bool:
    """Whether the two schema objects differ in annotations only (and name no `$ref`)."""
    a, b = o.raw, u.raw
    if not isinstance(a, dict) or not isinstance(b, dict) or o.doc.judge != u.doc.judge:
        return False
    if o.facet != u.facet or len(a.keys() - _ANNOTATIONS) != len(b.keys() - _ANNOTATIONS):
        return False
    if checked_format(a) != checked_format(b):
        return False  # a format the runtime checks is no annotation
    for key, value in a.items():
        if key not in _ANNOTATIONS and (key not in b or not w.same(value, b[key])):
            return False
    return not w.w.has_ref(a) and not w.r.has_ref(b)  # one `$ref` may name two schemas


_ZERO = {"MIN_LENGTH_ADDED": "minLength", "MIN_ITEMS_ADDED": "minItems"}
_ZERO["MIN_PROPERTIES_ADDED"] = "minProperties"


def _zero_minimum(w: Walker, u: Node, d: Difference) -> bool:
    """A minimum of 0 added by the reader constrains nothing. Only this node's own keyword
    (path `minItems`): one found deeper (`items/minItems`) was judged with its own node."""
    word = _ZERO.get(d.rule)
    if word is None or d.rule in w.ok or d.path != word or not isinstance(u.raw, dict):
        return False
    value = u.raw.get(word)
    return value == 0 and not isinstance(value, bool)


def _parts(w: Walker, o: Node, u: Node, out: Diffs) -> Diffs:
    kept = [d for d in out if d.rule in METADATA]
    for a, b in zip(o.subs, u.subs, strict=True):
        kept.extend(w.compare(a, b))
    return kept


def _finite(w: Walker, o: Node, u: Node, out: Diffs, values: list[Any]) -> Diffs:
    rejected = [v for v in values if valid(u.doc, u.raw, v) is not True]
    kept = [d for d in out if d.rule in METADATA]
    if not rejected:
        return kept  # every value the writer can send is one the reader accepts: exact
    if not w.compatible(out):
        return out
    return [*out, Difference("ENUM_VALUE_REJECTED", "", o.ptr, u.ptr)]


def _types(w: Walker, extra: Diffs, o: Node, u: Node) -> None:
    reader = admitted(w.r, u)
    if reader is None:
        return
    writer = admitted(w.w, o)
    names = ("null", "boolean", "object", "array", "number", "string") if writer is None else writer
    if any(not accepts_type(reader, t) for t in names):
        extra.append(Difference("TYPES_NARROWED", "", o.ptr, u.ptr))


def _one_of(w: Walker, extra: Diffs, o: Node, u: Node) -> None:
    """A reader `oneOf` rejects data that matches two branches: branches must not overlap."""
    subs = u.subs
    if (
        o.kind is Kind.COMBINED
        and o.criterion == "oneOf"
        and sorted(canonical(s.raw) for s in o.subs) == sorted(canonical(s.raw) for s in subs)
    ):
        return  # the same branches: what matched one before still matches one
    for i, a in enumerate(subs):
        for b in subs[i + 1 :]:
            if not disjoint(w.r, a, b) and not _outside(w, o, a) and not _outside(w, o, b):
                where = (
                    at(u.ptr, "oneOf") if isinstance(u.raw, dict) and "oneOf" in u.raw else u.ptr
                )
                extra.append(Difference("ONE_OF_NOT_EXCLUSIVE", "oneOf", o.ptr, where))
                return


_SNIFFED = {
    Kind.OBJECT: "object",
    Kind.ARRAY: "array",
    Kind.STRING: "string",
    Kind.NUMBER: "number",
}


def _sniffed_reader(w: Walker, o: Node, u: Node, out: Diffs) -> Diffs | None:
    """A reader without `type` whose keywords are all of one type: other types pass them.

    `{"properties": {}}` accepts every document; `{"minimum": 5}` every string. The writer is
    compared on the reader's type only (None: keep Confluent's verdict).
    """
    raw = u.raw
    if not isinstance(raw, dict) or u.facet or any(k in raw for k in ("type", "enum", "const")):
        return None
    name = _SNIFFED[u.kind]
    kept = [d for d in out if d.rule in METADATA]
    writer = admitted(w.w, o)
    if writer is not None and not any(accepts_type(frozenset([name]), t) for t in writer):
        return kept  # the writer never sends a value the reader's keywords apply to
    if o.kind is Kind.EMPTY:  # every value: the reader's type among them
        typed = w.w.node(_TYPED[name], o.ptr, o.doc)
        found = w.compare(typed, u)
        return [*kept, *found] if w.compatible(found) else None
    return None


_TYPED: dict[str, dict[str, str]] = {n: {"type": n} for n in _SNIFFED.values()}


def _outside(w: Walker, o: Node, branch: Node) -> bool:
    """No value of the writer matches the reader's `branch` (so it cannot be a second match)."""
    if disjoint(w.w, o, branch):
        return True
    if branch.kind is Kind.NOT:  # the writer lies inside what the branch negates
        negated = w.r.node(branch.negated, at(branch.ptr, "not"), branch.doc)
        return w.compatible(w.compare(o, negated))
    return False


def _conditional(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> Diffs:
    """`if`/`then`/`else`: with the same `if`, each branch must accept what the writer's did."""
    ro, ru = o.raw, u.raw
    then_o, then_u = ro.get("then", True), ru.get("then", True)
    else_o, else_u = ro.get("else", True), ru.get("else", True)
    same_if = canonical(ro.get("if")) == canonical(ru.get("if")) and o.doc.judge == u.doc.judge
    pairs = [("then", then_o, then_u), ("else", else_o, else_u)]
    if same_if:
        for word, a, b in pairs:
            found = w.sub(a, b, o, u, at(o.ptr, word), at(u.ptr, word))
            if not w.compatible(found):
                extra.append(
                    Difference("CONDITIONAL_NARROWED", word, at(o.ptr, word), _kw(u, word))
                )
        if not extra and (then_o, else_o) != (then_u, else_u):
            extra.append(Difference("CONDITIONAL_EXTENDED", "", o.ptr, u.ptr))
        return out
    # another condition: safe when whichever branch the writer took fits either reader branch
    for a_word, a in (("then", then_o), ("else", else_o)):
        for b_word, b in (("then", then_u), ("else", else_u)):
            found = w.sub(a, b, o, u, at(o.ptr, a_word), at(u.ptr, b_word))
            if not w.compatible(found):
                extra.append(Difference("CONDITIONAL_CHANGED", "if", _kw(o, "if"), _kw(u, "if")))
                return out
    extra.append(Difference("CONDITIONAL_EXTENDED", "", o.ptr, u.ptr))
    return out


def _conditions(node: Node) -> list[Node]:
    if node.kind is Kind.CONDITIONAL:
        return [node]
    return [s for s in node.subs if s.kind is Kind.CONDITIONAL] if node.synthetic else []


def _conjuncts(w: Walker, o: Node, u: Node, out: Diffs) -> Diffs | None:
    """The writer against each keyword of a reader that has several (`allOf` of its parts).

    A `not` holds when the writer shares no value with its schema; `if`/`then`/`else` when the
    writer fits both branches. None: keep Confluent's verdict (it already breaks, and ours too).
    """
    found = [d for d in out if d.rule in METADATA]
    conditional = False
    for part in u.subs:
        if part.kind is Kind.CONDITIONAL:
            conditional = True
            found.extend(_condition_added(w, o, part))
        elif part.kind is Kind.NOT:
            negated = w.r.node(part.negated, at(part.ptr, "not"), part.doc)
            if not disjoint(w.w, o, negated):
                found.append(Difference("NOT_TYPE_EXTENDED", "not", o.ptr, at(part.ptr, "not")))
        else:
            found.extend(w.compare(o, part))
    if conditional or w.compatible(found):
        return found
    return None


def _condition_added(w: Walker, o: Node, cond: Node) -> Diffs:
    """The reader adds `if`/`then`/`else`: the writer must fit both branches."""
    raw = cond.raw
    if "if" in raw:
        for word in ("then", "else"):
            if word in raw:
                branch = w.r.node(raw[word], at(cond.ptr, word), cond.doc)
                if not w.compatible(w.compare(o, branch)):
                    return [Difference("CONDITIONAL_ADDED", word, o.ptr, at(cond.ptr, word))]
    return []


def _kw(node: Node, word: str) -> str:
    return at(node.ptr, word) if isinstance(node.raw, dict) and word in node.raw else node.ptr


# ---------------------------------------------------------------------------------- numbers

Bound = tuple[Fraction, bool] | None  # (limit, exclusive); None: unbounded


def _numbers(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> Diffs:
    """Effective bounds, draft-04's boolean exclusive flags included, compared exactly: as
    `jsonschema` compares them, on the values themselves (an int past a float's range too)."""
    kept = out
    for side, stems in (
        ("low", ("MINIMUM_", "EXCLUSIVE_MINIMUM_")),
        ("high", ("MAXIMUM_", "EXCLUSIVE_MAXIMUM_")),
    ):
        a, b = _bound(o, side), _bound(u, side)
        if a is _UNKNOWN or b is _UNKNOWN:
            continue
        fits = _fits(a, b, side, o.integer)
        if fits:  # Confluent compares each keyword alone; the range as a whole is what counts
            kept = [d for d in kept if not (d.rule.startswith(stems) and d.rule not in w.ok)]
        elif all(not d.rule.startswith(stems) or d.rule in w.ok for d in kept):
            word = "minimum" if side == "low" else "maximum"
            rule = "LOWER_BOUND_NARROWED" if side == "low" else "UPPER_BOUND_NARROWED"
            extra.append(Difference(rule, word, _kw(o, word), _kw(u, word)))
    return kept


_UNKNOWN: Any = object()


def _bound(node: Node, side: str) -> Any:
    raw = node.raw if isinstance(node.raw, dict) else {}
    plain, excl = (
        ("minimum", "exclusiveMinimum") if side == "low" else ("maximum", "exclusiveMaximum")
    )
    flag = raw.get(excl)
    draft4 = isinstance(flag, bool) and _draft4(node)
    found: Bound = None
    for word, exclusive in ((plain, draft4 and flag is True), (excl, True)):
        value = raw.get(word)
        if word == excl and draft4:
            continue
        if value is None:
            continue
        if isinstance(value, bool):
            # a boolean where the draft wants a number (`validate` refuses it): the validator
            # compares with it all the same, as Python does, as the number 0 or 1
            value = int(value)
        limit = exact(value)
        if limit is None:  # not a number, or NaN or infinity: no exact bound to compare
            return _UNKNOWN
        candidate = (limit, bool(exclusive))
        found = candidate if found is None else _tighter(found, candidate, side)
    return found


def _draft4(node: Node) -> bool:
    """Judged by draft-04's (or -03's) validator: boolean exclusive flags modify the bound."""
    return node.doc.judge in ("Draft3Validator", "Draft4Validator")


def _tighter(
    a: tuple[Fraction, bool], b: tuple[Fraction, bool], side: str
) -> tuple[Fraction, bool]:
    if a[0] == b[0]:
        return (a[0], a[1] or b[1])
    higher = a if a[0] > b[0] else b
    lower = b if higher is a else a
    return higher if side == "low" else lower


def _fits(writer: Bound, reader: Bound, side: str, integer: bool) -> bool:
    """Every number the writer's bound allows passes the reader's bound."""
    if reader is None:
        return True
    if writer is None:
        return False
    limit, exclusive = writer
    if integer:  # the writer's extreme integer, inclusive
        if side == "low":
            limit = Fraction(
                floor(limit) + 1 if exclusive and limit == floor(limit) else ceil(limit)
            )
        else:
            limit = Fraction(
                ceil(limit) - 1 if exclusive and limit == ceil(limit) else floor(limit)
            )
        exclusive = False
    r_limit, r_exclusive = reader
    if side == "low":
        return limit > r_limit or (limit == r_limit and (exclusive or not r_exclusive))
    return limit < r_limit or (limit == r_limit and (exclusive or not r_exclusive))


def _strings(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> Diffs:
    """A reader `pattern` that matches every string (`a*`, unanchored) constrains nothing."""
    if universal(u.pattern):
        return [d for d in out if not (d.rule.startswith("PATTERN_") and d.rule not in w.ok)]
    return out


def universal(pattern: Any) -> bool:
    """Whether a pattern surely matches every string: it matches "" and has no anchor."""
    if not isinstance(pattern, str) or any(t in pattern for t in ("^", "$", "\\b", "\\B", "(?")):
        return False
    try:
        return re.search(pattern, "") is not None
    except re.error:
        return False


_HANDLERS = {
    Kind.STRING: _strings,
    Kind.OBJECT: objects,
    Kind.ARRAY: contains,
    Kind.CONDITIONAL: _conditional,
    Kind.NUMBER: _numbers,
}
