"""Hostile payloads against the generated package: every failure is a ContractError subclass
raised before the payload can cost more than its size (negative enum indexes, decimals longer
than their precision, zero-width items, uniqueItems over 100,000 items, wrong Python types)."""

from __future__ import annotations

import io
import json
import tracemalloc
import uuid
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_writer
from tests.runtime.samples import connection_v2, order_v2

from event_contracts import (
    DecodeError,
    PayloadValidationError,
    UsageError,
    decode,
    encode,
    from_cloudevent,
    from_kafka,
    to_kafka,
)
from event_contracts._runtime.avro_scan import ScanError, compile_scan
from event_contracts._runtime.schemas import for_package
from integration_events.connections import MetaConnectionEstablishedV2
from integration_events.orders import OrderPlacedV2

from .strategies import zigzag
from .wire import write

SCHEMA = for_package("integration_events").version("orders.OrderPlaced", 2).schema


def order_record(**changes: Any) -> dict[str, Any]:
    """A plain (wire-level) OrderPlaced v2 record: uuids as text, decimals as bytes."""
    record: dict[str, Any] = {
        "event_id": str(uuid.UUID(int=1)),
        "order_id": str(uuid.UUID(int=2)),
        "tenant_id": "t",
        "customer_id": str(uuid.UUID(int=3)),
        "lines": [{"product_id": str(uuid.UUID(int=4)), "quantity": 1, "unit_price": b"\x07"}],
        "total": b"\x07",
        "currency": "EUR",
        "channel": 0,
        "placed_at": 0,
        "shipping_address": None,
        "coupon_code": None,
    }
    record.update(changes)
    return record


def test_the_loosened_writer_agrees_with_the_real_one() -> None:
    event = decode(write(SCHEMA, order_record(channel=2)), into=OrderPlacedV2, framing="none")
    assert event.channel.value == "WHATSAPP"


@pytest.mark.parametrize("index", [-1, -5, 5, 2**31 - 1])
def test_an_enum_index_outside_the_symbols_is_refused(index: int) -> None:
    data = write(SCHEMA, order_record(channel=index))
    with pytest.raises(DecodeError, match=f"enum symbol {index} ") as info:
        decode(data, into=OrderPlacedV2, framing="none")
    assert info.value.raw == data


@pytest.mark.parametrize("size", [8, 400_000])
def test_a_decimal_longer_than_its_precision_is_refused_before_conversion(size: int) -> None:
    # precision 14 needs 6 bytes; 400 KB used to take seconds in Decimal(int) before a refusal
    data = write(SCHEMA, order_record(total=b"\x01" * size))
    with pytest.raises(DecodeError, match=f"decimal of {size} bytes"):
        decode(data, into=OrderPlacedV2, framing="none")


def test_the_longest_decimal_the_precision_allows_still_decodes() -> None:
    event = order_v2()
    assert decode(encode(event), into=OrderPlacedV2) == event
    most = (10**14 - 1).to_bytes(6, "big", signed=True)
    decoded = decode(write(SCHEMA, order_record(total=most)), into=OrderPlacedV2, framing="none")
    assert str(decoded.total) == "999999999999.99"


def test_unique_items_over_100_000_distinct_strings_is_linear() -> None:
    # A list membership test made this take ~100 s; a set makes it instant.
    doc = json.loads(encode(connection_v2(), format="json"))
    doc["scopes"] = [f"scope-{i}" for i in range(100_000)]
    data = json.dumps(doc).encode()
    assert len(decode(data, into=MetaConnectionEstablishedV2, format="json").scopes) == 100_000
    doc["scopes"].append("scope-7")
    with pytest.raises(PayloadValidationError, match="unique"):
        decode(json.dumps(doc).encode(), into=MetaConnectionEstablishedV2, format="json")


def test_unique_items_keeps_json_equality() -> None:
    doc = json.loads(encode(connection_v2(), format="json"))
    doc["scopes"] = ["a", "b", "a"]
    with pytest.raises(PayloadValidationError, match="'a' appears twice"):
        decode(json.dumps(doc).encode(), into=MetaConnectionEstablishedV2, format="json")


def kafka_headers() -> list[tuple[str, bytes]]:
    return to_kafka(order_v2())[0]


