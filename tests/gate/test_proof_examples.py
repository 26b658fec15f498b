"""The data proof's own example generator, against independent references: every example it
draws is valid under the schema (fastavro's validator, jsonschema's), a seed gives the same
examples again, and the edge values come first."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from fastavro import parse_schema
from fastavro.validation import validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.compat_jsonschema.strategies import schemas as json_schemas
from tests.runtime.avro_strategies import event_schemas

from event_contracts._proof.examples import NoValue, sampler

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _examples(fmt: str, schema: Any, seed: int, n: int = 20) -> list[Any] | None:
    draw = sampler(fmt, schema)
    if draw is None:
        return None
    rng, out = random.Random(seed), []
    for i in range(n):
        try:
            out.append(draw(rng, i))
        except NoValue:
            continue
    return out


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(event_schemas(), st.integers(0, 2**32))
def test_avro_examples_are_valid_under_the_schema(schema: Any, seed: int) -> None:
    examples = _examples("avro", schema, seed)
    if examples is None:  # a record that must contain itself: no finite value
        return
    parsed = parse_schema(schema)
    for value in examples:
        try:
            valid = validate(value, parsed, raise_errors=False)
        except ValueError:  # fastavro's validator trying a union's logical branch raises
            continue
        assert valid, value


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_schemas, st.integers(0, 2**32))
def test_json_schema_examples_are_valid_under_the_schema(schema: Any, seed: int) -> None:
    examples = _examples("jsonschema", schema, seed)
    if examples is None:  # `pattern`, `multipleOf`...: hypothesis' strategies draw those
        return
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    for value in examples:
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, (value, errors)


AVRO = {
    "type": "record",
    "name": "Ev",
    "fields": [
        {"name": "n", "type": "int"},
        {"name": "s", "type": "string"},
        {"name": "f", "type": "float"},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {
            "name": "amount",
            "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2},
        },
        {"name": "maybe", "type": ["null", "long"]},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
    ],
}


def test_the_same_seed_gives_the_same_examples_and_edges_come_first() -> None:
    first = _examples("avro", AVRO, 7, n=200)
    assert first is not None and first == _examples("avro", AVRO, 7, n=200)
    assert first != _examples("avro", AVRO, 8, n=200)
    low, high = first[0], first[1]
    assert (low["n"], low["s"], low["maybe"], low["tags"]) == (-(2**31), "", None, [])
    assert low["id"] == uuid.UUID(int=0) and low["at"] == dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
    assert (high["n"], high["amount"]) == (2**31 - 1, Decimal("99.99"))
    assert len(high["s"]) == 16 and len(high["tags"]) == 4
    ints = {e["n"] for e in first}
    assert {0, 1, -1, 2**31 - 1, -(2**31)} <= ints  # edges recur among the random values
    assert any(any(ord(c) > 0xFFFF for c in e["s"]) for e in first)  # beyond the BMP too
    assert any(e["f"] in (float("inf"), float("-inf")) for e in first)


def test_json_schema_edges_respect_bounds_and_optional_properties() -> None:
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "integer", "exclusiveMinimum": 0, "maximum": 9},
            "b": {"type": "string", "minLength": 2, "maxLength": 3},
        },
    }
    examples = _examples("jsonschema", schema, 1, n=50)
    assert examples is not None
    assert examples[0] == {"a": 1} and examples[1]["a"] == 9 and len(examples[1]["b"]) == 3
    assert {"a"} < set().union(*examples[2:])  # optional properties come and go


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^a"},
        {"type": "string", "format": "email"},
        {"type": "integer", "multipleOf": 3},
        {"allOf": [{"type": "string"}]},
        {"type": "string", "minLength": 4, "maxLength": 2},
    ],
)
def test_what_it_does_not_cover_is_left_to_hypothesis(schema: dict[str, Any]) -> None:
    assert sampler("jsonschema", {"type": "object", "properties": {"x": schema}}) is None
