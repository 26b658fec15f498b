"""Sound rules for objects: `required` names, `propertyNames`, `patternProperties`.

Confluent compares `required` only for properties both schemas declare, never compares
`propertyNames`, and uses `patternProperties` only to cover added or removed properties. Here
each keyword keeps its meaning in the specification:

- `required` applies to any name, declared or not, and a `default` does not fill it in;
- `propertyNames` applies to every name of the instance, declared properties included;
- `patternProperties` applies to every name a pattern matches, declared or not, and
  `additionalProperties` only to names no pattern (and no `properties` entry) matches. Two
  patterns overlap unless they provably cannot match one name (two different literal prefixes).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from event_contracts._compat.json_diff import Difference, Diffs, at, kw
from event_contracts._compat.json_nodes import Node, canonical
from event_contracts._compat.json_sets import valid

if TYPE_CHECKING:
    from event_contracts._compat.json_walk import Walker

_ANY_STRING: dict[str, Any] = {"type": "string"}
_SPECIAL = set("\\.^$*+?()[]{}|")


def objects(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> Diffs:
    out = [d for d in out if not _still_open(u, d)]
    out = _unreachable(w, out, o, u)
    out = [d for d in out if not _dependency_met(w, o, u, d)]
    _required(w, out, o, u, extra)
    _property_names(w, o, u, extra)
    _patterns(w, o, u, extra)
    _added_outside_patterns(w, o, u, extra)
    return out


def _unreachable(w: Walker, out: Diffs, o: Node, u: Node) -> Diffs:
    """Drop Confluent's findings about names the writer's `propertyNames` never lets it send."""
    pn_w = o.raw.get("propertyNames")
    if _empty(pn_w) or not out:
        return out

    def never(name: str) -> bool:
        return valid(o.doc, pn_w, name) is False

    finite = _listed(pn_w)
    covered = finite is not None and all(
        name in u.properties or any(_search(p, name) for p, _ in u.pattern_props)
        for name in finite
        if not never(name)
    )
    kept: Diffs = []
    for d in out:
        parts = d.path.split("/")
        if d.rule not in w.ok and not d.rule.startswith("REQUIRED"):
            if parts[0] == "properties" and len(parts) > 1 and never(parts[1]):
                continue  # the writer never sends this name
            if parts[0] == "additionalProperties" and covered:
                continue  # every name the writer may send is declared by the reader
        kept.append(d)
    return kept


def _never_sent(o: Node, name: str) -> bool:
    """The writer never sends property `name`."""
    if o.properties.get(name, True) is False:
        return True
    pn_w = o.raw.get("propertyNames")
    if not _empty(pn_w) and valid(o.doc, pn_w, name) is False:
        return True
    return name not in o.properties and _closed(o)


def _dependency_met(w: Walker, o: Node, u: Node, d: Difference) -> bool:
    """A reader's new dependency that every writer document already meets."""
    if d.rule in w.ok or not d.rule.startswith("DEPENDENCY_"):
        return False
    name = d.path.removeprefix("dependencies/")
    if "/" in name or not d.path.startswith("dependencies/"):
        return False
    if _never_sent(o, name):
        return True
    if d.rule.startswith("DEPENDENCY_ARRAY"):
        return set(u.prop_deps.get(name, ())) <= o.required
    if d.rule == "DEPENDENCY_SCHEMA_ADDED" and name in u.schema_deps:
        target = w.r.node(u.schema_deps[name], d.reader_ptr or u.ptr, u.doc)
        return w.compatible(w.compare(o, target))
    return False


def _listed(schema: Any) -> list[str] | None:
    """The names a `propertyNames` schema lists (`enum`/`const`), if it lists them."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema and isinstance(schema["const"], str):
        return [schema["const"]]
    values = schema.get("enum")
    if isinstance(values, list):
        return [v for v in values if isinstance(v, str)]
    return None


def _still_open(u: Node, d: Difference) -> bool:
    """A property removed where the reader's patterns leave any value allowed: not breaking."""
    if d.rule != "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" or not d.path.startswith(
        "properties/"
    ):
        return False
    name = d.path.removeprefix("properties/")
    if "/" in name or not u.permits_additional or u.additional is not None or u.uneval is not None:
        return False
    return not any(_search(p, name) for p, _ in u.pattern_props)


