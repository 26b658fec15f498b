"""Golden files: the exact text generated for representative schemas.

The package is generated here, from the engine's own sample (tests/fixtures/sample/, a frozen
copy of the catalog this repository shipped with), never read from `src/`, which follows
`schemas/` and so whatever a team puts there. A change in output shows up as a readable diff.
Regenerate with UPDATE_GOLDEN=1 after an intended change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.codegen.helpers import run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
GOLDEN = Path(__file__).parent / "golden"
CASES = [
    "orders/_order_placed_v2.py",  # Avro: nested records, enum, decimals, optional record
    "inventory/_stock_adjusted_v2.py",  # Avro: map, enum default
    "communications/_incoming_meta_message_received_v2.py",  # JSON: $defs, omit-if-absent
    "connections/_meta_connection_established_v2.py",  # JSON: uniqueItems, nullable, default
    "catalog/__init__.py",  # lazy module
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    shutil.copy(SAMPLE / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(SAMPLE / "schemas", root / "schemas")
    (root / "src" / "integration_events").mkdir(parents=True)
    code, _, err = run_cli(root, "generate")
    assert code == 0, err
    return root / "src" / "integration_events"


@pytest.mark.parametrize("rel", CASES)
def test_generated_text_matches_golden(generated: Path, rel: str) -> None:
    actual = (generated / rel).read_text()
    golden = GOLDEN / (rel.replace("/", "__") + ".golden")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual)
    assert actual == golden.read_text()
