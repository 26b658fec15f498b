"""`event-contracts validate`: every kind of broken input is reported with file, place and fix."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.foundation.conftest import ORDER_PLACED, PRODUCT_ADDED, write_event, write_json

from event_contracts import load_catalog
from event_contracts._cli.main import main
from event_contracts._schema.jsonpos import positions

AVRO_V1 = "schemas/catalog/ProductAdded/v1.avsc"
JSON_V1 = "schemas/orders/OrderPlaced/v1.json"


def run_validate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]]]:
    code = main(["--root", str(project), "validate", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    return code, out["problems"]


def codes(problems: list[dict[str, Any]]) -> list[str]:
    return [p["code"] for p in problems]


def avro_with(**changes: Any) -> dict[str, Any]:
    schema = copy.deepcopy(PRODUCT_ADDED)
    schema.update(changes)
    return schema


def test_a_valid_project_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "validate"]) == 0
    assert "ok: 2 event types, 2 versions" in capsys.readouterr().out


def test_malformed_json_reports_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / AVRO_V1).write_text('{\n  "type": "record",\n  "name" "x"\n}\n', encoding="utf-8")
    code, problems = run_validate(project, capsys)
    assert code == 1
    [p] = problems
    assert p["code"] == "MALFORMED_JSON"
    assert p["file"].endswith("v1.avsc")
    assert (p["line"], p["column"]) == (3, 10)


@pytest.mark.parametrize(
    ("fields", "code", "pointer"),
    [
        ([{"name": "x", "type": "Nope"}], "AVRO_UNKNOWN_TYPE", "/fields/0/type"),
        (
            [{"name": "x", "type": "int", "default": "oops"}],
            "AVRO_BAD_DEFAULT",
            "/fields/0/default",
        ),
        (
            [{"name": "x", "type": "int"}, {"name": "x", "type": "long"}],
            "AVRO_DUPLICATE_FIELD",
            "/fields/1/name",
        ),
        (
            [{"name": "x", "type": ["null", "int"], "default": 3}],
            "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH",
            "/fields/0/default",
        ),
        (
            [{"name": "x", "type": {"type": "bytes", "logicalType": "decimal", "precision": 0}}],
            "AVRO_BAD_LOGICAL_TYPE",
            "/fields/0/type/precision",
        ),
        (
            [
                {
                    "name": "x",
                    "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 6},
                }
            ],
            "AVRO_BAD_LOGICAL_TYPE",
            "/fields/0/type/scale",
        ),
        (
            [
                {
                    "name": "x",
                    "type": {
                        "type": "fixed",
                        "name": "Amount",
                        "size": 2,
                        "logicalType": "decimal",
                        "precision": 9,
                    },
                }
            ],
            "AVRO_BAD_LOGICAL_TYPE",
            "/fields/0/type/precision",
        ),
        (
            [{"name": "x", "type": {"type": "string", "logicalType": "timestamp-millis"}}],
            "AVRO_BAD_LOGICAL_TYPE",
            "/fields/0/type/type",
        ),
        ([{"name": "1x", "type": "int"}], "AVRO_BAD_NAME", "/fields/0/name"),
    ],
)
def test_invalid_avro_is_reported_with_its_location(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    fields: list[Any],
    code: str,
    pointer: str,
) -> None:
    write_json(project / AVRO_V1, avro_with(fields=fields))
    rc, problems = run_validate(project, capsys)
    assert rc == 1
    assert code in codes(problems)
    found = next(p for p in problems if p["code"] == code)
    assert found["pointer"] == pointer
    assert found["fix"]
    if pointer:  # the line of the pointed-at value, as the file is written
        text = (project / AVRO_V1).read_text(encoding="utf-8")
        assert found["line"] == positions(text)[pointer][0]


def test_duplicate_named_types_are_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    enum = {"type": "enum", "name": "Kind", "symbols": ["A"]}
    write_json(
        project / AVRO_V1,
        avro_with(fields=[{"name": "a", "type": enum}, {"name": "b", "type": dict(enum)}]),
    )
    _, problems = run_validate(project, capsys)
    [p] = [p for p in problems if p["code"] == "AVRO_DUPLICATE_NAME"]
    assert "catalog.Kind" in p["message"]
    assert p["pointer"] == "/fields/1/type/name"
    lines = (project / AVRO_V1).read_text(encoding="utf-8").splitlines()
    assert lines[p["line"] - 1].strip() == '"name": "Kind",'
    assert p["line"] > lines.index('        "name": "Kind",') + 1  # the second one, not the first


def test_record_fullname_must_match_the_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_json(project / AVRO_V1, avro_with(namespace="orders"))
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "NAME_MISMATCH"
    assert "orders.ProductAdded" in p["message"]
    assert p["pointer"] == "/name"


def test_json_schema_title_and_id_must_match(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = dict(ORDER_PLACED, title="OrderMade", **{"$id": "https://x.test/orders/Other/v1.json"})
    write_json(project / JSON_V1, bad)
    _, problems = run_validate(project, capsys)
    assert sorted(p["pointer"] for p in problems if p["code"] == "NAME_MISMATCH") == [
        "/$id",
        "/title",
    ]


def test_json_schema_is_checked_against_its_meta_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy.deepcopy(ORDER_PLACED)
    bad["properties"]["orderId"]["minLength"] = -1
    write_json(project / JSON_V1, bad)
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "JSONSCHEMA_INVALID"
    assert p["pointer"] == "/properties/orderId/minLength"
    lines = (project / JSON_V1).read_text(encoding="utf-8").splitlines()
    assert lines[p["line"] - 1].strip().startswith('"minLength": -1')


def test_a_schema_too_deep_to_check_is_told_to_flatten(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep: dict[str, Any] = {"type": "integer"}
    for _ in range(300):  # 600 levels of JSON: readable, too deep for the meta-schema check
        deep = {"allOf": [deep, {"minimum": 0}]}
    schema = copy.deepcopy(ORDER_PLACED)
    schema["properties"]["orderId"] = deep
    write_json(project / JSON_V1, schema)
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "JSONSCHEMA_INVALID" and "too deeply" in p["message"]
    assert p["fix"].startswith("flatten the schema")


@pytest.mark.parametrize(
    "ref", ["https://example.com/x.json", "../../../outside.json", "//host/x.json"]
)
def test_refs_never_leave_the_schemas_folder(
    project: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    (project / "outside.json").write_text("{}", encoding="utf-8")
    bad = copy.deepcopy(ORDER_PLACED)
    bad["properties"]["orderId"] = {"$ref": ref}
    write_json(project / JSON_V1, bad)
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["JSONSCHEMA_BAD_REF"]
    assert problems[0]["pointer"] == "/properties/orderId/$ref"


def test_a_ref_to_a_sibling_schema_file_is_allowed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy.deepcopy(ORDER_PLACED)
    bad["properties"]["orderId"] = {"$ref": "../../catalog/ProductAdded/v1.avsc"}
    write_json(project / JSON_V1, bad)
    rc, _ = run_validate(project, capsys)
    assert rc == 0


@pytest.mark.parametrize(
    ("folder", "fix"),
    [
        ("product_added", "rename the folder to 'ProductAdded'"),
        ("E", "rename the folder to a PascalCase name with a lower-case letter"),
        ("EVENTS", "rename the folder to a PascalCase name with a lower-case letter"),
    ],
)
def test_a_bad_event_name_is_told_a_name_that_passes(
    project: Path, capsys: pytest.CaptureFixture[str], folder: str, fix: str
) -> None:
    """The fix never suggests the very name it refuses."""
    (project / "schemas" / "catalog" / folder).mkdir(parents=True)
    _, problems = run_validate(project, capsys)
    [p] = [p for p in problems if p["code"] == "BAD_EVENT_NAME"]
    assert p["fix"].startswith(fix)


def test_a_json_schema_without_a_title_is_told_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = copy.deepcopy(ORDER_PLACED)
    del schema["title"]
    write_json(project / JSON_V1, schema)
    _, problems = run_validate(project, capsys)
    [p] = [p for p in problems if p["code"] == "NAME_MISMATCH"]
    assert p["message"] == "the schema has no title; the folder says 'OrderPlaced'"


@pytest.mark.parametrize(
    ("folder", "code"),
    [
        ("schemas/Catalog2/ProductAdded", "BAD_MODULE_NAME"),
        ("schemas/catalog/product_added", "BAD_EVENT_NAME"),
    ],
)
def test_naming_conventions(
    project: Path, capsys: pytest.CaptureFixture[str], folder: str, code: str
) -> None:
    (project / folder).mkdir(parents=True)
    _, problems = run_validate(project, capsys)
    assert code in codes(problems)


def test_version_files_must_be_numbered_without_gaps(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "schemas/catalog/ProductAdded"
    write_json(folder / "v3.avsc", PRODUCT_ADDED)
    write_json(folder / "version2.avsc", PRODUCT_ADDED)
    write_json(folder / "v02.avsc", PRODUCT_ADDED)
    _, problems = run_validate(project, capsys)
    assert codes(problems).count("BAD_VERSION_FILE") == 2
    gap = next(p for p in problems if p["code"] == "VERSION_GAP")
    assert "v2" in gap["message"]


def test_one_format_per_event_type(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_json(project / "schemas/catalog/ProductAdded/v2.json", ORDER_PLACED)
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["MIXED_FORMATS"]


def test_the_same_event_type_twice(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_event(
        project,
        "catalog.ProductAddeD",
        'description = "dup"\n',
        v1_avsc=avro_with(name="ProductAddeD"),
    )
    _, problems = run_validate(project, capsys)
    assert "DUPLICATE_EVENT_TYPE" in codes(problems)


def test_a_nested_type_may_not_redefine_another_event_type(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = {"type": "record", "name": "orders.OrderPlaced", "fields": []}
    write_json(project / AVRO_V1, avro_with(fields=[{"name": "o", "type": nested}]))
    write_event(project, "orders.OrderPlaced", 'description = "x"\n')
    (project / JSON_V1).unlink()
    write_json(
        project / "schemas/orders/OrderPlaced/v1.avsc",
        {"type": "record", "name": "orders.OrderPlaced", "fields": []},
    )
    _, problems = run_validate(project, capsys)
    assert "DUPLICATE_EVENT_TYPE" in codes(problems)


def test_unknown_keys_in_event_toml_get_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\nsubscriber = ["orders"]\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "UNKNOWN_EVENT_KEY"
    assert p["line"] == 2
    assert "subscribers" in p["fix"]


def test_bad_values_in_event_toml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\nmode = "SIDEWAYS"\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["BAD_EVENT_VALUE"]


def test_malformed_toml_has_a_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\nsubscribers = [\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "MALFORMED_TOML"
    assert p["line"] == 2  # "at end of document": the last line, where the array is left open


def test_subscribers_must_be_known_modules(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\nsubscribers = ["ordrs"]\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert p["code"] == "UNKNOWN_SUBSCRIBER"
    assert "'orders'" in p["fix"]


def test_supersedes_must_name_a_known_type(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\nsupersedes = "catalog.ProductAded"\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["UNKNOWN_SUPERSEDES"]


@pytest.mark.parametrize("content", [b"", b"   \n", b"\xff\xfe\x00garbage"])
def test_empty_or_unreadable_files(
    project: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    (project / AVRO_V1).write_bytes(content)
    _, problems = run_validate(project, capsys)
    assert codes(problems) in (["EMPTY_FILE"], ["UNREADABLE_FILE"])


def test_every_problem_is_reported_in_one_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_json(project / AVRO_V1, avro_with(namespace="other"))
    (project / JSON_V1).write_text("{", encoding="utf-8")
    (project / "schemas/catalog/ProductAdded/notes.txt").write_text("x", encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert sorted(codes(problems)) == ["BAD_VERSION_FILE", "MALFORMED_JSON", "NAME_MISMATCH"]


def test_validate_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_json(project / AVRO_V1, avro_with(namespace="other"))
    before = sorted((p, p.stat().st_mtime_ns) for p in project.rglob("*"))
    main(["--root", str(project), "validate"])
    assert sorted((p, p.stat().st_mtime_ns) for p in project.rglob("*")) == before


def test_text_output_names_file_line_and_fix(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_json(project / AVRO_V1, avro_with(namespace="other"))
    assert main(["--root", str(project), "validate"]) == 1
    out = capsys.readouterr().out
    assert "schemas/catalog/ProductAdded/v1.avsc:3:11 (/name)" in out
    assert "NAME_MISMATCH" in out
    assert "fix:" in out


def test_a_missing_schemas_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(tmp_path), "validate"]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err


def test_unknown_command_line_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "yaml"]) == 2


def test_one_broken_file_does_not_make_references_to_its_type_dangle(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_event(
        project,
        "catalog.ProductListed",
        'description = "x"\nsupersedes = "catalog.ProductAdded"\n',
        v1_avsc=avro_with(name="ProductListed"),
    )
    (project / AVRO_V1).write_text("{", encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["MALFORMED_JSON"]


def test_loading_never_touches_the_network(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during loading")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    bad = copy.deepcopy(ORDER_PLACED)
    bad["properties"]["orderId"] = {"$ref": "https://example.com/schemas/id.json"}
    bad["$schema"] = "http://json-schema.org/draft-07/schema#"
    write_json(project / JSON_V1, bad)
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["JSONSCHEMA_BAD_REF"]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("ProductAdded", True),
        ("HTTPRequestReceived", True),
        ("Sms2FaSent", True),
        ("ORDERPLACED", False),
        ("orderPlaced", False),
        ("Order_Placed", False),
    ],
)
def test_event_names_are_pascal_case_acronyms_allowed(name: str, ok: bool) -> None:
    from event_contracts._schema.loader import EVENT_NAME

    assert bool(EVENT_NAME.match(name)) is ok


def test_partition_key_names_a_field_of_the_latest_version(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = project / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text('description = "x"\npartition-key = "product_id"\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert problems == []
    assert load_catalog(project / "schemas")["catalog.ProductAdded"].partition_key == "product_id"
    toml.write_text('description = "x"\n\npartition-key = "produkt_id"\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    [p] = problems
    assert (p["code"], p["line"]) == ("BAD_EVENT_VALUE", 3)
    assert "'product_id'" in p["fix"]
    toml.write_text('description = "x"\npartition-key = 3\n', encoding="utf-8")
    _, problems = run_validate(project, capsys)
    assert codes(problems) == ["BAD_EVENT_VALUE"]
