"""Hypothesis strategies: random JSON Schemas (2020-12, or draft-07) and documents near them,
and the judge.

`schemas()` draws an object schema built from typed leaves (integer, number, string with
bounds, patterns and the formats uuid/date-time/date, boolean, null, enum, const), arrays
(bounds, `uniqueItems`), nested objects (open or closed, required or optional, defaults on
optional properties, `dependentRequired` or `dependencies`), `anyOf`/`oneOf`, `allOf` of
objects, `not`, `$ref`s into `$defs`, and leaves, objects and arrays without their `type`.
`documents(schema)` draws JSON values that are mostly valid and often just wrong (a bound
crossed, a format bent, an item repeated, a required property missing, an extra one).

`judge(schema)` is the reference: `jsonschema`'s validator of the schema's draft, with its own
format checker (RFC 3339 via
rfc3339-validator, RFC 4122 via `uuid.UUID`), with two documented corrections where it departs
from the specification: `multipleOf` divides exactly in decimal (jsonschema divides floats, so
`3` would not be a multiple of `0.1`), and the RFC 3339 leap second `23:59:60Z` is a date-time.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Any

import jsonschema
from hypothesis import strategies as st
from jsonschema.validators import extend
from rfc3339_validator import validate_rfc3339

UUIDS = [
    "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21", "6F1C2F0E-2B6A-4C55-9F1E-0D7C4A5B3E21",
    "00000000-0000-0000-0000-000000000000", "6f1c2f0e2b6a4c559f1e0d7c4a5b3e21",
    "{6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21}", "urn:uuid:6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21",
    "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e2", "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e2g",
]  # fmt: skip
DATE_TIMES = [
    "2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00", "2020-01-01t00:00:00z",
    "2020-01-01T00:00:00.1234567Z", "2016-12-31T23:59:60Z", "1999-12-31T23:59:59.5-08:30",
    "2020-01-01 00:00:00Z", "2020-01-01T00:00Z", "2020-01-01T00:00:00+0530",
    "2020-01-01T00:00:00", "2020-02-30T00:00:00Z", "2020-01-01T23:58:60Z",
    "2020-01-01T24:00:00Z", "2020-01-01", "0000-01-01T00:00:00Z", "2020-01-01T00:00:00-00:00",
]  # fmt: skip
DATES = ["2020-01-01", "2024-02-29", "2021-02-29", "2020-1-01", "2020-01-01T00:00:00Z", "20200101"]
PATTERNS = ["^[a-z]+$", "b", "^x?$", "[0-9]{2}"]
STEPS = [0.1, 0.25, 0.5, 2, 3, 0.01]
_LEAP = re.compile(r".*T23:59:60(\.\d+)?Z", re.IGNORECASE)

_TEXT = st.text(alphabet="abxyz019 -", max_size=6)
_NUMBERS = st.one_of(
    st.integers(-20, 20),
    st.sampled_from([0.1, 0.3, 0.35, 1.0, 2.5, -0.0, 1e308, 10.25, 7.0, 3.0000000000000004]),
    st.floats(-1e6, 1e6, allow_nan=False),
)


# --- schemas -----------------------------------------------------------------------------
def _integer(draw: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if draw(st.booleans()):
        schema["minimum"] = draw(st.integers(-5, 5))
    if draw(st.booleans()):
        schema["exclusiveMaximum"] = draw(st.integers(6, 30))
    if draw(st.integers(0, 3)) == 0:
        schema["multipleOf"] = draw(st.sampled_from(STEPS))
    return schema


def _number(draw: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number"}
    if draw(st.booleans()):
        schema["maximum"] = draw(st.sampled_from([0, 2.5, 100]))
    if draw(st.booleans()):
        schema["exclusiveMinimum"] = draw(st.sampled_from([-1, 0.5]))
    if draw(st.integers(0, 2)) == 0:
        schema["multipleOf"] = draw(st.sampled_from(STEPS))
    return schema


def _string(draw: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    kind = draw(st.sampled_from(["plain", "bounded", "pattern", "uuid", "date-time", "date"]))
    if kind == "bounded":
        schema["minLength"] = draw(st.integers(0, 2))
        schema["maxLength"] = draw(st.integers(2, 5))
    elif kind == "pattern":
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
    elif kind != "plain":
        schema["format"] = kind
    return schema


@st.composite
def _leaf(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["integer", "number", "string", "string", "other"]))
    if kind == "integer":
        return _integer(draw)
    if kind == "number":
        return _number(draw)
    if kind == "string":
        return _string(draw)
    return draw(
        st.sampled_from(
            [
                {"type": "boolean"}, {"type": "null"}, {"type": ["string", "null"]},
                {"enum": ["RED", "GREEN", "BLUE"]}, {"enum": ["A", None]}, {"const": 1},
                {"const": "fixed"}, {"enum": [1, True, "1"]}, {}, {"type": ["integer", "string"]},
                {"format": "uuid"}, {"format": "date-time"},
            ]
        )
    )  # fmt: skip


def _object(children: st.SearchStrategy[Any], *, top: bool = False) -> st.SearchStrategy[Any]:
    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        names = draw(st.lists(st.sampled_from(["a", "b", "cD", "e_f", "g"]), unique=True,
                              min_size=1 if top else 0, max_size=4))  # fmt: skip
        props = {name: draw(children) for name in names}
        required = [n for n in names if draw(st.booleans())]
        for name in names:  # defaults on optional properties only (see the module docstring)
            if name not in required and draw(st.integers(0, 4)) == 0:
                default = draw(documents(props[name], depth=1))
                props[name] = {**props[name], "default": default}
        schema: dict[str, Any] = {"type": "object", "properties": props, "required": required}
        closed = draw(st.sampled_from([True, False, None]))
        if closed is not None:
            schema["additionalProperties"] = not closed
        if names and draw(st.integers(0, 4)) == 0:
            # which of the two a validator applies depends on the draft (`schemas` draws it)
            word = draw(st.sampled_from(["dependentRequired", "dependencies"]))
            schema[word] = {draw(st.sampled_from(names)): [draw(st.sampled_from(names))]}
        return schema

    return build()


def _bounded_array(items: Any, lo: int, unique: bool) -> dict[str, Any]:
    return {"type": "array", "items": items, "minItems": lo, "maxItems": lo + 3,
            "uniqueItems": unique}  # fmt: skip


def _combined(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(lambda a, b: {"anyOf": [a, b]}, children, children),
        st.builds(lambda a, b: {"oneOf": [a, b]}, children, children),
        st.builds(lambda a: {"type": "array", "items": a}, children),
        st.builds(_bounded_array, children, st.integers(0, 2), st.booleans()),
        _object(children),
        st.builds(lambda a, b: {"allOf": [a, b]}, _object(children), _object(children)),
        st.builds(lambda a, b: {**a, "not": b}, children, _leaf()),
        st.just({"$ref": "#/$defs/shared"}),
        st.builds(_untyped, st.one_of(_leaf(), _object(children), _combined_array(children))),
    )


def _combined_array(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.builds(_bounded_array, children, st.integers(0, 2), st.booleans())


def _untyped(schema: Any) -> Any:
    """`schema` without its `type`: its keywords then apply to their own types only, and every
    other JSON type passes (`{"minLength": 2}` accepts 5)."""
    return {k: v for k, v in schema.items() if k != "type"} if isinstance(schema, dict) else schema


DRAFTS = ("https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#")


@st.composite
def schemas(draw: Any) -> dict[str, Any]:
    """An event schema: an object at the top, `$defs/shared` for references; 2020-12 or, one
    time in four, draft-07 (the two drafts a schema file may declare)."""
    tree = st.recursive(_leaf(), _combined, max_leaves=6)
    shared = draw(st.one_of(_leaf(), _object(_leaf())))
    body = draw(_object(tree, top=True))
    draft = DRAFTS[1] if draw(st.integers(0, 3)) == 0 else DRAFTS[0]
    return {"$schema": draft, **body, "$defs": {"shared": shared}}


# --- documents near a schema ---------------------------------------------------------------
def documents(
    schema: Any, root: Any = None, depth: int = 0, *, near: bool = True
) -> st.SearchStrategy[Any]:
    """JSON values for `schema`: mostly valid, often just wrong."""
    root = schema if root is None else root
    wild = st.one_of(st.none(), st.booleans(), _NUMBERS, _TEXT, st.just([]), st.just({}))
    if depth > 4 or not isinstance(schema, dict):
        return wild
    if "$ref" in schema:
        target = root.get("$defs", {}).get(schema["$ref"].rsplit("/", 1)[-1], {})
        return documents(target, root, depth + 1)
    options: list[st.SearchStrategy[Any]] = [wild] if near else []
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            if key == "allOf":
                merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
                for part in schema[key]:
                    merged["properties"].update(part.get("properties", {}))
                    merged["required"] += part.get("required", [])
                options.append(documents(merged, root, depth + 1))
            else:
                options += [documents(s, root, depth + 1) for s in schema[key]]
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if isinstance(values, list) and values:
        options.append(st.sampled_from(values))
        options.append(st.sampled_from([_twin(v) for v in values]))
    kinds = schema.get("type")
    if kinds is None and any(k in schema for k in _TYPED_KEYWORDS):
        kinds = ["null", "boolean", "integer", "number", "string", "array", "object"]
    if kinds is None and "format" in schema:
        kinds = ["string", "integer"]
    for kind in kinds if isinstance(kinds, list) else [kinds] if kinds else []:
        options.append(_typed(kind, schema, root, depth))
    if not options:
        return wild
    return st.one_of(*options)


_TYPED_KEYWORDS = (
    "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
)  # fmt: skip


def _twin(value: Any) -> Any:
    """A value Python calls equal, or nearly: JSON may not (1.0 for 1, 1 for true)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str):
        return value.lower() if value != value.lower() else value.upper()
    return value


