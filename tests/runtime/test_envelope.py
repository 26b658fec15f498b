"""CloudEvents 1.0 envelopes: structured JSON and Kafka binary mode, metadata inside."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from event_contracts import (
    DecodeError,
    decode,
    encode,
    from_cloudevent,
    from_kafka,
    to_cloudevent,
    to_kafka,
)
from integration_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2
from integration_events.identity import UserRegisteredV2
from integration_events.orders import OrderPlacedV2

from .samples import METADATA, connection_v1, order_v2, user_v1

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_structured_avro_event_carries_every_attribute() -> None:
    event = order_v2().model_copy(update={"metadata": METADATA})
    doc = json.loads(to_cloudevent(event, time=WHEN))
    assert doc["specversion"] == "1.0"
    assert doc["id"] == str(event.event_id)
    assert doc["source"] == "orders"
    assert doc["type"] == "orders.OrderPlaced"
    assert doc["time"] == "2026-01-02T03:04:05Z"
    assert doc["datacontenttype"] == "application/avro"
    assert doc["dataschema"] == "urn:event-contracts:orders.OrderPlaced:v2"
    assert doc["subject"] == str(event.order_id)
    assert doc["traceparent"] == METADATA.traceparent
    assert doc["tracestate"] == METADATA.tracestate
    assert doc["correlationid"] == "corr-1" and doc["causationid"] == "cause-1"
    assert doc["tenant"] == "tenant-7"
    assert base64.b64decode(doc["data_base64"]) == encode(event, framing="none")
    for name in doc:
        if name not in ("data", "data_base64"):
            assert re.fullmatch(r"[a-z0-9]{1,20}", name), name


def test_structured_round_trip_restores_metadata() -> None:
    event = order_v2().model_copy(update={"metadata": METADATA})
    back = from_cloudevent(to_cloudevent(event), into=OrderPlacedV2)
    assert back == event and back.metadata == METADATA


def test_structured_json_event_embeds_data_as_json() -> None:
    event = connection_v1()
    doc = json.loads(to_cloudevent(event, source="/connections/meta"))
    assert doc["datacontenttype"] == "application/json"
    assert doc["data"]["pageId"] == "page-1"
    assert doc["source"] == "/connections/meta"
    assert "traceparent" not in doc
    assert from_cloudevent(json.dumps(doc), into=MetaConnectionEstablishedV1) == event


def test_envelope_version_drives_upcasting() -> None:
    data = to_cloudevent(connection_v1())
    event = from_cloudevent(data, into=MetaConnectionEstablishedV2)
    assert event.business_name == ""
    user = from_cloudevent(to_cloudevent(user_v1()), into=UserRegisteredV2)
    assert user.given_name == "Ada"


def test_kafka_binary_mode_headers_and_value() -> None:
    event = user_v1().model_copy(update={"metadata": METADATA})
    headers, value = to_kafka(event, time=WHEN, id="evt-1")
    as_dict = dict(headers)
    assert all(isinstance(k, str) and isinstance(v, bytes) for k, v in headers)
    assert as_dict["content-type"] == b"application/avro"
    assert as_dict["ce_specversion"] == b"1.0"
    assert as_dict["ce_id"] == b"evt-1"
    assert as_dict["ce_type"] == b"identity.UserRegistered"
    assert as_dict["ce_source"] == b"identity"
    assert as_dict["ce_time"] == b"2026-01-02T03:04:05Z"
    assert as_dict["ce_dataschema"] == b"urn:event-contracts:identity.UserRegistered:v1"
    assert as_dict["ce_subject"] == str(event.user_id).encode()
    assert as_dict["ce_traceparent"] == METADATA.traceparent.encode()  # type: ignore[union-attr]
    assert as_dict["ce_tenant"] == b"tenant-7"
    assert "ce_datacontenttype" not in as_dict
    assert value == encode(event, framing="none")
    back = from_kafka(headers, value, into=UserRegisteredV2)
    assert back.metadata == METADATA and back.family_name == "King Lovelace"


def test_kafka_json_event() -> None:
    headers, value = to_kafka(connection_v1())
    assert dict(headers)["content-type"] == b"application/json"
    assert decode(value, into=MetaConnectionEstablishedV1) == connection_v1()
    assert from_kafka(headers, value, into=MetaConnectionEstablishedV1) == connection_v1()


@pytest.mark.parametrize(
    "change",
    [
        {"specversion": "0.3"},
        {"type": None},
        {"dataschema": "urn:event-contracts:orders.Other:v1"},
        {"dataschema": None},
        {"data_base64": "***"},
    ],
)
def test_bad_envelopes_are_decode_errors(change: dict[str, object]) -> None:
    doc = json.loads(to_cloudevent(order_v2()))
    for key, value in change.items():
        if value is None:
            del doc[key]
        else:
            doc[key] = value
    raw = json.dumps(doc).encode()
    with pytest.raises(DecodeError) as info:
        from_cloudevent(raw, into=OrderPlacedV2)
    assert info.value.raw == raw


def test_corrupt_data_in_envelope_reports_the_envelope() -> None:
    doc = json.loads(to_cloudevent(order_v2()))
    doc["data_base64"] = base64.b64encode(b"\x02").decode()
    raw = json.dumps(doc).encode()
    with pytest.raises(DecodeError) as info:
        from_cloudevent(raw, into=OrderPlacedV2)
    assert info.value.raw == raw
