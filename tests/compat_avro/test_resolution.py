"""Avro schema resolution as a user sees it: aliases, recursion, unions, named references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from event_contracts import check_against_versions, check_compatibility

Schema = dict[str, Any]


def rec(name: str, *fields: dict[str, Any], **extra: Any) -> Schema:
    return {"type": "record", "name": name, **extra, "fields": list(fields)}


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def rules(old: Any, new: Any, mode: str = "BACKWARD") -> list[tuple[str, str, str]]:
    result = check_compatibility(old, new, mode=mode, format="avro")
    assert result.compatible is not result.findings
    return [(f.rule, f.direction, f.pointer) for f in result.findings]


# --- basics ------------------------------------------------------------------------------


def test_identical_schemas_are_fully_compatible() -> None:
    s = rec("A", field("x", "int"), field("y", ["null", "string"], default=None))
    assert rules(s, s, "FULL") == []


def test_none_always_passes() -> None:
    assert rules("int", "string", "NONE") == []


def test_added_field_with_default_is_full_compatible() -> None:
    old = rec("A", field("x", "int"))
    new = rec("A", field("x", "int"), field("y", "string", default=""))
    assert rules(old, new, "FULL") == []


def test_removed_field_without_default_breaks_forward_only() -> None:
    old = rec("A", field("x", "int"), field("gone", "string"))
    new = rec("A", field("x", "int"))
    assert rules(old, new, "BACKWARD") == []
    assert rules(old, new, "FORWARD") == [("READER_FIELD_MISSING_DEFAULT", "forward", "/fields/1")]


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        ("int", "long"),
        ("int", "float"),
        ("int", "double"),
        ("long", "float"),
        ("long", "double"),
        ("float", "double"),
        ("string", "bytes"),
    ],
)
def test_promotions_read_old_data(writer: str, reader: str) -> None:
    assert rules(writer, reader) == []
    backwards = "BYTES_TO_STRING" if reader == "bytes" else "TYPE_MISMATCH"
    assert [r for r, _, _ in rules(writer, reader, "FORWARD")] == [backwards]


def test_bytes_to_string_is_breaking_though_the_spec_allows_it() -> None:
    found = check_compatibility("bytes", "string", mode="BACKWARD", format="avro")
    assert [f.rule for f in found.findings] == ["BYTES_TO_STRING"]
    assert found.findings[0].counterexample == "\xff\xfe"  # bytes shown as latin-1 code points


def test_different_formats_give_a_finding_not_an_exception() -> None:
    result = check_compatibility({"type": "object"}, {"type": "record", "name": "A", "fields": []})
    assert [f.rule for f in result.findings] == ["FORMAT_CHANGED"]


# --- names and aliases -------------------------------------------------------------------


def test_names_match_unqualified() -> None:
    old = rec("A", field("x", "int"), namespace="one")
    new = rec("A", field("x", "int"), namespace="two")
    assert rules(old, new, "FULL") == []


@pytest.mark.parametrize("alias", ["Old", "ns.Old"])
def test_record_rename_with_alias_reads_old_data(alias: str) -> None:
    old = rec("Old", field("x", "int"), namespace="ns")
    new = rec("New", field("x", "int"), namespace="ns", aliases=[alias])
    assert rules(old, new, "BACKWARD") == []
    # the old reader knows nothing of the new name
    assert rules(old, new, "FORWARD") == [("NAME_MISMATCH", "forward", "/name")]


def test_enum_and_fixed_renames_need_aliases_too() -> None:
    old = rec("A", field("e", {"type": "enum", "name": "E", "symbols": ["X"]}))
    new = rec("A", field("e", {"type": "enum", "name": "F", "symbols": ["X"]}))
    assert rules(old, new) == [("NAME_MISMATCH", "backward", "/fields/0/type/name")]
    new["fields"][0]["type"]["aliases"] = ["E"]
    assert rules(old, new) == []
    old_f = rec("A", field("f", {"type": "fixed", "name": "H", "size": 4}))
    new_f = rec("A", field("f", {"type": "fixed", "name": "G", "size": 4, "aliases": ["H"]}))
    assert rules(old_f, new_f) == []


def test_field_rename_with_alias() -> None:
    old = rec("A", field("colour", "string"))
    new = rec("A", field("color", "string", aliases=["colour"]))
    assert rules(old, new, "BACKWARD") == []
    assert rules(old, new, "FORWARD") == [("READER_FIELD_MISSING_DEFAULT", "forward", "/fields/0")]


def test_field_alias_resolution_still_checks_the_type() -> None:
    old = rec("A", field("colour", "string"))
    new = rec("A", field("color", "int", aliases=["colour"]))
    assert rules(old, new) == [("TYPE_MISMATCH", "backward", "/fields/0/type")]


# --- enums and fixed ---------------------------------------------------------------------


def test_enum_symbol_removed_breaks_backward_unless_reader_has_default() -> None:
    old = rec("A", field("e", {"type": "enum", "name": "E", "symbols": ["X", "Y"]}))
    new = rec("A", field("e", {"type": "enum", "name": "E", "symbols": ["X"]}))
    assert rules(old, new) == [("ENUM_SYMBOL_MISSING", "backward", "/fields/0/type/symbols")]
    new["fields"][0]["type"]["default"] = "X"
    assert rules(old, new) == []


def test_enum_symbol_added_breaks_forward() -> None:
    old = rec("A", field("e", {"type": "enum", "name": "E", "symbols": ["X"]}))
    new = rec("A", field("e", {"type": "enum", "name": "E", "symbols": ["X", "Y"]}))
    assert rules(old, new, "BACKWARD") == []
    result = check_compatibility(old, new, mode="FORWARD")
    assert result.findings[0].counterexample == {"e": "Y"}


# --- unions ------------------------------------------------------------------------------


def test_writer_union_into_plain_reader_needs_every_branch() -> None:
    old = rec("A", field("x", ["null", "int"], default=None))
    new = rec("A", field("x", "int"))
    found = check_compatibility(old, new, mode="BACKWARD")
    assert [(f.rule, f.pointer) for f in found.findings] == [
        ("UNION_BRANCH_MISSING", "/fields/0/type")
    ]
    assert found.findings[0].counterexample == {"x": None}


def test_plain_writer_into_reader_union() -> None:
    assert rules("int", ["null", "long"]) == []
    assert rules("int", ["null", "string"]) == [("UNION_BRANCH_MISSING", "backward", "")]


def test_union_to_union_promotes_inside() -> None:
    assert rules(["null", "int"], ["null", "long", "string"]) == []
    assert rules(["null", "int", "string"], ["null", "long"]) == [
        ("UNION_BRANCH_MISSING", "backward", "")
    ]


def test_union_branch_record_resolved_deeply() -> None:
    old = ["null", rec("R", field("a", "int"))]
    new = ["null", rec("R", field("a", "int"), field("b", "int"))]
    assert rules(old, new) == [("READER_FIELD_MISSING_DEFAULT", "backward", "/1/fields/1")]


# --- named references and recursion ------------------------------------------------------


def test_named_type_referenced_by_name_is_checked_once_per_definition() -> None:
    money = {"type": "record", "name": "Money", "fields": [field("cents", "int")]}
    money2 = {"type": "record", "name": "Money", "fields": [field("cents", "string")]}
    old = rec("A", field("price", money), field("tax", "Money"))
    new = rec("A", field("price", money2), field("tax", "Money"))
    assert rules(old, new) == [("TYPE_MISMATCH", "backward", "/fields/0/type/fields/0/type")]


def test_namespaced_reference_resolves() -> None:
    old = rec(
        "A",
        field("a", {"type": "enum", "name": "E", "symbols": ["X"]}),
        field("b", "shop.E"),
        namespace="shop",
    )
    assert rules(old, old, "FULL") == []


def test_recursive_record_terminates_and_finds_nested_breaks() -> None:
    node = rec("Node", field("v", "int"), field("next", ["null", "Node"], default=None))
    node2 = rec("Node", field("v", "string"), field("next", ["null", "Node"], default=None))
    assert rules(node, node, "FULL") == []
    found = check_compatibility(node, node2, mode="BACKWARD")
    assert [(f.rule, f.pointer) for f in found.findings] == [("TYPE_MISMATCH", "/fields/0/type")]


def test_mutually_recursive_records() -> None:
    tree = rec(
        "Tree",
        field("kids", {"type": "array", "items": rec("Leaf", field("up", ["null", "Tree"]))}),
    )
    assert rules(tree, tree, "FULL") == []


# --- logical types -----------------------------------------------------------------------


def lt(base: str, logical: str, **extra: Any) -> dict[str, Any]:
    return {"type": base, "logicalType": logical, **extra}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (lt("long", "timestamp-millis"), lt("long", "timestamp-micros")),
        (lt("long", "timestamp-micros"), lt("long", "timestamp-nanos")),
        (lt("long", "local-timestamp-millis"), lt("long", "timestamp-millis")),
        (lt("int", "date"), "int"),
        ("int", lt("int", "date")),
        (lt("int", "time-millis"), lt("long", "time-micros")),
        (lt("bytes", "decimal", precision=5, scale=2), "bytes"),
        ("string", lt("string", "uuid")),
    ],
)
def test_logical_type_changes_that_change_meaning_break(old: Any, new: Any) -> None:
    found = check_compatibility(old, new, mode="BACKWARD", format="avro")
    assert [f.rule for f in found.findings] == ["LOGICAL_TYPE_CHANGED"]
    assert found.findings[0].counterexample is not None


def test_uuid_read_as_plain_string_is_fine() -> None:
    assert rules(lt("string", "uuid"), "string") == []


def test_unknown_logical_types_are_ignored() -> None:
    assert rules(lt("string", "x-colour"), "string", "FULL") == []


def test_decimal_precision_widening_is_fine_narrowing_breaks() -> None:
    d = lt("bytes", "decimal", precision=6, scale=2)
    wide = lt("bytes", "decimal", precision=9, scale=2)
    assert rules(d, wide) == []
    assert rules(wide, d) == [("DECIMAL_PRECISION_NARROWED", "backward", "")]


# --- through files and versions ----------------------------------------------------------


def test_findings_from_files_carry_lines(tmp_path: Path) -> None:
    old = tmp_path / "v1.avsc"
    new = tmp_path / "v2.avsc"
    old.write_text(json.dumps(rec("A", field("x", "int")), indent=2))
    new.write_text(json.dumps(rec("A", field("x", "int"), field("category", "string")), indent=2))
    (f,) = check_compatibility(old, new).findings
    assert f.line == 9
    assert "give field `category` a default in the new version" in f.message


def test_transitive_checks_every_earlier_version() -> None:
    v1 = rec("A", field("x", "int"))
    v2 = rec("A", field("x", "int"), field("y", "int", default=0))
    v3 = rec("A", field("x", "int"), field("y", "int"))  # y lost its default
    assert check_against_versions(v3, [v1, v2], mode="BACKWARD").compatible
    found = check_against_versions(v3, [v1, v2], mode="BACKWARD_TRANSITIVE")
    assert [(f.rule, f.old_version) for f in found.findings] == [
        ("READER_FIELD_MISSING_DEFAULT", 1)
    ]


def test_reader_union_resolves_to_the_first_matching_branch_as_fastavro_does() -> None:
    # Apache Avro's checkers accept this (the aliased `S` could read `R`); the specification
    # and fastavro pick the first branch that matches by name, `R`, which cannot.
    writer = rec("R", field("a", "int"))
    reader = [rec("R", field("a", "int"), field("b", "int")), rec("S", field("a", "int"))]
    reader[1]["aliases"] = ["R"]
    found = check_compatibility(writer, reader, mode="BACKWARD", format="avro")
    assert [(f.rule, f.pointer) for f in found.findings] == [
        ("READER_FIELD_MISSING_DEFAULT", "/0/fields/1")
    ]
    assert found.findings[0].counterexample == {"a": 0}


def test_invalid_schema_is_a_contract_error_not_a_traceback() -> None:
    from event_contracts import SchemaError

    with pytest.raises(SchemaError, match="unknown type"):
        check_compatibility(rec("A", field("x", "Missing")), rec("A"), format="avro")


def test_a_check_without_findings_does_not_depend_on_the_cache() -> None:
    from event_contracts._compat.avro_names import clear_cache

    old = rec("A", field("m", {"type": "record", "name": "M", "fields": [field("v", "int")]}))
    new = rec("A", field("m", {"type": "record", "name": "M", "fields": [field("v", "long")]}))
    first = check_compatibility(old, new, mode="FULL", format="avro")
    clear_cache()
    again = check_compatibility(old, new, mode="FULL", format="avro")
    assert [f.rule for f in first.findings] == [f.rule for f in again.findings] == ["TYPE_MISMATCH"]
