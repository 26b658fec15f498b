"""The flattened 2020-12 meta-schema gives the official one's verdicts and messages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jsonschema import FormatChecker, validators

from event_contracts._schema.metaschema import flat_2020_12, meta_validator

CLS = validators.Draft202012Validator
OFFICIAL = CLS(CLS.META_SCHEMA, format_checker=FormatChecker(formats=["regex"]))
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
