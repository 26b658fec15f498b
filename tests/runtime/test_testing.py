"""`event_contracts.testing`: strategies build valid events and payloads of any version, and
verify_upcasters catches a wrong step (tests/contracts/ runs it on the package's own upcasters)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts import (
    IntegrationEvent,
    PayloadValidationError,
    UpcasterRegistry,
    decode,
    encode,
    from_cloudevent,
)
from event_contracts import to_cloudevent as envelope
from event_contracts.testing import events, payloads, verify_upcasters
from integration_events._index import CLASSES, class_for
from integration_events.orders import OrderPlacedV1, OrderPlacedV2

EVERY_CLASS = [class_for(t, v) for t, v in sorted(CLASSES)]


@pytest.mark.parametrize("cls", EVERY_CLASS, ids=lambda c: f"{c.EVENT_TYPE}v{c.EVENT_VERSION}")
@settings(max_examples=25)
@given(data=st.data())
def test_generated_events_round_trip(cls: type[IntegrationEvent], data: Any) -> None:
    event = data.draw(events(cls, with_metadata=True))
    bare = event.model_copy(update={"metadata": None})
    assert decode(encode(event), into=cls) == bare
    try:
        text = encode(event, format="json")
    except PayloadValidationError as exc:  # NaN and infinities have no JSON form
        assert "JSON cannot carry" in str(exc)
    else:
        assert decode(text, into=cls, format="json") == bare
    # An envelope without any trace extension gives no metadata at all.
    empty = event.metadata is None or not any(event.metadata.model_dump().values())
    assert from_cloudevent(envelope(event), into=cls) == (bare if empty else event)


@settings(max_examples=25)
@given(payloads("orders.OrderPlaced", 1, package="integration_events"))
def test_payloads_of_an_old_version_decode_into_the_latest(record: dict[str, Any]) -> None:
    old = OrderPlacedV1.model_validate(record)
    new = decode(encode(old), into=OrderPlacedV2)
    assert new.model_dump()["lines"] == old.model_dump()["lines"] and new.coupon_code is None


def test_verify_upcasters_catches_a_wrong_step() -> None:
    reg = UpcasterRegistry()
    reg.register("identity.UserRegistered", 1, 2, lambda v1: {**v1, "given_name": None})
    with pytest.raises(AssertionError, match=r"invalid for identity\.UserRegistered v2"):
        verify_upcasters("integration_events", registry=reg, max_examples=5)
