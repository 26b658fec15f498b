"""Checked from text, the new schema reuses the old schema's nodes for what did not change.

What is reused must mean the same: JSON `==` equates 1, 1.0 and true, and a name means the
type it resolves to where it is used. Reference: the same pair given as decoded values (never
reused between the two), and each schema parsed alone (cache cleared in between).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts import CompatResult, SchemaError, check_compatibility
from event_contracts._compat.avro_names import clear_cache

from .strategies import evolutions, schemas


def report(result: CompatResult) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.direction, f.pointer, f.message, f.fix, json.dumps(f.counterexample))
        for f in result.findings
    ]


def outcome(old: Any, new: Any, *, text: bool, cold: bool = True) -> Any:
    if cold:
        clear_cache()
    pair = (json.dumps(old), json.dumps(new)) if text else (old, new)
    try:
        return report(check_compatibility(*pair, mode="FULL", format="avro"))
    except SchemaError as exc:
        return str(exc)


def same_from_text_and_values(old: Any, new: Any) -> Any:
    expected = outcome(old, new, text=False)
    assert outcome(old, new, text=True) == expected
    assert outcome(old, new, text=True, cold=False) == expected
    return expected


def record(*fields: dict[str, Any], name: str = "Order") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "shop", "fields": list(fields)}


def decimal(precision: Any) -> dict[str, Any]:
    return {"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": 0}


def fixed(size: Any) -> dict[str, Any]:
    return {"type": "fixed", "name": "Id", "size": size}


@pytest.mark.parametrize(("was", "now"), [(5, 5.0), (1, True)])
def test_a_decimal_precision_that_is_not_an_integer_is_not_reused(was: int, now: Any) -> None:
    old = record({"name": "price", "type": {"type": "array", "items": decimal(was)}})
    new = record({"name": "price", "type": {"type": "array", "items": decimal(now)}})
    assert old == new  # JSON equality cannot tell them apart
    found = same_from_text_and_values(old, new)
    if type(now) is float:  # 5.0 is no precision: the logical type is dropped
        assert {f[0] for f in found} == {"LOGICAL_TYPE_CHANGED"}


def test_a_fixed_size_that_is_not_an_integer_is_not_reused() -> None:
    old, new = record({"name": "id", "type": fixed(4)}), record({"name": "id", "type": fixed(4.0)})
    assert old == new
    found = same_from_text_and_values(old, new)
    assert {(f[0], f[2]) for f in found} == {("FIXED_SIZE_MISMATCH", "/fields/0/type/size")}


@pytest.mark.parametrize("default", [1.0, True])
def test_a_nested_default_that_is_not_an_integer_is_not_reused(default: Any) -> None:
    def line(value: Any) -> dict[str, Any]:
        count = {"name": "count", "type": "int", "default": value}
        return record({"name": "sku", "type": "string"}, count, name="Line")

    old = record({"name": "line", "type": line(1)})
    new = record({"name": "line", "type": line(default)})
    assert old == new
    same_from_text_and_values(old, new)
    # The new schema's nodes, cached by its text, serve its next check: against a version
    # without the field, where the reader fills it in with its own default.
    without = record(
        {"name": "line", "type": record({"name": "sku", "type": "string"}, name="Line")}
    )
    clear_cache()
    check_compatibility(json.dumps(old), json.dumps(new), mode="FULL", format="avro")
    warm = check_compatibility(json.dumps(without), json.dumps(new), mode="BACKWARD")
    cold = outcome(without, new, text=False)
    assert report(warm) == [f for f in cold if f[1] == "backward"]
    assert [f.rule for f in warm.findings] == ["READER_DEFAULT_INVALID"]


def test_a_type_that_refers_to_a_name_defined_elsewhere_is_not_reused() -> None:
    def version(symbols: list[str]) -> dict[str, Any]:
        status = {"type": "enum", "name": "Status", "symbols": symbols}
        return record(
            {"name": "status", "type": status},
            {"name": "history", "type": {"type": "array", "items": "Status"}},
        )

    found = same_from_text_and_values(version(["NEW", "PAID"]), version(["NEW"]))
    assert ("ENUM_SYMBOL_MISSING", "backward", "/fields/0/type/symbols") in [f[:3] for f in found]
    assert len(found) == 2  # both uses of Status: reached through both fields


def test_a_reused_type_defined_twice_is_the_same_error_as_parsed() -> None:
    def line(name: str) -> dict[str, Any]:
        return record({"name": "sku", "type": "string"}, name=name)

    old = record({"name": "a", "type": line("Other")}, {"name": "b", "type": line("Line")})
    new = record({"name": "a", "type": line("Line")}, {"name": "b", "type": line("Line")})
    error = same_from_text_and_values(old, new)
    assert "defined twice" in error and "/fields/1/type/name" in error


def test_a_type_defined_twice_is_reported_at_its_name_cold_or_cached() -> None:
    line = record({"name": "sku", "type": "string"}, name="Line")
    earlier = record({"name": "line", "type": line})
    twice = record({"name": "line", "type": line}, name="Line")  # the root is `Line` too
    errors = []
    for cached in (False, True):
        clear_cache()
        if cached:  # the nested `Line` of an earlier schema, kept for reuse
            check_compatibility(earlier, earlier, mode="FULL", format="avro")
        with pytest.raises(SchemaError) as caught:
            check_compatibility(twice, twice, mode="FULL", format="avro")
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert "/fields/0/type/name" in errors[0] and "defined twice" in errors[0]


def test_an_unchanged_field_type_is_one_node_in_both_versions() -> None:
    from event_contracts._compat.avro_names import index_text

    status = {"type": "enum", "name": "Status", "symbols": ["NEW"]}
    old = record({"name": "status", "type": status})
    new = record({"name": "status", "type": status}, {"name": "note", "type": "string"})
    clear_cache()
    old_i = index_text(json.dumps(old), lambda: old)
    new_i = index_text(json.dumps(new), lambda: new, old_i)
    assert new_i.names["shop.Status"] is old_i.names["shop.Status"]
    assert new_i.root is not old_i.root


def _numbers_retyped(schema: Any, draw: st.DrawFn) -> Any:
    """`schema` with some integers as floats or booleans (JSON-equal, not the same)."""
    out = copy.deepcopy(schema)
    pending = [out]
    while pending:
        node = pending.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if type(value) is int and draw(st.booleans()):
                as_bool = [bool(value)] if value in (0, 1) else []
                node[key] = draw(st.sampled_from([float(value), *as_bool]))
            elif isinstance(value, (dict, list)):
                pending.append(value)
    return out


@st.composite
def pairs_with_retyped_numbers(draw: st.DrawFn) -> tuple[Any, Any]:
    old = draw(schemas())
    new = draw(st.one_of(st.just(old), evolutions(old)))
    return old, _numbers_retyped(new, draw)


def _both_ways(pair: tuple[Any, Any]) -> None:
    old, new = pair
    same_from_text_and_values(old, new)
    same_from_text_and_values(new, old)


@given(pairs_with_retyped_numbers())
def test_text_and_decoded_values_give_the_same_report(pair: tuple[Any, Any]) -> None:
    _both_ways(pair)


@pytest.mark.slow
@settings(max_examples=1500)
@given(pairs_with_retyped_numbers())
def test_slow_text_and_decoded_values_give_the_same_report(pair: tuple[Any, Any]) -> None:
    _both_ways(pair)


@pytest.mark.parametrize(
    ("default", "retyped", "reused"),
    [
        ([1], [1], True),
        ([1], [1.0], False),  # an array default: the numbers in it are not placed one by one
        ({"n": 1}, {"n": True}, False),
        (1, 1, True),
        (1, 1.0, False),  # a number default: its type is checked where it was read
        (0, False, False),
        ([], [], True),
    ],
)
def test_a_nested_default_is_taken_only_with_its_numbers_typed_alike(
    default: Any, retyped: Any, reused: bool
) -> None:
    from event_contracts._compat.avro_names import index_text

    def inner(value: Any) -> dict[str, Any]:
        field = {"name": "xs", "type": ["null", "long", {"type": "array", "items": "long"}]}
        if isinstance(value, dict):
            field["type"] = {"type": "map", "values": "long"}
        field["default"] = value
        return {"type": "record", "name": "Inner", "fields": [field]}

    old = record({"name": "inner", "type": inner(default)})
    new = record({"name": "inner", "type": inner(retyped)})
    clear_cache()
    old_i = index_text(json.dumps(old), lambda: old)
    new_i = index_text(json.dumps(new) + " ", lambda: new, old_i)
    assert (new_i.names["shop.Inner"] is old_i.names["shop.Inner"]) is reused
    # A schema parsed from the new one's text then (as a `like` of its own) reuses alike.
    newer_i = index_text(json.dumps(new) + "  ", lambda: copy.deepcopy(new), new_i)
    assert newer_i.names["shop.Inner"] is new_i.names["shop.Inner"]
    same_from_text_and_values(old, new)
    same_from_text_and_values(new, old)


def test_a_type_with_numbers_read_alike_is_taken() -> None:
    """Numbers of the same types (a decimal without a scale, a fixed's size): the type is
    taken from the other schema, not parsed again."""
    from event_contracts._compat.avro_names import index_text

    inner = {
        "type": "record",
        "name": "Inner",
        "fields": [
            {"name": "d", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9}},
            {"name": "f", "type": {"type": "fixed", "name": "F", "size": 4}},
            {"name": "n", "type": "long", "default": 3},
        ],
    }
    old = record({"name": "inner", "type": inner})
    new = record({"name": "inner", "type": copy.deepcopy(inner)}, {"name": "x", "type": "int"})
    clear_cache()
    old_i = index_text(json.dumps(old), lambda: old)
    new_i = index_text(json.dumps(new), lambda: new, old_i)
    assert new_i.names["shop.Inner"] is old_i.names["shop.Inner"]
    assert new_i.names["shop.F"] is old_i.names["shop.F"]


@given(pairs_with_retyped_numbers())
def test_the_count_of_numbers_read_is_the_number_of_reads(pair: tuple[Any, Any]) -> None:
    """The parser keeps `numbers` as `len(reads)` (a reused type's reads are sliced by it)."""
    from event_contracts._compat.avro_names import _Parser, index_text

    old, new = pair
    clear_cache()
    try:
        like = index_text(json.dumps(old), lambda: copy.deepcopy(old))
    except SchemaError:
        return
    for parser in (_Parser(), _Parser(like, share=False)):
        try:
            parser.parse(copy.deepcopy(new), "", "")
        except SchemaError:
            continue
        assert parser.numbers == len(parser.reads)
