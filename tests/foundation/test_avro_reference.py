"""Differential tests: our Avro checks against Apache Avro's parser (see avro_reference.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastavro.schema import parse_schema, to_parsing_canonical_form
from hypothesis import assume, example, given, settings
from tests.foundation.avro_reference import apache_verdict
from tests.foundation.avro_strategies import avro_schemas

from event_contracts._schema.avro import canonical_and_fingerprint, check, without_defaults
from event_contracts._schema.avro_spec import PRIMITIVES as PRIMITIVE_NAMES


def ours(schema: Any) -> str | None:
    issues = check(schema)
    return "; ".join(f"{i.code} at {i.pointer!r}: {i.message}" for i in issues) or None


def agree(schema: Any) -> None:
    assume(not known_divergence(schema))
    theirs, mine = apache_verdict(schema), ours(schema)
    assert (theirs is None) == (mine is None), (
        f"\nschema: {json.dumps(schema)}\napache+spec: {theirs}\nours: {mine}"
    )


@given(avro_schemas())
@example({"type": "record", "name": "R", "fields": [{"name": "f", "type": "float", "default": 1}]})
@example({"type": "enum", "name": "int", "symbols": ["A"]})
@example({"type": "enum", "name": "ns.int", "symbols": ["A"]})
def test_verdicts_agree_with_apache_avro(schema: Any) -> None:
    agree(schema)


@pytest.mark.slow
@settings(max_examples=3000)
@given(avro_schemas())
def test_verdicts_agree_with_apache_avro_at_length(schema: Any) -> None:
    agree(schema)


def known_divergence(schema: Any, ns: str | None = None, nested: bool = False) -> bool:
    """Schemas where Apache's Python parser departs from the specification, Java and fastavro:

    - `"namespace": ""` (or null) on a nested type: the specification says "the null namespace";
      Python inherits the enclosing namespace instead;
    - a type named like a primitive inside a namespace (`n.int`): Python then resolves a plain
      "int" in that namespace to the record, where the specification, Java and fastavro read the
      primitive type.
    Both are pinned by example tests below instead.
    """
    if isinstance(schema, list):
        return any(known_divergence(b, ns, nested) for b in schema)
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if isinstance(kind, (dict, list)):
        return known_divergence(kind, ns, nested)
    name = schema.get("name")
    if kind in ("record", "error", "enum", "fixed") and isinstance(name, str):
        if nested and "namespace" in schema and schema["namespace"] in ("", None) and ns:
            return True
        space = schema.get("namespace", ns)
        full = name if "." in name or not space else f"{space}.{name}"
        if "." in full and full.rpartition(".")[2] in PRIMITIVE_NAMES:
            return True
        ns = full.rpartition(".")[0] or None
    children = [f.get("type") for f in schema.get("fields") or [] if isinstance(f, dict)]
    children += [schema.get("items"), schema.get("values")]
    return any(known_divergence(c, ns, True) for c in children)


def canonical_agrees(schema: Any) -> None:
    """Against fastavro only: Apache's Python `canonical_form` keeps logical types and repeats
    named types (Java does neither); Apache's Java-checked vectors are in test_avro_realworld."""
    assume(not known_divergence(schema) and not check(schema))
    ours_form = canonical_and_fingerprint(schema)[0]
    assert ours_form == to_parsing_canonical_form(parse_schema(without_defaults(schema)))


@given(avro_schemas())
def test_canonical_form_agrees_with_fastavro(schema: Any) -> None:
    canonical_agrees(schema)


@pytest.mark.slow
@settings(max_examples=3000)
@given(avro_schemas())
def test_canonical_form_agrees_with_fastavro_at_length(schema: Any) -> None:
    canonical_agrees(schema)
