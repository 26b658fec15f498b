"""What a user reads in a finding: rule, direction, pointer, side, line, why, fix, example."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from event_contracts import check_against_versions, check_compatibility

STR = {"type": "string"}


def obj(props: dict[str, Any], closed: bool = False, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, **kw}
    if closed:
        out["additionalProperties"] = False
    return out


def test_adding_a_property_to_an_open_object_explains_the_content_model() -> None:
    old, new = obj({"id": STR}), obj({"id": STR, "note": STR})
    [f] = check_compatibility(old, new, format="jsonschema").findings
    assert f.rule == "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    assert (f.direction, f.severity) == ("backward", "error")
    assert (f.pointer, f.pointer_side) == ("/properties/note", "new")
    assert "open content model" in f.message and "additionalProperties" in f.message
    assert '"additionalProperties": false' in f.fix and "LENIENT" in f.fix
    assert Draft202012Validator(old).is_valid(f.counterexample)
    assert not Draft202012Validator(new).is_valid(f.counterexample)


def test_the_same_addition_to_a_closed_object_passes_backward_but_not_forward() -> None:
    old, new = obj({"id": STR}, closed=True), obj({"id": STR, "note": STR}, closed=True)
    assert check_compatibility(old, new, mode="BACKWARD", format="jsonschema").findings == ()
    [f] = check_compatibility(old, new, mode="FORWARD", format="jsonschema").findings
    assert f.rule == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    assert f.direction == "forward"
    # the property is only in the new schema, which is the writer under FORWARD
    assert (f.pointer, f.pointer_side) == ("/properties/note", "new")
    assert "closed content model" in f.message
    assert "old consumers" in f.fix
    assert f.counterexample == {"note": ""}


def test_full_reports_each_direction() -> None:
    old, new = obj({"id": STR}), obj({"id": {"type": "string", "maxLength": 5}})
    result = check_compatibility(old, new, mode="FULL", format="jsonschema")
    assert [(f.rule, f.direction) for f in result.findings] == [("MAX_LENGTH_ADDED", "backward")]
    wider = check_compatibility(new, old, mode="FULL", format="jsonschema")
    assert [(f.rule, f.direction) for f in wider.findings] == [("MAX_LENGTH_ADDED", "forward")]
    assert wider.findings[0].counterexample == {"id": "aaaaaa"}


def test_lenient_accepts_content_model_changes_as_warnings() -> None:
    old, new = obj({"id": STR}), obj({"id": STR}, closed=True)
    strict = check_compatibility(old, new, format="jsonschema")
    lenient = check_compatibility(old, new, format="jsonschema", policy="LENIENT")
    assert not strict.compatible
    assert lenient.compatible
    assert [(f.rule, f.severity) for f in lenient.findings] == [
        ("ADDITIONAL_PROPERTIES_REMOVED", "warning")
    ]
    assert lenient.findings[0].counterexample is None


def test_lenient_still_rejects_a_declared_property_dropped_from_a_closed_object() -> None:
    # Confluent's lenient set does not include PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: data
    # that follows the old schema ({"note": ...}) is rejected by the new closed object.
    old, new = obj({"id": STR, "note": STR}, closed=True), obj({"id": STR}, closed=True)
    lenient = check_compatibility(old, new, format="jsonschema", policy="LENIENT")
    assert not lenient.compatible
    [finding] = lenient.findings
    assert finding.rule == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    assert finding.counterexample is not None and "note" in finding.counterexample


def test_documentation_and_unchecked_format_changes_are_not_breaking_in_any_mode() -> None:
    # formats the generated classes do not check are annotations (`test_checked_formats.py`)
    old = obj({"at": {"type": "string", "format": "email"}}, closed=True, title="A")
    new = obj(
        {"at": {"type": "string", "format": "hostname", "description": "d", "examples": ["x"]}},
        closed=True,
        title="B",
        description="now documented",
        default={},
    )
    result = check_compatibility(old, new, mode="FULL_TRANSITIVE", format="jsonschema")
    assert result.compatible and result.findings == ()


def test_required_findings_point_at_the_required_entry_and_have_lines() -> None:
    old = obj({"id": STR, "n": {"type": "integer"}})
    new = obj({"id": STR, "n": {"type": "integer"}}, required=["n"])
    text_old, text_new = json.dumps(old, indent=2), json.dumps(new, indent=2)
    [f] = check_compatibility(text_old, text_new, format="jsonschema").findings
    assert f.rule == "REQUIRED_ATTRIBUTE_ADDED"
    assert (f.pointer, f.pointer_side) == ("/required/0", "new")
    assert f.line == text_new.splitlines().index('    "n"') + 1
    assert f.counterexample == {}


def test_transitive_checks_name_the_version_they_break() -> None:
    v1 = obj({"id": STR}, closed=True)
    v2 = obj({"id": STR, "a": STR}, closed=True)
    v3 = obj({"id": STR, "b": STR}, closed=True)  # drops a: v2 data has it
    result = check_against_versions(v3, [v1, v2], mode="BACKWARD_TRANSITIVE", format="jsonschema")
    assert [(f.rule, f.old_version, f.new_version) for f in result.findings] == [
        ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", 2, 3)
    ]


def test_none_checks_nothing() -> None:
    assert check_compatibility(obj({}), {"type": "string"}, mode="NONE").findings == ()


def test_the_sample_json_schema_events_evolve_backward_transitively() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sample" / "schemas"
    checked = 0
    for folder in sorted({p.parent for p in root.rglob("v*.json")}):
        versions = sorted(folder.glob("v*.json"), key=lambda p: int(p.stem[1:]))
        if len(versions) < 2:
            continue
        result = check_against_versions(
            versions[-1], versions[:-1], mode="BACKWARD_TRANSITIVE", format="jsonschema"
        )
        assert result.compatible, (folder.name, result.findings)
        checked += 1
    assert checked >= 2


LENIENT_TABLE = [  # docs/jsonschema-compat.md, "What LENIENT changes": (old, new, FULL verdict)
    (obj({"id": STR}), obj({"id": STR, "note": STR}), True),
    (obj({"id": STR, "note": STR}), obj({"id": STR}), True),
    (obj({"id": STR}), obj({"id": STR}, closed=True), True),
    (obj({"id": STR}, closed=True), obj({"id": STR}), True),
    (obj({"id": STR}, closed=True), obj({"id": STR, "note": STR}, closed=True), False),
    (obj({"id": STR, "note": STR}, closed=True), obj({"id": STR}, closed=True), False),
]


def test_lenient_table_in_the_guide_holds() -> None:
    for old, new, full in LENIENT_TABLE:
        result = check_compatibility(old, new, mode="FULL", format="jsonschema", policy="LENIENT")
        assert result.compatible is full, (old, new, [f.rule for f in result.findings])