def _typed(kind: str, schema: dict[str, Any], root: Any, depth: int) -> st.SearchStrategy[Any]:
    if kind == "integer":
        return st.one_of(st.integers(-10, 40), st.sampled_from([1.0, 2.5, 10**20, True]))
    if kind == "number":
        return _NUMBERS
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string":
        pool = {"uuid": UUIDS, "date-time": DATE_TIMES, "date": DATES}.get(schema.get("format"))
        return st.sampled_from(pool) if pool else _TEXT
    if kind == "array":
        item = documents(schema.get("items", {}), root, depth + 1)
        lo = schema.get("minItems", 0)
        values = st.lists(item, min_size=max(0, lo - 1), max_size=schema.get("maxItems", 3) + 1)
        return st.one_of(values, values.map(lambda v: v + v[:1]))  # repeat an item
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    body = st.fixed_dictionaries(
        {k: documents(v, root, depth + 1) for k, v in props.items() if k in required},
        optional={
            **{k: documents(v, root, depth + 1) for k, v in props.items() if k not in required},
            "extra": _TEXT,
        },
    )
    return body


# --- the judge -------------------------------------------------------------------------------
def _exact_multiple_of(validator: Any, step: Any, instance: Any, _: Any) -> Any:
    if validator.is_type(instance, "number"):
        with localcontext(prec=1000):  # every double's quotient fits: exact
            remainder = Decimal(repr(instance)) % Decimal(repr(step))
        if remainder != 0:
            yield jsonschema.ValidationError(f"{instance!r} is not a multiple of {step}")


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time")
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _LEAP.fullmatch(value):  # RFC 3339 5.7: the leap second, as the last second of a UTC day
        value = value[:17] + "59" + value[19:]
    return bool(validate_rfc3339(value.upper()))


