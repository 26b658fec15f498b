"""Every run-time error names the event type and versions and carries the raw payload, so the
caller can dead-letter it. Malicious input fails fast without big allocations."""

from __future__ import annotations

import io
import json
import tracemalloc
from decimal import Decimal

import pytest
from fastavro import parse_schema, schemaless_writer
from hypothesis import given
from hypothesis import strategies as st

from event_contracts import (
    DecodeError,
    EventError,
    PayloadValidationError,
    UnknownEventTypeError,
    UnknownVersionError,
    decode,
    encode,
)
from integration_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

from .samples import IDS, connection_v1, order_v2


def zigzag(n: int) -> bytes:
    """Avro's variable-length zig-zag encoding of a long."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z > 0x7F:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


class Ids:
    def __init__(self, answer: tuple[str, int]) -> None:
        self.answer = answer

    def id_for(self, event_type: str, version: int) -> int:
        return 5

    def version_for(self, schema_id: int) -> tuple[str, int]:
        return self.answer


def test_unknown_event_type_carries_raw() -> None:
    data = encode(order_v2(), framing="confluent", ids=IDS)
    with pytest.raises(UnknownEventTypeError) as info:
        decode(data, into=OrderPlacedV2, ids=Ids(("orders.Nope", 1)))
    assert info.value.raw == data and info.value.event_type == "orders.Nope"


def test_unknown_version_carries_raw() -> None:
    data = encode(order_v2(), framing="confluent", ids=IDS)
    with pytest.raises(UnknownVersionError) as info:
        decode(data, into=OrderPlacedV2, ids=Ids(("orders.OrderPlaced", 9)))
    assert info.value.raw == data and info.value.from_version == 9
    unknown_id = b"\x00\x00\x01\x00\x00" + data[5:]
    with pytest.raises(UnknownVersionError, match="schema id 65536") as info:
        decode(unknown_id, into=OrderPlacedV2, ids="lock")
    assert info.value.raw == unknown_id


def test_truncated_payload_is_decode_error() -> None:
    data = encode(order_v2())
    for cut in (1, 5, 9, 11, len(data) // 2, len(data) - 1):
        with pytest.raises(DecodeError) as info:
            decode(data[:cut], into=OrderPlacedV2)
        assert info.value.raw == data[:cut]


def test_trailing_bytes_are_decode_error() -> None:
    data = encode(order_v2()) + b"\x00"
    with pytest.raises(DecodeError, match="unexpected byte"):
        decode(data, into=OrderPlacedV2)


def test_payload_not_matching_the_class_is_validation_error() -> None:
    bad = json.dumps({**json.loads(encode(connection_v1())), "tenantId": ""}).encode()
    with pytest.raises(PayloadValidationError) as info:
        decode(bad, into=MetaConnectionEstablishedV1)
    err = info.value
    assert err.raw == bad and err.event_type == "connections.MetaConnectionEstablished"
    assert (err.from_version, err.to_version) == (1, 1) and "tenantId" in str(err)
    with pytest.raises(PayloadValidationError) as info:
        decode(bad, into=MetaConnectionEstablishedV2, version=1)
    assert info.value.raw == bad and info.value.to_version == 2


@pytest.mark.parametrize("fmt", ["avro", "json"])
def test_a_string_no_utf8_can_hold_is_refused_under_the_error_root(fmt: str) -> None:
    """A lone surrogate fits a Python str, not UTF-8: neither wire format can carry it."""
    event = order_v2().model_copy(update={"coupon_code": "\ud800"})
    with pytest.raises(PayloadValidationError, match="cannot be written as") as info:
        encode(event, format=fmt)  # type: ignore[arg-type]
    assert info.value.event_type == "orders.OrderPlaced" and info.value.to_version == 2


def test_invalid_json_is_decode_error() -> None:
    for bad in (b"{", b"[1, 2]", b"\xff\xfe"):
        with pytest.raises(DecodeError) as info:
            decode(bad, into=MetaConnectionEstablishedV2, version=1)
        assert info.value.raw == bad
    with pytest.raises(DecodeError):
        decode(b"{", into=MetaConnectionEstablishedV1)


def test_huge_length_prefix_fails_fast_without_allocating_it() -> None:
    # event_id is a string: claim it is 2**40 bytes long.
    data = b"\xc3\x01" + bytes.fromhex(OrderPlacedV1.SCHEMA_FINGERPRINT)[::-1] + zigzag(2**40)
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError):
            decode(data + b"abc", into=OrderPlacedV1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024


def test_huge_array_count_fails_fast() -> None:
    # The four fields before `lines`, then a block claiming 2**60 order lines, holding one byte.
    head = schemaless_head(order_v2())
    fingerprint = bytes.fromhex(OrderPlacedV1.SCHEMA_FINGERPRINT)[::-1]
    bomb = b"\xc3\x01" + fingerprint + head + zigzag(2**60) + b"\x02"
    with pytest.raises(DecodeError):
        decode(bomb, into=OrderPlacedV1)


def schemaless_head(event: OrderPlacedV2) -> bytes:
    buf = io.BytesIO()
    schema = {
        "type": "record",
        "name": "Head",
        "fields": [
            {"name": n, "type": "string"}
            for n in ("event_id", "order_id", "tenant_id", "customer_id")
        ],
    }
    schemaless_writer(
        buf,
        parse_schema(schema),
        {k: str(getattr(event, k)) for k in ("event_id", "order_id", "tenant_id", "customer_id")},
    )
    return buf.getvalue()


def test_deep_json_nesting_is_decode_error() -> None:
    deep = b'{"eventId":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(DecodeError):
        decode(deep, into=MetaConnectionEstablishedV1)
    with pytest.raises(DecodeError):
        decode(deep, into=MetaConnectionEstablishedV2, version=1)


def test_oversized_payload_is_refused_unread() -> None:
    with pytest.raises(DecodeError, match="max_size"):
        decode(b"{" + b" " * 2000 + b"}", into=MetaConnectionEstablishedV1, max_size=1000)


@given(st.binary(max_size=64))
def test_arbitrary_bytes_never_escape_as_other_exceptions(data: bytes) -> None:
    for framing in ("single-object", "confluent", "none"):
        try:
            decode(
                b"\xc3\x01" + data if framing == "single-object" else data,
                into=OrderPlacedV2,
                framing=framing,
                ids="lock",
            )  # type: ignore[arg-type]
        except EventError as exc:
            assert exc.raw is not None


@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_arbitrary_json_and_envelopes_never_escape_as_other_exceptions(data: bytes) -> None:
    from event_contracts import from_cloudevent

    for call in (
        lambda: decode(data, into=MetaConnectionEstablishedV1),
        lambda: decode(data, into=MetaConnectionEstablishedV2, version=1),
        lambda: decode(data, into=OrderPlacedV2, format="json", version=1),
        lambda: from_cloudevent(data, into=OrderPlacedV2),
    ):
        try:
            call()
        except EventError as exc:
            assert exc.raw is not None


def test_decimal_beyond_its_precision_is_refused() -> None:
    # A writer that ignores the precision: `total` is decimal(14, 2), 10**12 needs 15 digits.
    schema = {
        "type": "record",
        "name": "Loose",
        "fields": [
            {
                "name": "d",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 30, "scale": 2},
            }
        ],
    }
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(schema), {"d": Decimal("1000000000000.00")})
    big = buf.getvalue()
    event = order_v2()
    good = encode(event, framing="none")
    # Splice the oversized decimal in place of `total` (its bytes follow the lines block).
    small = io.BytesIO()
    schemaless_writer(small, parse_schema(schema), {"d": Decimal("39.48")})
    at = good.index(small.getvalue())
    bad = good[:at] + big + good[at + len(small.getvalue()) :]
    with pytest.raises(PayloadValidationError, match="precision") as info:
        decode(bad, into=OrderPlacedV2, framing="none")
    assert info.value.raw == bad
