"""AxonOps Schema Registry's JSON Schema compatibility scenarios, as a data-driven suite.

`data/axonops_compatibility_cases.jsonl` transcribes the scenarios of AxonOps Schema Registry's
`tests/bdd/features/compatibility_jsonschema.feature`, a Confluent-conformance suite run against
a registry (see data/README.md): a subject's earlier versions, the compatibility level, the
schema registered next, and whether the registry accepts it (200) or refuses it (409). Earlier
versions that a scenario registers under NONE are kept: only the final registration is judged,
against the latest version or, for transitive levels, against all of them. Schemas with
registry references are written as sibling files so `$ref` resolves as the registry would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from event_contracts import check_against_versions

DATA = Path(__file__).parent / "data" / "axonops_compatibility_cases.jsonl"

# Where the registry accepts a change that a document breaks, we side with the document: each
# entry names the witness, checked with `jsonschema` below (docs/jsonschema-compat.md lists them).
DISAGREE: dict[str, Any] = {
    # 1 matches `integer` and `number`: a reader `oneOf` rejects a value matching two branches
    "Compatible - oneOf with compatible element types": 1,
}


def _cases() -> list[Any]:
    rows = [json.loads(line) for line in DATA.read_text().splitlines()]
    return [pytest.param(row, id=row["scenario"]) for row in rows]


def _write(folder: Path, name: str, schema: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


@pytest.mark.parametrize("row", _cases())
def test_axonops_scenario(row: dict[str, Any], tmp_path: Path) -> None:
    refs = row.get("refs", {})
    for name, schema in refs.items():
        _write(tmp_path, name, schema)
    earlier: list[Any] = list(row["history"])
    new: Any = row["new"]
    if refs:  # as files, so that `$ref: "address.json"` resolves to the referenced subject
        earlier = [_write(tmp_path, f"v{i + 1}.json", s) for i, s in enumerate(earlier)]
        new = _write(tmp_path, "new.json", new)
    result = check_against_versions(new, earlier, mode=row["mode"], format="jsonschema")
    expected = row["compatible"]
    if row["scenario"] in DISAGREE:
        witness = DISAGREE[row["scenario"]]
        writer, reader = row["history"][-1], row["new"]
        assert Draft202012Validator(writer).is_valid(witness)
        assert not Draft202012Validator(reader).is_valid(witness)
        expected = not expected
    assert result.compatible is expected, [f.message for f in result.findings]
