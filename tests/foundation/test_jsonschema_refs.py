"""JSON Schema files: meta-schema (with regex patterns) and `$ref` resolution without a network."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.foundation.conftest import ORDER_PLACED, write_json

from event_contracts._cli.main import main
from event_contracts._schema.jsonrefs import ref_problems
from event_contracts._schema.jsonschema import draft_of, meta_errors

JSON_V1 = "schemas/orders/OrderPlaced/v1.json"
OWN_ID = "https://example.com/schemas/orders/OrderPlaced/v1.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def problems_for(project: Path, capsys: pytest.CaptureFixture[str], schema: Any) -> list[Any]:
    write_json(project / JSON_V1, schema)
    main(["--root", str(project), "validate", "--format", "json"])
    return list(json.loads(capsys.readouterr().out)["problems"])


def order(**changes: Any) -> dict[str, Any]:
    schema = copy.deepcopy(ORDER_PLACED)
    schema.update(changes)
    return schema


def with_ref(ref: str, **changes: Any) -> dict[str, Any]:
    schema = order(**changes)
    schema["properties"]["orderId"] = {"$ref": ref}
    return schema


MONEY = {"type": "object", "properties": {"amount": {"type": "string"}}}

GOOD: list[tuple[str, dict[str, Any]]] = [
    ("local pointer", with_ref("#/$defs/Money", **{"$defs": {"Money": MONEY}})),
    ("pointer with escapes", with_ref("#/$defs/a~1b%20c", **{"$defs": {"a/b c": MONEY}})),
    ("pointer into an array", with_ref("#/allOf/0", allOf=[MONEY])),
    ("anchor", with_ref("#money", **{"$defs": {"Money": {**MONEY, "$anchor": "money"}}})),
    ("whole document", with_ref("#")),
    (
        "own $id with pointer",
        with_ref(f"{OWN_ID}#/$defs/Money", **{"$id": OWN_ID, "$defs": {"Money": MONEY}}),
    ),
    (
        "an embedded $id in a file without $refs",
        order(**{"$defs": {"Money": {**MONEY, "$id": "https://example.com/m.json"}}}),
    ),
    (
        "urn $id",
        with_ref(
            "urn:example:orders.OrderPlaced#/$defs/Money",
            **{"$id": "urn:example:orders.OrderPlaced", "$defs": {"Money": MONEY}},
        ),
    ),
    ("file with pointer", with_ref("v1.json#/properties/orderId")),
    (
        "draft-07 definitions",
        with_ref("#/definitions/Money", **{"$schema": DRAFT_07, "definitions": {"Money": MONEY}}),
    ),
    (
        "draft-07 $id anchor",
        with_ref(
            "#money", **{"$schema": DRAFT_07, "definitions": {"Money": {**MONEY, "$id": "#money"}}}
        ),
    ),
    (
        "a $ref inside const is data",
        order(properties={"orderId": {"const": {"$ref": "https://x.example/y"}}}),
    ),
    (
        "a pattern Python and ECMA both accept",
        order(properties={"orderId": {"type": "string", "pattern": "^[A-Z]{2}-\\d+$"}}),
    ),
]

BAD: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "missing $defs entry",
        with_ref("#/$defs/Nope", **{"$defs": {"Money": MONEY}}),
        "JSONSCHEMA_BAD_REF",
        "points at nothing",
    ),
    ("missing anchor", with_ref("#nope"), "JSONSCHEMA_BAD_REF", "anchor"),
    (
        "another absolute URL",
        with_ref("https://example.com/other.json", **{"$id": OWN_ID}),
        "JSONSCHEMA_BAD_REF",
        "remote",
    ),
    ("urn of another document", with_ref("urn:example:elsewhere"), "JSONSCHEMA_BAD_REF", "remote"),
    (
        "file without that pointer",
        with_ref("v1.json#/properties/nope"),
        "JSONSCHEMA_BAD_REF",
        "points at nothing",
    ),
    ("missing file", with_ref("v9.json"), "JSONSCHEMA_BAD_REF", "does not exist"),
    ("not a URI", with_ref("http://[x"), "JSONSCHEMA_BAD_REF", "not a valid URI reference"),
    ("NUL in a path", with_ref("a\x00.json"), "JSONSCHEMA_BAD_REF", "not a valid URI reference"),
    (
        "draft-07 $defs under definitions",
        with_ref("#/$defs/Money", **{"$schema": DRAFT_07, "definitions": {"Money": MONEY}}),
        "JSONSCHEMA_BAD_REF",
        "points at nothing",
    ),
]


EMBEDDED: list[tuple[str, dict[str, Any]]] = [
    (
        "by a relative $id",
        with_ref(
            "money.json", **{"$id": OWN_ID, "$defs": {"Money": {**MONEY, "$id": "money.json"}}}
        ),
    ),
    (
        "by an absolute $id",
        with_ref(
            "https://example.com/m.json",
            **{"$defs": {"Money": {**MONEY, "$id": "https://example.com/m.json"}}},
        ),
    ),
    (
        # the $ref inside resolves against the embedded resource: its own $defs, not the file's
        "a pointer inside it",
        with_ref(
            "#/$defs/Money",
            **{
                "$defs": {
                    "Money": {"$id": "urn:money", "$ref": "#/$defs/M", "$defs": {"M": MONEY}},
                    "M": {"type": "string"},
                }
            },
        ),
    ),
]


@pytest.mark.parametrize(("case", "schema"), EMBEDDED, ids=[e[0] for e in EMBEDDED])
def test_an_embedded_resource_in_a_file_with_refs_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], case: str, schema: dict[str, Any]
) -> None:
    # the compatibility check and the classes resolve each $ref against the file, JSON Schema
    # against the resource it is in: refused, so no part judges the file by another schema
    [p] = problems_for(project, capsys, schema)
    assert (p["code"], p["pointer"]) == ("JSONSCHEMA_EMBEDDED_RESOURCE", "/$defs/Money/$id")
    assert p["line"] is not None and "#/$defs/" in p["fix"]


@pytest.mark.parametrize(("case", "schema"), GOOD, ids=[g[0] for g in GOOD])
def test_refs_that_resolve_locally_pass(
    project: Path, capsys: pytest.CaptureFixture[str], case: str, schema: dict[str, Any]
) -> None:
    assert problems_for(project, capsys, schema) == []


@pytest.mark.parametrize(("case", "schema", "code", "words"), BAD, ids=[b[0] for b in BAD])
def test_refs_that_do_not_resolve_are_reported_at_the_ref(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    schema: dict[str, Any],
    code: str,
    words: str,
) -> None:
    [p] = problems_for(project, capsys, schema)
    assert (p["code"], p["pointer"]) == (code, "/properties/orderId/$ref")
    assert words in p["message"]
    assert p["line"] is not None and p["fix"]


@pytest.mark.parametrize(
    ("where", "pointer"),
    [
        (
            {"properties": {"orderId": {"type": "string", "pattern": "(unclosed"}}},
            "/properties/orderId/pattern",
        ),
        ({"patternProperties": {"[a-": {"type": "string"}}}, "/patternProperties"),
    ],
)
def test_patterns_must_be_regular_expressions(
    project: Path, capsys: pytest.CaptureFixture[str], where: dict[str, Any], pointer: str
) -> None:
    [p] = problems_for(project, capsys, order(**where))
    assert (p["code"], p["pointer"]) == ("JSONSCHEMA_INVALID", pointer)
    assert "regular expression" in p["message"]


CLOUDEVENTS = Path(__file__).parent / "data" / "jsonschema" / "cloudevents.json"


@pytest.mark.parametrize("draft", [DRAFT_07, "https://json-schema.org/draft/2020-12/schema"])
def test_the_cloudevents_schema_passes_meta_schema_and_refs(draft: str) -> None:
    schema = {**json.loads(CLOUDEVENTS.read_text(encoding="utf-8")), "$schema": draft}
    assert list(meta_errors(schema)) == []
    assert list(ref_problems(schema, CLOUDEVENTS, CLOUDEVENTS.parent, draft_of(schema))) == []


def test_the_cloudevents_schema_loads_as_an_event_type(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = {**json.loads(CLOUDEVENTS.read_text(encoding="utf-8")), "title": "OrderPlaced"}
    assert problems_for(project, capsys, schema) == []


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"type": "objekt"}, "/type"),
        ({"required": "a"}, "/required"),
        ({"properties": []}, "/properties"),
        ({"minimum": "1"}, "/minimum"),
        ({"additionalProperties": 5}, "/additionalProperties"),
        ({"$defs": {"a": 3}}, "/$defs/a"),
    ],
)
def test_meta_schema_violations_point_at_the_keyword(schema: dict[str, Any], pointer: str) -> None:
    for draft in ("https://json-schema.org/draft/2020-12/schema", DRAFT_07):
        if draft == DRAFT_07 and pointer.startswith("/$defs"):
            continue  # draft-07 does not know $defs: any value is allowed there
        errors = list(meta_errors({**schema, "$schema": draft}))
        assert [p for p, _ in errors] == [pointer], (draft, errors)


def test_boolean_subschemas_are_schemas() -> None:
    schema = {"type": "object", "properties": {"a": True, "b": False}}
    assert list(meta_errors(schema)) == []
