"""Which Avro unions the gate warns about: a type listed before a narrower one promoting to it."""

from __future__ import annotations

from typing import Any

import pytest

from event_contracts._gate.union_order import shadowing

RECORD = {
    "type": "record",
    "name": "Ev",
    "fields": [
        {"name": "a", "type": ["null", "string", "bytes"]},  # each promotes to the other
        {"name": "b", "type": {"type": "array", "items": ["double", "int"]}},
        {
            "name": "c",
            "type": {
                "type": "record",
                "name": "Inner",
                "fields": [{"name": "d", "type": {"type": "map", "values": ["bytes", "string"]}}],
            },
        },
        {"name": "e", "type": ["null", {"type": "string", "logicalType": "uuid"}, "bytes"]},
        {"name": "f", "type": ["long", "int"], "default": 1},
    ],
}


def test_each_union_listing_a_promotion_target_first_is_found_with_its_place() -> None:
    assert list(shadowing(RECORD)) == [
        ("/fields/0/type", "a", "bytes", "string"),
        ("/fields/1/type/items", "b", "int", "double"),
        ("/fields/2/type/fields/0/type/values", "c.d", "string", "bytes"),
        ("/fields/3/type", "e", "bytes", "string"),  # a uuid is a string on the wire
        ("/fields/4/type", "f", "int", "long"),
    ]


@pytest.mark.parametrize(
    "union",
    [["null", "int", "long", "float", "double"], ["string", "int"], ["int", "string", "double"]],
)
def test_narrower_types_first_are_fine(union: Any) -> None:
    assert list(shadowing(union)) == []
