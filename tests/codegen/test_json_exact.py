"""JSON Schema classes keep what the JSON carried and judge it as jsonschema does (issue #14).

Each defect class has a case here, through the generated classes and `decode`/`encode`:
exact `multipleOf`, `uniqueItems` on JSON values, a class's own output valid under its schema
and equal to its input, RFC 3339 / RFC 4122 formats (typed, and in classes that fall back to
a jsonschema check), non-finite numbers refused, and `$ref` cycles through no schema refused.
"""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError
from tests.codegen.helpers import import_generated, make_project, run_cli

from event_contracts import decode, encode
from event_contracts.errors import DecodeError, EventError

UUID = "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21"
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "tenth": {"type": "integer", "multipleOf": 0.1},
        "cents": {"type": "number", "multipleOf": 0.01},
        "amount": {"type": "number"},
        "count": {"type": "integer"},
        "ids": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "format": "uuid"},
        },
        "times": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "format": "date-time"},
        },
        "values": {"type": "array", "uniqueItems": True},
        "day": {"type": "string", "format": "date"},
        "maybe": {"oneOf": [{"type": "null"}, {"type": "string"}]},
        "label": {"type": "string", "default": "none"},
        "anything": {},
    },
}
# Keywords without a Python type: the class falls back to a jsonschema check of the document.
CHECKED: dict[str, Any] = {
    "type": "object",
    "properties": {
        "when": {"type": "string", "minLength": 1, "anyOf": [{"format": "date-time"}]},
        "tenth": {"type": "integer", "multipleOf": 0.1, "not": {"const": 5}},
        "id": {"type": "string", "minLength": 1, "anyOf": [{"format": "uuid"}]},
    },
}


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("exact")
    package = make_project(
        root, {"things/ThingHappened/v1.json": SCHEMA, "things/ThingChecked/v1.json": CHECKED}
    )
    code, out, err = run_cli(root, "generate")
    assert code == 0, out + err
    return import_generated(root, f"{package}.things")


def _round_trip(cls: Any, doc: dict[str, Any]) -> Any:
    event = decode(json.dumps(doc).encode(), into=cls)
    return json.loads(encode(event))


@pytest.mark.parametrize(
    "doc",
    [
        {"tenth": 1}, {"tenth": 3}, {"tenth": 10}, {"cents": 1013.25}, {"cents": 0.3},
        {"amount": 7}, {"amount": 7.5}, {"amount": -0.0}, {"count": 10**30},
        {"ids": [UUID, UUID.upper()]},
        {"times": ["2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00"]},
        {"times": ["2016-12-31T23:59:60Z", "2016-12-31T15:59:60.123-08:00"]},
        {"times": ["2020-01-01t00:00:00.1234567z", "2020-01-01T00:00:00.123456789+00:00"]},
        {"values": [1, True, "1", [1], {"a": 1}]},
        {"day": "2024-02-29"}, {"maybe": None}, {"maybe": "x"}, {"label": "given"},
        {"anything": {"nested": [1, 2.5, None]}},
        {},
    ],
)  # fmt: skip
def test_accepted_documents_come_back_exactly_and_valid(classes: Any, doc: dict[str, Any]) -> None:
    out = _round_trip(classes.ThingHappened, doc)
    assert json.dumps(out) == json.dumps(doc)  # 7 stays 7, text stays text, absent stays absent
    jsonschema.Draft202012Validator(SCHEMA).validate(out)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("tenth", 0.35), ("cents", 0.001),
        ("ids", [UUID, UUID]), ("times", ["2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"]),
        ("values", [1, 1.0]), ("values", [{"a": 1, "b": 2}, {"b": 2, "a": 1}]),
        ("ids", [UUID.replace("-", "")]), ("ids", ["{" + UUID + "}"]),
        ("ids", ["urn:uuid:" + UUID]), ("ids", [UUID[:-3] + "_21"]), ("ids", [UUID[:-1] + "٣"]),
        ("times", ["2020-01-01 00:00:00Z"]), ("times", ["2020-01-01T00:00Z"]),
        ("times", ["2020-01-01T00:00:00+0530"]), ("times", ["2020-01-01T00:00:00"]),
        ("times", ["2020-01-01T23:58:60Z"]), ("times", ["2020-02-30T00:00:00Z"]),
        ("times", ["2020-01-01T24:00:00Z"]), ("times", ["2020-01-01T00:00:00+24:00"]),
        ("day", "2020-01-01T00:00:00Z"), ("day", "2020-1-01"), ("day", "2021-02-29"),
        ("maybe", 1), ("label", None),
    ],
)  # fmt: skip
def test_rejected_as_jsonschema_rejects(classes: Any, key: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        classes.ThingHappened.model_validate({key: value})


def test_copies_keep_the_text(classes: Any) -> None:
    doc = {"ids": [UUID.upper()], "times": ["2016-12-31T23:59:60Z", "2020-01-01t00:00:00.1234567z"]}
    event = decode(json.dumps(doc).encode(), into=classes.ThingHappened)
    for copied in (event.model_copy(deep=True), pickle.loads(pickle.dumps(event))):
        assert json.loads(encode(copied)) == doc
    assert event.times[0] == datetime.datetime(2016, 12, 31, 23, 59, 59, 999999, datetime.UTC)


def test_unique_items_is_linear_in_the_items(classes: Any) -> None:
    ids = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(50_000)]
    assert len(classes.ThingHappened.model_validate({"ids": ids}).ids) == 50_000


