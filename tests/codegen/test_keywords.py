"""JSON Schema keywords beyond the basics: typed where Python can say it, checked where not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from tests.codegen.helpers import import_generated, make_project, run_cli


def _event(tmp: Path, schema: dict[str, Any]) -> Any:
    pkg = make_project(tmp, {"things/ThingHappened/v1.json": schema})
    code, out, err = run_cli(tmp, "generate")
    assert code == 0, out + err
    return import_generated(tmp, f"{pkg}.things").ThingHappened


def _source(tmp: Path) -> str:
    return next((tmp / "src").rglob("_thing_happened_v1.py")).read_text()


def test_all_of_object_schemas_merge_into_one_model(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {
            "Named": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Aged": {
                "type": "object",
                "properties": {"age": {"type": "integer", "minimum": 0}},
                "required": ["age"],
            },
        },
        "allOf": [{"$ref": "#/$defs/Named"}, {"$ref": "#/$defs/Aged"}],
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
    }
    cls = _event(tmp_path, schema)
    assert set(cls.model_fields) == {"id", "name", "age", "metadata"}
    assert not getattr(cls, "SCHEMA_CHECKED", ())
    assert cls.model_validate({"id": "1", "age": 3}).age == 3
    for bad in ({"id": "1"}, {"id": "1", "age": -1}, {"id": "1", "age": 1, "name": 2}):
        with pytest.raises(ValidationError):
            cls.model_validate(bad)


def test_additional_properties_schema_types_the_extra_items(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }
    cls = _event(tmp_path, schema)
    assert "__pydantic_extra__: dict[str, _ecs.JsonInt]" in _source(tmp_path)
    event = cls.model_validate({"name": "a", "count": 2})
    assert event.model_extra == {"count": 2}
    assert event.model_dump(by_alias=True) == {"name": "a", "count": 2}
    with pytest.raises(ValidationError):
        cls.model_validate({"name": "a", "count": "two"})


def test_one_of_with_a_constant_tag_is_a_discriminated_union(tmp_path: Path) -> None:
    def shape(kind: str, prop: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"kind": {"const": kind}, prop: {"type": "number"}},
            "required": ["kind", prop],
        }

    schema = {
        "type": "object",
        "properties": {"shape": {"oneOf": [shape("circle", "r"), shape("square", "side")]}},
        "required": ["shape"],
    }
    cls = _event(tmp_path, schema)
    assert '_pd.Field(discriminator="kind")' in _source(tmp_path)
    assert not getattr(cls, "SCHEMA_CHECKED", ())
    assert cls.model_validate({"shape": {"kind": "square", "side": 2.0}}).shape.side == 2.0
    with pytest.raises(ValidationError):
        cls.model_validate({"shape": {"kind": "circle", "side": 2.0}})


def test_overlapping_one_of_branches_are_checked(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]}},
    }
    cls = _event(tmp_path, schema)
    assert cls.SCHEMA_CHECKED == ("/properties/n: oneOf",)
    assert cls.model_validate({"n": -1}).n == -1
    assert cls.model_validate({"n": 0.5}).n == 0.5
    with pytest.raises(ValidationError, match="not valid against the schema"):
        cls.model_validate({"n": 3})  # matches both branches


def test_recursive_definitions_and_a_reference_to_the_root(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "value": {"type": "integer"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                },
                "required": ["value"],
            }
        },
        "properties": {"tree": {"$ref": "#/$defs/node"}, "parent": {"$ref": "#"}},
    }
    cls = _event(tmp_path, schema)
    event = cls.model_validate(
        {"tree": {"value": 1, "children": [{"value": 2, "children": []}]}, "parent": {}}
    )
    assert event.tree.children[0].value == 2
    assert isinstance(event.parent, cls)
    with pytest.raises(ValidationError):
        cls.model_validate({"tree": {"value": 1, "children": [{"children": []}]}})


def test_a_top_level_ref_names_the_event_object(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$ref": "#/definitions/event",
        "definitions": {
            "event": {
                "type": "object",
                "properties": {"id": {"type": "string", "minLength": 1}},
                "required": ["id"],
            }
        },
    }
    cls = _event(tmp_path, schema)
    assert cls.model_validate({"id": "x"}).id == "x"
    with pytest.raises(ValidationError):
        cls.model_validate({"id": ""})


def test_pattern_properties_are_checked_against_the_schema(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"builtin": {"type": "number"}},
        "patternProperties": {"^S_": {"type": "string"}, "^I_": {"type": "integer"}},
        "additionalProperties": False,
    }
    cls = _event(tmp_path, schema)
    assert cls.SCHEMA_CHECKED == ("/: patternProperties",)
    event = cls.model_validate({"builtin": 1, "S_a": "x", "I_b": 2})
    assert event.model_dump(by_alias=True) == {"builtin": 1, "S_a": "x", "I_b": 2}
    for bad in ({"S_a": 1}, {"I_b": "x"}, {"other": 1}):
        with pytest.raises(ValidationError, match="not valid against the schema"):
            cls.model_validate(bad)


def test_defaults_are_not_part_of_the_checked_instance(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"box": {"type": "string", "default": "x"}, "street": {"type": "string"}},
        "dependentRequired": {"box": ["street"]},
    }
    cls = _event(tmp_path, schema)
    assert cls.model_validate({}).box == "x"  # absent: the schema accepts it, default or not
    with pytest.raises(ValidationError):
        cls.model_validate({"box": "y"})


def test_json_constants_keep_true_apart_from_one(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"one": {"const": 1}, "yes": {"const": True}},
        "required": ["one", "yes"],
    }
    cls = _event(tmp_path, schema)
    assert cls.model_validate({"one": 1.0, "yes": True}).one == 1
    for bad in ({"one": True, "yes": True}, {"one": 1, "yes": 1}):
        with pytest.raises(ValidationError):
            cls.model_validate(bad)


def test_a_default_the_schema_rejects_is_dropped(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"s": {"type": "string", "default": None}}}
    cls = _event(tmp_path, schema)
    assert cls.model_validate({}).s is None  # absent is valid; the null default is not used
    with pytest.raises(ValidationError):
        cls.model_validate({"s": None})


def test_anchors_and_unique_items_follow_json_equality(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {"n": {"$anchor": "count", "type": "integer"}},
        "properties": {
            "n": {"$ref": "#count"},
            "u": {"type": "array", "uniqueItems": True},
        },
    }
    cls = _event(tmp_path, schema)
    assert cls.model_validate({"n": 2, "u": [1, True, "1"]}).n == 2
    for bad in ({"n": "2"}, {"u": [1, 1.0]}, {"u": [{"a": 1}, {"a": 1}]}):
        with pytest.raises(ValidationError):
            cls.model_validate(bad)


def test_a_definition_used_twice_is_one_class(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {"Colour": {"type": "string", "enum": ["red", "green"]}},
        "properties": {"a": {"$ref": "#/$defs/Colour"}, "b": {"$ref": "#/$defs/Colour"}},
    }
    cls = _event(tmp_path, schema)
    assert "class Colour2" not in _source(tmp_path)
    event = cls.model_validate({"a": "red", "b": "green"})
    assert type(event.a) is type(event.b)


def test_a_string_in_an_object_or_string_property_dumps_as_a_string(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"data": {"type": ["object", "string"]}}}
    cls = _event(tmp_path, schema)
    for data in ("", "text", {}, {"a": 1}):
        event = cls.model_validate({"data": data})
        dumped = event.model_dump(mode="json", by_alias=True)
        assert dumped["data"] == data
        assert cls.model_validate(dumped) == event