# ---------------------------------------------------------------------------------- required


def _required(w: Walker, out: Diffs, o: Node, u: Node, extra: Diffs) -> None:
    flagged = {d.path for d in out if d.rule not in w.ok}
    for name in sorted(u.required - o.required):
        in_o, in_u = name in o.properties, name in u.properties
        raw = u.properties.get(name)
        default = isinstance(raw, dict) and "default" in raw
        if in_u and not default and (in_o or f"properties/{name}" in flagged):
            continue  # Confluent's own rule reports it
        rule = "REQUIRED_WITH_DEFAULT_ADDED" if default else "REQUIRED_NAME_ADDED"
        o_ptr = at(o.ptr, "properties", name) if in_o else kw(o, "required") or o.ptr
        extra.append(Difference(rule, f"required/{name}", o_ptr, _required_at(u, name)))


def _required_at(node: Node, name: str) -> str:
    listed = node.raw.get("required", []) if isinstance(node.raw, dict) else []
    return at(node.ptr, "required", listed.index(name)) if name in listed else node.ptr


# ---------------------------------------------------------------------------------- names


def _empty(raw: Any) -> bool:
    return raw is None or raw is True or raw == {}


def _closed(node: Node) -> bool:
    """No name past the declared ones: `additionalProperties: false` and no patterns."""
    return not node.permits_additional and not node.pattern_props


def _property_names(w: Walker, o: Node, u: Node, extra: Diffs) -> None:
    pn_w, pn_r = o.raw.get("propertyNames"), u.raw.get("propertyNames")
    changed = canonical(pn_w) != canonical(pn_r)
    r_ptr = at(u.ptr, "propertyNames")
    if _empty(pn_r):
        if changed:
            extra.append(
                Difference(
                    "PROPERTY_NAMES_EXTENDED",
                    "propertyNames",
                    kw(o, "propertyNames"),
                    kw(u, "propertyNames"),
                )
            )
        return
    if not changed:
        return  # every name the writer sends already passed the same schema
    start = len(extra)
    for name, raw in o.properties.items():  # names the writer declares and may send
        if raw is False or (not _empty(pn_w) and valid(o.doc, pn_w, name) is False):
            continue
        if valid(u.doc, pn_r, name) is not True:
            seg = f"properties/{name}"
            extra.append(
                Difference(
                    "PROPERTY_NAMES_REJECTS_DECLARED", seg, at(o.ptr, "properties", name), r_ptr
                )
            )
    if not _closed(o):  # and any other name its `propertyNames` allows
        raw_w = _ANY_STRING if _empty(pn_w) else pn_w
        w_ptr = at(o.ptr, "propertyNames") if not _empty(pn_w) else o.ptr
        found = w.compare(w.w.node(raw_w, w_ptr, o.doc), w.r.node(pn_r, r_ptr, u.doc))
        if not w.compatible(found):
            extra.append(
                Difference(
                    "PROPERTY_NAMES_NARROWED", "propertyNames", kw(o, "propertyNames"), r_ptr
                )
            )
    if len(extra) == start:
        extra.append(
            Difference("PROPERTY_NAMES_EXTENDED", "propertyNames", kw(o, "propertyNames"), r_ptr)
        )


# ---------------------------------------------------------------------------------- patterns


