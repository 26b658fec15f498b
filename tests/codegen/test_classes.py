"""The bundled generated package as a consumer meets it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from event_contracts import EventMetadata, IntegrationEvent, UnknownEventTypeError, load_catalog
from event_contracts.errors import UnknownVersionError
from integration_events import _index
from integration_events.orders import OrderPlaced, OrderPlacedV1, OrderPlacedV2

REPO = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(REPO / "schemas")


def _order(**extra: object) -> OrderPlacedV2:
    fields: dict[str, object] = {
        "event_id": uuid.uuid4(),
        "order_id": uuid.uuid4(),
        "tenant_id": "t1",
        "customer_id": uuid.uuid4(),
        "lines": [{"product_id": uuid.uuid4(), "quantity": 2, "unit_price": Decimal("3.50")}],
        "total": Decimal("7.00"),
        "currency": "EUR",
        "channel": "WEB",
        "placed_at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    }
    return OrderPlaced.model_validate({**fields, **extra})


def test_the_type_name_is_the_latest_version() -> None:
    assert OrderPlaced is OrderPlacedV2
    assert OrderPlacedV1.EVENT_VERSION == 1


def test_instances_are_frozen_and_hashable_all_the_way_down() -> None:
    order = _order()
    with pytest.raises(ValidationError):
        order.currency = "USD"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        order.lines[0].quantity = 3  # type: ignore[misc]
    assert isinstance(order.lines, tuple)
    assert hash(order) == hash(order.model_copy())
    assert len({order, order.model_copy()}) == 1


def test_class_constants_match_the_catalog() -> None:
    for event in CATALOG:
        for version in event.versions:
            cls = _index.class_for(event.id, version.number)
            assert issubclass(cls, IntegrationEvent)
            assert (event.id, version.number) == (cls.EVENT_TYPE, cls.EVENT_VERSION)
            assert version.format == cls.SCHEMA_FORMAT
            assert version.fingerprint == cls.SCHEMA_FINGERPRINT
            assert version.source.relative_to(REPO / "schemas").as_posix() == cls.SCHEMA_RESOURCE
            assert list(cls.model_fields)[-1] == "metadata"
            assert _index.key_of(cls) == (event.id, version.number)
        assert _index.LATEST[event.id] == event.latest.number
    versions = [(t.id, v.number, v.fingerprint) for t in CATALOG for v in t.versions]
    assert sorted(_index.CLASSES) == sorted((t, n) for t, n, _ in versions)
    assert set(_index.LATEST) == {t.id for t in CATALOG}
    first: dict[str, tuple[str, int]] = {}
    for t, n, fingerprint in sorted(versions):  # docs-only twins share one: the first wins
        first.setdefault(fingerprint, (t, n))
    assert dict(_index.BY_FINGERPRINT) == first


def test_metadata_rides_along_but_is_not_payload() -> None:
    meta = EventMetadata(traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    order = _order(metadata=meta)
    assert order.metadata == meta
    assert "metadata" not in order.model_dump(by_alias=True)


def test_enums_are_str_enums_and_decimals_keep_their_scale() -> None:
    order = _order()
    assert order.channel == "WEB" and isinstance(order.channel, str)
    with pytest.raises(ValidationError, match="decimal"):
        _order(total=Decimal("1.234"))
    with pytest.raises(ValidationError):
        _order(placed_at=dt.datetime(2026, 1, 2))  # naive


def test_unknown_types_and_versions_raise_typed_errors() -> None:
    with pytest.raises(UnknownEventTypeError):
        _index.class_for("orders.Nope")
    with pytest.raises(UnknownVersionError):
        _index.class_for("orders.OrderPlaced", 9)


def test_importing_one_class_imports_only_its_file() -> None:
    code = (
        "import sys\n"
        "from integration_events.catalog import ProductAddedV1\n"
        "print(sorted(m for m in sys.modules if m.startswith('integration_events')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)
    assert loaded == [
        "integration_events",
        "integration_events.catalog",
        "integration_events.catalog._product_added_v1",
    ]


def test_the_union_of_latest_versions_serves_match() -> None:
    from integration_events.orders import AnyEvent, OrderCancelled

    def describe(event: AnyEvent) -> str:
        match event:
            case OrderPlaced(total=total):
                return f"placed {total}"
            case OrderCancelled():
                return "cancelled"
        return "?"

    assert describe(_order()) == "placed 7.00"
