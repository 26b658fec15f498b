"""A `$ref` inside an embedded resource (a subschema with an `$id` of its own) resolves against
that resource. The compatibility walk resolves each `$ref` against the document, so it refuses
such a document (`UsageError`, exit status 2 from `compat`) instead of judging another schema
than the validator's; `validate` refuses the file for the same reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from event_contracts._cli.main import main
from event_contracts._compat.jsonschema import check_jsonschema
from event_contracts._compat.model import Mode
from event_contracts.errors import UsageError

D4 = "http://json-schema.org/draft-04/schema#"
D7 = "http://json-schema.org/draft-07/schema#"


def _inner(inner_type: str, **root: Any) -> dict[str, Any]:
    """`a` refers to `#/$defs/t` from inside a resource whose own `$defs/t` is `inner_type`;
    the document's `$defs/t`, which the same text names at the top, is a string."""
    return {
        **root,
        "type": "object",
        "properties": {
            "a": {"$id": "urn:inner", "$defs": {"t": {"type": inner_type}}, "$ref": "#/$defs/t"}
        },
        "$defs": {"t": {"type": "string"}},
    }


def test_a_ref_inside_an_embedded_resource_is_refused_not_misread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _inner("string"), _inner("integer")
    judge = validator_for(new)
    assert judge(old).is_valid({"a": "x"}) and not judge(new).is_valid({"a": "x"})  # it breaks
    with pytest.raises(UsageError, match=r"/properties/a: .*embedded resource"):
        check_jsonschema(old, new, Mode.BACKWARD)
    files = [tmp_path / "old.json", tmp_path / "new.json"]
    for path, schema in zip(files, (old, new), strict=True):
        path.write_text(json.dumps(schema))
    assert main(["compat", *map(str, files), "--mode", "BACKWARD"]) == 2
    assert "embedded resource" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("schema", "key"), [(D7, "$id"), (D4, "id")], ids=["draft-07 $id", "draft-04 id"]
)
def test_each_draft_names_its_resources_with_its_own_keyword(schema: str, key: str) -> None:
    def doc(t: str) -> dict[str, Any]:
        return {
            "$schema": schema,
            "type": "object",
            "properties": {"a": {"$ref": "item.json"}},
            "definitions": {"x": {key: "item.json", "type": t}},
        }

    with pytest.raises(UsageError, match="embedded resource"):
        check_jsonschema(doc("string"), doc("integer"), Mode.BACKWARD)


def test_anchors_and_a_lone_embedded_id_are_still_judged() -> None:
    # a draft-07 "$id": "#name" is an anchor, not a resource
    def anchored(t: str) -> dict[str, Any]:
        return {
            "$schema": D7,
            "type": "object",
            "properties": {"a": {"$ref": "#money"}},
            "definitions": {"m": {"$id": "#money", "type": t}},
        }

    assert not check_jsonschema(anchored("string"), anchored("integer"), Mode.BACKWARD).compatible
    # an embedded $id in a document without $refs changes no reference
    lone = {"type": "object", "properties": {"a": {"$id": "urn:a", "type": "string"}}}
    assert check_jsonschema(lone, lone, Mode.FULL_TRANSITIVE).compatible
