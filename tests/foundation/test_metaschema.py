"""The flattened 2020-12 meta-schema gives the official one's verdicts and messages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jsonschema import FormatChecker, validators

from event_contracts._schema.metaschema import flat_2020_12, meta_valid, meta_validator

CLS = validators.Draft202012Validator
OFFICIAL = CLS(CLS.META_SCHEMA, format_checker=FormatChecker(formats=["regex"]))
OFFICIAL_07 = validators.Draft7Validator(
    validators.Draft7Validator.META_SCHEMA, format_checker=FormatChecker(formats=["regex"])
)
KEYWORDS = [*sorted(flat_2020_12()["properties"]), "x-custom", "unknownKeyword"]

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(["string", "object", "integer", "objekt", "(", "^a+$", "#/$defs/a", ""]),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from([*KEYWORDS, "a", "b"]), inner, max_size=4),
    ),
    max_leaves=20,
)
schemas = st.one_of(st.booleans(), st.dictionaries(st.sampled_from(KEYWORDS), values, max_size=6))


def _found(validator: Any, schema: Any) -> set[tuple[tuple[Any, ...], str]]:
    return {(tuple(e.absolute_path), e.message) for e in validator.iter_errors(schema)}


@given(schemas)
@example({"type": "objekt", "properties": {"a": {"minLength": -1, "pattern": "("}}})
@example({"$defs": {"a": {"$ref": 5}}, "dependencies": {"a": ["b", "b"], "c": {"type": 1}}})
@example({"prefixItems": [], "items": {"items": [True]}, "contentSchema": {"enum": 3}})
@example(7)
def test_verdicts_and_messages_match_the_official_meta_schema(schema: Any) -> None:
    assert _found(meta_validator("2020-12"), schema) == _found(OFFICIAL, schema)


@pytest.mark.slow
@settings(max_examples=2000)
@given(schemas)
def test_verdicts_and_messages_match_the_official_meta_schema_long(schema: Any) -> None:
    assert _found(meta_validator("2020-12"), schema) == _found(OFFICIAL, schema)


def test_every_keyword_of_every_vocabulary_is_kept() -> None:
    assert {"$dynamicRef", "unevaluatedProperties", "contentSchema", "dependentRequired"} <= set(
        flat_2020_12()["properties"]
    )
    assert "allOf" not in flat_2020_12() and "$dynamicRef" not in str(flat_2020_12()["$defs"])


# Schemas built from a few parts, so that many share subschemas: the remembered verdicts of
# `meta_valid` are used across examples (the memory lives for the whole process).
parts = st.sampled_from(
    [{"type": "string"}, {"type": "strin"}, {"minLength": -1}, {"pattern": "("}, {}, True]
)
shared = st.recursive(
    parts,
    lambda inner: st.one_of(
        st.dictionaries(st.sampled_from(["properties", "$defs", "definitions"]),
                        st.dictionaries(st.sampled_from("abc"), inner, max_size=3), max_size=2),
        st.fixed_dictionaries({"items": inner}),
        st.fixed_dictionaries({"anyOf": st.lists(inner, min_size=1, max_size=3)}),
    ),
    max_leaves=8,
)  # fmt: skip


@given(st.one_of(schemas, shared))
@example({"properties": {"a": {"type": "string"}, "b": {"type": "strin"}}})
@example({"items": {"properties": {"a": {"type": "string"}}}, "minLength": -1})
@example({"title": "T", "x-unknown": {"type": "strin"}, "required": ["a", "a"]})
@example({"title": 1, "type": "object"})
@example({"$id": 5, "definitions": {"a": {"type": "strin"}}, "$defs": {"a": {"minLength": -1}}})
@example({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}})
def test_the_remembered_verdict_is_the_official_one(schema: Any) -> None:
    for _ in range(2):  # the second time from memory
        assert meta_valid("2020-12", schema) == OFFICIAL.is_valid(schema)
        assert meta_valid("07", schema) == OFFICIAL_07.is_valid(schema)
