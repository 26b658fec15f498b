"""Conformance against the official CloudEvents Python SDK (`cloudevents`, dev extra only).

Both of its APIs are used as independent readers and writers: `cloudevents.core` (2.x: format
and binding objects that validate attributes on construction) and `cloudevents.v1` (the 1.x
API: `http.from_json`, `conversion.from_json`, `kafka.to_binary`/`from_binary`, ...).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import urllib.parse
from typing import Any

import pytest
from cloudevents.core.bindings import kafka as core_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent as CoreEvent
from cloudevents.v1 import conversion as v1_conversion
from cloudevents.v1 import http as v1_http
from cloudevents.v1 import kafka as v1_kafka
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from event_contracts import (
    DecodeError,
    IntegrationEvent,
    encode,
    from_cloudevent,
    from_kafka,
    to_cloudevent,
    to_kafka,
)
from event_contracts._runtime.ce_attributes import occurred_at
from event_contracts.testing import events
from integration_events._index import CLASSES, class_for
from integration_events.connections import MetaConnectionEstablishedV1
from integration_events.orders import OrderPlacedV2

from .samples import METADATA, NOW, connection_v1, order_v2

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
# RFC 3339 section 5.6 `date-time`: a full date, a full time and a mandatory offset.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
# RFC 3986 section 3.1: an absolute URI starts with a scheme.
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
EXTENSIONS = {"traceparent", "tracestate", "correlationid", "causationid", "tenant"}
CORE_ATTRIBUTES = {"id", "source", "specversion", "type", "datacontenttype", "dataschema"}


def avro_event() -> OrderPlacedV2:
    return order_v2().model_copy(update={"metadata": METADATA})


def json_event() -> MetaConnectionEstablishedV1:
    return connection_v1().model_copy(update={"metadata": METADATA})


EVENTS = [pytest.param(avro_event, id="avro"), pytest.param(json_event, id="jsonschema")]


def is_avro(event: IntegrationEvent) -> bool:
    return event.SCHEMA_FORMAT == "avro"


def expected_data(event: IntegrationEvent) -> Any:
    """The data an SDK should hand its user: Avro bytes, or the JSON value."""
    payload = encode(event, framing="none")
    return payload if is_avro(event) else json.loads(payload)


def our_attributes(event: IntegrationEvent) -> dict[str, Any]:
    doc = json.loads(to_cloudevent(event, time=WHEN))
    return {k: v for k, v in doc.items() if k not in ("data", "data_base64")}


def as_bytes(data: Any) -> Any:
    # The core SDK hands binary-mode data back as str when the bytes happen to be UTF-8.
    return data.encode() if isinstance(data, str) else data


def sdk_data(event: IntegrationEvent, data: Any) -> Any:
    return as_bytes(data) if is_avro(event) else data


def core_event(event: IntegrationEvent) -> CoreEvent:
    """The same CloudEvent built by the core SDK (which validates every attribute)."""
    attrs: dict[str, Any] = our_attributes(event)
    attrs["time"] = dt.datetime.fromisoformat(attrs["time"])
    return CoreEvent(attrs, expected_data(event))


def v1_event(event: IntegrationEvent) -> v1_http.CloudEvent:
    return v1_http.CloudEvent.create(our_attributes(event), expected_data(event))


def assert_same_attributes(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    for name, value in ours.items():
        got = theirs[name]
        if isinstance(got, dt.datetime):
            assert got == dt.datetime.fromisoformat(value), name
        else:
            assert got == value, name


# --- the attributes we write are valid CloudEvents 1.0 -------------------------------------


@pytest.mark.parametrize("make", EVENTS)
def test_attributes_are_valid_cloudevents(make: Any) -> None:
    event = make()
    attrs = our_attributes(event)
    assert attrs.keys() >= CORE_ATTRIBUTES | EXTENSIONS | {"time", "subject"}
    assert RFC3339.match(attrs["time"]) and attrs["time"].endswith("Z")
    assert URI_SCHEME.match(attrs["dataschema"])
    assert urllib.parse.urlsplit(attrs["dataschema"]).scheme == "urn"
    assert not re.search(r"[\s<>\"{}|\\^`]", attrs["dataschema"] + attrs["source"])
    for name in attrs:
        assert re.fullmatch(r"[a-z0-9]{1,20}", name), name
    assert all(isinstance(v, str) and v for v in attrs.values())
    core_event(event)  # raises CloudEventValidationError on any invalid attribute


def test_time_keeps_microseconds_and_converts_to_utc() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 1, 2, 4, 4, 5, 123456, tzinfo=paris)
    doc = json.loads(to_cloudevent(order_v2(), time=moment))
    assert doc["time"] == "2026-01-02T03:04:05.123456Z"
    assert RFC3339.match(doc["time"])
    naive = json.loads(to_cloudevent(order_v2(), time=dt.datetime(2026, 1, 2, 3, 4, 5)))
    assert naive["time"] == "2026-01-02T03:04:05Z"  # naive is taken as UTC, never offset-less


def test_avro_data_travels_as_data_base64_json_as_data() -> None:
    avro = json.loads(to_cloudevent(avro_event()))
    assert "data" not in avro and avro["datacontenttype"] == "application/avro"
    assert base64.b64decode(avro["data_base64"]) == encode(avro_event(), framing="none")
    js = json.loads(to_cloudevent(json_event()))
    assert "data_base64" not in js and isinstance(js["data"], dict)


# --- time: the event's own occurrence time --------------------------------------------------


def test_time_defaults_to_the_occurrence_time() -> None:
    assert json.loads(to_cloudevent(order_v2()))["time"] == "2026-03-14T15:09:26.535000Z"
    assert occurred_at(order_v2()) == NOW
    # established_at, not the optional token_expires_at
    conn = connection_v1()
    assert occurred_at(conn) == conn.established_at
    headers, _ = to_kafka(order_v2())
    assert dict(headers)["ce_time"] == b"2026-03-14T15:09:26.535000Z"
    assert json.loads(to_cloudevent(order_v2(), time=WHEN))["time"] == "2026-01-02T03:04:05Z"


# --- structured JSON: the SDK reads ours, we read the SDK's ---------------------------------


@pytest.mark.parametrize("make", EVENTS)
def test_sdk_reads_our_structured_json(make: Any) -> None:
    event = make()
    data = to_cloudevent(event, time=WHEN)
    attrs = our_attributes(event)
    identity = None if not is_avro(event) else (lambda x: x)

    for parsed in (
        v1_http.from_json(data, data_unmarshaller=identity),
        v1_conversion.from_json(v1_http.CloudEvent, data, data_unmarshaller=identity),
    ):
        assert_same_attributes(attrs, parsed.get_attributes())
        assert sdk_data(event, parsed.get_data()) == expected_data(event)

    core = JSONFormat().read(None, data)
    assert_same_attributes(attrs, core.get_attributes())
    assert core.get_time() == WHEN
    assert core.get_data() == expected_data(event)


@pytest.mark.parametrize("make", EVENTS)
def test_we_read_sdk_structured_json(make: Any) -> None:
    event = make()
    for data in (JSONFormat().write(core_event(event)), v1_conversion.to_json(v1_event(event))):
        back = from_cloudevent(data, into=type(event))
        assert back == event and back.metadata == METADATA


# --- Kafka binary mode -----------------------------------------------------------------------


@pytest.mark.parametrize("make", EVENTS)
def test_sdk_reads_our_kafka_binary(make: Any) -> None:
    event = make()
    headers, value = to_kafka(event, time=WHEN, partitionkey="order-2")
    attrs = our_attributes(event) | {"partitionkey": "order-2"}

    identity = None if not is_avro(event) else (lambda x: x)
    message = v1_kafka.KafkaMessage(dict(headers), "order-2", value)
    v1 = v1_kafka.from_binary(message, data_unmarshaller=identity)
    assert_same_attributes(attrs, v1.get_attributes())
    assert sdk_data(event, v1.get_data()) == expected_data(event)

    core = core_kafka.from_binary(
        core_kafka.KafkaMessage(headers=dict(headers), key="order-2", value=value), JSONFormat()
    )
    assert_same_attributes(attrs, core.get_attributes())
    assert sdk_data(event, core.get_data()) == expected_data(event)


@pytest.mark.parametrize("make", EVENTS)
def test_we_read_sdk_kafka_binary(make: Any) -> None:
    event = make()
    identity = None if not is_avro(event) else (lambda x: x)
    v1 = v1_kafka.to_binary(v1_event(event), data_marshaller=identity)
    core = core_kafka.to_binary(core_event(event), JSONFormat())
    for message in (v1, core):
        assert "ce_datacontenttype" not in message.headers
        back = from_kafka(list(message.headers.items()), message.value, into=type(event))
        assert back == event and back.metadata == METADATA


# --- Kafka structured mode -------------------------------------------------------------------


@pytest.mark.parametrize("make", EVENTS)
def test_kafka_structured_mode(make: Any) -> None:
    event = make()
    headers, value = to_kafka(event, time=WHEN, mode="structured")
    assert headers == [("content-type", b"application/cloudevents+json")]
    assert value == to_cloudevent(event, time=WHEN)
    back = from_kafka(headers, value, into=type(event))
    assert back == event and back.metadata == METADATA

    core = core_kafka.from_structured(
        core_kafka.KafkaMessage(headers=dict(headers), key=None, value=value), JSONFormat()
    )
    assert_same_attributes(our_attributes(event), core.get_attributes())
    assert core.get_data() == expected_data(event)
    # the 1.x SDK takes datacontenttype from the content-type header: compare the rest
    v1 = v1_kafka.from_structured(v1_kafka.KafkaMessage(dict(headers), None, value))
    rest = {k: v for k, v in our_attributes(event).items() if k != "datacontenttype"}
    assert_same_attributes(rest, v1.get_attributes())
    assert sdk_data(event, v1.get_data()) == expected_data(event)


@pytest.mark.parametrize("make", EVENTS)
def test_we_read_sdk_kafka_structured(make: Any) -> None:
    event = make()
    identity = None if not is_avro(event) else (lambda x: x)
    core = core_kafka.to_structured(core_event(event), JSONFormat())
    # the 1.x SDK moves datacontenttype into the content-type header and out of the value
    v1 = v1_kafka.to_structured(v1_event(event), data_marshaller=identity)
    assert v1.headers["content-type"] != b"application/cloudevents+json"
    for message in (core, v1):
        back = from_kafka(list(message.headers.items()), message.value, into=type(event))
        assert back == event and back.metadata == METADATA


def test_kafka_structured_content_type_is_matched_as_a_media_type() -> None:
    value = to_cloudevent(order_v2())
    for content_type in (
        b"application/cloudevents+json; charset=UTF-8",
        b"Application/CloudEvents+JSON",
    ):
        assert from_kafka([("content-type", content_type)], value, into=OrderPlacedV2) == order_v2()
    with pytest.raises(DecodeError, match="event format"):
        from_kafka([("content-type", b"application/cloudevents+avro")], value, into=OrderPlacedV2)


# --- decoding follows the JSON format, not only our own output -------------------------------


def test_null_attributes_count_as_absent() -> None:
    doc = json.loads(to_cloudevent(avro_event()))
    doc.update(subject=None, tenant=None, time=None, tracestate=None)
    back = from_cloudevent(json.dumps(doc), into=OrderPlacedV2)
    assert back.metadata is not None
    assert back.metadata.tenant_id is None and back.metadata.traceparent == METADATA.traceparent


def test_json_media_types_and_absent_datacontenttype() -> None:
    doc = json.loads(to_cloudevent(json_event()))
    for content_type in ("application/json; charset=utf-8", "application/vnd.x+json", None):
        doc["datacontenttype"] = content_type
        assert from_cloudevent(json.dumps(doc), into=MetaConnectionEstablishedV1) == json_event()
    del doc["datacontenttype"]
    assert from_cloudevent(json.dumps(doc), into=MetaConnectionEstablishedV1) == json_event()
    # JSON data sent as data_base64 is still JSON data
    payload = encode(json_event(), framing="none")
    doc.pop("data")
    doc.update(datacontenttype="application/json", data_base64=base64.b64encode(payload).decode())
    assert from_cloudevent(json.dumps(doc), into=MetaConnectionEstablishedV1) == json_event()


@pytest.mark.parametrize("content_type", ["text/xml", "application/octet-stream"])
def test_unsupported_datacontenttype_is_a_decode_error(content_type: str) -> None:
    doc = json.loads(to_cloudevent(order_v2()))
    doc["datacontenttype"] = content_type
    with pytest.raises(DecodeError, match="datacontenttype"):
        from_cloudevent(json.dumps(doc), into=OrderPlacedV2)


def test_avro_data_as_a_json_value_is_a_decode_error() -> None:
    doc = json.loads(to_cloudevent(order_v2()))
    doc["data"] = doc.pop("data_base64")
    with pytest.raises(DecodeError, match="data_base64"):
        from_cloudevent(json.dumps(doc), into=OrderPlacedV2)


def test_tenantid_spelling_is_accepted() -> None:
    doc = json.loads(to_cloudevent(avro_event()))
    doc["tenantid"] = doc.pop("tenant")
    back = from_cloudevent(json.dumps(doc), into=OrderPlacedV2)
    assert back.metadata == METADATA


def test_kafka_header_names_are_case_insensitive_and_none_values_ignored() -> None:
    headers, value = to_kafka(avro_event())
    shouted: list[tuple[str, bytes | str | None]] = [(k.upper(), v) for k, v in headers]
    shouted.append(("ce_subject", None))
    back = from_kafka(shouted, value, into=OrderPlacedV2)
    assert back == avro_event()


def test_kafka_headers_as_a_mapping_and_records_without_value() -> None:
    headers, value = to_kafka(avro_event())
    assert from_kafka(dict(headers), bytearray(value), into=OrderPlacedV2) == avro_event()
    with pytest.raises(DecodeError, match="no value"):
        from_kafka(headers, None, into=OrderPlacedV2)
    with pytest.raises(DecodeError, match="specversion"):
        from_kafka(None, value, into=OrderPlacedV2)


# --- every bundled event type, generated instances -------------------------------------------

EVERY_CLASS = [class_for(t, v) for t, v in sorted(CLASSES)]


@pytest.mark.parametrize("cls", EVERY_CLASS, ids=lambda c: f"{c.EVENT_TYPE}v{c.EVENT_VERSION}")
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_event_type_is_a_valid_cloudevent(cls: type[IntegrationEvent], data: Any) -> None:
    event = data.draw(events(cls, with_metadata=True))
    structured = to_cloudevent(event)
    core = JSONFormat().read(None, structured)  # validates every attribute
    assert core.get_type() == cls.EVENT_TYPE
    assert core.get_time() is not None and core.get_time().tzinfo is not None
    headers, value = to_kafka(event)
    message = core_kafka.KafkaMessage(headers=dict(headers), key=None, value=value)
    assert core_kafka.from_binary(message, JSONFormat()).get_attributes() == core.get_attributes()
    back = core_kafka.to_binary(core, JSONFormat())
    expected = from_cloudevent(structured, into=cls)
    assert from_kafka(back.headers, back.value, into=cls) == expected
