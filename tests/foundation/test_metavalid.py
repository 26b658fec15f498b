"""The subschema-by-subschema proof of meta-validity agrees with the official meta-schemas."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from jsonschema import FormatChecker, validators
from tests.foundation.test_metaschema import schemas

from event_contracts._schema.jsonschema import meta_errors
from event_contracts._schema.metaschema import meta_validator
from event_contracts._schema.metavalid import proven_valid

REGEX = FormatChecker(formats=["regex"])
OFFICIAL = {
    "2020-12": validators.Draft202012Validator(
        validators.Draft202012Validator.META_SCHEMA, format_checker=REGEX
    ),
    "07": validators.Draft7Validator(validators.Draft7Validator.META_SCHEMA, format_checker=REGEX),
}
SHARED = {"type": "string", "format": "uuid"}


def _agrees(schema: Any) -> None:
    for draft, official in OFFICIAL.items():
        valid = not list(official.iter_errors(schema))
        assert proven_valid(meta_validator(draft), schema) == (valid and isinstance(schema, dict))


@given(schemas)
@example({"properties": {"a": SHARED, "b": {"minLength": -1}}})
@example({"properties": {"a": SHARED}, "allOf": []})  # an empty schema array is invalid
@example({"anyOf": [{"type": "string"}, {"type": "string"}]})
@example({"patternProperties": {"(": True}})  # a name the regex format rejects
@example({"properties": {"a": SHARED}, "not": {"pattern": "("}})
@example({"items": [{"type": "string"}, 3]})  # draft-07's array form, with a non-schema
@example({"dependentSchemas": {"a": 1}, "$defs": {"x": SHARED}})
def test_the_proof_agrees_with_the_official_meta_schemas(schema: Any) -> None:
    _agrees(schema)
    _agrees(schema)  # the second time from what the first remembered


@pytest.mark.slow
@settings(max_examples=2000)
@given(schemas)
def test_the_proof_agrees_with_the_official_meta_schemas_long(schema: Any) -> None:
    _agrees(schema)


def test_meta_errors_are_reported_as_before_when_no_proof_holds() -> None:
    bad = {"properties": {"a": SHARED, "b": {"minLength": -1}}, "pattern": "("}
    assert proven_valid(meta_validator("2020-12"), bad) is False
    assert [p for p, _ in meta_errors(bad)] == ["/pattern", "/properties/b/minLength"]
    assert list(meta_errors({"properties": {"a": SHARED}})) == []
