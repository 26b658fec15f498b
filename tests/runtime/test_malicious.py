"""Malicious input fails fast with a DecodeError carrying the raw bytes: Avro arrays of
zero-width items claiming astronomic counts, huge JSON numbers, deep JSON nesting."""

from __future__ import annotations

import importlib
import io
import json
import sys
import textwrap
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_writer
from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts import (
    DecodeError,
    EventError,
    PayloadValidationError,
    decode,
    encode,
    from_cloudevent,
    to_cloudevent,
)
from event_contracts._runtime.avro_scan import ScanError, compile_scan
from event_contracts._runtime.schemas import for_package
from integration_events.catalog import ProductAddedV2
from integration_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2

from .samples import connection_v1, product_v1, product_v2
from .test_errors import zigzag

EMPTY = {"type": "record", "name": "Empty", "fields": []}
SCHEMA = {
    "type": "record",
    "name": "Pinged",
    "namespace": "zw",
    "fields": [
        {"name": "ping_id", "type": "string"},
        {"name": "marks", "type": {"type": "array", "items": "null"}},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}
CLASSES = """
    from typing import ClassVar
    from event_contracts import EventMetadata, IntegrationEvent
    from event_contracts._runtime.schemas import for_package

    _T = for_package(__name__).catalog["zw.Pinged"]


    class PingedV1(IntegrationEvent):
        EVENT_TYPE: ClassVar[str] = "zw.Pinged"
        EVENT_VERSION: ClassVar[int] = 1
        SCHEMA_FORMAT = "avro"
        SCHEMA_FINGERPRINT: ClassVar[str] = _T.version(1).fingerprint
        SCHEMA_RESOURCE: ClassVar[str] = "zw/Pinged/v1.avsc"
        ping_id: str
        marks: list[None]
        note: str | None = None
        metadata: EventMetadata | None = None
"""


@pytest.fixture(scope="module")
def zw(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("zw")
    event_dir = root / "zw_events" / "_schemas" / "zw" / "Pinged"
    event_dir.mkdir(parents=True)
    (event_dir / "event.toml").write_text('description = "A ping."\nsubscribers = []\n')
    (event_dir / "v1.avsc").write_text(json.dumps(SCHEMA))
    (root / "zw_events" / "__init__.py").write_text(textwrap.dedent(CLASSES))
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module("zw_events")
    finally:
        sys.path.remove(str(root))


def bare(count: int, tail: bytes = b"\x00\x00") -> bytes:
    """ping_id "p", then an array block claiming `count` nulls, then `tail`."""
    return b"\x02p" + zigzag(count) + tail


def test_array_of_nulls_claiming_2_to_the_60_items_fails_fast(zw: Any) -> None:
    # Without the scan fastavro would append 2**60 Nones: the test run would never end.
    for framing, data in (
        ("none", bare(2**60)),
        (
            "single-object",
            b"\xc3\x01" + bytes.fromhex(zw.PingedV1.SCHEMA_FINGERPRINT)[::-1] + bare(2**60),
        ),
    ):
        with pytest.raises(DecodeError, match="claims") as info:
            decode(data, into=zw.PingedV1, framing=framing)  # type: ignore[arg-type]
        err = info.value
        assert err.raw == data and err.event_type == "zw.Pinged"
        assert (err.from_version, err.to_version) == (1, 1)


def test_negative_block_count_and_many_small_blocks_are_bounded_too(zw: Any) -> None:
    negative = bare(-(2**62), tail=b"\x00" + b"\x00\x00")  # byte size 0, then the terminator
    with pytest.raises(DecodeError, match="claims"):
        decode(negative, into=zw.PingedV1, framing="none")
    blocks = b"\x02p" + zigzag(2**10) * 40 + b"\x00\x00"  # 40 blocks of 1024 nulls each
    with pytest.raises(DecodeError, match="claims"):
        decode(blocks, into=zw.PingedV1, framing="none", max_items=40_000)
    # The budget is one item per byte (125 here) plus max_items: 40 * 1024 fit 41_000.
    assert len(decode(blocks, into=zw.PingedV1, framing="none", max_items=41_000).marks) == 40960


def test_kafka_and_cloudevents_readers_take_the_same_bound(zw: Any) -> None:
    from event_contracts import from_cloudevent, from_kafka, to_cloudevent, to_kafka

    event = decode(bare(3), into=zw.PingedV1, framing="none")
    headers, _ = to_kafka(event)
    blocks = b"\x02p" + zigzag(2**10) * 40 + b"\x00\x00"
    with pytest.raises(DecodeError, match="claims"):
        from_kafka(headers, blocks, into=zw.PingedV1, max_items=40_000)
    assert len(from_kafka(headers, blocks, into=zw.PingedV1, max_items=41_000).marks) == 40960
    many = decode(blocks, into=zw.PingedV1, framing="none", max_items=41_000)
    document = to_cloudevent(many)
    with pytest.raises(DecodeError, match="claims"):
        from_cloudevent(document, into=zw.PingedV1, max_items=40_000)
    assert len(from_cloudevent(document, into=zw.PingedV1, max_items=41_000).marks) == 40960


def test_sixteen_million_empty_items_from_twelve_bytes_are_refused_by_default(zw: Any) -> None:
    data = bare(2**24)
    assert len(data) < 12
    with pytest.raises(DecodeError, match="raise max_items"):
        decode(data, into=zw.PingedV1, framing="none")


def test_corrupt_shapes_are_decode_errors_with_raw(zw: Any) -> None:
    for data in (
        bare(3, tail=b"\x00"),  # truncated: no union index for `note`
        bare(3, tail=b"\x00\x04"),  # union branch 2 of 2
        bare(3, tail=b"\x00\x02\x14ab"),  # note claims 10 bytes, 2 left
        bare(3) + b"\x00",  # trailing byte
        bare(-3, tail=b"\x02\x00\x00"),  # block size 1, but nulls take 0 bytes
        b"\x02p" + b"\xff" * 11,  # a varint longer than 64 bits
    ):
        with pytest.raises(DecodeError) as info:
            decode(data, into=zw.PingedV1, framing="none")
        assert info.value.raw == data


def test_legitimate_payloads_of_such_schemas_still_decode(zw: Any) -> None:
    event = zw.PingedV1(ping_id="p", marks=[None] * 1000, note="hi")
    for framing in ("single-object", "none"):
        data = encode(event, framing=framing)
        assert decode(data, into=zw.PingedV1, framing=framing) == event
    assert (
        decode(bare(-3, tail=b"\x00\x00\x00"), into=zw.PingedV1, framing="none").marks == [None] * 3
    )


def test_the_scan_is_compiled_only_for_schemas_that_need_it(zw: Any) -> None:
    assert for_package("zw_events").avro_scan("zw.Pinged", 1) is not None
    # A map entry always carries its key (>= 1 byte); unions their index: no scan needed.
    for safe in (
        {"type": "map", "values": "null"},
        {"type": "array", "items": ["null"]},
        {"type": "array", "items": {"type": "array", "items": "int"}},
        {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", "precision": 18},
    ):
        assert compile_scan(parse_schema(safe)) is None
    # What fastavro trusts the payload about: enum indexes, bytes decimal lengths.
    for trusting in (
        {"type": "enum", "name": "E", "symbols": ["A"]},
        {"type": "bytes", "logicalType": "decimal", "precision": 4},
    ):
        assert compile_scan(parse_schema(trusting)) is not None


# --- every payload fastavro writes passes the scan -------------------------------------------

FIXED0 = {"type": "fixed", "name": "Nothing", "size": 0}
ZW_SCHEMAS: list[Any] = [
    {"type": "array", "items": "null"},
    {"type": "array", "items": {"type": "array", "items": EMPTY}},
    {"type": "map", "values": {"type": "array", "items": FIXED0}},
    {
        "type": "record",
        "name": "Mixed",
        "fields": [
            {
                "name": "a",
                "type": [
                    "null",
                    {
                        "type": "array",
                        "items": {
                            "type": "record",
                            "name": "Pair",
                            "fields": [
                                {"name": "x", "type": "null"},
                                {"name": "y", "type": FIXED0},
                            ],
                        },
                    },
                ],
            },
            {"name": "b", "type": {"type": "enum", "name": "K", "symbols": ["P", "Q", "R"]}},
            {"name": "c", "type": {"type": "array", "items": ["long", "string", "bytes"]}},
            {"name": "d", "type": {"type": "fixed", "name": "Four", "size": 4}},
            {"name": "e", "type": ["boolean", "float", "double"]},
            {"name": "f", "type": {"type": "array", "items": "Pair"}},
        ],
    },
    {
        "type": "record",
        "name": "Tree",
        "fields": [
            {"name": "marks", "type": {"type": "array", "items": "null"}},
            {"name": "kids", "type": {"type": "array", "items": "Tree"}},
        ],
    },
]


def values(schema: Any, named: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Random data for the few types the schemas above use."""
    if isinstance(schema, list):
        return st.one_of([values(b, named, depth) for b in schema])
    if isinstance(schema, str):
        prim: dict[str, st.SearchStrategy[Any]] = {
            "null": st.none(),
            "boolean": st.booleans(),
            "long": st.integers(-(2**63), 2**63 - 1),
            "float": st.floats(width=32, allow_nan=False),
            "double": st.floats(allow_nan=False),
            "string": st.text(max_size=5),
            "bytes": st.binary(max_size=5),
        }
        return prim[schema] if schema in prim else values(named[schema], named, depth)
    kind = schema["type"]
    if kind == "array":
        if depth > 2:
            return st.just([])
        return st.lists(values(schema["items"], named, depth + 1), max_size=6)
    if kind == "map":
        return st.dictionaries(
            st.text(max_size=3), values(schema["values"], named, depth + 1), max_size=4
        )
    named[schema["name"]] = schema
    if kind == "fixed":
        return st.binary(min_size=schema["size"], max_size=schema["size"])
    if kind == "enum":
        return st.sampled_from(schema["symbols"])
    fields = {f["name"]: values(f["type"], named, depth) for f in schema["fields"]}
    return st.fixed_dictionaries(fields)


@settings(max_examples=60)
@given(st.data())
def test_the_scan_accepts_every_payload_fastavro_writes(data: st.DataObject) -> None:
    for schema in ZW_SCHEMAS:
        parsed = parse_schema(schema)
        scan = compile_scan(parsed)
        assert scan is not None
        datum = data.draw(values(schema, {}))
        buf = io.BytesIO()
        schemaless_writer(buf, parsed, datum)
        payload = b"\x01\x02" + buf.getvalue()
        scan(payload, 2, 10_000)
        with pytest.raises(ScanError):
            scan(payload + b"\x00", 2, 10_000)


# --- JSON ---------------------------------------------------------------------------------------

BASE = json.loads(encode(connection_v1()))
HUGE = (b"1e999999", b"-1e999999", b"1" + b"0" * 1_000_000, b"0." + b"1" * 1_000_000)


@pytest.mark.parametrize("number", HUGE, ids=["1e999999", "-1e999999", "10^1e6", "long-frac"])
@pytest.mark.parametrize("field", ["tenantId", "scopes", "establishedAt"])
def test_huge_json_numbers_fail_fast(number: bytes, field: str) -> None:
    doc = json.dumps({**BASE, field: "X"}).encode().replace(b'"X"', number)
    for into, version in ((MetaConnectionEstablishedV1, None), (MetaConnectionEstablishedV2, 1)):
        with pytest.raises((DecodeError, PayloadValidationError)) as info:
            decode(doc, into=into, version=version)
        assert info.value.raw == doc


def test_huge_numbers_and_deep_nesting_in_an_envelope_fail_fast() -> None:
    envelope = json.loads(to_cloudevent(connection_v1()))
    for bad in (b"1" + b"0" * 1_000_000, b"[" * 100_000 + b"]" * 100_000):
        raw = json.dumps({**envelope, "data": "X"}).encode().replace(b'"X"', bad)
        with pytest.raises(EventError) as info:
            from_cloudevent(raw, into=MetaConnectionEstablishedV1)
        assert isinstance(info.value, DecodeError | PayloadValidationError)
        assert info.value.raw == raw


def test_a_payload_beyond_the_recursion_limit_is_a_decode_error() -> None:
    tree = parse_schema(ZW_SCHEMAS[-1])
    scan = compile_scan(tree)
    assert scan is not None
    deep = b"\x00\x02" * 50_000 + b"\x00\x00" * 50_000  # 50 000 nested kids
    with pytest.raises(ScanError, match="nested too deeply"):
        scan(deep, 0, 10**6)


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"1" + b"0" * 400])
def test_json_cannot_smuggle_non_finite_floats(number: bytes) -> None:
    # encode() refuses NaN and infinities as JSON; decode() refuses them too, whichever path.
    for event, version in ((product_v2(), None), (product_v1(), 1)):
        doc = json.loads(encode(event, format="json"))
        raw = json.dumps({**doc, "price": "X"}).encode().replace(b'"X"', number)
        with pytest.raises(DecodeError) as info:
            decode(raw, into=ProductAddedV2, format="json", version=version)
        assert info.value.raw == raw
    ok = json.dumps({**json.loads(encode(product_v2(), format="json")), "price": 1e308})
    assert decode(ok.encode(), into=ProductAddedV2, format="json").price == 1e308
