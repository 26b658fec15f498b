"""Regression tests, through the public API, for every way Avro values once came back changed.

Each class of defect gets an event type in one generated project: optional arrays, recursive
records, fields named like builtins, named defaults across namespaces, unions of records (and
of a map and a record), union branches lost on re-encode, JSON of Avro events, evolution
(aliases, bytes/fixed/decimal defaults, a union default on a logical branch) and timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import uuid
from decimal import Decimal
from typing import Any

import fastavro
import pytest
from pydantic import ValidationError
from tests.codegen.helpers import import_generated, make_project, run_cli

from event_contracts import ContractError, DecodeError, decode, encode

NS = "ex"


def _ev(name: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": NS, "fields": list(fields)}


def _rec(name: str, *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": list(fields), **extra}


def _f(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def _lt(base: str, logical: str) -> dict[str, Any]:
    return {"type": base, "logicalType": logical}


ENUM = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}
BASE = [_f("x", "int"), _f("y", "int")]
SCHEMAS: dict[str, Any] = {
    "OptionalArray": [
        _ev("OptionalArray", _f("a", ["null", {"type": "array", "items": "string"}]))
    ],
    "LinkedList": [
        _ev(
            "LinkedList",
            _f("head", _rec("Node", _f("value", "int"), _f("next", ["null", "Node"]))),
        )
    ],
    "Builtins": [
        _ev(
            "Builtins",
            _f("str", "string", default="s"),
            _f("tuple", {"type": "array", "items": "int"}, default=[]),
            _f("m", {"type": "map", "values": "string"}),
        )
    ],
    "CrossNamespace": [
        _ev(
            "CrossNamespace",
            _f(
                "outer",
                _rec(
                    "Outer",
                    _f("color", ENUM),
                    _f("inner", _rec("Inner", _f("color", "Color"))),
                    namespace="other",
                ),
            ),
            _f("copy", "other.Inner", default={"color": "GREEN"}),
        )
    ],
    "Unions": [
        _ev(
            "Unions",
            _f("r", [_rec("A", _f("x", "int")), _rec("B", _f("x", "int"))]),
            _f("m", [{"type": "map", "values": "int"}, _rec("C", _f("x", "int"))]),
            _f("n", ["double", "int"]),
            _f("t", [_lt("int", "time-millis"), _lt("long", "time-micros")]),
            _f("e", ["null", _lt("string", "uuid"), ENUM]),
            _f("d", [_lt("int", "date"), "string"]),
        )
    ],
    "Evolved": [
        _ev("Evolved", *BASE),
        _ev(
            "Evolved",
            _f("z", "int", aliases=["x"], default=9),
            _f("x", "long"),
            _f("y", "int"),
            _f("b", "bytes", default="\u00ff\u0000"),
            _f("f", {"type": "fixed", "name": "Two", "size": 2}, default="\u00fe\u0001"),
            _f(
                "d",
                {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2},
                default="\u0000\u00ff",
            ),
            _f("u", [_lt("int", "date"), "string"], default=3),
        ),
    ],
    "Stamped": [_ev("Stamped", _f("at", _lt("long", "timestamp-millis")))],
    "Floats": [
        _ev(
            "Floats",
            _f("f", "float"),
            _f("opt", ["null", "float"], default=None),
            _f("wide", ["float", "double"], default=0.5),
            _f("arr", {"type": "array", "items": "float"}, default=[]),
        )
    ],
    "Binary": [
        _ev(
            "Binary",
            _f("b", "bytes"),
            _f("f", {"type": "fixed", "name": "Four", "size": 4}),
            _f("u", ["null", {"type": "map", "values": "bytes"}]),
        )
    ],
}


@pytest.fixture(scope="module")
def ex(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("exact")
    files = {
        f"{NS}/{name}/v{i}.avsc": schema
        for name, versions in SCHEMAS.items()
        for i, schema in enumerate(versions, start=1)
    }
    files["jsonex/JsonBuiltins/v1.json"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["str", "tuple"],
        "properties": {
            "str": {"type": "string"},
            "tuple": {"type": "array", "items": {"type": "integer"}},
            "dict": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    package = make_project(root, files)
    (root / "schemas" / NS / "Evolved" / "event.toml").write_text('description = "t"\n')
    code, out, err = run_cli(root, "generate")
    assert code == 0, (out, err)
    module = import_generated(root, f"{package}.{NS}")
    module.JsonBuiltins = import_generated(root, f"{package}.jsonex").JsonBuiltins
    return module


def _schema(name: str, version: int = 1) -> Any:
    return fastavro.parse_schema(SCHEMAS[name][version - 1])


def _read(payload: bytes, name: str) -> Any:
    return fastavro.schemaless_reader(
        io.BytesIO(payload), _schema(name), None, return_named_type=True
    )


def test_optional_array_of_strings_is_written_as_the_array(ex: Any) -> None:
    event = ex.OptionalArray(a=("null", "x"))
    assert _read(encode(event, framing="none"), "OptionalArray") == {"a": ["null", "x"]}
    assert decode(encode(event), into=ex.OptionalArray) == event
    assert decode(encode(ex.OptionalArray(a=None)), into=ex.OptionalArray).a is None


def test_recursive_records_round_trip_and_fail_with_contract_errors(ex: Any) -> None:
    node = {"value": 1, "next": {"value": 2, "next": {"value": 3, "next": None}}}
    event = ex.LinkedList(head=node)
    assert decode(encode(event), into=ex.LinkedList) == event
    with pytest.raises(DecodeError):
        decode(encode(event)[:-2], into=ex.LinkedList)


def test_fields_named_like_builtins_keep_their_wire_names(ex: Any) -> None:
    event = ex.Builtins(m={"k": "v"})
    assert event.str_ == "s" and event.tuple_ == ()
    assert _read(encode(event, framing="none"), "Builtins") == {
        "str": "s",
        "tuple": [],
        "m": {"k": "v"},
    }
    assert decode(encode(event), into=ex.Builtins) == event
    doc = ex.JsonBuiltins.model_validate({"str": "a", "tuple": [1], "dict": {"k": "v"}})
    assert decode(encode(doc), into=ex.JsonBuiltins) == doc


def test_a_default_of_a_type_from_another_namespace_generates(ex: Any) -> None:
    event = ex.CrossNamespace(outer={"color": "RED", "inner": {"color": "RED"}})
    assert event.copy_.color.value == "GREEN"
    assert decode(encode(event), into=ex.CrossNamespace) == event


def test_union_branches_survive_decode_and_encode(ex: Any) -> None:
    datum = {
        "r": ("ex.B", {"x": 1}),
        "m": ("ex.C", {"x": 2}),
        "n": ("int", 7),
        "t": ("long", 3_600_000_001),
        "e": ("ex.Color", "GREEN"),
        "d": ("string", "x"),
    }
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, _schema("Unions"), datum)
    event = decode(buf.getvalue(), into=ex.Unions, framing="none")
    assert type(event.r).__name__ == "B" and type(event.m).__name__ == "C"
    assert event.n == 7 and type(event.n) is int
    assert event.t == dt.time(1, 0, 0, 1)
    again = _read(encode(event, framing="none"), "Unions")
    assert again == {
        **datum,
        "n": 7,
        "t": dt.time(1, 0, 0, 1),
        "d": "x",
        "e": ("ex.Color", "GREEN"),
    }
    assert type(again["n"]) is int
    uid = uuid.uuid4()
    both = ex.Unions(**{**event.model_dump(), "e": uid, "d": dt.date(2020, 1, 2), "n": 7.0})
    assert _read(encode(both, framing="none"), "Unions")["e"] == uid
    assert type(decode(encode(both), into=ex.Unions).n) is float


def test_evolution_defaults_and_aliases_as_the_specification_says(ex: Any) -> None:
    payload = encode(ex.EvolvedV1(x=1, y=2))
    event = decode(payload, into=ex.EvolvedV2)
    assert (event.z, event.x, event.y) == (9, 1, 2)  # x is taken by name, so z has its default
    assert event.b == b"\xff\x00" and event.f == b"\xfe\x01"
    assert event.d == Decimal("2.55")
    assert event.u == dt.date(1970, 1, 4)
    assert decode(encode(event), into=ex.EvolvedV2) == event


def test_timestamp_millis_keeps_milliseconds_and_floors_the_rest(ex: Any) -> None:
    at = dt.datetime(2026, 1, 1, 12, 0, 0, 123_999, tzinfo=dt.UTC)
    back = decode(encode(ex.Stamped(at=at)), into=ex.Stamped)
    assert back.at == at.replace(microsecond=123_000)
    assert "millisecond" in (ex.Stamped.model_fields["at"].description or "")


def test_json_of_avro_bytes_fixed_and_maps_in_unions(ex: Any) -> None:
    event = ex.Binary(b=b"\xff\x00\x80", f=b"\x00\xfe\xff\x01", u={"k": b"\xc3"})
    text = encode(event, format="json")
    assert decode(text, into=ex.Binary, format="json") == event
    with pytest.raises(ContractError):
        decode(b'{"b": "\\u0100", "f": "abcd", "u": null}', into=ex.Binary, format="json")


def test_a_float_past_single_precision_is_refused_not_sent_as_infinity(ex: Any) -> None:
    for bad in ({"f": 1e39}, {"f": -1e39}, {"f": 0.5, "opt": 4e38}, {"f": 0.5, "arr": [1e300]}):
        with pytest.raises(ValidationError, match="too large for an Avro float"):
            ex.Floats(**bad)
    event = ex.Floats(f=0.1, wide=1e39, arr=[0.25, float("inf")])
    back = decode(encode(event), into=ex.Floats)
    assert back.wide == 1e39  # the union's double branch: no rounding, no infinity
    assert back.f == struct.unpack("<f", struct.pack("<f", 0.1))[0]  # what an Avro float holds
    assert back.arr == (0.25, float("inf"))  # infinity itself is a float value, as NaN is
    assert _read(encode(event, framing="none"), "Floats")["f"] == back.f
    assert "Single precision" in (ex.Floats.model_fields["f"].description or "")
    assert not ex.Floats.model_fields["wide"].description