@pytest.mark.parametrize(
    ("doc", "ok"),
    [
        ({"when": "2016-12-31T23:59:60Z"}, True), ({"when": "2020-01-01 00:00:00Z"}, False),
        ({"when": "2020-01-01T00:00:00+0530"}, False), ({"tenth": 3}, True), ({"tenth": 5}, False),
        ({"id": UUID.upper()}, True), ({"id": "urn:uuid:" + UUID}, False),
    ],
)  # fmt: skip
def test_schema_checked_classes_judge_formats_and_multiple_of_alike(
    classes: Any, doc: dict[str, Any], ok: bool
) -> None:
    cls = classes.ThingChecked
    assert cls.SCHEMA_CHECKED  # the fallback is what is under test
    if ok:
        assert _round_trip(cls, doc) == doc
    else:
        with pytest.raises(ValidationError, match="not valid against the schema"):
            cls.model_validate(doc)


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
@pytest.mark.parametrize("key", ["amount", "anything"])
def test_non_finite_numbers_are_refused_typed_or_untyped(
    classes: Any, key: str, number: bytes
) -> None:
    raw = json.dumps({key: "X"}).encode().replace(b'"X"', number)
    with pytest.raises(DecodeError, match=r"NaN, an infinity"):
        decode(raw, into=classes.ThingHappened)


def test_a_ref_cycle_through_no_schema_is_refused(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
        "properties": {"x": {"oneOf": [{"$ref": "#/$defs/a"}, {"type": "null"}]}},
    }
    make_project(tmp_path, {"things/ThingLooped/v1.json": schema})
    code, _, err = run_cli(tmp_path, "generate")
    assert code == 2
    assert "#/$defs/a -> #/$defs/b -> #/$defs/a" in err and "Traceback" not in err


def _chain(links: int, end: dict[str, Any]) -> dict[str, Any]:
    """`a` is a reference to `d0`, which refers to `d1`, ... to `d<links>`: `end`."""
    defs: dict[str, Any] = {f"d{i}": {"$ref": f"#/$defs/d{i + 1}"} for i in range(links)}
    defs[f"d{links}"] = end
    return {"type": "object", "$defs": defs, "properties": {"a": {"$ref": "#/$defs/d0"}}}


@pytest.mark.parametrize("links", [1, 60])
def test_null_reached_through_a_chain_of_references_is_accepted(tmp_path: Path, links: int) -> None:
    """A long chain of bare references ending in a nullable type: the class accepts null, as
    jsonschema does (a depth limit used to judge it not nullable past 50 links, and the class
    refused the valid document), and sends it back as it came."""
    schema = _chain(links, {"type": ["string", "null"]})
    package = make_project(tmp_path, {"things/ThingChained/v1.json": schema})
    assert run_cli(tmp_path, "generate")[0] == 0
    cls = import_generated(tmp_path, f"{package}.things").ThingChained
    raw = b'{"a":null}'
    assert jsonschema.Draft202012Validator({"title": "ThingChained", **schema}).is_valid(
        json.loads(raw)
    )
    event = decode(raw, into=cls, event_type="things.ThingChained", version=1)
    assert event.a is None
    assert json.loads(encode(event, format="json")) == {"a": None}


