"""The independent verdict: Apache Avro's own parser (Python package `avro`), plus the rules of
the Avro 1.12 specification that this parser does not enforce, checked on ITS parse tree.

Where Apache's Python parser is laxer than the specification (and Java):
- it never validates field defaults ("TODO" in avro/schema.py); Java does (validateDefaults is
  on by default since 1.9), so defaults are judged here on Apache's resolved types;
- it does not check field names, aliases or `doc` types, nor the same named type listed twice
  in a union;
- it only warns (IgnoredLogicalType) on an invalid logical type and falls back to the plain
  type, as Java does; event-contracts rejects these on purpose (issue #2: "invalid logical type
  parameters"), so such a warning counts as invalid here, except for logical types it does not
  know at all ("Unknown ..."), which the specification says to ignore.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import avro.errors
import avro.schema

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = (-(2**31), 2**31 - 1)
_LONG = (-(2**63), 2**63 - 1)


def apache_verdict(schema: Any) -> str | None:
    """None if valid; otherwise why (as Apache Avro plus the specification see it)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parsed = avro.schema.parse(json.dumps(schema))
        except Exception as exc:  # Apache raises several types, even TypeError on odd input
            return f"apache: {type(exc).__name__}: {exc}"
    for w in caught:
        text = str(w.message)
        if issubclass(w.category, avro.errors.IgnoredLogicalType) and not text.startswith(
            "Unknown"
        ):
            return f"apache ignores an invalid logical type: {text}"
    return _spec_extras(parsed, set())


def _spec_extras(s: Any, seen: set[int]) -> str | None:
    if id(s) in seen:
        return None
    seen.add(id(s))
    why = _named_attrs(s)
    if why:
        return why
    kind = s.type
    if kind in ("record", "error"):
        for f in s.fields:
            if not _NAME.match(f.name):
                return f"field name {f.name!r}"
            aliases = f.get_prop("aliases")
            if aliases is not None and not (
                isinstance(aliases, list) and all(_is_name(a) for a in aliases)
            ):
                return f"field aliases {aliases!r}"
            if f.doc is not None and not isinstance(f.doc, str):
                return f"field doc {f.doc!r}"
            why = _spec_extras(f.type, seen)
            if why:
                return why
            if f.has_default and not valid_default(f.type, f.default):
                return f"default {f.default!r} of field {f.name!r}"
    elif kind == "array":
        return _spec_extras(s.items, seen)
    elif kind == "map":
        return _spec_extras(s.values, seen)
    elif kind == "union":
        names = [b.fullname for b in s.schemas if isinstance(b, avro.schema.NamedSchema)]
        if len(names) != len(set(names)):
            return f"named type twice in a union: {names}"
        for b in s.schemas:
            why = _spec_extras(b, seen)
            if why:
                return why
    return None


def _named_attrs(s: Any) -> str | None:
    if not isinstance(s, avro.schema.NamedSchema):
        return None
    aliases = s.get_prop("aliases")
    if aliases is not None and not (
        isinstance(aliases, list) and all(_is_fullname(a) for a in aliases)
    ):
        return f"aliases {aliases!r}"
    doc = s.get_prop("doc")
    if doc is not None and not isinstance(doc, str):
        return f"doc {doc!r}"
    return None


def valid_default(s: Any, v: Any) -> bool:
    """Java's Schema.isValidDefault, with the specification's first-branch rule for unions."""
    kind = s.type
    number = isinstance(v, (int, float)) and not isinstance(v, bool)
    if kind == "union":
        return bool(s.schemas) and valid_default(s.schemas[0], v)
    if kind == "null":
        return v is None
    if kind == "boolean":
        return isinstance(v, bool)
    if kind in ("int", "long"):
        lo, hi = _INT if kind == "int" else _LONG
        return number and isinstance(v, int) and lo <= v <= hi
    if kind in ("float", "double"):
        return number
    if kind == "string":
        return isinstance(v, str)
    if kind == "bytes":
        return isinstance(v, str) and all(ord(c) < 256 for c in v)
    if kind == "fixed":
        return isinstance(v, str) and all(ord(c) < 256 for c in v) and len(v) == s.size
    if kind == "enum":
        return isinstance(v, str) and v in s.symbols
    if kind == "array":
        return isinstance(v, list) and all(valid_default(s.items, x) for x in v)
    if kind == "map":
        return isinstance(v, dict) and all(valid_default(s.values, x) for x in v.values())
    if kind in ("record", "error"):
        return isinstance(v, dict) and all(
            valid_default(f.type, v[f.name]) if f.name in v else f.has_default for f in s.fields
        )
    return False


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and _NAME.match(value) is not None


def _is_fullname(value: Any) -> bool:
    return isinstance(value, str) and all(_NAME.match(p) for p in value.split("."))