_JUDGES = {
    draft: extend(cls, {"multipleOf": _exact_multiple_of})
    for draft, cls in zip(
        DRAFTS, (jsonschema.Draft202012Validator, jsonschema.Draft7Validator), strict=True
    )
}


def judge(schema: dict[str, Any]) -> Any:
    """The validator of the schema's draft (2020-12 unless it says draft-07), exact multipleOf."""
    declared = schema.get("$schema") if isinstance(schema, dict) else None
    return _JUDGES.get(declared, _JUDGES[DRAFTS[0]])(schema, format_checker=FORMATS)


def same(out: Any, doc: Any) -> bool:
    """Type for type equality of JSON values (an integral float read as `integer` may come
    back as an int: the same JSON number; an int never comes back as a float)."""
    if isinstance(doc, bool) or isinstance(out, bool):
        return type(out) is type(doc) and out == doc
    if isinstance(doc, float) and isinstance(out, int):
        return doc.is_integer() and out == doc
    if isinstance(doc, dict):
        return (
            isinstance(out, dict)
            and out.keys() == doc.keys()
            and all(same(out[k], doc[k]) for k in doc)
        )
    if isinstance(doc, list):
        return isinstance(out, list) and len(out) == len(doc) and all(map(same, out, doc))
    return type(out) is type(doc) and out == doc
