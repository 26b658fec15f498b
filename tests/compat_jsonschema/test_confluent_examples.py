"""Confluent Schema Registry's own diff examples, as a data-driven suite.

The cases mirror the public examples of Confluent's JSON Schema provider
(`diff-schema-examples.json`, `diff-schema-examples-2020-12.json`,
`diff-combined-schema-examples.json`): for each pair, the exact list of differences (order aside;
Confluent's comes from a hash set) and the STRICT verdict. Cases marked "both" run under draft-07
and under 2020-12 (with `$schema` added); "07" and "2020-12" cases are draft-specific. Draft-07
cases also run as written, without `$schema`, which Confluent reads as draft-07.

The cases are transcribed as data (schemas, expected differences, verdict); names are ours.
One deliberate disagreement: Confluent's 2020-12 file expects COMBINED_TYPE_CHANGED for a
singleton `oneOf` becoming a singleton `allOf`, where its code (CombinedSchemaDiff: "allow singleton
oneOf/anyOf to singleton allOf") and its draft-07 file say COMBINED_TYPE_EXTENDED; we follow the
code (case "singleton oneOf to allOf", both drafts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from event_contracts._compat.json_rules import STRICT
from event_contracts._compat.jsonschema import diff_jsonschema

DATA = Path(__file__).parent / "data"
DRAFTS = {
    "07": "http://json-schema.org/draft-07/schema#",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}


def _with_draft(schema: Any, draft: str) -> Any:
    if isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": DRAFTS[draft], **schema}
    return schema


def _cases() -> list[Any]:
    out = []
    for line in (DATA / "confluent_diff_cases.jsonl").read_text().splitlines():
        name, drafts, old, new, changes, compatible = json.loads(line)
        for draft in ("07", "2020-12") if drafts == "both" else (drafts,):
            case = (_with_draft(old, draft), _with_draft(new, draft), changes, compatible)
            out.append(pytest.param(*case, id=f"{draft}: {name}"))
        if drafts != "2020-12":  # as Confluent's files have them: no `$schema`, read as draft-07
            out.append(pytest.param(old, new, changes, compatible, id=f"no $schema: {name}"))
    for line in (DATA / "confluent_combined_cases.jsonl").read_text().splitlines():
        name, old, new, changes, compatible = json.loads(line)
        for draft in ("07", "2020-12"):
            wrap = [
                _with_draft({"type": "object", "properties": {"prop1": s}}, draft)
                for s in (old, new)
            ]
            out.append(pytest.param(*wrap, changes, compatible, id=f"{draft} combined: {name}"))
    return out


@pytest.mark.parametrize(("old", "new", "changes", "compatible"), _cases())
def test_confluent_example(old: Any, new: Any, changes: list[str], compatible: bool) -> None:
    found = diff_jsonschema(old, new)
    assert sorted(d.confluent() for d in found) == sorted(changes)
    assert all(d.rule in STRICT for d in found) == compatible
