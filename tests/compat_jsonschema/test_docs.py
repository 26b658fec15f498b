"""docs/rules.md has one heading per JSON Schema rule (and no stale ones); the guide exists."""

from __future__ import annotations

import re
from pathlib import Path

from event_contracts._compat.jsonschema import RULES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rules_page_has_one_heading_per_json_schema_rule() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    section = text.split("## JSON Schema rules", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (\S+)$", section, flags=re.MULTILINE)
    assert sorted(headings) == sorted(RULES)
    assert len(headings) == len(set(headings))


def test_compatibility_guide_names_every_mode_and_policy() -> None:
    text = (DOCS / "jsonschema-compat.md").read_text(encoding="utf-8")
    for word in ("BACKWARD", "FORWARD", "FULL", "TRANSITIVE", "NONE", "STRICT", "LENIENT"):
        assert word in text
    for model in ("open content model", "closed content model", "partially open"):
        assert model in text
