"""Sample events of the generated `integration_events` package, shared by the runtime tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from event_contracts import EventMetadata
from integration_events.catalog import ProductAddedV1, ProductAddedV2
from integration_events.connections import (
    MetaConnectionEstablishedV1,
    MetaConnectionEstablishedV2,
)
from integration_events.identity import UserRegisteredV1
from integration_events.inventory import StockAdjustedV1
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

NOW = dt.datetime(2026, 3, 14, 15, 9, 26, 535000, tzinfo=dt.UTC)
METADATA = EventMetadata(
    traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    tracestate="rojo=00f067aa0ba902b7",
    correlation_id="corr-1",
    causation_id="cause-1",
    tenant_id="tenant-7",
)
ORDER_V1 = {
    "event_id": uuid.UUID(int=1),
    "order_id": uuid.UUID(int=2),
    "tenant_id": "tenant-7",
    "customer_id": uuid.UUID(int=3),
    "lines": [
        {"product_id": uuid.UUID(int=4), "quantity": 2, "unit_price": Decimal("19.99")},
        {"product_id": uuid.UUID(int=5), "quantity": 1, "unit_price": Decimal("-0.50")},
    ],
    "total": Decimal("39.48"),
    "currency": "EUR",
    "channel": "WHATSAPP",
    "placed_at": NOW,
}
ADDRESS = {"line1": "1 Rue X", "city": "Lyon", "postal_code": "69001", "country": "FR"}


def order_v1() -> OrderPlacedV1:
    return OrderPlacedV1.model_validate(ORDER_V1)


def order_v2() -> OrderPlacedV2:
    return OrderPlacedV2.model_validate(
        {**ORDER_V1, "shipping_address": ADDRESS, "coupon_code": "SPRING"}
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


def _product(price: float) -> dict[str, object]:
    return {
        "event_id": uuid.UUID(int=20),
        "product_id": uuid.UUID(int=21),
        "tenant_id": "tenant-7",
        "name": "Tea",
        "price": price,
        "added_at": NOW,
    }


def product_v1(price: float = 19.99) -> ProductAddedV1:
    return ProductAddedV1.model_validate(_product(price))


def product_v2(price: float = 19.99) -> ProductAddedV2:
    return ProductAddedV2.model_validate(
        {**_product(price), "category": "drinks", "tags": ["green", "loose"]}
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


CONNECTION_V1 = {
    "eventId": uuid.UUID(int=40),
    "connectionId": uuid.UUID(int=41),
    "tenantId": "tenant-7",
    "clientId": uuid.UUID(int=42),
    "platform": "INSTAGRAM",
    "pageId": "page-1",
    "scopes": ["pages_messaging", "instagram_basic"],
    "establishedAt": NOW,
}


def connection_v1() -> MetaConnectionEstablishedV1:
    return MetaConnectionEstablishedV1.model_validate(CONNECTION_V1)


def connection_v2() -> MetaConnectionEstablishedV2:
    return MetaConnectionEstablishedV2.model_validate(
        {**CONNECTION_V1, "tokenExpiresAt": NOW + dt.timedelta(days=60), "businessName": "Tea"}
    )


class CatalogIds:
    """A schema id resolver standing in for a registry: ids 101, 102, ... in catalog order."""

    def __init__(self) -> None:
        from event_contracts._runtime.schemas import for_package

        catalog = for_package("integration_events").catalog
        keys = [(t.id, v.number) for t in catalog for v in t.versions]
        self.ids = {key: 101 + i for i, key in enumerate(keys)}
        self.keys = {i: key for key, i in self.ids.items()}

    def id_for(self, event_type: str, version: int) -> int:
        return self.ids[(event_type, version)]

    def version_for(self, schema_id: int) -> tuple[str, int]:
        return self.keys[schema_id]


IDS = CatalogIds()
