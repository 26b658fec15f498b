"""Hypothesis strategies for hostile input: schema texts, event.toml and pyproject values,
payload bytes and Kafka headers. Each draws mostly from what broke something once (deep
nesting, huge numbers, lone surrogates, negative indexes, zero-width items claiming millions),
mixed with random values, so a new crash shows up without being written down first."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

from .wire import write

# --- values -------------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ud800",
        "\udfff",
        '"""',
        "\\",
        "\\u0000",
        "'''",
        "\n\r\t",
        "é中😀",
        "../../etc/passwd",
        "/etc",
        "-",
        "--",
        "9" * 5000,
        "x" * 10_000,
        "${HOME}",
        "{{x}}",
        "__import__('os')",
        "\u202e",
    ]
)
TEXT = st.text(max_size=12) | NASTY_TEXT
NUMBERS = (
    st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1])
    | st.floats(allow_nan=True, allow_infinity=True)
)
HUGE = "__5000_digit_integer__"
"""Drawn as a string, written as 5,000 digits (hypothesis cannot print such an int)."""
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | TEXT | st.just(HUGE),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=10,
)


def json_text(value: Any) -> str:
    """JSON text for any value drawn here: NaN and infinities as Python writes them, integers
    of any length, lone surrogates as `\\ud800` escapes (as an editor would save them)."""
    return json.dumps(value, allow_nan=True).replace(json.dumps(HUGE), "9" * 5000)


# --- schema texts ---------------------------------------------------------------------------

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]


@st.composite
def avro_types(draw: st.DrawFn, depth: int = 0) -> Any:
    """Avro types, valid or nearly so, with hostile extremes: deep arrays, wide unions,
    odd enums and decimals, random defaults."""
    # mostly shapes validate accepts, so generate and the runtime see them too
    n = draw(st.sampled_from([0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7] if depth < 3 else [1]))
    name = f"T{depth}{draw(st.integers(0, 9999))}"
    if n == 0:
        return draw(st.sampled_from(PRIMITIVES) | TEXT)
    if n == 1:
        return draw(st.sampled_from(PRIMITIVES))
    if n == 2:
        inner: Any = draw(st.sampled_from(PRIMITIVES))
        for _ in range(draw(st.sampled_from([1, 2, 50, 150, 199, 201, 260]))):
            inner = {"type": "array", "items": inner}
        return inner
    if n == 3:
        size = draw(st.sampled_from([0, 1, 2, 65, 300]))
        branches = [{"type": "record", "name": f"{name}R{i}", "fields": []} for i in range(size)]
        return ["null", *branches] if draw(st.booleans()) else branches
    if n == 4:
        names = st.sampled_from(["A", "B", "C", "D"])
        symbols = draw(st.lists(names, min_size=1, max_size=4, unique=True) | st.lists(TEXT))
        return {"type": "enum", "name": name, "symbols": symbols}
    if n == 5:
        precision = draw(st.integers(1, 40) | st.sampled_from([0, 10**6, -1, 2**31]) | NUMBERS)
        return {"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": 0}
    if n == 6:
        return {"type": "map", "values": draw(avro_types(depth + 1))}
    fields = [
        {"name": draw(TEXT | st.just("f")), "type": draw(avro_types(depth + 1))}
        for _ in range(draw(st.integers(0, 3)))
    ]
    record: dict[str, Any] = {"type": "record", "name": name, "fields": fields}
    if draw(st.booleans()):
        record["doc"] = draw(TEXT)
    return record


@st.composite
def avro_schema_texts(draw: st.DrawFn) -> str:
    """A catalog.Thing v1.avsc: a record of hostile field types, or random JSON, or a
    mutation of the text (deep nesting, huge integers, truncation)."""
    fields = [
        {"name": f"f{i}", "type": draw(avro_types()), **draw(_maybe_default())}
        for i in range(draw(st.integers(0, 3)))
    ]
    schema: dict[str, Any] = {"type": "record", "name": "Thing", "namespace": "catalog"}
    schema["fields"] = fields
    if draw(st.booleans()):
        schema["doc"] = draw(TEXT)
    choice = draw(st.sampled_from([0, 1, 2, 3, 4, 4, 4, 4, 4, 4]))
    if choice == 0:
        return json_text(draw(JSON_VALUES))
    text = json_text(schema)
    if choice == 1:
        depth = draw(st.sampled_from([500, 5_000, 100_000]))
        return "[" * depth + "]" * depth
    if choice == 2:
        return text.replace(
            '"fields": [',
            '"x": ' + "9" * draw(st.sampled_from([4300, 4301, 9000])) + ', "fields": [',
            1,
        )
    if choice == 3:
        return text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def _maybe_default(draw: st.DrawFn) -> dict[str, Any]:
    return {"default": draw(JSON_VALUES)} if draw(st.integers(0, 4)) == 0 else {}


