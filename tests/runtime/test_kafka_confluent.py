"""CloudEvents binary mode around a Confluent-framed value: the common Kafka-with-registry setup."""

from __future__ import annotations

import pytest

from event_contracts import DecodeError, UsageError, encode, from_kafka, to_kafka
from integration_events.connections import MetaConnectionEstablishedV1
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

from .samples import IDS, METADATA, connection_v1, order_v1, order_v2


def test_avro_value_is_confluent_framed_and_the_headers_are_cloudevents() -> None:
    event = order_v2().model_copy(update={"metadata": METADATA})
    headers, value = to_kafka(event, framing="confluent", ids=IDS)
    assert value[:1] == b"\x00"
    assert int.from_bytes(value[1:5], "big") == IDS.id_for("orders.OrderPlaced", 2)
    assert value[5:] == encode(order_v2(), framing="none")
    names = dict(headers)
    assert names["content-type"] == b"application/avro"
    assert names["ce_type"] == b"orders.OrderPlaced"
    assert names["ce_dataschema"] == b"urn:event-contracts:orders.OrderPlaced:v2"
    back = from_kafka(headers, value, into=OrderPlacedV2, framing="confluent", ids=IDS)
    assert back == event and back.metadata == METADATA


def test_an_older_version_is_upcast_through_the_envelope() -> None:
    headers, value = to_kafka(order_v1(), framing="confluent", ids=IDS)
    assert from_kafka(headers, value, into=OrderPlacedV2, framing="confluent", ids=IDS)
    assert (
        from_kafka(headers, value, into=OrderPlacedV1, framing="confluent", ids=IDS) == order_v1()
    )


def test_a_json_value_with_the_magic_byte_is_read_as_confluent_without_being_told() -> None:
    headers, value = to_kafka(connection_v1(), framing="confluent", ids=IDS)
    assert value[:1] == b"\x00" and dict(headers)["content-type"] == b"application/json"
    assert from_kafka(headers, value, into=MetaConnectionEstablishedV1, ids=IDS) == connection_v1()


def test_the_schema_id_must_agree_with_the_dataschema_header() -> None:
    headers, value = to_kafka(order_v2(), framing="confluent", ids=IDS)
    lying = [
        (k, b"urn:event-contracts:orders.OrderPlaced:v1" if k == "ce_dataschema" else v)
        for k, v in headers
    ]
    with pytest.raises(DecodeError, match=r"header says orders\.OrderPlaced v2"):
        from_kafka(lying, value, into=OrderPlacedV2, framing="confluent", ids=IDS)


def test_confluent_framing_needs_ids_and_binary_mode() -> None:
    with pytest.raises(UsageError, match="ids="):
        to_kafka(order_v2(), framing="confluent")
    headers, value = to_kafka(order_v2(), framing="confluent", ids=IDS)
    with pytest.raises(UsageError, match="ids="):
        from_kafka(headers, value, into=OrderPlacedV2, framing="confluent")
    with pytest.raises(UsageError, match="structured mode"):
        to_kafka(order_v2(), mode="structured", framing="confluent", ids=IDS)
    with pytest.raises(UsageError, match="framing must be"):
        to_kafka(order_v2(), framing="single-object", ids=IDS)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="Avro event"):
        to_kafka(order_v2(), format="json", framing="confluent", ids=IDS)


def test_a_magic_byte_the_caller_did_not_ask_for_is_an_event_error() -> None:
    headers, value = to_kafka(connection_v1(), framing="confluent", ids=IDS)
    with pytest.raises(DecodeError, match="magic byte") as info:
        from_kafka(headers, value, into=MetaConnectionEstablishedV1)
    assert info.value.raw == value
