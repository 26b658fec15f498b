"""Karapace's draft 2019-09 / 2020-12 compatibility tests, as a data-driven suite.

`data/karapace_draft_cases.jsonl` transcribes the assertions of Karapace's
`tests/unit/compatibility/jsonschema/test_draft_2019_2020_compatibility.py` (see data/README.md):
renamed keywords compared across drafts, evolution rules on the 2020-12 spellings, and its
"fail-closed" guard. Each row has the old and new schema, the mode, and Karapace's verdict.

Karapace refuses, in any checked mode, a new schema that merely contains a keyword its engine
cannot evaluate. We judge what the keyword does to the data instead, as Confluent does, so five
rows differ; the reasons are below and the test checks them with `jsonschema`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from event_contracts import check_compatibility
from event_contracts.errors import ContractError

DATA = Path(__file__).parent / "data" / "karapace_draft_cases.jsonl"

DISAGREE = {
    "unsupported_keyword_is_rejected: unevaluatedItems": (
        "`unevaluatedItems` only constrains arrays, and `type: object` admits none: the same "
        "documents are valid"
    ),
    "unsupported_keyword_is_rejected: $dynamicAnchor": (
        "`$dynamicAnchor` names a place for `$dynamicRef`; it does not constrain data"
    ),
    "unsupported_keyword_is_rejected: $recursiveRef": (
        "`$recursiveRef` is a 2019-09 keyword; a 2020-12 validator ignores it"
    ),
    "unsupported_keyword_is_rejected: $vocabulary": (
        "`$vocabulary` only means something in a meta-schema; it does not constrain data"
    ),
}
# `$dynamicRef: "#node"` with no `$dynamicAnchor`/`$anchor` named "node" cannot be resolved: the
# new schema is invalid (jsonschema raises NoSuchAnchor), so the check stops with an error
# instead of Karapace's "incompatible".
INVALID = {"unsupported_keyword_is_rejected: $dynamicRef"}

PROBES: list[Any] = [None, True, 0, 1.5, "", "x", [], [1], {}, {"a": 1}, {"a": "x", "b": None}]


def _rows() -> list[Any]:
    out = []
    for line in DATA.read_text().splitlines():
        row = json.loads(line)
        out.append(pytest.param(row, id=f"{row['test']} [{row['mode']}]"))
    return out


@pytest.mark.parametrize("row", _rows())
def test_karapace_draft_case(row: dict[str, Any]) -> None:
    old, new, mode = row["old"], row["new"], row["mode"]
    if row["test"] in INVALID:
        with pytest.raises(ContractError, match="node"):
            check_compatibility(old, new, mode=mode, format="jsonschema")
        return
    reason = DISAGREE.get(row["test"])
    expected = row["compatible"] if reason is None else not row["compatible"]
    result = check_compatibility(old, new, mode=mode, format="jsonschema")
    assert result.compatible is expected, [f.message for f in result.findings]
    if reason is not None:  # the data sides with us: no probe valid under old is invalid under new
        w, r = Draft202012Validator(old), Draft202012Validator(new)
        assert [d for d in PROBES if w.is_valid(d) and not r.is_valid(d)] == [], reason


def test_dynamic_ref_is_followed_not_ignored() -> None:
    """A `$dynamicRef` constrains data like `$ref`; ignoring it would pass a type change."""
    d20 = "https://json-schema.org/draft/2020-12/schema"
    old = {"$schema": d20, "type": "object", "properties": {"a": {"type": "integer"}}}
    new = {
        "$schema": d20,
        "type": "object",
        "properties": {"a": {"$dynamicRef": "#s"}},
        "$defs": {"s": {"$dynamicAnchor": "s", "type": "string"}},
    }
    result = check_compatibility(old, new, format="jsonschema")
    assert [f.rule for f in result.findings] == ["TYPE_CHANGED"]
    doc = result.findings[0].counterexample
    assert Draft202012Validator(old).is_valid(doc) and not Draft202012Validator(new).is_valid(doc)


def test_recursive_dynamic_ref_terminates_and_finds_a_deep_change() -> None:
    d20 = "https://json-schema.org/draft/2020-12/schema"

    def tree(value_type: str) -> dict[str, Any]:
        items = {"$dynamicRef": "#node"}
        children = {"type": "array", "items": items}
        props = {"v": {"type": value_type}, "children": children}
        return {"$schema": d20, "$dynamicAnchor": "node", "type": "object", "properties": props}

    assert check_compatibility(tree("integer"), tree("integer"), mode="FULL").compatible
    result = check_compatibility(tree("integer"), tree("number"), mode="FULL")
    assert [(f.rule, f.direction) for f in result.findings] == [("TYPE_NARROWED", "forward")]