def test_a_5000_digit_version_in_dataschema_is_a_decode_error() -> None:
    huge = b"urn:event-contracts:orders.OrderPlaced:v" + b"9" * 5000
    headers = [(k, huge if k == "ce_dataschema" else v) for k, v in kafka_headers()]
    with pytest.raises(DecodeError, match="does not name a version"):
        from_kafka(headers, encode(order_v2(), framing="none"), into=OrderPlacedV2)


@pytest.mark.parametrize(
    ("headers", "value", "says"),
    [
        ("HEADERS", b"", "headers as"),
        (b"raw", b"", "headers as"),
        (42, b"", "headers as"),
        ([b"not-a-pair"], b"", "pairs; got"),
        ([("a", "b", "c")], b"", "pairs; got"),
        ([(None, b"x")], b"", "NoneType"),
        ([("ce_id", 42)], b"", "int"),
        ({1: b"x"}, b"", "int"),
        ([], "a str value", "not str"),
        ([], 12, "not int"),
    ],
)
def test_wrong_python_types_given_to_from_kafka_are_usage_errors(
    headers: Any, value: Any, says: str
) -> None:
    with pytest.raises(UsageError, match=says):
        from_kafka(headers, value, into=OrderPlacedV2)


def test_none_headers_are_a_record_without_headers() -> None:
    with pytest.raises(DecodeError, match="specversion"):
        from_kafka(None, b"\x00", into=OrderPlacedV2)


def test_from_cloudevent_refuses_an_int_instead_of_allocating_it() -> None:
    with pytest.raises(UsageError, match="not int"):
        from_cloudevent(10**12, into=OrderPlacedV2)  # type: ignore[arg-type]
    with pytest.raises(DecodeError):
        from_cloudevent('{"a": "\ud800"}', into=OrderPlacedV2)


def test_the_scan_compiles_for_deep_nesting_and_wide_unions() -> None:
    enum = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
    deep: Any = enum
    for _ in range(60):  # past the compiler's 20 nested loops if they shared a function
        deep = {"type": "array", "items": deep}
    wide = [
        "null",
        enum,
        *(
            {"type": "record", "name": f"R{i}", "fields": [{"name": "x", "type": "int"}]}
            for i in range(300)
        ),
    ]
    for schema, datum in ((deep, [[]]), (wide, {"x": 7}), (wide, "B")):
        parsed = parse_schema(schema)
        scan = compile_scan(parsed)
        assert scan is not None
        buf = io.BytesIO()
        schemaless_writer(buf, parsed, datum)
        scan(buf.getvalue(), 0, 100)
    with pytest.raises(ScanError, match="enum symbol -1"):
        compile_scan(parse_schema(wide))(b"\x02\x01", 0, 100)  # type: ignore[misc]
    with pytest.raises(ScanError, match="union branch 302"):
        compile_scan(parse_schema(wide))(zigzag(302), 0, 100)  # type: ignore[misc]


def test_runs_of_one_byte_blocks_count_against_the_budget() -> None:
    scan = compile_scan(parse_schema({"type": "array", "items": "null"}))
    assert scan is not None
    data = b"\x7e" * 1000 + zigzag(500) + b"\x02" * 7 + b"\x00"  # 63,000 + 500 + 7 nulls
    scan(data, 0, 63_507)
    with pytest.raises(ScanError, match="claim"):
        scan(data, 0, 63_506)
    with pytest.raises(ScanError, match="claim"):
        scan(data, 0, 62_999)


@pytest.mark.parametrize(
    "data",
    [
        write(SCHEMA, order_record(total=b"\x01" * 400_000)),
        write(SCHEMA, order_record(lines=[order_record()["lines"][0]] * 5000, channel=-1)),
    ],
    ids=["400 KB decimal", "5,000 lines then enum -1"],
)
def test_refusing_a_hostile_payload_allocates_little_beyond_it(data: bytes) -> None:
    with pytest.raises(DecodeError):  # warm: plans and scans are compiled once
        decode(data, into=OrderPlacedV2, framing="none")
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError):
            decode(data, into=OrderPlacedV2, framing="none")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(data) + 1_000_000
