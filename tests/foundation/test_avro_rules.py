"""Each Avro rule with a schema that breaks it (code and pointer) and one that keeps it.

Every row was a false negative or false positive before `_schema/avro_check.py`: fastavro,
which the checks used to lean on, lets them through or wrongly rejects them.
"""

from __future__ import annotations

from typing import Any

import pytest

from event_contracts._schema.avro import canonical_and_fingerprint, check


def rec(*fields: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    return {"type": "record", "name": "R", "namespace": "n", "fields": list(fields), **attrs}


def field(ftype: Any, **attrs: Any) -> dict[str, Any]:
    return {"name": "f", "type": ftype, **attrs}


ENUM = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
FIXED2 = {"type": "fixed", "name": "F", "size": 2}
INNER = {"type": "record", "name": "In", "fields": [{"name": "a", "type": "int"}]}

INVALID: list[tuple[str, Any, str, str]] = [
    # defaults, checked all the way down (fastavro checks only the top level)
    ("int default true", rec(field("int", default=True)), "AVRO_BAD_DEFAULT", "/fields/0/default"),
    ("int default 2^31", rec(field("int", default=2**31)), "AVRO_BAD_DEFAULT", "/fields/0/default"),
    # a number a float (or double) would hold as infinity: JSON has none, so it is a mistake
    (
        "float default 1e39",
        rec(field("float", default=1e39)),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "float default -1e39",
        rec(field("float", default=-1e39)),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "float default 10^40",
        rec(field("float", default=10**40)),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "double default 10^400",
        rec(field("double", default=10**400)),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "float in a union's first branch",
        rec(field(["float", "double"], default=1e300)),
        "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH",
        "/fields/0/default",
    ),
    (
        "float array item",
        rec(field({"type": "array", "items": "float"}, default=[1.0, 4e38])),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "long default 2^63",
        rec(field("long", default=2**63)),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "double default string",
        rec(field("double", default="1.5")),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "double default NaN text",
        rec(field("double", default="NaN")),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "bytes default > \\u00ff",
        rec(field("bytes", default="\u20ac")),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "fixed default length",
        rec(field(FIXED2, default="a")),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    ("enum field default", rec(field(ENUM, default="C")), "AVRO_BAD_DEFAULT", "/fields/0/default"),
    (
        "array item default",
        rec(field({"type": "array", "items": "int"}, default=["x"])),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "map value default",
        rec(field({"type": "map", "values": "int"}, default={"k": 1.5})),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "record default lacks field",
        rec(field(INNER, default={})),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "record default by reference",
        rec(field(INNER), {"name": "g", "type": "In", "default": {"a": "x"}}),
        "AVRO_BAD_DEFAULT",
        "/fields/1/default",
    ),
    (
        "union default, second branch",
        rec(field(["null", "int"], default=1)),
        "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH",
        "/fields/0/default",
    ),
    (
        "union default, no branch",
        rec(field(["null", "int"], default="x")),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    (
        "nested union first branch",
        rec(field({"type": "array", "items": ["null", "int"]}, default=[1])),
        "AVRO_BAD_DEFAULT",
        "/fields/0/default",
    ),
    # unions
    ("union null twice", rec(field(["null", "null"])), "AVRO_BAD_UNION", "/fields/0/type/1"),
    (
        "union two arrays",
        rec(field([{"type": "array", "items": "int"}, {"type": "array", "items": "long"}])),
        "AVRO_BAD_UNION",
        "/fields/0/type/1",
    ),
    (
        "union logical twin",
        rec(field(["int", {"type": "int", "logicalType": "date"}])),
        "AVRO_BAD_UNION",
        "/fields/0/type/1",
    ),
    ("union named twice", rec(field([ENUM, "E"])), "AVRO_BAD_UNION", "/fields/0/type/1"),
    ("union in union", rec(field(["null", ["int", "long"]])), "AVRO_BAD_UNION", "/fields/0/type/1"),
    # names and namespaces
    (
        "primitive as name",
        {"type": "enum", "name": "int", "symbols": ["A"]},
        "AVRO_BAD_NAME",
        "/name",
    ),
    ("bad namespace", rec(namespace="1n"), "AVRO_BAD_NAME", "/namespace"),
    ("namespace with empty part", rec(namespace="a..b"), "AVRO_BAD_NAME", "/namespace"),
    (
        "name with empty part",
        {"type": "fixed", "name": "a..F", "size": 1},
        "AVRO_BAD_NAME",
        "/name",
    ),
    (
        "non-ASCII field name",
        rec({"name": "größe", "type": "int"}),
        "AVRO_BAD_NAME",
        "/fields/0/name",
    ),
    ("bad alias", rec(aliases=["1old"]), "AVRO_BAD_NAME", "/aliases/0"),
    ("aliases not a list", rec(aliases="Old"), "AVRO_INVALID", "/aliases"),
    ("bad field alias", rec(field("int", aliases=["a b"])), "AVRO_BAD_NAME", "/fields/0/aliases/0"),
    (
        "redefined type",
        rec(field(ENUM), {"name": "g", "type": dict(ENUM)}),
        "AVRO_DUPLICATE_NAME",
        "/fields/1/type/name",
    ),
    ("unknown type", rec(field("Missing")), "AVRO_UNKNOWN_TYPE", "/fields/0/type"),
    (
        "short name from another namespace",
        rec(field({**ENUM, "namespace": "other"}), {"name": "g", "type": "E"}),
        "AVRO_UNKNOWN_TYPE",
        "/fields/1/type",
    ),
    (
        "named type in a type object",
        rec(field(ENUM), {"name": "g", "type": {"type": "E"}}),
        "AVRO_UNKNOWN_TYPE",
        "/fields/1/type/type",
    ),
    (
        # Java falls back to the null namespace here; the specification, Apache's Python parser
        # and fastavro (our runtime) do not, so the reference cannot be resolved.
        "null-namespace type by short name inside a namespace",
        rec(field({**ENUM, "namespace": ""}), {"name": "g", "type": "E"}),
        "AVRO_UNKNOWN_TYPE",
        "/fields/1/type",
    ),
    # attributes
    ("field order", rec(field("int", order="up")), "AVRO_INVALID", "/fields/0/order"),
    ("doc not a string", rec(doc=5), "AVRO_INVALID", "/doc"),
    ("field doc not a string", rec(field("int", doc=["x"])), "AVRO_INVALID", "/fields/0/doc"),
    ("fixed size negative", {"type": "fixed", "name": "F", "size": -1}, "AVRO_INVALID", "/size"),
    ("fixed size text", {"type": "fixed", "name": "F", "size": "4"}, "AVRO_INVALID", "/size"),
    # JSON true is not an integer (Python's bool is; Apache's Python parser accepts it, Java not)
    ("fixed size true", {"type": "fixed", "name": "F", "size": True}, "AVRO_INVALID", "/size"),
    (
        "decimal precision true",
        {"type": "bytes", "logicalType": "decimal", "precision": True},
        "AVRO_BAD_LOGICAL_TYPE",
        "/precision",
    ),
    (
        "logical type on an array",
        {"type": "array", "items": "int", "logicalType": "date"},
        "AVRO_BAD_LOGICAL_TYPE",
        "/type",
    ),
    ("record without fields", {"type": "record", "name": "R"}, "AVRO_INVALID", ""),
    # Apache's Python parser does not register error names, so misses this; Java does not
    (
        "error name reused",
        rec(
            {"name": "e", "type": {"type": "error", "name": "X", "fields": []}},
            {"name": "g", "type": {"type": "fixed", "name": "X", "size": 1}},
        ),
        "AVRO_DUPLICATE_NAME",
        "/fields/1/type/name",
    ),
    ("enum without symbols", {"type": "enum", "name": "E"}, "AVRO_INVALID", ""),
    ("array without items", rec(field({"type": "array"})), "AVRO_INVALID", "/fields/0/type"),
    # logical types that readers would silently drop
    (
        "uuid fixed size",
        {"type": "fixed", "name": "U", "size": 15, "logicalType": "uuid"},
        "AVRO_BAD_LOGICAL_TYPE",
        "/size",
    ),
    (
        "duration size",
        {"type": "fixed", "name": "D", "size": 16, "logicalType": "duration"},
        "AVRO_BAD_LOGICAL_TYPE",
        "/size",
    ),
    (
        "nanos on int",
        {"type": "int", "logicalType": "timestamp-nanos"},
        "AVRO_BAD_LOGICAL_TYPE",
        "/type",
    ),
    (
        "decimal scale float",
        {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 1.5},
        "AVRO_BAD_LOGICAL_TYPE",
        "/scale",
    ),
    (
        "decimal on fixed 0",
        {"type": "fixed", "name": "D", "size": 0, "logicalType": "decimal", "precision": 1},
        "AVRO_BAD_LOGICAL_TYPE",
        "/precision",
    ),
]

VALID: list[tuple[str, Any]] = [
    # false positives of fastavro's default check
    ("int default for {type: float}", rec(field({"type": "float"}, default=0))),
    ("int default for double", rec(field("double", default=7))),
    ("largest float default", rec(field("float", default=3.4028234663852886e38))),
    ("float default rounded to the largest", rec(field("float", default=3.40282356e38))),
    ("double default 1e308", rec(field("double", default=1e308))),
    (
        "double branch after float takes 1e300 in data",
        rec(field(["double", "float"], default=1e300)),
    ),
    ("bytes default \\u0000-\\u00ff", rec(field("bytes", default="\u0000\u00ff"))),
    ("fixed default of code points", rec(field(FIXED2, default="\u00e9\u00ff"))),
    (
        "record default filled by field default",
        rec(field({**INNER, "fields": [{"name": "a", "type": "int", "default": 1}]}, default={})),
    ),
    ("union default, first named branch", rec(field([ENUM, "null"], default="A"))),
    (
        "decimal default as bytes",
        rec(field({"type": "bytes", "logicalType": "decimal", "precision": 4}, default="\u0001")),
    ),
    ("enum with default", {**ENUM, "default": "B"}),
    # names
    (
        "fullname ignores namespace",
        {"type": "fixed", "name": "a.b.F", "namespace": "1 bad", "size": 1},
    ),
    (
        "primitive name in a namespace (Apache's own example)",
        {"type": "enum", "name": "ns.int", "symbols": ["A"]},
    ),
    (
        "nested types inherit the namespace",
        rec(field(ENUM), {"name": "g", "type": "n.E"}, {"name": "h", "type": "E"}),
    ),
    (
        "a fullname sets the nested namespace",
        {
            "type": "record",
            "name": "a.b.R",
            "fields": [field(ENUM), {"name": "g", "type": "a.b.E"}],
        },
    ),
    (
        "recursive reference",
        {
            "type": "record",
            "name": "Node",
            "fields": [{"name": "next", "type": ["null", "Node"], "default": None}],
        },
    ),
    (
        "two records of one name in different namespaces",
        rec(field({**INNER, "namespace": "x"}), {"name": "g", "type": {**INNER, "namespace": "y"}}),
    ),
    (
        "names that are keywords elsewhere",
        {"type": "enum", "name": "record", "symbols": ["default", "class", "int"]},
    ),
    ("aliases with fullnames", rec(aliases=["Old", "org.old.Old"])),
    ("order ignore", rec(field("int", order="ignore"))),
    (
        "empty enum and union",
        rec(field({"type": "enum", "name": "E", "symbols": []}), {"name": "g", "type": []}),
    ),
    ("fixed of size 0", {"type": "fixed", "name": "F", "size": 0}),
    (
        "an error type is a record",
        {"type": "error", "name": "Oops", "fields": [{"name": "next", "type": ["null", "Oops"]}]},
    ),
    ("fixed has no doc attribute", {"type": "fixed", "name": "F", "size": 1, "doc": 5}),
    # logical types of Avro 1.12 that older parsers do not know
    ("uuid on fixed 16", {"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}),
    ("duration", {"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"}),
    ("timestamp-nanos", {"type": "long", "logicalType": "timestamp-nanos"}),
    ("local-timestamp-nanos", {"type": "long", "logicalType": "local-timestamp-nanos"}),
    ("big-decimal", {"type": "bytes", "logicalType": "big-decimal"}),
    ("unknown logical type is ignored", {"type": "string", "logicalType": "iso-8601"}),
    ("logicalType on a field is a plain property", rec(field("string", logicalType="uuid-ish"))),
]


@pytest.mark.parametrize(
    ("case", "schema", "code", "pointer"), INVALID, ids=[r[0] for r in INVALID]
)
def test_each_rule_is_enforced_at_its_place(
    case: str, schema: Any, code: str, pointer: str
) -> None:
    issues = check(schema)
    assert [(i.code, i.pointer) for i in issues][:1] == [(code, pointer)], [
        (i.code, i.pointer, i.message) for i in issues
    ]
    assert all(i.message and i.fix for i in issues)


@pytest.mark.parametrize(("case", "schema"), VALID, ids=[r[0] for r in VALID])
def test_valid_schemas_raise_no_false_alarm(case: str, schema: Any) -> None:
    assert [(i.code, i.pointer, i.message) for i in check(schema)] == []
    canonical_and_fingerprint(schema)  # and the loader can fingerprint it


def test_a_primitive_name_always_means_the_primitive() -> None:
    """Inside namespace n, "int" is the primitive even when n.int is defined (Java, fastavro and
    the specification; Apache's Python parser resolves it to n.int instead)."""
    schema = rec(
        field({"type": "record", "name": "int", "fields": []}),
        {"name": "g", "type": "int", "default": 5},
    )
    assert check(schema) == []


def test_an_empty_namespace_is_the_null_namespace() -> None:
    schema = rec(field({**ENUM, "namespace": ""}))
    assert check(schema) == []
    assert '"name":"E"' in canonical_and_fingerprint(schema)[0]


def test_the_union_message_names_the_fix() -> None:
    [issue] = check(rec(field(["null", "string"], default="x")))
    assert "first branch" in issue.message
    assert "reorder the union" in issue.fix
