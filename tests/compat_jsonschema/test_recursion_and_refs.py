"""`$ref`s: recursion terminates without masking real changes; sibling files resolve."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from event_contracts import check_compatibility
from event_contracts._compat.jsonschema import diff_jsonschema

TYPES = ["Asset", "Basket", "Swap", "Bond", "Option", "Future", "Forward", "Loan", "Repo"]
D7 = "http://json-schema.org/draft-07/schema#"


def _union(names: list[str]) -> dict[str, Any]:
    return {"oneOf": [{"$ref": f"#/definitions/{t}"} for t in names]}


def trade() -> dict[str, Any]:
    """Every product refers to every product twice: a dense recursive oneOf."""
    definitions = {
        t: {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "underlying": _union(TYPES),
                "referenceProduct": _union(TYPES),
            },
        }
        for t in TYPES
    }
    return {
        "$schema": D7,
        "type": "object",
        "definitions": definitions,
        "properties": {"tradeId": {"type": "string"}, "product": _union(TYPES)},
    }


def test_a_dense_recursive_union_compares_to_itself() -> None:
    assert diff_jsonschema(trade(), trade()) == []


def test_a_change_deep_in_a_recursive_union_is_found() -> None:
    changed = trade()
    changed["definitions"]["Asset"]["properties"]["id"]["type"] = "number"
    result = check_compatibility(trade(), changed, format="jsonschema")
    assert not result.compatible
    assert {f.rule for f in result.findings} >= {"COMBINED_TYPE_SUBSCHEMAS_CHANGED"}


def _masking(t0_id: str, t1_id: str) -> dict[str, Any]:
    """T0 -> T2 -> T0 is a cycle behind singleton oneOfs; the root is oneOf[T0, T1]."""

    def node(id_type: str, target: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "id": {"type": id_type},
                "ref": {"oneOf": [{"$ref": f"#/definitions/{target}"}]},
            },
        }

    return {
        "$schema": D7,
        "type": "object",
        "definitions": {
            "T0": node(t0_id, "T2"),
            "T1": node(t1_id, "T2"),
            "T2": node("integer", "T0"),
        },
        "properties": {
            "root": {"oneOf": [{"$ref": "#/definitions/T0"}, {"$ref": "#/definitions/T1"}]}
        },
    }


def test_a_cycle_assumed_compatible_does_not_mask_a_real_change() -> None:
    # T0.id integer -> boolean and T1.id boolean -> number: neither branch survives.
    result = check_compatibility(
        _masking("integer", "boolean"), _masking("boolean", "number"), format="jsonschema"
    )
    assert not result.compatible


def test_a_linked_list_is_compatible_with_itself_and_a_widened_copy() -> None:
    linked = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"value": {"type": "integer"}, "next": {"$ref": "#/$defs/Node"}},
            }
        },
        "$ref": "#/$defs/Node",
    }
    wider = copy.deepcopy(linked)
    wider["$defs"]["Node"]["properties"]["value"]["type"] = "number"
    assert check_compatibility(linked, wider, mode="BACKWARD", format="jsonschema").compatible
    forward = check_compatibility(linked, wider, mode="FORWARD", format="jsonschema")
    assert [f.rule for f in forward.findings] == ["TYPE_NARROWED"]
    assert forward.findings[0].counterexample == {"value": 0.5}


def test_refs_to_sibling_files_resolve_against_each_side(tmp_path: Path) -> None:
    money = {
        "$defs": {
            "Money": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"amount": {"type": "string"}, "currency": {"type": "string"}},
            }
        }
    }
    event = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"total": {"$ref": "common.json#/$defs/Money"}},
    }
    for side in ("v1", "v2"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "event.json").write_text(json.dumps(event))
    (tmp_path / "v1" / "common.json").write_text(json.dumps(money))
    del money["$defs"]["Money"]["properties"]["currency"]
    (tmp_path / "v2" / "common.json").write_text(json.dumps(money))

    result = check_compatibility(tmp_path / "v1" / "event.json", tmp_path / "v2" / "event.json")
    [finding] = result.findings
    assert finding.rule == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    assert finding.counterexample == {"total": {"currency": ""}}
    same = check_compatibility(tmp_path / "v1" / "event.json", tmp_path / "v1" / "event.json")
    assert same.compatible and same.findings == ()
