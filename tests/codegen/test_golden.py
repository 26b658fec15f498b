"""Golden files: the exact text generated for representative schemas.

The bundled package under src/ is itself golden (see test_generate's freshness test); these
pin a few files inside the test tree so a change in output shows up as a readable diff.
Regenerate with UPDATE_GOLDEN=1 after an intended change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
CASES = [
    "orders/_order_placed_v2.py",  # Avro: nested records, enum, decimals, optional record
    "inventory/_stock_adjusted_v2.py",  # Avro: map, enum default
    "communications/_incoming_meta_message_received_v2.py",  # JSON: $defs, omit-if-absent
    "connections/_meta_connection_established_v2.py",  # JSON: uniqueItems, nullable, default
    "catalog/__init__.py",  # lazy module
]


@pytest.mark.parametrize("rel", CASES)
def test_generated_text_matches_golden(rel: str) -> None:
    actual = (REPO / "src" / "integration_events" / rel).read_text()
    golden = GOLDEN / (rel.replace("/", "__") + ".golden")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual)
    assert actual == golden.read_text()
