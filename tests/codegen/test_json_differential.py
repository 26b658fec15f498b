"""Differential test: generated JSON Schema classes against `jsonschema` on random schemas.

Hypothesis draws a schema (tests/codegen/json_schemas.py: types, bounds, formats, combinators,
`$ref`s, defaults), generates its class through the CLI, then draws documents near it. The
class must accept exactly what the judge (jsonschema with format checking) accepts, refuse
the rest with a `ContractError`, and give back every accepted document exactly, type for type
(7 stays 7, texts stay as written, absent stays absent). A short run by default; a long one
under `-m slow` (HYPOTHESIS_PROFILE=ci). Failures found once are kept as `@example`s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.codegen.helpers import import_generated, make_project, run_cli
from tests.codegen.json_schemas import documents, judge, same, schemas

from event_contracts import decode, encode
from event_contracts.errors import ContractError

_2020 = "https://json-schema.org/draft/2020-12/schema"
# Regression cases: schemas (and documents) that once made a class and the judge disagree.
SEEDS: list[tuple[dict[str, Any], list[Any]]] = [
    (
        {"$schema": _2020, "type": "object",
         "properties": {"a": {"type": "integer", "multipleOf": 0.1}}},
        [{"a": 1}, {"a": 3}, {"a": 10}, {"a": 0.3}],
    ),
    (
        {"$schema": _2020, "type": "object",
         "properties": {"a": {"type": "array", "uniqueItems": True,
                              "items": {"type": "string", "format": "date-time"}}}},
        [{"a": ["2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00"]}],
    ),
    (
        {"$schema": _2020, "type": "object",
         "properties": {"a": {"oneOf": [{"type": "null"}, {"type": "number"}]}}},
        [{}, {"a": None}, {"a": 1}, {"a": 1.5}],
    ),
    (  # a union's serializer wrote ints through the uuid member's: [0, 0] became ["0", "0"]
        {"$schema": _2020, "type": "object", "required": ["a"],
         "properties": {"a": {"anyOf": [
             {"type": "array", "items": {"type": "string", "format": "uuid"}},
             {"type": "array", "items": {"type": "integer", "multipleOf": 0.1}}]}}},
        [{"a": [0, 0]}, {"a": ["6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21"]}],
    ),
    (  # pydantic's literal lookup took 1.0 (and 1) for True: Python says 1 == True
        {"$schema": _2020, "type": "object",
         "properties": {"e": {"enum": [1, True, "1"]}, "c": {"const": 1}}},
        [{"e": 1}, {"e": 1.0}, {"e": True}, {"e": "1"}, {"c": 1.0}, {"c": True}],
    ),
    (  # a format without a type was not checked at all
        {"$schema": _2020, "type": "object", "properties": {"u": {"format": "uuid"}}},
        [{"u": "6f1c2f0e2b6a4c559f1e0d7c4a5b3e21"}, {"u": "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21"},
         {"u": 5}],
    ),
    (  # null and a string at once: only absence is valid; `None | None` did not import
        {"$schema": _2020, "type": "object",
         "properties": {
             "a": {"type": "null", "allOf": [{"type": "string"}]},
             "o": {"allOf": [{"type": "object", "properties": {"a": {"type": "null"}}},
                             {"type": "object", "properties": {"a": {"type": "string"}}}]}}},
        [{}, {"a": None}, {"a": "x"}, {"o": {}}, {"o": {"a": None}}, {"o": {"a": "x"}}],
    ),
    (  # keywords without `type` apply to their own type only: the classes took `properties`
       # for an object (refusing 5) and let `minLength`, `minimum`, `items` go unchecked
        {"$schema": _2020, "type": "object",
         "properties": {"p": {"properties": {"x": {"type": "string"}}}, "s": {"minLength": 2},
                        "n": {"minimum": 2}, "i": {"items": {"type": "string"}}}},
        [{"p": 5}, {"p": None}, {"p": {"x": "y"}}, {"p": {"x": 1}}, {"s": 5}, {"s": "a"},
         {"s": "ab"}, {"n": "x"}, {"n": 1}, {"n": 2.5}, {"i": 5}, {"i": ["a"]}, {"i": [1]}],
    ),
]  # fmt: skip

_count = iter(range(10**9))


def _class(tmp: Path, schema: dict[str, Any]) -> Any:
    root = tmp / f"p{next(_count)}"
    root.mkdir()
    package = make_project(root, {"things/ThingHappened/v1.json": schema})
    code, out, err = run_cli(root, "generate")
    assert code == 0, (json.dumps(schema), out, err)
    return import_generated(root, f"{package}.things").ThingHappened


def _agree(cls: Any, schema: dict[str, Any], doc: Any) -> None:
    expected = judge(schema).is_valid(doc)
    raw = json.dumps(doc).encode()
    try:
        event = decode(raw, into=cls)
    except ContractError as exc:
        assert not expected, f"rejected a valid document {raw!r}: {exc}"
        return
    assert expected, f"accepted an invalid document {raw!r}"
    out = json.loads(encode(event))
    assert same(out, doc), f"{raw!r} came back as {json.dumps(out)}"
    assert judge(schema).is_valid(out)


def _check(tmp: Path, schema: dict[str, Any], docs: list[Any]) -> None:
    cls = _class(tmp, schema)
    for doc in docs:
        _agree(cls, schema, doc)


@pytest.mark.parametrize(("schema", "docs"), SEEDS)
def test_seeds(tmp_path: Path, schema: dict[str, Any], docs: list[Any]) -> None:
    _check(tmp_path, schema, docs)


def _property(tmp: Path, max_examples: int | None) -> None:
    extra = {} if max_examples is None else {"max_examples": max_examples}

    @settings(deadline=None, suppress_health_check=list(HealthCheck), **extra)
    @given(schemas(), st.data())
    def check(schema: dict[str, Any], data: st.DataObject) -> None:
        cls = _class(tmp, schema)
        body = {k: v for k, v in schema.items() if k != "$defs"}
        for _ in range(8):
            doc = data.draw(documents(body, schema, near=False))
            _agree(cls, schema, doc)

    check()


def test_classes_agree_with_jsonschema_short(tmp_path: Path) -> None:
    _property(tmp_path, 25)


@pytest.mark.slow
def test_classes_agree_with_jsonschema_long(tmp_path: Path) -> None:
    _property(tmp_path, None)
