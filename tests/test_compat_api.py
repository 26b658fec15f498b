"""`check_compatibility`'s own contract, whatever the engines say: inputs, modes, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_contracts import Mode, UsageError, check_against_versions, check_compatibility
from event_contracts._compat.api import infer_format

AVRO = {"type": "record", "name": "a.B", "fields": [{"name": "x", "type": "int"}]}
JSON = {"type": "object", "properties": {"x": {"type": "integer"}}}


def test_mode_none_always_passes() -> None:
    result = check_compatibility(AVRO, {"type": "record", "name": "a.B", "fields": []}, mode="NONE")
    assert result.compatible
    assert result.findings == ()


def test_different_formats_are_a_finding_not_an_exception() -> None:
    result = check_compatibility(AVRO, JSON, mode="BACKWARD")
    assert not result.compatible
    [finding] = result.findings
    assert finding.rule == "FORMAT_CHANGED"
    assert finding.fix


def test_unknown_modes_are_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError, match="FULL_TRANSITIVE"):
        check_compatibility(AVRO, AVRO, mode="SIDEWAYS")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (AVRO, "avro"),
        ("string", "avro"),
        (["null", "string"], "avro"),
        ({"type": "enum", "name": "E", "symbols": ["A"]}, "avro"),
        ({"type": "array", "items": "string"}, "avro"),
        (JSON, "jsonschema"),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema"}, "jsonschema"),
        ({"type": "array", "items": {"type": "string"}}, "jsonschema"),
        ({"type": ["string", "null"]}, "jsonschema"),
        (True, "jsonschema"),
    ],
)
def test_format_is_inferred_from_the_schema(schema: object, expected: str) -> None:
    assert infer_format(schema) == expected


def test_modes_know_their_directions() -> None:
    assert Mode.BACKWARD.directions == ("backward",)
    assert Mode.FORWARD_TRANSITIVE.directions == ("forward",)
    assert Mode.FULL.directions == ("backward", "forward")
    assert Mode.NONE.directions == ()
    assert Mode.FULL_TRANSITIVE.transitive and not Mode.FULL.transitive


def test_paths_and_json_text_are_accepted(tmp_path: Path) -> None:
    old = tmp_path / "v1.avsc"
    old.write_text(json.dumps(AVRO), encoding="utf-8")
    assert check_compatibility(old, json.dumps(AVRO), mode="NONE").compatible
    assert check_compatibility(str(old), AVRO, mode="NONE").compatible


def test_transitive_checks_every_earlier_version_others_only_the_latest() -> None:
    v1 = {"type": "record", "name": "a.B", "fields": []}
    v2 = dict(AVRO)
    result = check_against_versions(JSON, [v1, v2], mode="BACKWARD_TRANSITIVE")
    assert [(f.old_version, f.new_version) for f in result.findings] == [(1, 3), (2, 3)]
    result = check_against_versions(JSON, [v1, v2], mode="BACKWARD")
    assert [(f.old_version, f.new_version) for f in result.findings] == [(2, 3)]


def test_invalid_json_text_is_a_schema_error_with_its_place(tmp_path: Path) -> None:
    from event_contracts import SchemaError

    with pytest.raises(SchemaError) as info:
        check_compatibility('{"type": "record",\n "name": }', AVRO, mode="BACKWARD")
    [problem] = info.value.problems
    assert (problem.code, problem.line) == ("MALFORMED_JSON", 2)
    broken = tmp_path / "v1.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        check_compatibility(broken, JSON, mode="BACKWARD")
    assert info.value.problems[0].file == broken
