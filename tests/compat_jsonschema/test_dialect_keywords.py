"""A keyword means what the document's own validator makes of it.

Each validator ignores the keywords its draft does not define (`dependencies` in 2020-12,
`dependentRequired` or `prefixItems` in draft-07, `const` in draft-04), and equal text can mean
other data under two drafts (draft-04's `integer` refuses 1.0). Each pair below was judged
compatible while a document, checked here with `jsonschema`, tells the two schemas apart; the
checker must say incompatible. (`test_sound_properties.py` draws such pairs at random.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from event_contracts._cli.main import main
from event_contracts._compat.jsonschema import check_jsonschema
from event_contracts._compat.model import Mode, Policy
from event_contracts.errors import UsageError

D4 = "http://json-schema.org/draft-04/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
S19 = "https://json-schema.org/draft/2019-09/schema"
OBJ: dict[str, Any] = {"type": "object"}
ARR: dict[str, Any] = {"type": "array"}
# name: (old, new, a document the old schema accepts and the new one refuses)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], Any]] = {
    "2020-12 ignores dependencies": (
        {**OBJ, "dependencies": {"a": ["c"]}},
        {**OBJ, "dependentRequired": {"a": ["c"]}},
        {"a": 1},
    ),
    "the hypothesis example: dependencies beside dependentRequired": (
        {**OBJ, "required": ["b"], "dependencies": {"a": ["a", "c"]}},
        {
            **OBJ,
            "required": ["b"],
            "dependencies": {"a": ["a", "c"]},
            "dependentRequired": {"a": ["c"]},
        },
        {"a": 0, "b": "s"},
    ),
    "draft-07 ignores dependentRequired": (
        {"$schema": D7, **OBJ, "dependentRequired": {"a": ["c"]}},
        {"$schema": D7, **OBJ, "dependencies": {"a": ["c"]}},
        {"a": 1},
    ),
    "draft-07 ignores dependentSchemas": (
        {"$schema": D7, **OBJ, "dependentSchemas": {"a": {"required": ["c"]}}},
        {"$schema": D7, **OBJ, "dependencies": {"a": {"required": ["c"]}}},
        {"a": 1},
    ),
    "draft-07 ignores prefixItems": (
        {"$schema": D7, **ARR, "prefixItems": [{"type": "string"}]},
        {"$schema": D7, **ARR, "items": [{"type": "string"}]},
        [1],
    ),
    "draft-04 ignores const": (
        {"$schema": D4, **ARR, "items": {"const": 0}},
        {"$schema": D7, **ARR, "items": {"const": 0}},
        [1],
    ),
    "a $dynamicRef without $schema is 2020-12's": (
        {**OBJ, "properties": {"a": {"type": "string"}}},
        {
            "$defs": {"S": {"$dynamicAnchor": "S", "type": "integer"}},
            **OBJ,
            "properties": {"a": {"$dynamicRef": "#S"}},
        },
        {"a": "x"},
    ),
    "draft-04's integer refuses 1.0": (
        {"$schema": D7, "type": "integer"},
        {"$schema": D4, "type": "integer"},
        1.0,
    ),
    "2020-12 compares with a boolean exclusiveMaximum as 0": (
        {"type": "number"},
        {"type": "number", "exclusiveMaximum": False},
        0,
    ),
    "2019-09 applies dependentRequired": (
        {"$schema": S19, **OBJ, "dependencies": {"a": ["c"]}},
        {"$schema": S19, **OBJ, "dependentRequired": {"a": ["c"]}},
        {"a": 1},
    ),
}


def _valid(schema: Any, doc: Any) -> bool:
    return bool(validator_for(schema, default=Draft202012Validator)(schema).is_valid(doc))


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_keyword_means_what_its_validator_makes_of_it(name: str) -> None:
    old, new, doc = CASES[name]
    assert _valid(old, doc) and not _valid(new, doc)  # the witness, judged independently
    result = check_jsonschema(old, new, Mode.BACKWARD)
    assert not result.compatible, name
    for finding in result.findings:
        if finding.counterexample is not None:
            assert _valid(old, finding.counterexample)
            assert not _valid(new, finding.counterexample)


def test_a_minimum_of_0_deeper_down_is_not_taken_for_this_nodes() -> None:
    # the outer array's own `minItems: 0` constrains nothing; the items' `minItems: 1` does
    old = {**OBJ, "properties": {"b": {**ARR, "items": ARR, "minItems": 0}}}
    new = {**OBJ, "properties": {"b": {**ARR, "items": {**ARR, "minItems": 1}, "minItems": 0}}}
    assert _valid(old, {"b": [[]]}) and not _valid(new, {"b": [[]]})
    result = check_jsonschema(old, new, Mode.BACKWARD, policy=Policy.STRICT)
    assert [f.rule for f in result.findings] == ["MIN_ITEMS_ADDED"]
    assert result.findings[0].pointer == "/properties/b/items/minItems"
    # and a 0 minimum alone still constrains nothing
    zero = {**OBJ, "properties": {"b": {**ARR, "items": {**ARR, "minItems": 0}}}}
    assert check_jsonschema(old, zero, Mode.BACKWARD, policy=Policy.STRICT).compatible


D3 = "http://json-schema.org/draft-03/schema#"
DRAFT_03_ONLY = [  # what only draft-03 reads: the judge refuses the document, later drafts not
    ({"properties": {"a": {"required": True}}}, {}),
    ({"properties": {"x": {"divisibleBy": 2}}}, {"x": 3}),
    ({"disallow": "object"}, {}),
    ({"extends": {"properties": {"a": {"type": "string"}}}}, {"a": 1}),
]


@pytest.mark.parametrize(("added", "refused"), DRAFT_03_ONLY)
def test_draft_03_is_refused_not_judged_by_later_drafts(
    added: dict[str, Any], refused: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = {"$schema": D3, **OBJ}, {"$schema": D3, **OBJ, **added}
    judge = validator_for(new)
    assert judge(old).is_valid(refused) and not judge(new).is_valid(refused)  # it does break
    with pytest.raises(UsageError, match="draft-03"):
        check_jsonschema(old, new, Mode.BACKWARD)
    with pytest.raises(UsageError, match="draft-03"):  # either side
        check_jsonschema({**OBJ, **added}, new, Mode.FORWARD)
    files = [tmp_path / "old.json", tmp_path / "new.json"]
    for path, schema in zip(files, (old, new), strict=True):
        path.write_text(json.dumps(schema))
    assert main(["compat", *map(str, files), "--mode", "BACKWARD"]) == 2
    assert "draft-03" in capsys.readouterr().err
