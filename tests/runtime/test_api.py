"""The public runtime API: signatures users rely on, and schemas parsed once, not per message."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import event_contracts
from event_contracts import decode, encode, upcaster
from event_contracts._runtime import decode as decode_module
from event_contracts._runtime import schemas as schemas_module
from integration_events.orders import OrderPlacedV2

from .samples import order_v1, order_v2


def test_upcaster_signature() -> None:
    params = inspect.signature(upcaster).parameters
    assert list(params) == ["event_type", "from_version", "to_version", "target_type"]
    assert params["target_type"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["target_type"].default is None


def test_runtime_names_are_public() -> None:
    for name in (
        "encode",
        "decode",
        "upcaster",
        "UpcasterRegistry",
        "SchemaIdResolver",
        "to_cloudevent",
        "from_cloudevent",
        "to_kafka",
        "from_kafka",
    ):
        assert name in event_contracts.__all__


def test_no_schema_is_parsed_or_compiled_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [encode(order_v1()), encode(order_v2()), encode(order_v2(), format="json")]
    decode(frames[0], into=OrderPlacedV2)
    decode(frames[1], into=OrderPlacedV2)
    decode(frames[2], into=OrderPlacedV2, format="json")
    calls: list[Any] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise AssertionError("parsed or compiled on the hot path")

    monkeypatch.setattr(schemas_module, "parse_schema", counting)
    monkeypatch.setattr(decode_module, "compile_resolution", counting)
    monkeypatch.setattr(decode_module, "make_builder", counting)
    for _ in range(3):
        assert decode(frames[0], into=OrderPlacedV2).coupon_code is None
        assert decode(frames[1], into=OrderPlacedV2) == order_v2()
        assert decode(frames[2], into=OrderPlacedV2, format="json") == order_v2()
        encode(order_v2())
    assert calls == []