def _search(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True  # a pattern Python cannot read may match: assume it does


def _literal_prefix(pattern: str) -> str | None:
    """The literal text every match starts with, for a pattern anchored with `^`."""
    if not pattern.startswith("^"):
        return None
    out = ""
    for i, ch in enumerate(pattern[1:], start=1):
        if ch in _SPECIAL:
            if ch in "*?{" and out:
                out = out[:-1]  # the character before is optional or repeated
            elif ch == "|":
                return None  # an alternative: no common prefix
            return out
        out += ch
        del i
    return out


def _literal_whole(pattern: str) -> str | None:
    """The one name a pattern `^literal$` matches."""
    if pattern.startswith("^") and pattern.endswith("$"):
        body = pattern[1:-1]
        if body and not any(ch in _SPECIAL for ch in body):
            return body
    return None


def disjoint_patterns(p: str, q: str) -> bool:
    """True only when no name can match both patterns."""
    if p == q:
        return False
    for x, y in ((p, q), (q, p)):
        whole = _literal_whole(x)
        if whole is not None:
            return not _search(y, whole)
    a, b = _literal_prefix(p), _literal_prefix(q)
    if a is not None and b is not None:
        n = min(len(a), len(b))
        return a[:n] != b[:n]
    return False


def _rest(node: Node) -> Any:
    """The schema for names no pattern matches: raw schema, True (anything) or None (none)."""
    if node.additional is not None:
        return node.additional
    return True if node.permits_additional else None


def _patterns(w: Walker, o: Node, u: Node, extra: Diffs) -> None:
    wp, rp = dict(o.pattern_props), dict(u.pattern_props)
    if not wp and not rp:
        return
    start = len(extra)

    def fits(a: Any, b: Any, a_ptr: str, b_ptr: str) -> bool:
        return w.compatible(w.sub(a, b, o, u, a_ptr, b_ptr))

    def w_at(p: str) -> str:
        return at(o.ptr, "patternProperties", p)

    def r_at(p: str) -> str:
        return at(u.ptr, "patternProperties", p)

    for name, raw in o.properties.items():  # reader patterns over names the writer declares
        if raw is False:
            continue
        for p, schema in rp.items():
            if not _search(p, name):
                continue
            seg = f"properties/{name}"
            if p in wp and w.compatible(w.sub(wp[p], schema, o, u, w_at(p), r_at(p))):
                continue  # the writer applies the same pattern to this name
            if not fits(raw, schema, at(o.ptr, "properties", name), r_at(p)):
                extra.append(
                    Difference(
                        "PATTERN_PROPERTY_REJECTS_DECLARED",
                        seg,
                        at(o.ptr, "properties", name),
                        r_at(p),
                    )
                )
    for p, schema in rp.items():  # reader patterns over names the writer does not declare
        seg = f"patternProperties/{p}"
        if p in wp:
            if not fits(wp[p], schema, w_at(p), r_at(p)):
                extra.append(Difference("PATTERN_PROPERTY_NARROWED", seg, w_at(p), r_at(p)))
            continue
        sources = [(w_at(q), wp[q]) for q in wp if not disjoint_patterns(p, q)]
        rest = _rest(o)
        if rest is not None:
            sources.append((kw(o, "additionalProperties") or o.ptr, rest))
        for ptr, raw in sources:
            if not fits(raw, schema, ptr, r_at(p)):
                extra.append(Difference("PATTERN_PROPERTY_ADDED", seg, ptr, r_at(p)))
                break
    for q, schema in wp.items():  # writer patterns the reader no longer has
        if q in rp:
            continue
        seg = f"patternProperties/{q}"
        targets = [(r_at(p), rp[p]) for p in rp if not disjoint_patterns(p, q)]
        rest = _rest(u)
        targets.append((kw(u, "additionalProperties") or u.ptr, False if rest is None else rest))
        for ptr, raw in targets:
            if not fits(schema, raw, w_at(q), ptr):
                extra.append(Difference("PATTERN_PROPERTY_REMOVED", seg, w_at(q), ptr))
                break
    if len(extra) == start and canonical(wp) != canonical(rp):
        extra.append(
            Difference(
                "PATTERN_PROPERTIES_EXTENDED",
                "patternProperties",
                kw(o, "patternProperties"),
                kw(u, "patternProperties"),
            )
        )


def _added_outside_patterns(w: Walker, o: Node, u: Node, extra: Diffs) -> None:
    """A property the reader declares where the writer allows anything: no pattern covers it."""
    if not o.pattern_props or not o.permits_additional or o.additional is not None:
        return  # open (Confluent's rule) or closed or covered by a schema (Confluent's rule)
    if o.uneval is not None:
        return
    for name, raw in u.properties.items():
        if name in o.properties or any(_search(p, name) for p, _ in o.pattern_props):
            continue
        u_ptr = at(u.ptr, "properties", name)
        found = w.sub(True, raw, o, u, o.ptr, u_ptr)
        if not w.compatible(found):
            extra.append(
                Difference("PROPERTY_ADDED_OUTSIDE_PATTERNS", f"properties/{name}", o.ptr, u_ptr)
            )