def test_a_reference_to_a_nullable_anchor_accepts_null(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {"maybe": {"$anchor": "maybe", "type": ["integer", "null"]}},
        "properties": {"a": {"$ref": "#maybe"}},
    }
    package = make_project(tmp_path, {"things/ThingAnchored/v1.json": schema})
    assert run_cli(tmp_path, "generate")[0] == 0
    cls = import_generated(tmp_path, f"{package}.things").ThingAnchored
    event = decode(b'{"a":null}', into=cls, event_type="things.ThingAnchored", version=1)
    assert json.loads(encode(event, format="json")) == {"a": None}


def test_a_reference_with_a_sibling_refusing_null_refuses_null(tmp_path: Path) -> None:
    """2020-12: `$ref` beside `type` is one more conjunct; null fits the target, not `type`."""
    schema = {
        "type": "object",
        "$defs": {"maybe": {"type": ["string", "null"]}},
        "properties": {"a": {"$ref": "#/$defs/maybe", "type": "string"}},
    }
    package = make_project(tmp_path, {"things/ThingNarrowed/v1.json": schema})
    assert run_cli(tmp_path, "generate")[0] == 0
    cls = import_generated(tmp_path, f"{package}.things").ThingNarrowed
    assert not jsonschema.Draft202012Validator(schema).is_valid({"a": None})
    with pytest.raises(EventError):
        decode(b'{"a":null}', into=cls, event_type="things.ThingNarrowed", version=1)
    assert json.loads(encode(cls(a="x"), format="json")) == {"a": "x"}


def test_thousands_of_chained_references_are_one_type_not_a_recursion(tmp_path: Path) -> None:
    """A hostile file of 3,000 chained references: generated (it used to take 23 s and fail
    as nesting too deeply), the field typed as the schema at the chain's end."""
    package = make_project(
        tmp_path, {"things/ThingLinked/v1.json": _chain(3000, {"type": "integer"})}
    )
    assert run_cli(tmp_path, "generate")[0] == 0
    cls = import_generated(tmp_path, f"{package}.things").ThingLinked
    assert decode(b'{"a":7}', into=cls, event_type="things.ThingLinked", version=1).a == 7
    with pytest.raises(EventError):
        decode(b'{"a":"7"}', into=cls, event_type="things.ThingLinked", version=1)


def test_bounds_past_a_doubles_range_judge_exactly_and_refuse_as_payload_errors(
    tmp_path: Path,
) -> None:
    """`maximum` 10**400 (pydantic raised a TypeError building its error), lengths past 2**63
    (pydantic could not build the class): judged as jsonschema judges them, refused with the
    error a dead-letter queue takes."""
    big = 10**400
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "a": {"type": "integer", "maximum": big},
            "b": {"type": "number", "exclusiveMinimum": -big},
            "s": {"type": "string", "maxLength": 2**64},
            "t": {"type": "string", "minLength": 2**64},
        },
    }
    package = make_project(tmp_path, {"things/ThingBounded/v1.json": schema})
    assert run_cli(tmp_path, "generate")[0] == 0
    cls = import_generated(tmp_path, f"{package}.things").ThingBounded
    judge = jsonschema.Draft202012Validator({"title": "ThingBounded", **schema})
    docs = [{"a": big}, {"a": big + 1}, {"a": 1e308}, {"b": -big}, {"b": -big + 1}, {"b": -1e308},
            {"s": "abc"}, {"t": "abc"}, {}]  # fmt: skip
    for doc in docs:
        raw = json.dumps(doc).encode()
        if judge.is_valid(doc):
            event = decode(raw, into=cls, event_type="things.ThingBounded", version=1)
            assert json.loads(encode(event, format="json")) == doc
        else:
            with pytest.raises(EventError) as caught:
                decode(raw, into=cls, event_type="things.ThingBounded", version=1)
            assert caught.value.raw == raw
