"""Every rule id (the engines' and the gate's) has a `### RULE_ID` heading in docs/rules.md."""

from __future__ import annotations

import re
from pathlib import Path

from event_contracts._compat import avro, jsonschema
from event_contracts._gate.rules import RULES as GATE_RULES

DOC = Path(__file__).parent.parent / "docs" / "rules.md"


def documented() -> set[str]:
    return set(re.findall(r"^### ([A-Z][A-Z0-9_]*)\s*$", DOC.read_text(), flags=re.M))


def engine_ids() -> set[str]:
    ids = set(avro.RULES) | set(getattr(jsonschema, "RULES", {})) | set(GATE_RULES)
    return ids | {"FORMAT_CHANGED"}


def test_every_rule_id_is_documented() -> None:
    assert engine_ids() - documented() == set()


def test_every_documented_rule_exists() -> None:
    assert documented() - engine_ids() == set()


def test_rule_ids_are_upper_snake_case() -> None:
    for rule in engine_ids():
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", rule), rule
