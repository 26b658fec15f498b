"""One fixture folder per JSON Schema rule, checked end to end through `check_compatibility`.

`tests/fixtures/compat/jsonschema/<RULE_ID>/{old,new,expected}.json`; regenerate with
`make_fixtures.py` after a deliberate change and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from event_contracts._compat.api import check_compatibility
from event_contracts._compat.jsonschema import RULES, diff_jsonschema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compat" / "jsonschema"
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def _validator(schema: Any) -> Any:
    """The validator of the schema's own draft (`$schema`; 2020-12 without one), checking the
    formats the generated classes check (`date-time`, `date`, `uuid`), as the runtime does."""
    from event_contracts._runtime.json_judge import FORMATS

    return validator_for(schema, default=Draft202012Validator)(schema, format_checker=FORMATS)


def test_every_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    assert sorted(p.name for p in FOLDERS) == sorted(RULES)
    for folder in FOLDERS:
        for name in ("old.json", "new.json", "expected.json"):
            assert (folder / name).is_file(), folder / name


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_rule_fixture(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text())
    old_path, new_path = folder / "old.json", folder / "new.json"
    result = check_compatibility(old_path, new_path, mode=expected["mode"])

    assert result.compatible == expected["compatible"]
    got = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "direction": f.direction,
            "pointer": f.pointer,
            "pointer_side": f.pointer_side,
            "has_counterexample": f.counterexample is not None,
        }
        for f in result.findings
    ]
    assert got == expected["findings"]
    old, new = json.loads(old_path.read_text()), json.loads(new_path.read_text())
    assert sorted(d.confluent() for d in diff_jsonschema(old, new)) == expected["differences"]
    if "forward" in expected:  # a rule past Confluent's: its own finding, and the other direction
        assert folder.name in [f.rule for f in result.findings] or (
            folder.name.endswith("_EXTENDED") and result.compatible
        )
        assert [f.registry_accepts for f in result.findings] == expected["registry_accepts"]
        forward = check_compatibility(old_path, new_path, mode="FORWARD")
        assert forward.compatible == expected["forward"]["compatible"]
        got_forward = [
            {"rule": f.rule, "registry_accepts": f.registry_accepts} for f in forward.findings
        ]
        assert got_forward == expected["forward"]["findings"]
    else:
        assert any(d.startswith(folder.name + " ") for d in expected["differences"])

    for f in result.findings:
        assert f.line is not None  # files in, lines out
        assert f.message and f.fix
        if f.counterexample is not None:  # a real document: the writer accepts, the reader not
            writer, reader = (old, new) if f.direction == "backward" else (new, old)
            assert _validator(writer).is_valid(f.counterexample)
            assert not _validator(reader).is_valid(f.counterexample)


def test_every_explanation_renders() -> None:
    from event_contracts._compat.json_rules import RULE_BY_ID

    for rule in RULE_BY_ID.values():
        text = rule.explain.format(writer="W", reader="R", where="X")
        assert "{" not in text.replace("`{}`", ""), rule.id
        for direction in ("backward", "forward"):
            fix = rule.fix_for(direction, "W", "R")
            assert "{" not in fix.replace("`{}`", ""), rule.id
