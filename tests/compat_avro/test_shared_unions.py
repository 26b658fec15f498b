"""A union unchanged between two versions is still resolved by Avro's first match.

A reader resolves a writer's union branch to the first branch of its own union that matches
(records by unqualified name, numbers and strings by promotion), so in `[p.S, q.S]` data of
`q.S` is read as `p.S`, and in `["string", "bytes"]` bytes are read as a string, however
unchanged the union, once anything else in the schema changed. The verdict is the one an
edited union gets, and the counterexample really fails in fastavro.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from hypothesis import given
from hypothesis import strategies as st

from event_contracts import check_compatibility
from event_contracts._compat.avro_names import clear_cache, index
from event_contracts._compat.avro_rules import pick_branch
from event_contracts._compat.avro_self import shadowed_branch

S_P = {"type": "record", "name": "S", "namespace": "p", "fields": [{"name": "x", "type": "int"}]}
S_Q = {"type": "record", "name": "S", "namespace": "q", "fields": [{"name": "y", "type": "string"}]}


def versions(union: Any, *, recursive: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """v1 with field `u` of type `union`; v2 the same plus a defaulted field."""
    fields: list[dict[str, Any]] = [{"name": "u", "type": union}]
    if recursive:
        fields.append({"name": "next", "type": ["null", "demo.Tree"], "default": None})
    v1 = {"type": "record", "name": "Tree", "namespace": "demo", "fields": fields}
    v2 = {**v1, "fields": [*fields, {"name": "z", "type": "int", "default": 0}]}
    return v1, v2


def fastavro_reads(writer: Any, reader: Any, datum: Any) -> bool:
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(writer), datum)
    buf.seek(0)
    try:
        schemaless_reader(buf, parse_schema(writer), parse_schema(reader))
    except Exception:
        return False
    return True


@pytest.mark.parametrize("recursive", [False, True])
@pytest.mark.parametrize("text", [True, False])
def test_an_unchanged_union_of_two_records_named_alike_breaks_a_changed_schema(
    recursive: bool, text: bool
) -> None:
    v1, v2 = versions([S_P, S_Q], recursive=recursive)
    clear_cache()
    pair = (json.dumps(v1), json.dumps(v2)) if text else (v1, v2)
    result = check_compatibility(*pair, mode="FULL", format="avro")
    assert not result.compatible
    assert {f.rule for f in result.findings} == {"READER_FIELD_MISSING_DEFAULT"}
    for f in result.findings:
        assert "data of `q.S` is read as `p.S`" in f.message
        writer, reader = (v1, v2) if f.direction == "backward" else (v2, v1)
        assert f.counterexample is not None
        datum = {**f.counterexample, "u": ("q.S", f.counterexample["u"]["q.S"])}
        assert not fastavro_reads(writer, reader, datum)


def test_an_unchanged_union_listing_string_before_bytes_breaks_a_changed_schema() -> None:
    v1, v2 = versions(["null", "string", "bytes"])
    result = check_compatibility(json.dumps(v1), json.dumps(v2), mode="FULL", format="avro")
    assert {f.rule for f in result.findings} == {"BYTES_TO_STRING"}
    assert not fastavro_reads(v1, v2, {"u": b"\xff"})


def test_an_unchanged_union_that_promotes_stays_compatible() -> None:
    """`long` data read through `["float", "long"]` becomes a float: allowed by the spec."""
    v1, v2 = versions(["float", "long"])
    assert check_compatibility(
        json.dumps(v1), json.dumps(v2), mode="FULL", format="avro"
    ).compatible


def test_one_schema_against_itself_is_compatible_whatever_its_unions() -> None:
    """Readers do not resolve a schema against itself: the same text is compatible."""
    v1, _ = versions([S_P, S_Q], recursive=True)
    assert check_compatibility(
        json.dumps(v1), json.dumps(v1), mode="FULL", format="avro"
    ).compatible


_BRANCHES = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
    {"type": "array", "items": "int"}, {"type": "map", "values": "string"},
    S_P, S_Q, {"type": "enum", "name": "S", "namespace": "r", "symbols": ["A"]},
    {"type": "fixed", "name": "F", "namespace": "a", "size": 4},
    {"type": "fixed", "name": "F", "namespace": "b", "size": 8},
    {"type": "fixed", "name": "F", "namespace": "c", "size": 8},
    {"type": "record", "name": "T", "namespace": "p", "aliases": ["S"], "fields": []},
    {"type": "record", "name": "U", "namespace": "p", "aliases": ["q.S"], "fields": []},
]  # fmt: skip


@given(st.lists(st.sampled_from(range(len(_BRANCHES))), unique=True, min_size=1, max_size=8))
def test_the_shadowed_branch_is_the_first_match_avro_takes(picked: list[int]) -> None:
    """The table look-up gives what trying every earlier branch (`pick_branch`) gives."""
    union = [_BRANCHES[i] for i in picked]
    kinds = [b if isinstance(b, str) else b["type"] for b in union]
    if len([k for k in kinds if k in ("array", "map")]) != len(
        {k for k in kinds if k in ("array", "map")}
    ):
        return
    schema = {
        "type": "record",
        "name": "R",
        "namespace": "z",
        "fields": [{"name": "u", "type": union}],
    }
    node = index(schema).root.field_refs[0][1]
    expected = next(
        ((j, i) for i, b in enumerate(node.branches) if (j := pick_branch(node, b)) != i), None
    )
    assert shadowed_branch(node) == expected


def _reachable(root: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            todo += list(node.branches) + [ref[1] for ref in node.field_refs]
            todo += [node.items] if node.items is not None else []
    return list(seen.values())


def _settled_against_walks(schema: Any) -> None:
    """Each answer the parser settled (True) is what a walk from scratch finds, with no
    settled answer of any other node to lean on."""
    from event_contracts._compat.avro_self import reads_itself

    clear_cache()
    nodes = [n for n in _reachable(index(schema).root) if n.kind in _HOLDERS]
    settled = {id(n): n.reads_self for n in nodes}
    for node in nodes:
        if settled[id(node)] is None:
            continue
        for other in nodes:
            other.reads_self = None
        assert reads_itself(node) is settled[id(node)]


_HOLDERS = ("record", "union", "array", "map")


def test_the_parser_never_settles_a_type_holding_a_shadowed_union() -> None:
    v1, _ = versions([S_P, S_Q])
    v1["fields"].append({"name": "o", "type": ["null", {"type": "array", "items": "int"}]})
    clear_cache()
    root = index(v1).root
    assert root.reads_self is None  # left for a walk, which finds the shadowed branch
    _settled_against_walks(v1)


@given(st.data())
def test_what_parsing_settles_is_what_a_walk_finds(data: st.DataObject) -> None:
    from .strategies import schemas

    _settled_against_walks(data.draw(schemas()))
