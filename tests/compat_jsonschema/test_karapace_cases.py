"""Karapace's JSON Schema compatibility tests, as a data-driven suite.

`data/karapace_cases.jsonl` transcribes the (reader, writer, compatible) assertions of Karapace's
`tests/unit/compatibility/jsonschema/test_jsonschema_compatibility.py` with the schemas of its
`tests/schemas/json_schemas.py` (see data/README.md). Karapace's `compatibility(reader, writer)`
asks whether the reader accepts what the writer produces, so each row is checked as BACKWARD
with old = writer, new = reader, and as FORWARD with the roles of old and new swapped.

We agree with Karapace on 265 of its 336 assertions. The other 71 are deliberate: Karapace
differs there from Confluent Schema Registry, whose code (`SchemaDiff.compare`) and a JSON
document check both side with us. Every one is listed below with its reason, and the test checks
the evidence with `jsonschema`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from event_contracts import check_compatibility

DATA = Path(__file__).parent / "data" / "karapace_cases.jsonl"

# Confluent: `if (original instanceof FalseSchema || update instanceof EmptySchema) return;`
# (TrueSchema extends EmptySchema). A reader `true` accepts every value, and a writer that
# accepts nothing (`false`, `{"not": {}}`, `{"not": true}`) produces nothing to reject, so these
# are compatible; Karapace rejects them.
_READER_ACCEPTS_ALL = (
    "the reader is `true`: it accepts every document (Confluent: update is an EmptySchema, "
    "no difference)"
)
_WRITER_ACCEPTS_NONE = (
    "the writer accepts no document, so the reader has nothing to reject (Confluent: original "
    "is a FalseSchema, or a reader that is EmptySchema)"
)
_EMPTY_PROPERTY = (
    "the reader declares `a` with the empty schema in an open object, which accepts every "
    "object (Confluent: PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL, compatible)"
)
DISAGREE: dict[tuple[str, str, str], str] = {
    ("extra_field_with_closed_model", "A_INT_OBJECT_SCHEMA", "FALSE_SCHEMA"): _WRITER_ACCEPTS_NONE,
    ("true_and_false", "A_INT_B_INT_REQUIRED_OBJECT_SCHEMA", "FALSE_SCHEMA"): _WRITER_ACCEPTS_NONE,
    ("true_and_false", "NOT_OF_TRUE_SCHEMA", "FALSE_SCHEMA"): _WRITER_ACCEPTS_NONE,
    ("true_and_false", "NOT_OF_EMPTY_SCHEMA", "FALSE_SCHEMA"): _WRITER_ACCEPTS_NONE,
    ("true_and_false", "TRUE_SCHEMA", "NOT_OF_EMPTY_SCHEMA"): _READER_ACCEPTS_ALL,
    ("true_and_false", "TRUE_SCHEMA", "NOT_OF_TRUE_SCHEMA"): _READER_ACCEPTS_ALL,
    ("object_properties", "A_OBJECT_SCHEMA", "OBJECT_SCHEMA"): _EMPTY_PROPERTY,
    ("property_names", "A_OBJECT_SCHEMA", "PROPERTY_NAMES_ASTAR_OBJECT_SCHEMA"): _EMPTY_PROPERTY,
    ("pattern_properties", "PATTERN_PROPERTY_ASTAR_OBJECT_SCHEMA", "B_INT_OBJECT_SCHEMA"): (
        "the pattern `^a*` matches every name (`b` too) with the empty schema, and the reader "
        "has no `additionalProperties` anyway: it accepts every object (Confluent: "
        "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL, compatible)"
    ),
    ("restrict_attributes", "MIN_PATTERN_SCHEMA", "STRING_SCHEMA"): (
        "`pattern` is not anchored: `a*` matches the empty prefix of every string, so the reader "
        "accepts every string (Confluent: PATTERN_ADDED; ours: a pattern that matches every "
        "string constrains nothing)"
    ),
    # Karapace calls this compatible (its own incompatible assertion is commented out): the
    # writer `true` allows 1, which the reader `false` rejects. Confluent: TYPE_CHANGED.
    ("boolean_schemas", "FALSE_SCHEMA", "TRUE_SCHEMA"): (
        "the reader `false` rejects every document the writer `true` allows (Confluent: "
        "TYPE_CHANGED)"
    ),
}
# Karapace's `test_true_schema_is_compatible_with_object` also expects a `true` reader to reject
# every non-object writer (62 rows); a `true` reader accepts everything.
DISAGREE_TESTS = {"true_schema_reads_non_objects": _READER_ACCEPTS_ALL}

# Probe documents for the evidence check: a compatible verdict must not be contradicted by any.
PROBES: list[Any] = [
    None, True, 0, 1, -3, 1.5, 12, 40, "", "b", "aaa", "abcdefgh", [], [1], [1, 2], [1, "x"],
    {}, {"a": 1}, {"b": 1}, {"a": "x"}, {"a": 1, "b": 2.5}, {"c": 1},
]  # fmt: skip


def _rows() -> list[Any]:
    out = []
    for line in DATA.read_text().splitlines():
        row = json.loads(line)
        key = (row["test"], row["reader"], row["writer"])
        reason = DISAGREE.get(key) or DISAGREE_TESTS.get(row["test"])
        expected = row["compatible"] if reason is None else not row["compatible"]
        name = f"{row['test']}: reader={row['reader']} writer={row['writer']}"
        out.append(pytest.param(row, expected, reason, id=name))
    return out


@pytest.mark.parametrize(("row", "expected", "reason"), _rows())
def test_karapace_case(row: dict[str, Any], expected: bool, reason: str | None) -> None:
    writer, reader = row["writer_schema"], row["reader_schema"]
    backward = check_compatibility(writer, reader, mode="BACKWARD", format="jsonschema")
    forward = check_compatibility(reader, writer, mode="FORWARD", format="jsonschema")
    assert backward.compatible is expected, [f.message for f in backward.findings]
    assert forward.compatible is expected, [f.message for f in forward.findings]
    if reason is None:
        return
    # Where we part from Karapace, the data must side with us.
    w, r = Draft7Validator(writer), Draft7Validator(reader)
    contradicting = [d for d in PROBES if w.is_valid(d) and not r.is_valid(d)]
    if expected:
        assert contradicting == [], reason
    else:
        assert contradicting, reason


def test_every_disagreement_is_used() -> None:
    rows = map(json.loads, DATA.read_text().splitlines())
    keys = {(r["test"], r["reader"], r["writer"]) for r in rows}
    assert set(DISAGREE) <= keys
