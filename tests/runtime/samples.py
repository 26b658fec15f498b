"""Sample events of the stand-in package, shared by the runtime tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from rt_events.catalog import ProductAddedV1, ProductAddedV2
from rt_events.connections import MetaConnectionEstablishedV1, MetaConnectionEstablishedV2
from rt_events.identity import UserRegisteredV1
from rt_events.inventory import StockAdjustedV1
from rt_events.orders import Address, OrderLine, OrderPlacedV1, OrderPlacedV2

from event_contracts import EventMetadata

NOW = dt.datetime(2026, 3, 14, 15, 9, 26, 535000, tzinfo=dt.UTC)
METADATA = EventMetadata(
    traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    tracestate="rojo=00f067aa0ba902b7",
    correlation_id="corr-1",
    causation_id="cause-1",
    tenant_id="tenant-7",
)


def order_v1() -> OrderPlacedV1:
    return OrderPlacedV1(
        event_id=uuid.UUID(int=1),
        order_id=uuid.UUID(int=2),
        tenant_id="tenant-7",
        customer_id=uuid.UUID(int=3),
        lines=[
            OrderLine(product_id=uuid.UUID(int=4), quantity=2, unit_price=Decimal("19.99")),
            OrderLine(product_id=uuid.UUID(int=5), quantity=1, unit_price=Decimal("-0.50")),
        ],
        total=Decimal("39.48"),
        currency="EUR",
        channel="WHATSAPP",
        placed_at=NOW,
    )


def order_v2() -> OrderPlacedV2:
    return OrderPlacedV2(
        **order_v1().model_dump(exclude={"metadata"}),
        shipping_address=Address(line1="1 Rue X", city="Lyon", postal_code="69001", country="FR"),
        coupon_code="SPRING",
    )


def user_v1(full_name: str = "Ada  King Lovelace") -> UserRegisteredV1:
    return UserRegisteredV1(
        event_id=uuid.UUID(int=10),
        user_id=uuid.UUID(int=11),
        tenant_id="tenant-7",
        email="ada@example.com",
        full_name=full_name,
        registered_at=NOW,
    )


def product_v1(price: float = 19.99) -> ProductAddedV1:
    return ProductAddedV1(
        event_id=uuid.UUID(int=20),
        product_id=uuid.UUID(int=21),
        tenant_id="tenant-7",
        name="Tea",
        price=price,
        added_at=NOW,
    )


def product_v2(price: float = 19.99) -> ProductAddedV2:
    return ProductAddedV2(
        **product_v1(price).model_dump(exclude={"metadata"}),
        category="drinks",
        tags=["green", "loose"],
    )


def stock_v1() -> StockAdjustedV1:
    return StockAdjustedV1(
        event_id=uuid.UUID(int=30),
        product_id=uuid.UUID(int=31),
        tenant_id="tenant-7",
        warehouse="north",
        quantity_change=-3,
        quantity_after=12,
        adjusted_at=NOW,
    )


def connection_v1() -> MetaConnectionEstablishedV1:
    return MetaConnectionEstablishedV1(
        eventId=uuid.UUID(int=40),
        connectionId=uuid.UUID(int=41),
        tenantId="tenant-7",
        clientId=uuid.UUID(int=42),
        platform="INSTAGRAM",
        pageId="page-1",
        scopes=["pages_messaging", "instagram_basic"],
        establishedAt=NOW,
    )


def connection_v2() -> MetaConnectionEstablishedV2:
    return MetaConnectionEstablishedV2(
        **connection_v1().model_dump(exclude={"metadata"}),
        tokenExpiresAt=NOW + dt.timedelta(days=60),
        businessName="Tea House",
    )
