"""Old payloads decode into new classes (resolution, bundled upcasters, across supersedes), and
pinned older classes read newer payloads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from event_contracts import UpcastError, decode, encode
from integration_events.catalog import ProductAddedV1, ProductListedV1
from integration_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2
from integration_events.identity import UserRegisteredV1, UserRegisteredV2
from integration_events.inventory import StockAdjustedV2
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

from .samples import (
    IDS,
    connection_v1,
    connection_v2,
    order_v1,
    order_v2,
    product_v1,
    product_v2,
    stock_v1,
    user_v1,
)


def test_resolution_fills_new_optional_fields_with_their_defaults() -> None:
    event = decode(encode(order_v1()), into=OrderPlacedV2)
    assert event.shipping_address is None and event.coupon_code is None
    assert event.model_dump()["lines"] == order_v1().model_dump()["lines"]
    assert event.total == Decimal("39.48")


def test_resolution_fills_enum_and_map_defaults() -> None:
    event = decode(encode(stock_v1()), into=StockAdjustedV2)
    assert event.reason == "UNSPECIFIED"
    assert event.attributes == {}
    assert event.quantity_change == -3


def test_bundled_upcaster_splits_the_full_name() -> None:
    event = decode(encode(user_v1("  Ada  King Lovelace ")), into=UserRegisteredV2)
    assert (event.given_name, event.family_name) == ("Ada", "King Lovelace")
    assert event.full_name == "  Ada  King Lovelace "
    assert event.locale is None


def test_one_word_name_has_an_empty_family_name() -> None:
    event = decode(encode(user_v1("Cher")), into=UserRegisteredV2)
    assert (event.given_name, event.family_name) == ("Cher", "")


def test_old_type_reaches_the_superseding_type() -> None:
    listed = decode(encode(product_v2(12.5)), into=ProductListedV1)
    assert listed.price.amount == Decimal("12.50") and listed.price.currency == "EUR"
    assert listed.category == "drinks" and listed.tags == ("green", "loose")
    assert listed.listed_at == product_v2().added_at


def test_first_version_of_old_type_goes_through_resolution_then_across() -> None:
    listed = decode(encode(product_v1(0.1 + 0.2)), into=ProductListedV1)
    assert listed.price.amount == Decimal("0.30")
    assert listed.category == "uncategorized" and listed.tags == ()


def test_upcaster_refusal_becomes_upcast_error_with_the_payload() -> None:
    data = encode(product_v2(1e12))
    with pytest.raises(UpcastError) as info:
        decode(data, into=ProductListedV1)
    assert info.value.raw == data
    assert info.value.event_type == "catalog.ProductAdded"
    assert info.value.from_version == 2 and info.value.to_version == 1


def test_no_path_from_the_new_type_back_to_the_old_one() -> None:
    listed = decode(encode(product_v2()), into=ProductListedV1)
    with pytest.raises(UpcastError, match="no path"):
        decode(encode(listed), into=ProductAddedV1)


def test_pinned_older_class_reads_newer_avro_payload() -> None:
    assert decode(encode(order_v2()), into=OrderPlacedV1) == order_v1()
    old = decode(encode(user_v1()), into=UserRegisteredV2)
    assert decode(encode(old), into=UserRegisteredV1) == user_v1()


def test_json_projection_fills_defaults_for_newer_reader() -> None:
    event = decode(encode(connection_v1()), into=MetaConnectionEstablishedV2, version=1)
    assert event.business_name == "" and event.token_expires_at is None
    assert event.page_id == "page-1"


def test_json_downcast_drops_properties_the_old_reader_does_not_know() -> None:
    data = encode(connection_v2(), framing="confluent", ids=IDS)
    assert decode(data, into=MetaConnectionEstablishedV1, ids=IDS) == connection_v1()


def test_json_of_an_older_avro_version() -> None:
    text = encode(order_v1(), format="json")
    event = decode(text, into=OrderPlacedV2, format="json", version=1)
    assert event.coupon_code is None and event.placed_at == order_v1().placed_at


def test_fast_builder_gives_what_validation_gives() -> None:
    import io

    from fastavro import schemaless_reader

    from event_contracts._runtime.avro_resolve import expand
    from event_contracts._runtime.encode import class_info
    from event_contracts._runtime.shape import READ_OPTIONS, make_builder

    info = class_info(OrderPlacedV2)
    builder = make_builder(OrderPlacedV2, expand(info.version.schema))
    assert builder is not None
    payload = encode(order_v2(), framing="none")
    plain = schemaless_reader(
        io.BytesIO(payload), info.schemas.avro_read(*KEY), None, **READ_OPTIONS
    )
    logical = schemaless_reader(io.BytesIO(payload), info.schemas.avro(*KEY), None)
    assert isinstance(plain["event_id"], str) and isinstance(plain["total"], bytes)
    built, validated = builder(plain), OrderPlacedV2.model_validate(logical)
    assert built == validated == order_v2() and hash(built) == hash(validated)
    assert isinstance(built.lines, tuple) and built.channel is validated.channel
    assert built.model_dump() == validated.model_dump()
    assert isinstance(built.placed_at, dt.datetime) and built.placed_at.tzinfo is not None


KEY = ("orders.OrderPlaced", 2)
