"""Registry parity on each JSON finding, plain-name references, and `$ref` siblings per draft."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from event_contracts import check_compatibility
from event_contracts._cli.main import main
from event_contracts._gate.model import CheckCase, GateReport, TypeSummary
from event_contracts._report import render

D7 = "http://json-schema.org/draft-07/schema#"
S20 = "https://json-schema.org/draft/2020-12/schema"
S19 = "https://json-schema.org/draft/2019-09/schema"


def _check(old: Any, new: Any, mode: str = "BACKWARD") -> Any:
    return check_compatibility(old, new, mode=mode, format="jsonschema")


def test_each_finding_says_whether_the_registry_would_accept_the_change() -> None:
    ours = _check({"type": "object"}, {"type": "object", "required": ["id"]})
    theirs = _check({"type": "string"}, {"type": "integer"})
    assert [(f.rule, f.registry_accepts) for f in ours.findings] == [("REQUIRED_NAME_ADDED", True)]
    assert [(f.rule, f.registry_accepts) for f in theirs.findings] == [("TYPE_CHANGED", False)]


def _report(finding: Any) -> GateReport:
    summary = TypeSummary(
        id="orders.OrderPlaced",
        producer="orders",
        subscribers=(),
        status="changed",
        format="jsonschema",
        mode="BACKWARD",
        versions=(1, 2),
        new_versions=(2,),
    )
    case = CheckCase("orders.OrderPlaced", "compatibility v2", (finding,))
    return GateReport(base="main", cases=(case,), types=MappingProxyType({summary.id: summary}))


def test_registry_parity_is_rendered_in_json_text_and_markdown() -> None:
    (finding,) = _check({"type": "object"}, {"type": "object", "required": ["id"]}).findings
    report = _report(finding)
    assert json.loads(render(report, "json"))["findings"][0]["registry_accepts"] is True
    assert "Confluent Schema Registry would accept this change" in render(report, "text")
    assert "Confluent Schema Registry would accept this change" in render(report, "markdown")


def test_a_plain_name_fragment_declared_with_id_resolves() -> None:
    def schema(max_length: int) -> dict[str, Any]:
        return {
            "$schema": D7,
            "definitions": {"A": {"$id": "#Address", "type": "string", "maxLength": max_length}},
            "type": "object",
            "properties": {"a": {"$ref": "#Address"}},
        }

    assert _check(schema(5), schema(9)).compatible
    narrowed = _check(schema(9), schema(5))
    assert [f.rule for f in narrowed.findings] == ["MAX_LENGTH_DECREASED"]
    assert narrowed.findings[0].counterexample == {"a": "aaaaaa"}


def test_an_anchor_resolves() -> None:
    def schema(kind: str) -> dict[str, Any]:
        return {"$schema": S20, "$defs": {"A": {"$anchor": "A", "type": kind}}, "$ref": "#A"}

    assert _check(schema("integer"), schema("number")).compatible
    assert not _check(schema("number"), schema("integer")).compatible


def test_ref_siblings_are_ignored_up_to_draft_07_and_applied_from_2019_09() -> None:
    def schema(uri: str, sibling: dict[str, Any]) -> dict[str, Any]:
        return {"$schema": uri, "$defs": {"S": {"type": "string"}}, "$ref": "#/$defs/S", **sibling}

    assert _check(schema(D7, {}), schema(D7, {"maxLength": 3})).compatible
    for uri in (S19, S20):
        narrowed = _check(schema(uri, {}), schema(uri, {"maxLength": 3}))
        assert not narrowed.compatible
        assert narrowed.findings[0].counterexample is not None
        assert _check(schema(uri, {"maxLength": 3}), schema(uri, {})).compatible


def test_draft_04_exclusive_flags_read_both_ways() -> None:
    d4 = "http://json-schema.org/draft-04/schema#"
    exclusive = {"$schema": d4, "type": "number", "minimum": 10, "exclusiveMinimum": True}
    inclusive = {"$schema": d4, "type": "number", "minimum": 10}
    assert _check(exclusive, inclusive).compatible  # widened
    narrowed = _check(exclusive, inclusive, mode="FORWARD")
    assert [f.rule for f in narrowed.findings] == ["LOWER_BOUND_NARROWED"]
    assert narrowed.findings[0].counterexample == 10


def test_the_safety_net_cost_is_visible_and_bounded() -> None:
    result = _check({"type": "string", "maxLength": 5}, {"type": "string", "maxLength": 10})
    assert result.compatible and result.findings == ()
    assert 0 < result.searched <= 32
    assert result.search_seconds < 5  # bounded by time; the exact figure is in bench/


def test_the_safety_net_skips_a_property_no_writer_document_has() -> None:
    closed = {"type": "object", "additionalProperties": False}
    old = {**closed, "properties": {"a": {"type": "string"}}}
    new = {**old, "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    nested_old = {"type": "object", "properties": {"x": old}}
    nested_new = {"type": "object", "properties": {"x": new}}
    for was, now in ((old, new), (nested_old, nested_new)):
        result = _check(was, now)
        assert result.compatible and result.findings == () and result.searched == 0
    # not proven, so searched: the writer's object open to `b` by a pattern, or under a `$ref`
    patterned = {"patternProperties": {"^b": {"type": "string"}}}
    assert _check({**old, **patterned}, {**new, **patterned}).searched > 0
    by_ref = {"$defs": {"T": old}, "type": "object", "properties": {"x": {"$ref": "#/$defs/T"}}}
    by_ref_new = {**by_ref, "$defs": {"T": new}}
    assert _check(by_ref, by_ref_new).searched > 0


def test_names_the_writers_property_names_exclude_are_never_sent() -> None:
    names = {"propertyNames": {"enum": ["a", "b"]}}
    old = {"type": "object", "properties": {"a": {}, "b": {}}, **names}
    # Confluent: PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, ADDITIONAL_PROPERTIES_REMOVED; no document
    # can show either: the writer only ever sends `a` and `b`
    assert _check(
        old, {**old, "properties": {"a": {}, "b": {}, "c": {"type": "string"}}}
    ).compatible
    closed = {"type": "object", "properties": {"a": {}, "b": {}}, "additionalProperties": False}
    assert _check(old, closed).compatible
    dropped = _check(old, {**closed, "properties": {"a": {}}})
    assert not dropped.compatible
    assert dropped.findings[0].counterexample == {"b": None}


def test_a_keyword_added_beside_the_type_is_judged_on_its_own() -> None:
    # `not` that shares no value with the writer, a condition every writer document meets
    assert _check({"type": "integer"}, {"type": "integer", "not": {"type": "string"}}).compatible
    both = {"type": "object", "required": ["a", "b"]}
    condition = {"if": {"required": ["a"]}, "then": {"required": ["b"]}}
    assert _check(both, {"type": "object", **condition}).compatible
    assert not _check({"type": "object"}, {"type": "object", **condition}).compatible
    overlap = _check({"type": "string"}, {"type": "string", "not": {"const": "x"}})
    assert overlap.findings[0].counterexample == "x"


def test_a_dependency_every_writer_document_meets_is_not_a_finding() -> None:
    base = {"type": "object", "properties": {"a": {}, "b": {}}}
    dependent = {"dependentRequired": {"a": ["b"]}}
    assert _check({**base, "required": ["b"]}, {**base, "required": ["b"], **dependent}).compatible
    closed = {"type": "object", "properties": {"b": {}}, "additionalProperties": False}
    assert _check(closed, {**closed, **dependent}).compatible
    plain = _check(base, {**base, **dependent})
    assert [f.rule for f in plain.findings] == ["DEPENDENCY_ARRAY_ADDED"]


def test_a_small_integer_range_is_checked_value_by_value() -> None:
    small = {"type": "integer", "minimum": 1, "maximum": 3}
    assert _check(small, {"enum": [1, 2, 3]}).compatible
    wider = _check({**small, "maximum": 4}, {"enum": [1, 2, 3]})
    assert wider.findings[0].counterexample == 4


def test_the_compat_command_shows_parity_and_search_cost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "v1.json", tmp_path / "v2.json"
    old.write_text('{"type": "object"}', encoding="utf-8")
    new.write_text('{"type": "object", "required": ["note"]}', encoding="utf-8")
    assert main(["compat", str(old), str(new)]) == 1
    assert "Confluent Schema Registry would accept this change" in capsys.readouterr().out
    assert main(["compat", str(old), str(new), "--output", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0]["registry_accepts"] is True
    assert data["findings"][0]["counterexample"] == {}
    assert data["search"]["documents"] >= 1


def test_one_of_branches_need_only_be_exclusive_where_the_writer_has_values() -> None:
    union = {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]}
    assert _check({"type": "string"}, union).compatible  # strings match one branch only
    assert not _check({"type": "integer"}, union).compatible  # 0 matches two
    assert _check({"type": "string"}, {"oneOf": [{}, {"not": {"type": "string"}}]}).compatible


def test_a_zero_minimum_constrains_nothing() -> None:
    assert _check({"type": "array"}, {"type": "array", "minItems": 0}).compatible
    assert _check({"type": "string"}, {"type": "string", "minLength": 0}).compatible


def test_a_reader_without_type_lets_other_types_pass() -> None:
    assert _check({}, {"properties": {}}).compatible
    assert _check({"type": "string"}, {"minimum": 5}).compatible
    assert not _check({"type": "integer"}, {"minimum": 5}).compatible
    assert _check({}, {"properties": {"a": {"type": "string"}}}).findings[0].counterexample == {
        "a": None
    }
