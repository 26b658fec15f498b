"""Counterexamples hold values a producer could really send: valid for their logical types."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from event_contracts import check_compatibility

from .replay import replay_fails


def order(symbols: list[str]) -> dict[str, Any]:
    return {
        "type": "record",
        "name": "OrderPlaced",
        "fields": [
            {"name": "order_id", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "placed_on", "type": {"type": "int", "logicalType": "date"}},
            {
                "name": "total",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2},
            },
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": symbols}},
        ],
    }


def test_other_fields_of_a_counterexample_are_valid_logical_values() -> None:
    result = check_compatibility(order(["NEW", "PAID"]), order(["NEW"]), mode="BACKWARD")
    (finding,) = result.findings
    ce = finding.counterexample
    assert isinstance(ce, dict)
    assert ce["status"] == "PAID"
    assert uuid.UUID(ce["order_id"]) == uuid.UUID(int=0)
    assert dt.date.fromisoformat(ce["placed_on"]) == dt.date(1970, 1, 1)
    assert Decimal(ce["total"]) == 0


def test_a_uuid_counterexample_still_replays_in_fastavro() -> None:
    def schema(symbols: list[str]) -> dict[str, Any]:
        s = order(symbols)
        s["fields"] = [s["fields"][0], s["fields"][3]]
        return s

    old, new = schema(["NEW", "PAID"]), schema(["NEW"])
    (finding,) = check_compatibility(old, new, mode="BACKWARD").findings
    assert finding.counterexample == {
        "order_id": "00000000-0000-0000-0000-000000000000",
        "status": "PAID",
    }
    assert replay_fails(finding, old, new)


def test_the_value_at_the_break_is_valid_for_the_writers_logical_type() -> None:
    def schema(t: Any) -> dict[str, Any]:
        return {"type": "record", "name": "R", "fields": [{"name": "v", "type": t}]}

    old = schema({"type": "string", "logicalType": "uuid"})
    (finding,) = check_compatibility(old, schema("bytes"), mode="BACKWARD").findings
    assert finding.rule == "LOGICAL_TYPE_CHANGED"
    ce = finding.counterexample
    assert isinstance(ce, dict)
    uuid.UUID(ce["v"])
