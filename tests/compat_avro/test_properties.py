"""Property tests: random schemas and evolutions, judged against Apache Avro and fastavro.

1. Our verdict agrees with Apache Avro's `ReaderWriterCompatibilityChecker`, except where
   data proves Avro's checker wrong. Documented exceptions (each must come with a payload
   that fastavro really fails on or misreads):
   - BYTES_TO_STRING: Avro allows bytes -> string; non-UTF-8 bytes fail in fastavro.
   - LOGICAL_TYPE_CHANGED, DECIMAL_SCALE_CHANGED, DECIMAL_PRECISION_NARROWED: Avro's checker
     ignores logical types; the same bytes mean another value to the reader.
   - READER_DEFAULT_INVALID: Avro's checker does not look at default values.
   - A non-union writer meets the *first* matching reader union branch (specification and
     fastavro), not any compatible one (Avro's checker); the strategies do not generate
     such unions, `test_resolution` shows the case with its payload.
2. Every incompatible verdict has a counterexample, confirmed with fastavro.
3. No compatible verdict is contradicted by data: random data written with the old schema
   is read by the new one (fastavro) without error.
"""

from __future__ import annotations

import io
import json
import warnings
from typing import Any

import avro.schema
import pytest
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts import check_compatibility
from event_contracts._compat.avro import incompatibilities
from event_contracts._compat.avro_data import parsed
from event_contracts._compat.avro_names import index

from .replay import replay_fails, replayable
from .strategies import data_for, evolutions, retyped_fields, schemas

BEYOND_AVRO = {
    "BYTES_TO_STRING",
    "LOGICAL_TYPE_CHANGED",
    "DECIMAL_SCALE_CHANGED",
    "DECIMAL_PRECISION_NARROWED",
    "READER_DEFAULT_INVALID",
    "FIELD_ALIAS_AMBIGUOUS",
}


@st.composite
def evolved(draw: st.DrawFn) -> tuple[Any, Any]:
    old = draw(schemas())
    return old, draw(evolutions(old))


def pairs() -> st.SearchStrategy[tuple[Any, Any]]:
    return st.one_of(evolved(), retyped_fields())


def avro_says_compatible(reader: Any, writer: Any) -> bool:
    with warnings.catch_warnings():  # it warns about logical types it does not know
        warnings.simplefilter("ignore")
        r = avro.schema.parse(json.dumps(reader))
        w = avro.schema.parse(json.dumps(writer))
    result = ReaderWriterCompatibilityChecker().get_compatibility(r, w)
    return result.compatibility is SchemaCompatibilityType.compatible


def _agrees_with_avro(old: Any, new: Any) -> None:
    for reader, writer in ((new, old), (old, new)):
        ours = incompatibilities(reader, writer)
        theirs = avro_says_compatible(reader, writer)
        if theirs and ours:
            # Avro's checker misses these; the counterexample test proves each one.
            assert {i.rule for i in ours} <= BEYOND_AVRO, [i.verdict.message for i in ours]
        elif not theirs:
            assert ours, (reader, writer)


def _counterexamples_confirmed(old: Any, new: Any) -> None:
    result = check_compatibility(old, new, mode="FULL", format="avro")
    for f in result.findings:
        assert f.counterexample is not None, f.message
        writer, reader = (old, new) if f.direction == "backward" else (new, old)
        if replayable(f, writer):
            assert replay_fails(f, writer, reader), (f.message, f.counterexample)


def _data_does_not_contradict(old: Any, new: Any, data: st.DataObject) -> None:
    if not check_compatibility(old, new, mode="BACKWARD", format="avro").compatible:
        return
    writer = index(old)
    datum = data.draw(data_for(writer.root))
    buf = io.BytesIO()
    schemaless_writer(buf, parsed(writer, stripped=True), datum)
    buf.seek(0)
    reader = parse_schema(new, _write_hint=False)
    schemaless_reader(buf, parsed(writer, stripped=False), reader)  # must not raise
    assert buf.read() == b""  # and consumed exactly the payload


@given(pairs())
def test_verdict_agrees_with_apache_avro(pair: tuple[Any, Any]) -> None:
    _agrees_with_avro(*pair)


@given(pairs())
def test_every_incompatible_verdict_has_a_confirmed_counterexample(pair: tuple[Any, Any]) -> None:
    _counterexamples_confirmed(*pair)


@given(pairs(), st.data())
def test_compatible_verdicts_hold_on_random_data(
    pair: tuple[Any, Any], data: st.DataObject
) -> None:
    _data_does_not_contradict(*pair, data)


@pytest.mark.slow
@settings(max_examples=2000)
@given(pairs(), st.data())
def test_slow_all_properties(pair: tuple[Any, Any], data: st.DataObject) -> None:
    _agrees_with_avro(*pair)
    _counterexamples_confirmed(*pair)
    _data_does_not_contradict(*pair, data)
