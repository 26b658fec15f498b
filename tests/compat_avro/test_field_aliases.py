"""A reader field alias that another field also answers to is ambiguous: Avro's readers
disagree on which field gets the data (the specification renames by alias first, fastavro
matches names first), and a field is left empty. A plain rename by alias stays compatible."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer

from event_contracts import check_compatibility


def rec(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Thing", "namespace": "demo", "fields": list(fields)}


A = {"name": "a", "type": "int"}
AMBIGUOUS = {
    "an alias naming a field the reader keeps": (
        rec(A),
        rec(A, {"name": "b", "type": "int", "aliases": ["a"]}),
        {"a": 1},
    ),
    "two reader fields with one alias": (
        rec({"name": "x", "type": "int"}),
        rec({"name": "p", "type": "int", "aliases": ["x"]},
            {"name": "q", "type": "int", "aliases": ["x"]}),
        {"x": 1},
    ),
    "an alias naming another writer field": (
        rec({"name": "y", "type": "int"}, {"name": "x", "type": "string"}),
        rec({"name": "y", "type": "int", "aliases": ["x"]}),
        {"y": 1, "x": "s"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", AMBIGUOUS, ids=list(AMBIGUOUS))
def test_an_ambiguous_field_alias_is_breaking_and_fastavro_agrees(case: str) -> None:
    old, new, datum = AMBIGUOUS[case]
    result = check_compatibility(json.dumps(old), json.dumps(new), mode="BACKWARD", format="avro")
    assert not result.compatible
    assert {f.rule for f in result.findings} == {"FIELD_ALIAS_AMBIGUOUS"}
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(old), datum)
    buf.seek(0)
    with pytest.raises(Exception):  # noqa: B017 - fastavro's errors have no common root
        schemaless_reader(buf, parse_schema(old), parse_schema(new))


def test_a_rename_by_alias_is_still_compatible() -> None:
    old = rec(A)
    new = rec({"name": "b", "type": "int", "aliases": ["a"]})
    result = check_compatibility(json.dumps(old), json.dumps(new), mode="BACKWARD", format="avro")
    assert result.compatible, [f.message for f in result.findings]
