"""The parse cache: a schema checked again is not parsed again, and `clear_cache` empties it."""

from __future__ import annotations

import json
from typing import Any

from event_contracts import check_compatibility
from event_contracts._compat.avro_names import clear_cache, fingerprint, index, index_text


def order(*extra: dict[str, Any]) -> dict[str, Any]:
    line = {"type": "record", "name": "Line", "fields": [{"name": "sku", "type": "string"}]}
    fields = [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "lines", "type": {"type": "array", "items": line}},
        *extra,
    ]
    return {"type": "record", "name": "Order", "namespace": "shop", "fields": fields}


def test_a_decoded_schema_checked_twice_is_parsed_once() -> None:
    # A fingerprint that changed once the schema had been parsed (marshal's back-references
    # depend on reference counts) made every later check of the same dict parse it again.
    clear_cache()
    schema = order()
    assert index(schema) is index(schema)


def test_a_schema_text_is_cached_by_its_text_and_cleared_with_the_cache() -> None:
    clear_cache()
    text = json.dumps(order())
    first = index_text(text, lambda: json.loads(text))
    assert index_text(text, lambda: json.loads(text)) is first
    clear_cache()
    assert index_text(text, lambda: json.loads(text)) is not first


def test_an_unchanged_nested_type_is_one_node_in_both_versions() -> None:
    clear_cache()
    added = {"name": "note", "type": ["null", "string"], "default": None}
    old, new = index(order()), index(order(added))
    assert old.names["shop.Line"] is new.names["shop.Line"]


def test_fingerprints_tell_json_numbers_and_booleans_apart() -> None:
    keys = {fingerprint({"default": v}) for v in (1, 1.0, True, "1")}
    assert len(keys) == 4


def test_text_and_decoded_input_give_the_same_verdict_cold_and_warm() -> None:
    added = {"name": "note", "type": "string"}
    old, new = order(), order(added)
    verdicts = []
    for _ in range(2):
        clear_cache()
        for _ in range(2):
            for pair in ((old, new), (json.dumps(old), json.dumps(new))):
                result = check_compatibility(*pair, mode="FULL", format="avro")
                verdicts.append([(f.rule, f.direction, f.pointer) for f in result.findings])
    expected = [("READER_FIELD_MISSING_DEFAULT", "backward", "/fields/2")]
    assert verdicts == [expected] * 8