JSON_KEYWORDS = [
    "type",
    "properties",
    "items",
    "required",
    "enum",
    "const",
    "pattern",
    "patternProperties",
    "multipleOf",
    "maxLength",
    "minimum",
    "uniqueItems",
    "$ref",
    "$defs",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "format",
    "default",
    "description",
]


@st.composite
def json_schema_texts(draw: st.DrawFn) -> str:
    """A catalog.Thing v1.json: JSON Schema keywords with random values, deep nesting."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thing",
        "type": "object",
    }
    props = draw(
        st.dictionaries(
            TEXT,
            st.dictionaries(st.sampled_from(JSON_KEYWORDS), JSON_VALUES, max_size=3),
            max_size=3,
        )
    )
    schema["properties"] = props
    depth = draw(st.sampled_from([0, 0, 10, 150, 400]))
    node = schema
    for _ in range(depth):
        child: dict[str, Any] = {"type": "object", "properties": {}}
        node.setdefault("properties", {})["a"] = child
        node = child
    return json_text(schema)


# --- TOML -------------------------------------------------------------------------------------

TOML_VALUES = st.recursive(
    st.booleans() | NUMBERS | TEXT | st.just(HUGE),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def toml_value(value: Any) -> str:
    """TOML source for a value (inline tables and arrays; strings as JSON-escaped basic
    strings, which TOML reads the same way, lone surrogates included as escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == HUGE:
        return "9" * 5000
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else "inf"
            if value > 0 and math.isinf(value)
            else ("-inf" if math.isinf(value) else repr(value))
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_table(values: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in values.items())


EVENT_KEYS = ["description", "subscribers", "mode", "policy", "supersedes", "deprecated"]
EVENT_TOMLS = st.dictionaries(
    st.sampled_from(EVENT_KEYS) | TEXT,
    TOML_VALUES
    | st.sampled_from(["orders", "catalog.Thing", "catalog.Gone", "BACKWARD", "NONE", "LENIENT"])
    | st.lists(st.sampled_from(["orders", "nobody", ""]), max_size=3),
    max_size=5,
).map(toml_table)

PYPROJECT_KEYS = [
    "schemas",
    "package",
    "package-dir",
    "main-branch",
    "default-mode",
    "modes",
    "jsonschema-policy",
    "modules",
]
PYPROJECT_TABLES = st.dictionaries(
    st.sampled_from(PYPROJECT_KEYS) | TEXT,
    TOML_VALUES
    | st.sampled_from(["schemas", "/etc", "../..", "src/../..", "/tmp/x", ".", "src", "a\\b"]),
    max_size=4,
).map(
    lambda table: (
        '[project]\nname = "p"\nversion = "0"\n\n[tool.event-contracts]\n' + toml_table(table)
    )
)


# --- payloads ---------------------------------------------------------------------------------


def zigzag(n: int) -> bytes:
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z > 0x7F:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """`valid` with a few bytes flipped, inserted, deleted, or a varint spliced in."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 3))
        if kind == 0 and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif kind == 2:
            del data[at : at + draw(st.integers(1, 8))]
        else:
            data[at:at] = zigzag(draw(st.sampled_from([-1, -5, 2**24, 2**62, -(2**62), 2**31])))
    return bytes(data)


@st.composite
def hostile_orders(draw: st.DrawFn, schema: Any, record: dict[str, Any]) -> bytes:
    """OrderPlaced-shaped Avro with out-of-range enum indexes and over-long decimals."""
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        changes["channel"] = draw(st.integers(-(2**31), 2**31 - 1))
    if draw(st.booleans()):
        changes["total"] = draw(st.binary(max_size=40)) * draw(st.sampled_from([1, 1, 1000]))
    return write(schema, {**record, **changes})


HEADER_VALUES = (
    st.none()
    | st.binary(max_size=20)
    | TEXT
    | st.integers()
    | st.just(b"urn:event-contracts:orders.OrderPlaced:v" + b"9" * 5000)
    | st.sampled_from([b"1.0", b"application/avro", b"application/cloudevents+json"])
)
HEADER_NAMES = (
    st.sampled_from(["ce_specversion", "ce_type", "ce_dataschema", "ce_id", "content-type"])
    | TEXT
    | st.binary(max_size=8)
    | st.none()
    | st.integers()
)
HEADERS = (
    st.none()
    | st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6)
    | st.lists(HEADER_VALUES | st.tuples(HEADER_NAMES) | st.lists(HEADER_VALUES), max_size=3)
    | st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=4)
    | st.integers()
    | TEXT
    | st.binary(max_size=8)
)
